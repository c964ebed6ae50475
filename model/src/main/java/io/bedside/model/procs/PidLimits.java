package io.bedside.model.procs;

import java.util.List;
import java.util.OptionalLong;

/**
 * The kernel's limits on tasks (section {@code pid-limits}). Sample:
 * <pre>
 * pid_max=32768
 * threads-max=192735
 * </pre>
 *
 * @param pidMax     /proc/sys/kernel/pid_max: every thread takes a pid (a tid) below it
 * @param threadsMax /proc/sys/kernel/threads-max: the most tasks (threads) the kernel will create
 * @param lines      the raw lines, for evidence
 */
public record PidLimits(OptionalLong pidMax, OptionalLong threadsMax, List<String> lines) {
    public PidLimits {
        lines = List.copyOf(lines);
    }
}
