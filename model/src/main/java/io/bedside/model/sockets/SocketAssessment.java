package io.bedside.model.sockets;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Severity;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketRules.Thresholds;
import io.bedside.model.sockets.SocketRules.Timed;

import io.bedside.model.findings.LastResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the socket rules of one sample share, computed once: the snapshot, the earlier sample
 * compared against, the processes blocked writing to a pipe, the CLOSE_WAIT sockets by process,
 * and the threads that were blocked in the earlier sample; with the words and evidence more than
 * one rule writes. Read-only once made, so rules on different threads may share it.
 */
final class SocketAssessment {
    final Thresholds limits;
    final SocketSnapshot now;
    final Instant at;
    /** The earlier snapshot compared against: the oldest in the growth window at least the minimum span old. */
    final Optional<Timed> ref;
    final List<BlockedPipe> blocked;
    final Map<Key, Pile> piles;
    /** pid/start/tid of every thread blocked writing to a pipe in the earlier snapshot. */
    final Set<String> blockedBefore;

    private SocketAssessment(Thresholds limits, SocketSnapshot now, Instant at, Optional<Timed> ref) {
        this.limits = limits;
        this.now = now;
        this.at = at;
        this.ref = ref;
        this.blocked = List.copyOf(now.blockedPipes());
        this.piles = java.util.Collections.unmodifiableMap(piles(now));
        Set<String> before = new HashSet<>();
        ref.ifPresent(r -> r.snapshot().blockedPipes().forEach(b -> b.threads().forEach(t ->
                before.add(b.pid() + "/" + b.startTime().orElse(-1) + "/" + t.tid()))));
        this.blockedBefore = java.util.Collections.unmodifiableSet(before);
    }

    /**
     * @param now     the latest snapshot
     * @param at      the host's time of it
     * @param history earlier snapshots; the oldest one within the growth window that is at least
     *                the minimum span old is compared against
     */
    static SocketAssessment of(SocketSnapshot now, Instant at, List<Timed> history, Thresholds limits) {
        Optional<Timed> ref = history.stream().filter(t -> inWindow(limits, t.at(), at)).min(Comparator.comparing(Timed::at));
        return new SocketAssessment(limits, now, at, ref);
    }

    static boolean inWindow(Thresholds limits, Instant t, Instant at) {
        return !t.isBefore(at.minus(limits.growthWindow())) && !t.isAfter(at.minus(limits.minimumSpan()));
    }

    /**
     * The assessment of the latest sample, remembered for the last sample asked about, so the rules
     * of one diagnosis (which share one cache) compute it once. Of the history only the sample
     * compared against is parsed. Safe for rules called from different threads (see LastResult).
     */
    static final class Cache {
        private final Thresholds limits;
        private final LastResult<SocketAssessment> last = new LastResult<>();

        Cache(Thresholds limits) {
            this.limits = java.util.Objects.requireNonNull(limits);
        }

        Thresholds limits() {
            return limits;
        }

        SocketAssessment of(Sample latest, List<Sample> history) {
            Instant at = latest.hostTime();
            Sample ref = null;
            for (Sample s : history) {
                if (s == latest || !inWindow(limits, s.hostTime(), at)) {
                    continue;
                }
                if (ref == null || s.hostTime().isBefore(ref.hostTime())) {
                    ref = s;
                }
            }
            Sample from = ref;
            return last.get(() -> SocketAssessment.of(SocketSnapshot.of(latest), at,
                    from == null ? List.of() : List.of(new Timed(from.hostTime(), SocketSnapshot.of(from))), limits), latest, from);
        }
    }

    // ------------------------------------------------------------------ CLOSE_WAIT by process

    /** A process by pid and start time (a reused pid is another process); start -1 when unknown. */
    record Key(int pid, long start) {
        static final Key UNKNOWN = new Key(-1, -1);
    }

    /** The CLOSE_WAIT sockets of one process. */
    static final class Pile {
        final Key key;
        final String comm;
        final List<TcpSocket> sockets = new ArrayList<>();
        int unaccepted;

        Pile(Key key, String comm) {
            this.key = key;
            this.comm = comm;
        }

        long recvQ() {
            return sockets.stream().mapToLong(TcpSocket::recvQ).sum();
        }

        List<Integer> ports() {
            Set<Integer> p = new TreeSet<>();
            sockets.forEach(s -> s.local().port().ifPresent(p::add));
            return List.copyOf(p);
        }
    }

    private static Key key(SocketSnapshot s, int pid) {
        long start = s.fds().get().flatMap(t -> t.process(pid)).map(ProcessFds::startTime).orElse(OptionalLong.empty()).orElse(-1);
        return new Key(pid, start);
    }

