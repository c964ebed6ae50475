package io.bedside.model.memory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One OOM kill, from the kernel log: the {@code Killed process} line and the lines of the same
 * report before it. What a kernel version does not print is empty (3.10 has no shmem-rss, uid,
 * pgtables or oom_score_adj on the kill line; only 4.19+ prints the {@code oom-kill:} line).
 *
 * @param pid          the victim's pid
 * @param comm         the victim's name, as the kernel printed it (may hold spaces and {@code )})
 * @param uid          the victim's uid
 * @param totalVmKb    total-vm
 * @param anonRssKb    anon-rss: the anonymous memory it held
 * @param fileRssKb    file-rss
 * @param shmemRssKb   shmem-rss (4.5+)
 * @param pgtablesKb   page tables (5.3+)
 * @param oomScoreAdj  the victim's oom_score_adj (5.3+, or from the oom-kill line's task table)
 * @param score        the badness score of {@code Kill process N (x) score S} (kernels before 5.1)
 * @param message      what the kernel said before the kill: {@code Out of memory},
 *                     {@code Memory cgroup out of memory}, ...; empty when the kill line had no prefix
 * @param constraint   {@code CONSTRAINT_NONE} (the whole system), {@code CONSTRAINT_MEMCG},
 *                     {@code CONSTRAINT_CPUSET} or {@code CONSTRAINT_MEMORY_POLICY}
 * @param memcg        the memory cgroup that hit its limit ({@code oom_memcg=}, {@code Memory cgroup
 *                     stats for}, or {@code limit of} on 3.x/4.x)
 * @param taskMemcg    the victim's memory cgroup
 * @param memcgUsage   the {@code memory: usage N kB, limit N kB, failcnt N} line of a memory cgroup OOM
 * @param trigger      the process whose allocation invoked the OOM killer
 * @param chosen       the process the OOM killer chose ({@code Kill process N (x) score S or sacrifice
 *                     child}, kernels before 5.1): the victim itself, or its parent when a child was
 *                     killed in its place (then {@link #sacrificedChild()}); that parent was not killed
 * @param time         when the kill was logged, when the stamp could be placed in time
 * @param uptimeSeconds the kernel's own stamp (seconds after boot), when the line had one
 * @param stamp        the time stamp exactly as printed (empty when the line had none)
 * @param killLine     the {@code Killed process} line itself
 * @param lines        the raw lines of the report, as the host printed them (the kill line among them)
 */
public record OomEvent(int pid, String comm, OptionalLong uid, OptionalLong totalVmKb, OptionalLong anonRssKb,
                       OptionalLong fileRssKb, OptionalLong shmemRssKb, OptionalLong pgtablesKb, OptionalInt oomScoreAdj,
                       OptionalLong score, String message, Optional<String> constraint, Optional<String> memcg,
                       Optional<String> taskMemcg, Optional<MemcgUsage> memcgUsage, Optional<Trigger> trigger,
                       Optional<Chosen> chosen, Optional<Instant> time, OptionalDouble uptimeSeconds, String stamp, String killLine,
                       List<String> lines) {
    public OomEvent {
        lines = List.copyOf(lines);
    }

    /**
     * The process that invoked the OOM killer. Sample lines:
     * <pre>
     * bs-trigger invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0
     * CPU: 1 UID: 0 PID: 24611 Comm: bs-trigger Not tainted 6.18.44-fc-v657 #1 PREEMPT(none)
     * </pre>
     *
     * @param comm        its name
     * @param pid         its pid, from the {@code CPU: ... PID: N Comm:} line that follows
     * @param gfpMask     what kind of allocation failed, e.g. {@code 0xcc0(GFP_KERNEL)}
     * @param order       its order (2^order pages)
     * @param oomScoreAdj its oom_score_adj
     * @param line        the {@code invoked oom-killer:} line
     */
    public record Trigger(String comm, OptionalInt pid, Optional<String> gfpMask, OptionalInt order,
                          OptionalInt oomScoreAdj, String line) {
    }

    /**
     * The process the OOM killer chose, from {@code Out of memory: Kill process 16929 (beam.smp) score 580
     * or sacrifice child}. Kernels before 5.1 then killed one of its children instead when it had any
     * with their own memory; the {@code Killed process} line names the one killed.
     */
    public record Chosen(int pid, String comm, long score) {
    }

    /** The chosen process was spared: a child (named by the kill line) was killed in its place. */
    public boolean sacrificedChild() {
        return chosen.map(c -> c.pid() != pid).orElse(false);
    }

    /**
     * A memory cgroup's usage when it ran out. Sample: {@code memory: usage 65536kB, limit 65536kB, failcnt 0}.
     */
    public record MemcgUsage(long usageKb, long limitKb, long failcnt) {
    }

    /** Whether a memory cgroup's limit caused it (not the whole system running out). */
    public boolean memcgOom() {
        return constraint.map(c -> c.equals("CONSTRAINT_MEMCG")).orElse(message.startsWith("Memory cgroup"));
    }
}
