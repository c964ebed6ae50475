package io.bedside.model.cpu;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What one sample read of /proc/stat for the CPU playbook.
 *
 * @param now          the {@code cpu} line of this sample
 * @param previous     the {@code cpu} line of the sample before, which Bedside passes back to the
 *                     probe (the part's prelude) and the probe prints as {@code prev cpu ...}:
 *                     so each sample holds its own interval, also in a recording. Absent on the
 *                     first sample of a session (and in {@code diagnose}).
 * @param procsRunning {@code procs_running}: tasks runnable now (the run queue)
 * @param procsBlocked {@code procs_blocked}: tasks waiting for I/O now
 */
public record CpuStat(CpuTimes now, Optional<CpuTimes> previous, OptionalLong procsRunning, OptionalLong procsBlocked) {

    /** How a share of CPU time was measured. */
    public enum Basis {
        /** Between the previous sample and this one. */
        INTERVAL("since the previous sample"),
        /** Since boot: there was no previous sample (or the host rebooted in between). */
        SINCE_BOOT("since boot");

        private final String words;

        Basis(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** A share of CPU time (0..100) and how it was measured. */
    public record Share(double percent, Basis basis) {
    }

    /** Steal time as a share of all CPU time; empty when the kernel does not count it. */
    public Optional<Share> steal() {
        if (now.steal().isEmpty()) {
            return Optional.empty();
        }
        return share(now.steal().getAsLong(), previous.map(CpuTimes::steal).orElse(OptionalLong.empty()));
    }

    /** iowait as a share of all CPU time. */
    public Optional<Share> iowait() {
        return share(now.iowait(), previous.map(p -> OptionalLong.of(p.iowait())).orElse(OptionalLong.empty()));
    }

    /** Busy time (not idle, not iowait, not steal) as a share of all CPU time. */
    public Optional<Share> busy() {
        long b = now.total() - now.idle() - now.iowait() - now.steal().orElse(0);
        OptionalLong pb = previous.map(p -> OptionalLong.of(p.total() - p.idle() - p.iowait() - p.steal().orElse(0)))
                .orElse(OptionalLong.empty());
        return share(b, pb);
    }

    private Optional<Share> share(long value, OptionalLong before) {
        Optional<CpuTimes> prev = previous.filter(now::after);
        if (prev.isPresent() && before.isPresent()) {
            long dt = now.total() - prev.get().total();
            return Optional.of(new Share(100.0 * Math.max(0, value - before.getAsLong()) / dt, Basis.INTERVAL));
        }
        long t = now.total();
        return t <= 0 ? Optional.empty() : Optional.of(new Share(100.0 * value / t, Basis.SINCE_BOOT));
    }

    /** The steal share's value, for charts. */
    public OptionalDouble stealPercent() {
        return steal().map(s -> OptionalDouble.of(s.percent())).orElse(OptionalDouble.empty());
    }
}
