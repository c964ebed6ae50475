package io.bedside.model.cpu;

import io.bedside.model.findings.LastResult;
import io.bedside.model.sample.Sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the CPU rules share about one sample: each cgroup with a quota and how much it was
 * throttled. The kernel counts throttling since the cgroup was made; the figure that matters is
 * the share of the last minute's periods. So the counters of the latest cgroup reading are
 * compared with the oldest reading in the history that is at most {@link CpuRules#WINDOW} older
 * (and at least {@link CpuRules#MIN_SPAN} older: light samples carry the same reading). Without
 * such a reading (a single sample, as in {@code diagnose}, or a cgroup made since, whose counters
 * went back) the counters since the cgroup began are used, and said to be.
 */
final class CpuAssessment {
    /** How a cgroup's throttling was measured. */
    enum Basis {
        WINDOW, SINCE_START
    }

    /**
     * One cgroup with a quota and its throttling.
     *
     * @param cgroup     the latest reading
     * @param name       its name as the host's /proc/PID/cgroup shows it
     * @param periods    periods it wanted CPU in, over the basis
     * @param throttled  periods it was throttled in
     * @param seconds    seconds its tasks were held back (empty when the kernel does not say)
     * @param basis      over a window or since the cgroup began
     * @param span       the window, for {@link Basis#WINDOW}
     * @param usageCpus  CPUs it used on average over the window (empty since start or when usage is not read)
     */
    record Throttling(CgroupCpu cgroup, String name, long periods, long throttled, OptionalDouble seconds, Basis basis,
                      Duration span, OptionalDouble usageCpus) {
        double percent() {
            return periods <= 0 ? 0 : 100.0 * throttled / periods;
        }

        String basisWords() {
            return basis == Basis.WINDOW ? "over the last " + span.toSeconds() + " s" : "since the cgroup began";
        }
    }

    private final LastResult<List<Throttling>> last = new LastResult<>();

    /** Every cgroup of {@code latest} with a quota, most throttled first. */
    List<Throttling> throttling(Sample latest, List<Sample> history) {
        return last.get(() -> List.copyOf(compute(latest, history)), latest);
    }

    static List<Throttling> compute(Sample latest, List<Sample> history) {
        CpuSnapshot now = CpuSnapshot.of(latest);
        Optional<CgroupCpuTable> table = now.cgroups().get();
        if (table.isEmpty()) {
            return List.of();
        }
        Instant at = now.cgroupsAt();
        CpuSnapshot ref = null;
        for (Sample s : history) {
            if (s == latest) {
                continue;
            }
            CpuSnapshot c = CpuSnapshot.of(s);
            Duration age = Duration.between(c.cgroupsAt(), at);
            if (c.cgroups().isPresent() && age.compareTo(CpuRules.MIN_SPAN) >= 0 && age.compareTo(CpuRules.WINDOW) <= 0
                    && (ref == null || c.cgroupsAt().isBefore(ref.cgroupsAt()))) {
                ref = c;
            }
        }
        List<Throttling> out = new ArrayList<>();
        for (CgroupCpu c : table.get().cgroups()) {
            String name = table.get().name(c);
            Optional<CgroupCpu> before = ref == null ? Optional.empty()
                    : ref.cgroups().get().flatMap(t -> t.find(c.version(), c.path()));
            if (c.nrPeriods().isEmpty() || c.nrThrottled().isEmpty()) {
                continue;
            }
            if (before.isPresent() && before.get().nrPeriods().isPresent() && before.get().nrThrottled().isPresent()
                    && before.get().nrPeriods().getAsLong() <= c.nrPeriods().getAsLong()
                    && before.get().nrThrottled().getAsLong() <= c.nrThrottled().getAsLong()) {
                CgroupCpu b = before.get();
                Duration span = Duration.between(ref.cgroupsAt(), at);
                OptionalDouble secs = c.throttledUsec().isPresent() && b.throttledUsec().isPresent()
                        ? OptionalDouble.of(Math.max(0, c.throttledUsec().getAsLong() - b.throttledUsec().getAsLong()) / 1e6)
                        : OptionalDouble.empty();
                OptionalDouble use = c.usageUsec().isPresent() && b.usageUsec().isPresent() && span.toMillis() > 0
                        ? OptionalDouble.of(Math.max(0, c.usageUsec().getAsLong() - b.usageUsec().getAsLong()) / 1e3 / span.toMillis())
                        : OptionalDouble.empty();
                out.add(new Throttling(c, name, c.nrPeriods().getAsLong() - b.nrPeriods().getAsLong(),
                        c.nrThrottled().getAsLong() - b.nrThrottled().getAsLong(), secs, Basis.WINDOW, span, use));
            } else {
                OptionalDouble secs = c.throttledUsec().isPresent()
                        ? OptionalDouble.of(c.throttledUsec().getAsLong() / 1e6) : OptionalDouble.empty();
                out.add(new Throttling(c, name, c.nrPeriods().getAsLong(), c.nrThrottled().getAsLong(), secs,
                        Basis.SINCE_START, Duration.ZERO, OptionalDouble.empty()));
            }
        }
        out.sort(Comparator.comparingDouble(Throttling::percent).reversed().thenComparing(Throttling::name));
        return out;
    }
}