    private static String comm(SocketSnapshot s, int pid, String fallback) {
        return s.fds().get().flatMap(t -> t.process(pid)).map(ProcessFds::comm).orElse(fallback);
    }

    /** CLOSE_WAIT sockets by holder; inode 0 by the holder of the listener on the same address. */
    static Map<Key, Pile> piles(SocketSnapshot s) {
        Map<Key, Pile> out = new LinkedHashMap<>();
        if (s.tcp().get().isEmpty()) {
            return out;
        }
        SocketTable<TcpSocket> table = s.tcp().get().orElseThrow();
        Map<String, List<SocketOwner>> listeners = new HashMap<>();
        for (TcpSocket t : table.inState(SocketState.LISTEN)) {
            listeners.put(t.local().address() + ":" + t.local().port(), s.holders(t));
        }
        for (TcpSocket t : table.inState(SocketState.CLOSE_WAIT)) {
            List<SocketOwner> holders = s.holders(t);
            boolean unaccepted = false;
            if (holders.isEmpty() && t.inode().isPresent() && t.inode().getAsLong() == 0) {
                holders = listenerOf(listeners, t.local());
                unaccepted = !holders.isEmpty();
            }
            if (holders.isEmpty()) {
                out.computeIfAbsent(Key.UNKNOWN, k -> new Pile(k, "")).sockets.add(t);
                continue;
            }
            Set<Integer> seen = new HashSet<>();
            for (SocketOwner o : holders) {
                if (!seen.add(o.pid())) {
                    continue;
                }
                Pile p = out.computeIfAbsent(key(s, o.pid()), k -> new Pile(k, comm(s, o.pid(), o.name())));
                p.sockets.add(t);
                if (unaccepted) {
                    p.unaccepted++;
                }
            }
        }
        return out;
    }

    private static List<SocketOwner> listenerOf(Map<String, List<SocketOwner>> listeners, Endpoint local) {
        List<SocketOwner> exact = listeners.get(local.address() + ":" + local.port());
        if (exact != null) {
            return exact;
        }
        for (String any : List.of("0.0.0.0", "::", "*")) {
            List<SocketOwner> l = listeners.get(any + ":" + local.port());
            if (l != null) {
                return l;
            }
        }
        return List.of();
    }

    static String unknownOwnerReason(SocketSnapshot s) {
        if (fdsCut(s)) {
            // never "closed after ss listed them": the fds that would name them did not arrive
            return "the probe output was cut before every process's fds arrived, so their holders are not known";
        }
        if (s.fds().get().isEmpty()) {
            return "proc-fds " + s.fds().describeAbsence();
        }
        int n = s.fds().get().orElseThrow().unreadable().size();
        return n == 0 ? "their holders closed them after ss listed them"
                : n + " process" + (n == 1 ? "'s" : "es'") + " fds could not be read (needs root)";
    }

    /**
     * Whether the fd walk was lost to a cut output (cut short inside it, or never received): who
     * holds a socket or a pipe's end is then unknown, not "nobody".
     */
    static boolean fdsCut(SocketSnapshot s) {
        return s.fds() instanceof io.bedside.model.probe.Reading.Absent<ProcessFdTable> a
                && a.status() == io.bedside.model.probe.SourceStatus.NOT_RECEIVED;
    }

    Optional<Evidence> unreadableEvidence() {
        return now.fds().get().filter(t -> !t.unreadable().isEmpty()).map(t -> new Evidence(SocketSnapshot.FDS,
                caption("processes whose fds could not be read (" + t.detail() + ")", t.unreadable().size()),
                t.unreadable().stream().limit(20).map(ProcessFds::line).toList()));
    }

    // ------------------------------------------------------------------ blocked on a pipe

    int closeWaitCount(BlockedPipe b) {
        return Optional.ofNullable(piles.get(new Key(b.pid(), b.startTime().orElse(-1)))).map(p -> p.sockets.size()).orElse(0);
    }

    /** Whether a thread blocked now was blocked in the earlier sample too (same pid, start time and tid). */
    boolean persisted(BlockedPipe b) {
        return b.startTime().isPresent() && b.threads().stream()
                .anyMatch(t -> blockedBefore.contains(b.pid() + "/" + b.startTime().getAsLong() + "/" + t.tid()));
    }

    Severity severity(BlockedPipe b) {
        boolean noReader = b.ends().map(e -> e.readers().isEmpty()).orElse(false);
        boolean complete = b.ends().map(PipeEnds::complete).orElse(false);
        if ((noReader && complete) || closeWaitCount(b) >= limits.closeWait()) {
            return Severity.CRITICAL;
        }
        return persisted(b) || noReader ? Severity.WARNING : Severity.INFO;
    }

