package io.bedside.ui.sockets;

import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.InetSocket;
import io.bedside.model.sockets.SocketSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The CLOSE_WAIT count of every group (by process and by port) in each sample of the session,
 * remembered per sample so that each sample is grouped once however many rebuilds see it; and from
 * them each row's growth per minute and age since first seen. Used by one build at a time, off the
 * FX thread (the view-model never runs two builds at once); synchronized for the hand-over between
 * pool threads.
 */
final class SocketGroupHistory {
    /** How far back growth looks. */
    static final Duration GROWTH_WINDOW = Duration.ofMinutes(10);
    /** The shortest span a growth is computed over. */
    static final Duration MIN_SPAN = Duration.ofSeconds(30);

    /** One sample's groups: CLOSE_WAIT per process key and per port key; null maps when TCP was not read. */
    private record Counts(Map<String, Integer> byProcess, Map<String, Integer> byPort) {
        boolean read() {
            return byProcess != null;
        }
    }

    private final Map<Instant, Counts> counts = new HashMap<>();

    /** Forgets every sample (another session's history is shown). */
    synchronized void clear() {
        counts.clear();
    }

    private Counts counts(Sample s) {
        return counts.computeIfAbsent(s.sampledAt(), t -> {
            SocketSnapshot snap = SocketSnapshot.of(s);
            if (snap.tcp().get().isEmpty()) {
                return new Counts(null, null);
            }
            List<InetSocket> all = new ArrayList<>(snap.tcp().get().orElseThrow().sockets());
            snap.udp().get().ifPresent(u -> all.addAll(u.sockets()));
            List<SocketGroupRow> procs = new ArrayList<>();
            List<SocketGroupRow> ports = new ArrayList<>();
            SocketRows.group(snap, all, procs, ports);
            return new Counts(toMap(procs), toMap(ports));
        });
    }

    private static Map<String, Integer> toMap(List<SocketGroupRow> rows) {
        Map<String, Integer> m = new HashMap<>();
        for (SocketGroupRow r : rows) {
            m.put(r.key(), r.closeWait());
        }
        return m;
    }

    /**
     * The rows of {@code latest} with their growth and age: {@code history} is the session's samples,
     * oldest first, {@code latest} among them or not.
     */
    synchronized List<SocketGroupRow> annotate(Sample latest, List<Sample> history, List<SocketGroupRow> rows, boolean byPort) {
        Instant now = latest.sampledAt();
        Set<Instant> keep = new HashSet<>();
        List<Sample> past = new ArrayList<>();
        for (Sample s : history) {
            if (s.sampledAt().isBefore(now)) {
                past.add(s);
                keep.add(s.sampledAt());
            }
        }
        counts.keySet().retainAll(keep);   // samples dropped from the history are forgotten
        Sample base = null;
        for (Sample s : past) {
            if (!s.sampledAt().isBefore(now.minus(GROWTH_WINDOW)) && counts(s).read()) {
                base = s;
                break;
            }
        }
        Duration span = base == null ? Duration.ZERO : Duration.between(base.sampledAt(), now);
        Counts baseCounts = base == null ? null : counts(base);
        List<SocketGroupRow> out = new ArrayList<>(rows.size());
        for (SocketGroupRow r : rows) {
            OptionalDouble growth = OptionalDouble.empty();
            if (baseCounts != null && span.compareTo(MIN_SPAN) >= 0) {
                Map<String, Integer> m = byPort ? baseCounts.byPort() : baseCounts.byProcess();
                int then = m.getOrDefault(r.key(), 0);   // TCP was read then: a group absent had none
                growth = OptionalDouble.of((r.closeWait() - then) * 60_000.0 / span.toMillis());
            }
            Instant first = now;
            for (Sample s : past) {
                Counts c = counts(s);
                if (c.read() && (byPort ? c.byPort() : c.byProcess()).containsKey(r.key())) {
                    first = s.sampledAt();
                    break;
                }
            }
            out.add(r.withHistory(growth, Duration.between(first, now)));
        }
        return out;
    }
}
