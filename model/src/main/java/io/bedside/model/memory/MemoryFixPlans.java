package io.bedside.model.memory;

import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import io.bedside.model.fix.FixStep.Check;
import io.bedside.model.fix.FixStep.FileContent;
import io.bedside.model.fix.FixStep.Kind;
import io.bedside.model.fix.ShellWords;
import io.bedside.model.fix.UnitNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The memory playbook's fix as a plan (pure data; nothing here touches a host):
 * {@value #PROTECT} sets a process's oom_score_adj so the OOM killer takes it later (or never).
 *
 * <p>The process is named by pid, and a pid can be reused: between the sample and the change the
 * process may have exited and another taken its number. So the change is guarded by a re-check of
 * the pid's start time (field 22 of /proc/PID/stat, counted after the <em>last</em> {@code )}, since
 * a name may hold {@code )} and spaces), its name and its current oom_score_adj; a process that
 * is not the one planned for is skipped with the reason.
 *
 * <p>Commands assume a POSIX shell on the host; persisting needs systemd. The unit name is checked as
 * systemd checks it ({@link UnitNames}; never with a leading {@code -}) and reaches the shell
 * through {@link ShellWords}, after {@code --} where the command takes one: systemd's escapes
 * ({@code foo\x2dbar.service}) hold a backslash.
 */
public final class MemoryFixPlans {
    public static final String PROTECT = "mem.oom.protect";
    /** The value offered by default: much less likely to be killed, but still killable. */
    public static final int DEFAULT_ADJ = -500;
    /** The drop-in's file name inside {@code /etc/systemd/system/UNIT.d/}. */
    public static final String DROP_IN = "90-bedside-oom.conf";

    private MemoryFixPlans() {
    }

    /** {@link #protect(ProcessMemory, int, Optional)} with {@value #DEFAULT_ADJ} and the process's own unit. */
    public static FixPlan protect(ProcessMemory p) {
        return protect(p, DEFAULT_ADJ, p.unit());
    }