    static String fdName(BlockedPipe b) {
        String pipe = b.pipe().map(x -> (x instanceof PipeId.Fifo ? "FIFO " : "") + x.text()).orElse("a pipe");
        if (b.fd().isEmpty()) {
            return pipe + " (fd not known)";
        }
        int fd = b.fd().getAsInt();
        String name = fd == 2 ? " (stderr)" : fd == 1 ? " (stdout)" : "";
        return "fd " + fd + name + ", " + pipe + (b.fdFrom().equals("syscall") || b.fdFrom().equals("only pipe") ? "" : ", the fd a guess");
    }

    /**
     * The evidence chain: process -> blocked threads -> fd -> pipe -> the processes holding its
     * ends -> the readers' threads. With {@code withSockets}, the process's CLOSE_WAIT sockets first.
     */
    List<Evidence> chain(BlockedPipe b, boolean withSockets) {
        SocketSnapshot s = now;
        List<Evidence> ev = new ArrayList<>();
        if (withSockets) {
            List<TcpSocket> cw = SocketRules.closeWaitOf(s, b.pid());
            if (!cw.isEmpty()) {
                ev.add(new Evidence(s.tcp().get().orElseThrow().sources().get(0), caption("CLOSE_WAIT sockets of pid " + b.pid(), cw.size()),
                        firstLines(cw.stream().map(t -> t.lines().get(0)).toList())));
            }
            s.fds().get().flatMap(t -> t.process(b.pid())).ifPresent(pr ->
                    ev.add(new Evidence(SocketSnapshot.FDS, "the process: fds, limit, start time", List.of(pr.line()))));
        }
        ev.add(new Evidence(SocketSnapshot.THREADS, caption("threads of pid " + b.pid() + " blocked writing to a pipe", b.threads().size()),
                firstLines(b.threads().stream().map(ThreadInfo::line).toList())));
        b.fdLine().ifPresent(f -> ev.add(new Evidence(SocketSnapshot.FDS, "fd " + f.fd() + " of pid " + b.pid()
                + (b.fdFrom().equals("syscall") ? " (the fd the blocked write() names)" : " (" + b.fdFrom() + ")"), List.of(f.line()))));
        b.ends().ifPresent(e -> {
            List<String> lines = new ArrayList<>();
            Set<Integer> pids = new LinkedHashSet<>();
            for (Fd f : s.fds().get().orElseThrow().holdersOfPipe(e.pipe())) {
                lines.add(f.line());
                pids.add(f.pid());
            }
            for (int pid : pids) {
                s.fds().get().orElseThrow().process(pid).ifPresent(p -> lines.add(p.line()));
            }
            ev.add(new Evidence(SocketSnapshot.FDS, "every fd that is an end of " + e.pipe().text() + " ("
                    + e.readers().size() + " reading, " + e.writers().size() + " writing), and their processes", lines));
            List<String> readerThreads = new ArrayList<>();
            for (PipeEnd r : e.readers()) {
                s.threads().get().flatMap(t -> t.main(r.pid())).ifPresent(t -> readerThreads.add(t.line()));
            }
            ev.add(new Evidence(SocketSnapshot.THREADS, e.readers().isEmpty()
                    ? (e.complete() ? "no process holds the read end" : "no readable process holds the read end")
                    : "where the read end's holders sleep", readerThreads));
            if (!e.complete()) {
                unreadableEvidence().ifPresent(ev::add);
            }
        });
        return ev;
    }

    /** The first blocked pipe of {@code pid} the drain fix can be offered for (its fd, pipe and start time known). */
    Optional<BlockedPipe> drainable(int pid) {
        return blocked.stream().filter(b -> b.pid() == pid && b.fd().isPresent() && b.pipe().isPresent()
                && b.startTime().isPresent()).findFirst();
    }

    // ------------------------------------------------------------------ words

    /**
     * Offers a fix with the parameters of the first (worst) process it fits; a later process does
     * not replace them (the operator can choose another in the wizard or on the command line).
     */
    static void offer(Map<String, FixOffer> fixes, String fixId, String... keyValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            params.put(keyValues[i], keyValues[i + 1]);
        }
        fixes.putIfAbsent(fixId, new FixOffer(fixId, params));
    }

    List<String> firstLines(List<String> lines) {
        return lines.size() <= limits.evidenceLines() ? lines : lines.subList(0, limits.evidenceLines());
    }

    String caption(String what, int n) {
        return n > limits.evidenceLines() ? what + " (the first " + limits.evidenceLines() + " of " + n + ")" : what + " (" + n + ")";
    }

    static String portList(List<Integer> ports) {
        if (ports.isEmpty()) {
            return "(none)";
        }
        List<String> p = ports.stream().limit(5).map(String::valueOf).toList();
        return String.join(", ", p) + (ports.size() > 5 ? " and " + (ports.size() - 5) + " more" : "");
    }
}
