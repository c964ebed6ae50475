package io.bedside.model.fds;

import io.bedside.model.fds.FdsRules.Thresholds;
import io.bedside.model.findings.LastResult;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.ProcessFdTable;
import io.bedside.model.sockets.ProcessFds;
import io.bedside.model.sockets.SocketSnapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the fd rules of one sample share, computed once: the system's table, the latest fd walk,
 * and the processes whose fds grew in every full sample (those whose fd walk was read in that
 * sample, not carried from an earlier one). Read-only once made.
 */
final class FdsAssessment {
    final Thresholds limits;
    final Sample latest;
    final FdsSnapshot fds;
    final SocketSnapshot sockets;
    final List<FdLeak> leaks;

    private FdsAssessment(Thresholds limits, Sample latest, List<FdLeak> leaks) {
        this.limits = limits;
        this.latest = latest;
        this.fds = FdsSnapshot.of(latest);
        this.sockets = SocketSnapshot.of(latest);
        this.leaks = List.copyOf(leaks);
    }

    static FdsAssessment of(Sample latest, List<Sample> history, Thresholds limits) {
        return new FdsAssessment(limits, latest, leaks(full(latest, history), limits));
    }

    /** Whether the sample read the fd walk itself (a full sample), rather than carrying it. */
    static boolean full(Sample s) {
        return !s.output().carried().containsKey(SocketSnapshot.FDS) && SocketSnapshot.of(s).fds().isPresent();
    }

    /** The full samples of the history and the latest, each once, oldest first. */
    static List<Sample> full(Sample latest, List<Sample> history) {
        Map<Sample, Boolean> seen = new IdentityHashMap<>();
        List<Sample> out = new ArrayList<>();
        for (Sample s : history) {
            if (seen.put(s, true) == null && full(s) && !s.hostTime().isAfter(latest.hostTime())) {
                out.add(s);
            }
        }
        if (seen.put(latest, true) == null && full(latest)) {
            out.add(latest);
        }
        out.sort(Comparator.comparing(Sample::hostTime));
        return out;
    }

    /**
     * Every process of the newest full sample whose fd count grew between each pair of full samples
     * of a run ending there, the run long enough by {@link Thresholds}. A process whose start time
     * changed (the pid was reused, or it restarted) begins a new run; so does one whose fds could not
     * be read in a sample.
     */
    static List<FdLeak> leaks(List<Sample> series, Thresholds limits) {
        if (series.size() < limits.leakSamples()) {
            return List.of();
        }
        List<ProcessFdTable> tables = series.stream().map(s -> SocketSnapshot.of(s).fds().get().orElseThrow()).toList();
        int last = tables.size() - 1;
        List<FdLeak> out = new ArrayList<>();
        for (ProcessFds now : tables.get(last).processes().values()) {
            if (now.fdCount().isEmpty() || now.startTime().isEmpty()) {
                continue;
            }
            int first = last;
            ProcessFds firstP = now;
            for (int i = last - 1; i >= 0; i--) {
                Optional<ProcessFds> p = tables.get(i).process(now.pid());
                if (p.isEmpty() || p.get().fdCount().isEmpty() || !p.get().startTime().equals(now.startTime())
                        || p.get().fdCount().getAsInt() >= firstP.fdCount().getAsInt()) {
                    break;
                }
                first = i;
                firstP = p.get();
            }
            int samples = last - first + 1;
            int a = firstP.fdCount().getAsInt();
            int b = now.fdCount().getAsInt();
            if (samples < limits.leakSamples() || b - a < limits.leakFloor()) {
                continue;
            }
            Instant from = series.get(first).hostTime();
            Instant to = series.get(last).hostTime();
            boolean halfway = now.nofileSoft().isPresent() && 2L * b >= now.nofileSoft().getAsLong();
            if (java.time.Duration.between(from, to).compareTo(limits.leakSpan()) < 0 && !halfway) {
                continue;
            }
            out.add(new FdLeak(now.pid(), now.startTime().getAsLong(), now.comm(), from, to, samples, a, b,
                    grown(FdKinds.count(firstP), FdKinds.count(now)), now.nofileSoft(), now.nofileHard(), firstP.line(), now.line()));
        }
        out.sort(Comparator.comparingDouble((FdLeak l) -> -l.perMinute()).thenComparingInt(FdLeak::pid));
        return out;
    }

    /** Kinds whose count grew, by how much, largest first. */
    static Map<String, Integer> grown(Map<String, Integer> before, Map<String, Integer> now) {
        List<Map.Entry<String, Integer>> d = new ArrayList<>();
        now.forEach((k, n) -> {
            int g = n - before.getOrDefault(k, 0);
            if (g > 0) {
                d.add(Map.entry(k, g));
            }
        });
        d.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Integer> out = new LinkedHashMap<>();
        d.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    List<String> firstLines(List<String> lines) {
        return lines.size() <= limits.evidenceLines() ? lines : lines.subList(0, limits.evidenceLines());
    }

    String caption(String what, int n) {
        return n > limits.evidenceLines() ? what + " (the first " + limits.evidenceLines() + " of " + n + ")" : what + " (" + n + ")";
    }

    /** The assessment of the last sample asked about, so the rules of one diagnosis compute it once. */
    static final class Cache {
        private final Thresholds limits;
        private final LastResult<FdsAssessment> last = new LastResult<>();

        Cache(Thresholds limits) {
            this.limits = Objects.requireNonNull(limits);
        }

        Thresholds limits() {
            return limits;
        }

        FdsAssessment of(Sample latest, List<Sample> history) {
            return last.get(() -> FdsAssessment.of(latest, history, limits), latest, history);
        }
    }
}