    /**
     * Steps, all about {@code pid N}: save oom_score_adj and stat to the evidence; re-check that pid N
     * is still the same process (start time, name) with the same oom_score_adj, then
     * {@code echo ADJ > /proc/N/oom_score_adj}; read it back. With a unit, optional steps (subject
     * {@code unit UNIT}) write {@code /etc/systemd/system/UNIT.d/90-bedside-oom.conf} with
     * {@code OOMScoreAdjust=ADJ}, so the value survives a restart, and run {@code systemctl daemon-reload}.
     * Rollback puts the old value back (same re-check) and removes the drop-in if it is still Bedside's.
     *
     * @param p    the process, from the sample (its start time and old oom_score_adj must be known)
     * @param adj  the new oom_score_adj, -1000..1000 (-1000: the OOM killer never kills it)
     * @param unit the systemd service to persist it for, when the operator wants that
     * @throws IllegalArgumentException when adj is out of range, the old value is not known, the process
     *                                  is a zombie, or the unit name is not a plain service name
     */
    public static FixPlan protect(ProcessMemory p, int adj, Optional<String> unit) {
        if (adj < -1000 || adj > 1000) {
            throw new IllegalArgumentException("oom_score_adj must be -1000..1000, not " + adj + ".");
        }
        if (p.oomScoreAdj().isEmpty()) {
            throw new IllegalArgumentException("The current oom_score_adj of pid " + p.pid() + " is not known,"
                    + " so it could not be put back; read the process again first.");
        }
        if (p.zombie()) {
            throw new IllegalArgumentException("pid " + p.pid() + " (" + p.comm() + ") has exited (state " + p.state()
                    + "); there is nothing to protect.");
        }
        unit.ifPresent(UnitNames::requireService);
        int old = p.oomScoreAdj().getAsInt();
        int pid = p.pid();
        String subject = "pid " + pid;
        String proc = "/proc/" + pid;
        List<String> summary = new ArrayList<>();
        summary.add("pid " + pid + " (" + p.comm() + "): oom_score_adj " + old + " -> " + adj
                + p.oomScore().stream().mapToObj(s -> " (oom_score now " + s + ")").findFirst().orElse(""));
        if (adj == -1000) {
            summary.add("Warning: -1000 means the OOM killer never kills this process. If it is the one that runs the"
                    + " host out of memory, the kernel kills everything else first, and may panic or hang.");
        } else if (adj < 0) {
            summary.add("The OOM killer will prefer other processes; it can still kill this one when nothing else frees enough.");
        } else if (adj > old) {
            summary.add("This makes the process more likely to be killed, not less.");
        }
        if (adj == old) {
            summary.add("oom_score_adj is already " + adj + "; only the read-back" + (unit.isPresent() ? " and the drop-in" : "")
                    + " will change anything.");
        }
        summary.add("pid " + pid + " is re-checked right before the change (start time " + p.startTicks() + ", name, old value)"
                + " and skipped, with the reason, if it exited or its number now belongs to another process.");

        List<FixStep> steps = new ArrayList<>();
        steps.add(FixStep.evidence(subject, "Save the current oom_score_adj of pid " + pid + " to the session's evidence.",
                "cat " + proc + "/oom_score_adj", false));
        steps.add(FixStep.evidence(subject, "Save /proc/" + pid + "/stat (its start time is field 22) to the session's evidence.",
                "cat " + proc + "/stat", false));
        steps.add(FixStep.change(subject, "Set the oom_score_adj of pid " + pid + " (" + p.comm() + ") to " + adj + ".",
                "echo " + adj + " > " + proc + "/oom_score_adj", recheck(p, old), true));
        steps.add(FixStep.verify(subject, "pid " + pid + " now has oom_score_adj " + adj + ".",
                "cat " + proc + "/oom_score_adj", Integer.toString(adj)));

        List<FixStep> rollback = new ArrayList<>();
        rollback.add(FixStep.change(subject, "Put the oom_score_adj of pid " + pid + " back to " + old + ".",
                "echo " + old + " > " + proc + "/oom_score_adj", recheck(p, adj), true));
        rollback.add(FixStep.verify(subject, "pid " + pid + " has oom_score_adj " + old + " again.",
                "cat " + proc + "/oom_score_adj", Integer.toString(old)));

        if (unit.isPresent()) {
            String u = unit.get();
            String dir = "/etc/systemd/system/" + u + ".d";
            String file = dir + "/" + DROP_IN;
            String qDir = ShellWords.quote(dir);
            String qFile = ShellWords.quote(file);
            String loadState = ShellWords.command("systemctl", "show", "-p", "LoadState", "--", u);
            String content = "[Service]\nOOMScoreAdjust=" + adj + "\n";
            String unitSubject = "unit " + u;
            summary.add("Optional: keep it across restarts of " + u + " with " + file + " (OOMScoreAdjust=" + adj
                    + ") and systemctl daemon-reload; it applies from the unit's next start.");
            steps.add(new FixStep(Kind.CHANGE, unitSubject, "Write " + file + " so that " + u + " starts with oom_score_adj "
                    + adj + ".", ShellWords.command("mkdir", "-p", "--", dir) + " && printf '[Service]\\nOOMScoreAdjust=%s\\n' " + adj + " > " + qFile,
                    Optional.of(new Check(loadState + "; if [ -e " + qFile + " ]; then echo drop-in=present;"
                            + " else echo drop-in=absent; fi", "LoadState=loaded\ndrop-in=absent",
                            u + " is a loaded unit and has no Bedside drop-in yet (an existing one is left alone)")),
                    Optional.empty(), Optional.of(new FileContent(file, content)), true, true));
            steps.add(new FixStep(Kind.CHANGE, unitSubject, "Make systemd read the new drop-in.", "systemctl daemon-reload",
                    Optional.of(dropInCheck(file, content, adj)), Optional.empty(), Optional.empty(), true, true));
            steps.add(new FixStep(Kind.VERIFY, unitSubject, u + " has OOMScoreAdjust=" + adj + ".",
                    ShellWords.command("systemctl", "show", "-p", "OOMScoreAdjust", "--", u), Optional.empty(), Optional.of("OOMScoreAdjust=" + adj),
                    Optional.empty(), false, true));
            rollback.add(new FixStep(Kind.CHANGE, unitSubject, "Remove " + file + " and reload systemd.",
                    ShellWords.command("rm", "-f", "--", file) + " && " + ShellWords.command("rmdir", "--", dir) + " 2>/dev/null; systemctl daemon-reload",
                    Optional.of(dropInCheck(file, content, adj)), Optional.empty(), Optional.empty(), true, true));
        }
        return new FixPlan(PROTECT, "Protect " + p.comm() + " (pid " + pid + ") from the OOM killer", summary, steps, rollback);
    }

