package io.bedside.model.cpu;

import io.bedside.model.findings.FixOffer;
import io.bedside.model.fix.Change;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import io.bedside.model.fix.FixStep.Check;
import io.bedside.model.fix.ShellWords;
import io.bedside.model.fix.UnitNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@value #RAISE}: give a throttled cgroup a larger CPU quota (pure data; nothing here touches a
 * host).
 *
 * <ul>
 * <li>With a systemd unit ({@code unit=NAME.service} or {@code .scope}): {@code systemctl
 *     set-property --runtime -- UNIT CPUQuota=N%}, so systemd, which owns the unit's cgroup,
 *     does not put the old quota back at its next reload; {@code --runtime}: gone at reboot.</li>
 * <li>Without one ({@code cgroup=/path}): the cgroup's own file, {@code cpu.max} ("QUOTA PERIOD",
 *     v2) or {@code cpu.cfs_quota_us} (v1), below the hierarchy's mount point.</li>
 * </ul>
 * Right before the change the quota file is read again and must still hold the quota the plan was
 * made from; afterwards it is read back as a share of one CPU; rollback restores the old quota the
 * same way (re-checked against the new one). Whether throttling falls is not a step: it shows
 * over the next minute of samples, which the plan's summary tells the operator to watch.
 *
 * <p>Paths: the cgroup's path (host text) must be absolute without {@code .}/{@code ..}
 * components ({@link CgroupCpuParser#safePath}) and the mount point absolute; every path reaches
 * the shell through {@link ShellWords#quote}.
 */
public final class CpuFixPlans {
    public static final String RAISE = "cpu.raise-quota";
    /** The largest quota offered: 100 CPUs. */
    static final int MAX_PERCENT = 10_000;

    private CpuFixPlans() {
    }

    /** The offer for a throttled cgroup: its unit, or its path, and twice its quota (rounded up to whole percent). */
    static FixOffer offer(CgroupCpu c, String name) {
        Map<String, String> p = new LinkedHashMap<>();
        if (c.unit().isPresent() && UnitNames.valid(c.unit().get())) {
            p.put("unit", c.unit().get());
        } else {
            p.put("cgroup", c.path());
        }
        int now = c.quotaPercent().map(q -> (int) Math.ceil(q)).orElse(0);
        p.put("quota", Math.min(MAX_PERCENT, Math.max(now * 2, now + 10)) + "%");
        return new FixOffer(RAISE, p);
    }

    /**
     * The plan for {@code bedside fix SOURCE cpu.raise-quota (unit=NAME | cgroup=/path) quota=N%}.
     *
     * @throws IllegalArgumentException with one sentence when a parameter is missing or wrong, or the cgroup is not in the sample
     */
    public static FixPlan plan(CpuSnapshot cpu, Map<String, String> params) {
        CgroupCpuTable table = cpu.cgroups().get().orElseThrow(() -> new IllegalArgumentException(
                "The cgroups' CPU quotas could not be read: " + cpu.cgroups().describeAbsence() + "."));
        String unit = blankToNull(params.get("unit"));
        String path = blankToNull(params.get("cgroup"));
        if (unit == null && path == null) {
            throw new IllegalArgumentException("Say which cgroup: unit=NAME.service or cgroup=/path (as diagnose names it).");
        }
        if (unit != null && (!UnitNames.valid(unit) || !(unit.endsWith(".service") || unit.endsWith(".scope")))) {
            throw new IllegalArgumentException("unit=" + unit + " is not the name of a systemd service or scope.");
        }
        CgroupCpu c;
        if (path != null) {
            if (!CgroupCpuParser.safePath(path)) {
                throw new IllegalArgumentException("cgroup= must be an absolute path below the cgroup mount, without '.' or '..'.");
            }
            c = table.find(path).orElseThrow(() -> new IllegalArgumentException(
                    "The sample has no cgroup " + path + " with a CPU quota."));
            if (unit != null && !c.unit().equals(Optional.of(unit))) {
                throw new IllegalArgumentException("The cgroup " + path + " does not belong to " + unit + ".");
            }
        } else {
            c = table.cgroups().stream().filter(x -> x.unit().equals(Optional.of(unit))).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("The sample has no cgroup of " + unit + " with a CPU quota."));
        }
        int percent = percent(params.get("quota"));
        return raise(table, c, Optional.ofNullable(unit), percent);
    }

    /** Whole percent of one CPU, from {@code 40%} or {@code 40}. */
    static int percent(String q) {
        if (q == null || q.isBlank()) {
            throw new IllegalArgumentException("Say the new quota: quota=N% (percent of one CPU, as systemd's CPUQuota=).");
        }
        String s = q.trim();
        if (s.endsWith("%")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty() || s.length() > 6 || !s.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new IllegalArgumentException("quota=" + q + " is not a whole percent (such as quota=150% for one and a half CPUs).");
        }
        int n = Integer.parseInt(s);
        if (n < 1 || n > MAX_PERCENT) {
            throw new IllegalArgumentException("quota must be 1% to " + MAX_PERCENT + "%, not " + n + "%.");
        }
        return n;
    }

    static FixPlan raise(CgroupCpuTable table, CgroupCpu c, Optional<String> unit, int percent) {
        String mount = table.mount(c.version()).orElseThrow(() -> new IllegalArgumentException(
                "The sample does not say where the " + c.version() + " cgroup hierarchy is mounted."));
        if (!CgroupCpuParser.safePath(mount) || mount.equals("/")) {
            throw new IllegalArgumentException("The cgroup mount point " + mount + " is not a plain absolute path.");
        }
        if (!CgroupCpuParser.safePath(c.path())) {
            throw new IllegalArgumentException("The cgroup path is not a plain path below its mount point.");
        }
        if (c.periodUsec().isEmpty() || c.periodUsec().getAsLong() <= 0) {
            throw new IllegalArgumentException("The cgroup's CPU period could not be read, so its quota cannot be worked out.");
        }
        long period = c.periodUsec().getAsLong();
        long oldQuota = c.quotaUsec();
        double oldPercent = 100.0 * oldQuota / period;
        if (percent <= oldPercent) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "The quota is already %.1f%% of a CPU; this fix raises it (quota=%d%% is not more).", oldPercent, percent));
        }
        String dir = c.path().equals("/") ? mount : mount + c.path();
        boolean v2 = "v2".equals(c.version());
        String quotaFile = dir + "/" + c.quotaFile();
        String periodFile = dir + "/cpu.cfs_period_us";
        String qq = ShellWords.quote(quotaFile);
        // systemd writes the period it is configured with (100 ms unless CPUQuotaPeriodSec=); a direct write keeps the cgroup's
        long newPeriod = unit.isPresent() ? 100_000 : period;
        long newQuota = (long) percent * newPeriod / 100;
        String oldState = v2 ? oldQuota + " " + period : Long.toString(oldQuota);
        String newState = v2 ? newQuota + " " + newPeriod : Long.toString(newQuota);
        String read = "cat -- " + qq;
        // the share of one CPU, in whole percent, from the files: the same figure whoever wrote them
        String share = v2
                ? "read q p < " + qq + " && echo \"$((q * 100 / p))%\""
                : "q=$(cat -- " + qq + ") && p=$(cat -- " + ShellWords.quote(periodFile) + ") && echo \"$((q * 100 / p))%\"";
        String newShare = (newQuota * 100 / newPeriod) + "%";
        String oldShare = (oldQuota * 100 / period) + "%";
        String oldWords = String.format(Locale.ROOT, "%.2f", oldPercent).replaceAll("\\.?0+$", "");
        String subject = "cgroup " + c.path();
        String who = unit.map(u -> u + " (cgroup " + c.path() + ")").orElse("cgroup " + c.path());

        List<String> summary = new ArrayList<>();
        summary.add(String.format(Locale.ROOT, "%s: CPU quota %s%% of a CPU -> %d%% (%s: %s -> %s).", who, oldWords, percent,
                c.quotaFile(), oldState, newState));
        summary.add(unit.isPresent()
                ? "Through systemd (set-property --runtime), which owns the unit's cgroup: the change lasts until reboot; without"
                + " --runtime it would be kept in /etc/systemd/system.control."
                : "Written to the cgroup's own file; whoever made the cgroup (a container runtime, a script) may set it again.");
        if (!v2) {
            summary.add("cgroup v1: a parent cgroup with a smaller quota still caps this one; the kernel refuses a quota a parent's forbids.");
        }
        summary.add("The quota file is re-read right before the change and must still hold " + oldState + " (the quota this plan was made"
                + " from); the change is skipped otherwise.");
        summary.add("Watch afterwards: throttling should fall over the next samples; the CPU area's table and diagnose show the"
                + " cgroup's throttled share over the last minute (a minute of samples after the change tells).");

        List<FixStep> steps = new ArrayList<>();
        steps.add(FixStep.evidence(subject, "Save the cgroup's quota and throttling counters to the session's evidence.",
                read + "; cat -- " + ShellWords.quote(dir + "/cpu.stat"), false));
        unit.ifPresent(u -> steps.add(FixStep.evidence(subject, "Save what systemd holds for " + u + ".",
                ShellWords.command("systemctl", "show", "-p", "CPUQuotaPerSecUSec", "-p", "ControlGroup", "--", u), false)));
        Check before = new Check(read, oldState, "the quota is still " + oldState + ", the one this plan was made from");
        Check after = new Check(read, newState, "the quota is still " + newState + ", the one this fix set");
        steps.add(FixStep.change(subject, "Set the CPU quota of " + who + " to " + percent + "% of a CPU.",
                unit.map(u -> ShellWords.command("systemctl", "set-property", "--runtime", "--", u, "CPUQuota=" + percent + "%"))
                        .orElse(write(quotaFile, newState)), before, true));
        steps.add(FixStep.verify(subject, "Read the quota back: " + newShare + " of a CPU.", share, newShare));

        List<FixStep> rollback = new ArrayList<>();
        rollback.add(FixStep.change(subject, "Put the CPU quota of " + who + " back to " + oldWords + "% of a CPU.",
                unit.map(u -> ShellWords.command("systemctl", "set-property", "--runtime", "--", u, "CPUQuota=" + oldWords + "%"))
                        .orElse(write(quotaFile, oldState)), after, true));
        rollback.add(FixStep.verify(subject, "Read the quota back: " + oldShare + " of a CPU again.", share, oldShare));
        return new FixPlan(RAISE, "Raise the CPU quota of " + who,
                List.of(new Change(c.quotaFile() + " of " + c.path(), oldState, newState)), summary, steps, rollback);
    }

    private static String write(String file, String value) {
        return "echo " + ShellWords.quote(value) + " > " + ShellWords.quote(file);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
