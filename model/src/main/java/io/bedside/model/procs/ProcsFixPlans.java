package io.bedside.model.procs;

import io.bedside.model.fix.Change;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import io.bedside.model.fix.FixStep.Check;
import io.bedside.model.fix.ShellWords;
import io.bedside.model.fix.SysctlPlans;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@value #RAISE_LIMIT}: raises a limit on tasks. Two forms, chosen by the parameters:
 * <ul>
 *   <li>{@code limit=kernel.pid_max|kernel.threads-max value=N}: a sysctl through {@link SysctlPlans}
 *       (old value saved, re-checked before the change, read back, rollback, optional persist in
 *       {@value #SYSCTL_FILE});</li>
 *   <li>{@code cgroup=v1:/path|v2:/path max=N}: the cgroup's pids.max file, re-checked right before
 *       (it still holds the value the plan was made from), read back, and rolled back to the old
 *       value (re-checked against the new one).</li>
 * </ul>
 * A value must be larger than the current one: this fix only raises.
 */
public final class ProcsFixPlans {
    public static final String RAISE_LIMIT = "proc.pids.raise-limit";
    public static final String PID_MAX = "kernel.pid_max";
    public static final String THREADS_MAX = "kernel.threads-max";
    /** The kernel's ceiling for pid_max on 64-bit (PID_MAX_LIMIT, 4 * 1024 * 1024). */
    public static final long PID_MAX_LIMIT = 4_194_304L;
    /** The kernel's ceiling for threads-max (FUTEX_TID_MASK). */
    public static final long THREADS_MAX_LIMIT = 0x3fffffffL;
    public static final String SYSCTL_FILE = "/etc/sysctl.d/90-bedside-pids.conf";

    private ProcsFixPlans() {
    }

    /** A plan from the operator's {@code key=value} choices against the sample's part. */
    public static FixPlan plan(ProcsSnapshot s, Map<String, String> params) {
        if (params.containsKey("cgroup")) {
            String ref = params.get("cgroup");
            CgroupPidsTable t = s.cgroups().get().orElseThrow(() -> new IllegalArgumentException(
                    "The cgroups' pids.max were not read in this sample: " + s.cgroups().describeAbsence() + "."));
            int colon = ref.indexOf(':');
            String version = colon < 0 ? "" : ref.substring(0, colon);
            String path = colon < 0 ? ref : ref.substring(colon + 1);
            CgroupPids c = t.find(version + ":" + path).orElseThrow(() -> new IllegalArgumentException(
                    "cgroup=" + printable(ref) + " is not among the cgroups near their pids.max in this sample; write it as v1:/path or v2:/path."));
            String mount = t.mount(c.version()).orElseThrow(() -> new IllegalArgumentException(
                    "The mount point of the cgroup " + c.version() + " hierarchy is not known in this sample."));
            long max = params.containsKey("max") ? number(params, "max") : proposedCgroupMax(c.max(), c.current().orElse(c.max()));
            return raiseCgroup(mount, c, max);
        }
        String limit = params.get("limit");
        if (limit == null) {
            throw new IllegalArgumentException("Choose what to raise: limit=" + PID_MAX + " value=N, limit=" + THREADS_MAX
                    + " value=N, or cgroup=v1:/path max=N.");
        }
        PidLimits l = s.limits().get().orElseThrow(() -> new IllegalArgumentException(
                "The kernel's pid limits were not read in this sample: " + s.limits().describeAbsence() + "."));
        OptionalLong old = switch (limit) {
            case PID_MAX, "pid_max" -> l.pidMax();
            case THREADS_MAX, "threads-max" -> l.threadsMax();
            default -> throw new IllegalArgumentException("limit=" + printable(limit) + " is not one this fix raises; choose "
                    + PID_MAX + " or " + THREADS_MAX + ".");
        };
        String name = limit.startsWith("kernel.") ? limit : "kernel." + limit;
        if (old.isEmpty()) {
            throw new IllegalArgumentException(name + " was not read in this sample.");
        }
        long value = params.containsKey("value") ? number(params, "value")
                : proposedSysctl(name, old.getAsLong(), old.getAsLong()).orElseThrow(() -> new IllegalArgumentException(
                name + " is " + old.getAsLong() + ", already the kernel's ceiling."));
        return raiseSysctl(name, old.getAsLong(), value);
    }

    /** Twice what is used or set, capped at the kernel's ceiling; empty when the limit is already there. */
    public static Optional<Long> proposedSysctl(String name, long current, long used) {
        long ceiling = name.equals(PID_MAX) ? PID_MAX_LIMIT : THREADS_MAX_LIMIT;
        long v = Math.min(ceiling, Math.max(2 * current, 2 * used));
        return v > current ? Optional.of(v) : Optional.empty();
    }

    /** Twice pids.max or twice what is used, at least 16 more. */
    public static long proposedCgroupMax(long max, long used) {
        return Math.max(max + 16, Math.max(2 * max, 2 * used));
    }

    public static FixPlan raiseSysctl(String name, long old, long value) {
        long ceiling = name.equals(PID_MAX) ? PID_MAX_LIMIT : THREADS_MAX_LIMIT;
        if (value <= old) {
            throw new IllegalArgumentException(name + " is " + old + "; this fix only raises it (value=" + value + ").");
        }
        if (value > ceiling) {
            throw new IllegalArgumentException(name + " cannot be set above " + ceiling + " (the kernel refuses it).");
        }
        List<String> summary = new ArrayList<>();
        summary.add(name + " " + old + " -> " + value + ".");
        if (name.equals(PID_MAX)) {
            summary.add("Pids above 32768 are 6 or 7 digits long: a tool that assumes 5 (an old ps column, a pid file parser) may"
                    + " misread them.");
        } else {
            summary.add("threads-max bounds the kernel memory all threads may take; the kernel set it from the RAM at boot.");
        }
        summary.add("It makes room; it does not stop what fills the table (zombies, a fork loop, a thread leak).");
        Map<String, String> file = new LinkedHashMap<>();
        file.put(name, Long.toString(value));
        return SysctlPlans.plan(RAISE_LIMIT, "Raise " + name, summary,
                List.of(new SysctlPlans.Sysctl(name, Long.toString(old), Long.toString(value), Long.toString(old), Long.toString(value))),
                SYSCTL_FILE, file);
    }

    /**
     * Raises one cgroup's pids.max: {@code printf '%s\n' N > MOUNT/PATH/pids.max}.
     *
     * @throws IllegalArgumentException when the path could reach outside the hierarchy or holds a
     *                                  control character, or the value does not raise the limit
     */
    public static FixPlan raiseCgroup(String mount, CgroupPids c, long max) {
        String path = c.path();
        if (!path.startsWith("/") || path.contains("/../") || path.endsWith("/..") || path.contains("/./") || path.endsWith("/.")
                || path.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw new IllegalArgumentException("The cgroup path " + printable(path) + " holds control characters or . and .. steps;"
                    + " Bedside does not write to it.");
        }
        if (!mount.startsWith("/") || mount.contains("..")) {
            throw new IllegalArgumentException("The cgroup mount " + printable(mount) + " is not an absolute path.");
        }
        if (max <= c.max()) {
            throw new IllegalArgumentException("pids.max of " + printable(path) + " is " + c.max() + "; this fix only raises it (max=" + max + ").");
        }
        String dir = path.equals("/") ? mount : mount + path;
        String file = ShellWords.quote(dir + "/pids.max");
        String subject = "cgroup " + c.ref();
        List<String> summary = List.of(
                "pids.max of the cgroup " + path + " (" + c.version() + ") " + c.max() + " -> " + max + " (it holds "
                        + c.current().orElse(-1) + " tasks" + (c.eventsMax().isPresent() ? ", refused " + c.eventsMax().getAsLong() + " forks" : "") + ").",
                "A cgroup a manager owns (a systemd unit's TasksMax=, a container's --pids-limit) gets its value back when the manager"
                        + " next applies it; set it there to keep it.",
                "It makes room; it does not stop what fills the cgroup.");
        List<FixStep> steps = new ArrayList<>();
        steps.add(FixStep.evidence(subject, "Save the cgroup's pids.max, pids.current and pids.events.",
                "for f in pids.max pids.current pids.events; do printf '%s: ' \"$f\"; cat " + ShellWords.quote(dir) + "/\"$f\"; done", false));
        steps.add(FixStep.change(subject, "Set pids.max = " + max + " (was " + c.max() + ").", "printf '%s\\n' " + max + " > " + file,
                new Check("cat " + file, Long.toString(c.max()), "pids.max is still " + c.max() + ", the value this plan was made from"), true));
        steps.add(FixStep.verify(subject, "Read pids.max back: the kernel took " + max + ".", "cat " + file, Long.toString(max)));
        List<FixStep> rollback = List.of(
                FixStep.change(subject, "Restore pids.max = " + c.max() + ".", "printf '%s\\n' " + c.max() + " > " + file,
                        new Check("cat " + file, Long.toString(max), "pids.max is still " + max + ", the value this fix set"), true),
                FixStep.verify(subject, "Read pids.max back: it is " + c.max() + " again.", "cat " + file, Long.toString(c.max())));
        return new FixPlan(RAISE_LIMIT, "Raise pids.max of the cgroup " + printable(path),
                List.of(new Change("pids.max " + path, Long.toString(c.max()), Long.toString(max))), summary, steps, rollback);
    }

    private static long number(Map<String, String> params, String key) {
        String v = params.get(key).trim();
        if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new IllegalArgumentException(key + "=" + printable(v) + " is not a number.");
        }
        return Long.parseLong(v);
    }

    private static String printable(String s) {
        return io.bedside.model.text.HostText.visible(s.length() > 80 ? s.substring(0, 80) + "…" : s);
    }
}
