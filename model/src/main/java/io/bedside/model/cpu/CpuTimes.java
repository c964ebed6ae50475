package io.bedside.model.cpu;

import java.util.OptionalLong;

/**
 * The aggregate {@code cpu} line of /proc/stat, in clock ticks since boot. Sample (kernel 6.18):
 * {@code cpu  2139076 3540 520296 1807688 3627 0 11549 0 0 0}: user nice system idle iowait irq
 * softirq steal guest guest_nice. Kernels before 2.6.11 print no steal (absent here, not 0).
 */
public record CpuTimes(long user, long nice, long system, long idle, long iowait, long irq, long softirq,
                       OptionalLong steal) {
    /**
     * All ticks counted: user to steal (guest and guest_nice are already inside user and nice).
     */
    public long total() {
        return user + nice + system + idle + iowait + irq + softirq + steal.orElse(0);
    }

    /** The line as the probe prints it back next time ("cpu N N ..."), digits and spaces only. */
    String wire() {
        return "cpu " + user + " " + nice + " " + system + " " + idle + " " + iowait + " " + irq + " " + softirq
                + (steal.isPresent() ? " " + steal.getAsLong() : "");
    }

    /** Whether every counter of this one is at least that of {@code earlier} (no reboot between). */
    boolean after(CpuTimes earlier) {
        return user >= earlier.user && nice >= earlier.nice && system >= earlier.system && idle >= earlier.idle
                && iowait >= earlier.iowait && irq >= earlier.irq && softirq >= earlier.softirq
                && steal.orElse(0) >= earlier.steal.orElse(0) && total() > earlier.total();
    }
}
