package io.bedside.model.fds;

import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import io.bedside.model.fix.FixStep.Check;
import io.bedside.model.fix.FixStep.FileContent;
import io.bedside.model.fix.FixStep.Kind;
import io.bedside.model.fix.ProcessGuard;
import io.bedside.model.fix.ShellWords;
import io.bedside.model.fix.SysctlPlans;
import io.bedside.model.fix.UnitNames;
import io.bedside.model.fix.Change;
import io.bedside.model.sockets.ProcessFds;
import io.bedside.model.sockets.SocketSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The fd playbook's fixes, as plans (pure data):
 * <ul>
 *   <li>{@value #RAISE_FILE_MAX} ({@code file-max=N}, default proposed): {@code sysctl -w fs.file-max=N}
 *       through {@link SysctlPlans} (evidence, re-check, read-back, rollback, optional persist).</li>
 *   <li>{@value #RAISE_LIMIT} ({@code pid=N nofile=SOFT[:HARD]}): {@code prlimit --pid N --nofile=SOFT:HARD}
 *       on the live process, re-checked right before against its start time and its current limits,
 *       read back from /proc/PID/limits, rolled back to the old SOFT:HARD; optionally a systemd drop-in
 *       with {@code LimitNOFILE=} for the process's unit, for its next start.</li>
 * </ul>
 */
public final class FdsFixPlans {
    public static final String RAISE_FILE_MAX = "fd.raise-file-max";
    public static final String RAISE_LIMIT = "proc.fd.raise-limit";
    public static final String DROP_IN = "bedside-nofile.conf";

    private FdsFixPlans() {
    }

    public static FixPlan plan(String fixId, FdsSnapshot fds, SocketSnapshot sockets, Map<String, String> params) {
        return switch (fixId) {
            case RAISE_FILE_MAX -> raiseFileMax(fds.table().get().orElseThrow(() -> new IllegalArgumentException(
                    "This sample holds no /proc/sys/fs/file-nr (" + fds.table().describeAbsence() + "), so fs.file-max cannot be"
                            + " planned against it.")), Optional.ofNullable(params.get("file-max")));
            case RAISE_LIMIT -> {
                int pid = positive(params.get("pid"), "pid");
                ProcessFds p = sockets.fds().get().flatMap(t -> t.process(pid)).orElseThrow(() -> new IllegalArgumentException(
                        "Pid " + pid + " is not in this sample's fd walk, so its limit and start time are not known."));
                String nofile = params.get("nofile");
                OptionalLong nrOpen = fds.table().get().map(FileTable::nrOpen).orElse(OptionalLong.empty());
                if (nofile == null) {
                    nofile = proposedNofile(p, nrOpen.isPresent() ? Optional.of(nrOpen.getAsLong()) : Optional.empty())
                            .orElseThrow(() -> new IllegalArgumentException("Choose the new limit with nofile=SOFT or nofile=SOFT:HARD."));
                }
                yield raiseLimit(p, nofile, nrOpen, sockets.unit(pid), "yes".equals(params.get("drop-in")));
            }
            default -> throw new IllegalArgumentException("There is no fix called '" + fixId + "'; fd fixes: " + RAISE_FILE_MAX
                    + ", " + RAISE_LIMIT + ".");
        };
    }

    // ------------------------------------------------------------------ fs.file-max

    /**
     * The proposed fs.file-max: twice the current one, and at least twice what is in use (so the
     * table runs at half or less after), rounded up to a multiple of 1024. Each open file costs the
     * kernel about 1 KiB (its struct file and the references it holds), so the summary states the
     * headroom in memory; the kernel's own default is about a tenth of RAM in KiB.
     */
    public static long proposedFileMax(FileTable t) {
        long base = Math.max(t.max(), t.inUse());
        if (base >= Long.MAX_VALUE / 4) {
            return Long.MAX_VALUE;
        }
        long v = 2 * base;
        return (v + 1023) / 1024 * 1024;
    }

    public static FixPlan raiseFileMax(FileTable t, Optional<String> chosen) {
        long now = t.max();
        long value = chosen.map(v -> positiveLong(v, "file-max")).orElseGet(() -> proposedFileMax(t));
        if (value <= now) {
            throw new IllegalArgumentException("file-max=" + value + " is not above the current fs.file-max " + now
                    + "; this fix only raises it.");
        }
        String old = Long.toString(now);
        String nv = Long.toString(value);
        List<String> summary = new ArrayList<>();
        summary.add(t.inUse() + " of " + now + " file handles are allocated; " + nv + " leaves the table "
                + Math.round(100.0 * t.inUse() / value) + "% full.");
        summary.add("Each open file costs the kernel about 1 KiB, so the new headroom is worth about "
                + Math.max(0, (value - t.inUse()) / 1024 / 1024) + " MiB if all of it were used.");
        summary.add("fs.file-max is one for the whole host, not per container or namespace; root's processes are not held by it.");
        summary.add("Raising it buys time; the process that fills the table (see proc.fd.leak) still has to be fixed.");
        return SysctlPlans.plan(RAISE_FILE_MAX, "Raise fs.file-max to " + nv,
                summary, List.of(new SysctlPlans.Sysctl("fs.file-max", old, nv, old, nv)),
                "/etc/sysctl.d/90-bedside-file-max.conf", Map.of("fs.file-max", nv));
    }

    // ------------------------------------------------------------------ a process's RLIMIT_NOFILE

    /**
     * The proposed {@code SOFT:HARD} for a process near its limit: below the hard limit, the soft one
     * doubled (and at least twice its fds), up to the hard limit, which stays (no capability needed);
     * at the hard limit already, both doubled, at most nr_open (needs CAP_SYS_RESOURCE). Empty when
     * the limits are not known or nothing can be raised.
     */
    public static Optional<String> proposedNofile(ProcessFds p, Optional<Long> nrOpen) {
        if (p.nofileSoft().isEmpty() || p.nofileHard().isEmpty()) {
            return Optional.empty();
        }
        long soft = p.nofileSoft().getAsLong();
        long hard = p.nofileHard().getAsLong();
        long fds = p.fdCount().isPresent() ? p.fdCount().getAsInt() : 0;
        long want = Math.max(Math.max(2 * soft, 2 * fds), 1024);
        if (soft < hard) {
            return Optional.of(Math.min(want, hard) + ":" + hard);
        }
        long ceiling = nrOpen.orElse(1048576L);
        long both = Math.min(want, ceiling);
        return both > hard ? Optional.of(both + ":" + both) : Optional.empty();
    }

    /** {@code awk} that prints the soft and hard limit of /proc/PID/limits as {@code SOFT:HARD}. */
    static String limits(int pid) {
        return "awk '/^Max open files/ { print $4 \":\" $5 }' /proc/" + pid + "/limits 2>/dev/null";
    }

    static String startTime(int pid) {
        return "awk '{ s = s $0 \" \" } END { sub(/.*\\) /, \"\", s); split(s, f, \" \"); print f[20] }' /proc/" + pid + "/stat 2>/dev/null";
    }

    /** Prints {@code start=TICKS guard=WORD nofile=SOFT:HARD}. */
    static String state(int pid) {
        return ProcessGuard.hostCheck(pid) + " printf 'start=%s guard=%s nofile=%s\\n' \"$(" + startTime(pid) + ")\" \"$bg_g\" \"$("
                + limits(pid) + ")\"";
    }

    public static FixPlan raiseLimit(ProcessFds p, String nofile, OptionalLong nrOpen, Optional<String> unit, boolean dropIn) {
        int pid = p.pid();
        if (pid <= 1) {
            throw new IllegalArgumentException("pid " + pid + " is the host's init or no process; Bedside does not change its limits.");
        }
        if (p.startTime().isEmpty()) {
            throw new IllegalArgumentException("The start time of pid " + pid + " was not read, so the change could not be re-checked.");
        }
        if (p.nofileSoft().isEmpty() || p.nofileHard().isEmpty()) {
            throw new IllegalArgumentException("The open-files limit of pid " + pid + " was not read (or is unlimited), so there is"
                    + " nothing to roll back to.");
        }
        long start = p.startTime().getAsLong();
        long oldSoft = p.nofileSoft().getAsLong();
        long oldHard = p.nofileHard().getAsLong();
        String[] parts = nofile.split(":", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("nofile=" + nofile + " is not SOFT or SOFT:HARD.");
        }
        long soft = positiveLong(parts[0], "nofile");
        long hard = parts.length == 2 ? positiveLong(parts[1], "nofile's hard limit") : oldHard;
        if (soft > hard) {
            throw new IllegalArgumentException("The soft limit " + soft + " is above the hard limit " + hard
                    + "; give nofile=SOFT:HARD to raise both.");
        }
        if (soft <= oldSoft && hard <= oldHard) {
            throw new IllegalArgumentException("nofile=" + soft + ":" + hard + " raises nothing: the limit is " + oldSoft + ":" + oldHard + ".");
        }
        if (nrOpen.isPresent() && hard > nrOpen.getAsLong()) {
            throw new IllegalArgumentException("The hard limit " + hard + " is above fs.nr_open " + nrOpen.getAsLong()
                    + ", the most the kernel gives any process.");
        }
        String was = oldSoft + ":" + oldHard;
        String now = soft + ":" + hard;
        String subject = "pid " + pid;
        List<String> summary = new ArrayList<>();
        summary.add("prlimit --pid " + pid + " --nofile=" + now + " (was " + was + "): takes effect at once, for this process only;"
                + " it is lost when the process restarts.");
        if (hard > oldHard) {
            summary.add("Raising the hard limit above " + oldHard + " needs CAP_SYS_RESOURCE (root on a plain host, often not in a"
                    + " container); without it the kernel refuses the change and the fix fails, leaving the limit as it was.");
        } else {
            summary.add("The soft limit stays within the hard limit " + oldHard + ", which any owner of the process may do.");
        }
        summary.add("prlimit comes with util-linux; BusyBox hosts have none, and the fix stops with 'prlimit: not found'.");
        summary.add("A process that leaks fds reaches the new limit too, later; the leak (proc.fd.leak) still has to be fixed.");
        List<FixStep> steps = new ArrayList<>();
        steps.add(FixStep.evidence(subject, "Save the process's limits and whether prlimit is here.",
                "cat /proc/" + pid + "/limits; command -v prlimit || echo 'prlimit: not found (util-linux is not installed)'", false));
        Check same = new Check(state(pid), "start=" + start + " guard=ok nofile=" + was, "pid " + pid + " is the same process (start time "
                + start + "), not init or a kernel thread, and its limit is still " + was);
        steps.add(FixStep.change(subject, "Set the open-files limit of pid " + pid + " to " + now + " (was " + was + ").",
                ShellWords.command("prlimit", "--pid", Integer.toString(pid), "--nofile=" + now), same, true));
        steps.add(FixStep.verify(subject, "Read /proc/" + pid + "/limits back: Max open files is " + now + ".", limits(pid),
                now));
        List<FixStep> rollback = new ArrayList<>();
        rollback.add(FixStep.change(subject, "Restore the open-files limit of pid " + pid + " to " + was + ".",
                ShellWords.command("prlimit", "--pid", Integer.toString(pid), "--nofile=" + was),
                new Check(state(pid), "start=" + start + " guard=ok nofile=" + now, "pid " + pid
                        + " is the same process and its limit is still " + now + ", the one this fix set"), true));
        rollback.add(FixStep.verify(subject, "Read /proc/" + pid + "/limits back: it is " + was + " again.", limits(pid), was));
        unit.filter(UnitNames::validService).ifPresent(u -> {
            String dir = "/etc/systemd/system/" + u + ".d";
            String path = dir + "/" + DROP_IN;
            String content = "# Written by Bedside (" + RAISE_LIMIT + "): the open-files limit for the next start of " + u + ".\n"
                    + "[Service]\nLimitNOFILE=" + now + "\n";
            steps.add(new FixStep(Kind.CHANGE, "drop-in", "For the next start of " + u + ": write " + path + " with LimitNOFILE="
                    + now + " and reload systemd (the running process keeps the limit set above).",
                    "mkdir -p " + ShellWords.quote(dir) + " && printf '%s' " + ShellWords.quote(content) + " > " + ShellWords.quote(path)
                            + " && systemctl daemon-reload",
                    Optional.of(new Check("test -e " + ShellWords.quote(path) + " && echo exists || echo absent", "absent",
                            path + " does not exist yet")),
                    Optional.empty(), Optional.of(new FileContent(path, content)), true, !dropIn));
            steps.add(new FixStep(Kind.VERIFY, "drop-in", "systemd reads LimitNOFILE for " + u + ".",
                    ShellWords.command("systemctl", "show", "-p", "LimitNOFILE", "--value", "--", u), Optional.empty(),
                    Optional.of(Long.toString(hard)), Optional.empty(), false, !dropIn));
            rollback.add(new FixStep(Kind.CHANGE, "drop-in", "Remove " + path + " and reload systemd; only when the drop-in step ran.",
                    "rm -f " + ShellWords.quote(path) + " && systemctl daemon-reload",
                    Optional.of(new Check("cat " + ShellWords.quote(path), content.stripTrailing(), path + " still holds what this fix wrote")),
                    Optional.empty(), Optional.empty(), true, true));
        });
        return new FixPlan(RAISE_LIMIT, "Raise the open-files limit of pid " + pid + " to " + now,
                List.of(new Change("RLIMIT_NOFILE of pid " + pid, was, now)), summary, steps, rollback);
    }

    private static int positive(String v, String name) {
        long n = positiveLong(v, name);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + "=" + v + " is not a process id.");
        }
        return (int) n;
    }

    private static long positiveLong(String v, String name) {
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("Give " + name + "=N.");
        }
        if (v.length() > 19 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(name + "=" + v + " is not a positive whole number.");
        }
        long n = Long.parseLong(v);
        if (n <= 0) {
            throw new IllegalArgumentException(name + "=" + v + " is not a positive whole number.");
        }
        return n;
    }
}