    /**
     * The re-check before writing oom_score_adj. It prints
     * {@code pid=N start=T comm=NAME adj=V}: the start time from /proc/N/stat after its last
     * {@code )}, the name from /proc/N/comm, the current value; {@code pid=N gone} when the process
     * has exited. A reused pid has another start time and does not match; a process that exec'd
     * another program has another name. Any name byte outside printable ASCII (ESC, CR, TAB,
     * UTF-8, bytes that are not UTF-8) is printed as {@code ?} by tr, so the check compares the
     * same thing on every host, whatever the name holds: {@link #checkedName}.
     */
    public static Check recheck(ProcessMemory p, int expectedAdj) {
        String proc = "/proc/" + p.pid();
        String cmd = "s=$(cat " + proc + "/stat 2>/dev/null); c=$(tr -c '\\040-\\176\\n' '?' 2>/dev/null < " + proc + "/comm);"
                + " a=$(cat " + proc + "/oom_score_adj 2>/dev/null);"
                + " if [ -z \"$s\" ]; then echo 'pid=" + p.pid() + " gone'; else r=${s##*)}; set -f; set -- $r;"
                + " printf '%s\\n' \"pid=" + p.pid() + " start=${20} comm=$c adj=$a\"; fi";
        String expected = "pid=" + p.pid() + " start=" + p.startTicks() + " comm=" + checkedName(p.comm()) + " adj=" + expectedAdj;
        return new Check(cmd, expected, "pid " + p.pid() + " is still " + p.comm() + ", started at tick " + p.startTicks()
                + " (not a new process that reused the pid), with oom_score_adj " + expectedAdj);
    }

    /**
     * A process name as the re-check prints it: the host's bytes, each outside printable ASCII
     * and newline shown as {@code ?}, trailing newlines dropped (the shell's $(...) drops them).
     */
    static String checkedName(String comm) {
        StringBuilder b = new StringBuilder();
        for (byte x : io.bedside.model.probe.WireText.bytes(comm)) {
            b.append((x >= 0x20 && x < 0x7f) || x == '\n' ? (char) x : '?');
        }
        int end = b.length();
        while (end > 0 && b.charAt(end - 1) == '\n') {
            end--;
        }
        return b.substring(0, end);
    }

    private static Check dropInCheck(String file, String content, int adj) {
        return new Check(ShellWords.command("cat", "--", file) + " 2>/dev/null || " + ShellWords.command("printf", "%s\\n", "(no " + file + ")"),
                content.substring(0, content.length() - 1),
                file + " is Bedside's drop-in with OOMScoreAdjust=" + adj);
    }

    /**
     * The plan for {@code bedside fix SOURCE mem.oom.protect pid=N [adj=-500] [unit=NAME.service|unit=none]}
     * from a sample's process table. Without {@code unit=}, the process's own service (if any) is offered.
     *
     * @throws IllegalArgumentException with one sentence when a parameter is missing or wrong or the pid is not in the table
     */
    public static FixPlan plan(MemorySnapshot memory, Map<String, String> params) {
        String pidText = params.get("pid");
        if (pidText == null || pidText.isBlank()) {
            throw new IllegalArgumentException("Say which process: pid=N.");
        }
        int pid;
        int adj;
        try {
            pid = Integer.parseInt(pidText.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("pid=" + pidText + " is not a number.");
        }
        try {
            adj = Integer.parseInt(params.getOrDefault("adj", Integer.toString(DEFAULT_ADJ)).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("adj=" + params.get("adj") + " is not a number (-1000..1000).");
        }
        ProcessMemoryTable table = memory.processes().get().orElseThrow(() -> new IllegalArgumentException(
                "The process table could not be read: " + memory.processes().describeAbsence() + "."));
        ProcessMemory p = table.pid(pid).orElseThrow(() -> new IllegalArgumentException(
                "There is no process " + pid + " in the sample; it may have exited."));
        String u = params.get("unit");
        Optional<String> unit = u == null ? p.unit() : u.equals("none") || u.isBlank() ? Optional.empty() : Optional.of(u);
        return protect(p, adj, unit);
    }
}
