package io.bedside.model.sockets;

import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import io.bedside.model.fix.FixStep.Check;
import io.bedside.model.fix.FixStep.Kind;
import io.bedside.model.fix.ProcessGuard;
import io.bedside.model.fix.ShellWords;
import io.bedside.model.fix.UnitNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The socket playbook's fixes as plans (pure data; nothing here touches a host).
 *
 * <ul>
 *   <li>{@value #PIPE_DRAIN}: start a background {@code cat} that reads the blocked pipe through
 *       /proc/PID/fd/FD into a file, which unblocks the writers without a restart; stopping it is
 *       the rollback.</li>
 *   <li>{@value #SIGNAL}: send a signal by name, never by number (USR1 is 10 on x86 and arm, 30 on
 *       alpha and sparc, 16 on mips: seed 004's {@code kill -30} killed the service it meant to
 *       ask for a thread dump); or TERM, a wait, then KILL.</li>
 *   <li>{@value #RESTART_UNIT}: {@code systemctl restart} the unit the process runs in.</li>
 * </ul>
 * Every change is re-checked right before it runs against the process's start time (clock ticks
 * after boot, /proc/PID/stat field 22), so a pid that now names another process is left alone.
 * Signals and restarts never reach pid 1, a kernel thread, Bedside's own probe or the processes it
 * runs under (its shell, sudo, the session's sshd): refused when planned ({@link ProcessGuard}),
 * and re-checked on the host by the step's own shell right before the change. Operands reach the
 * shell through {@link ShellWords}; unit names are checked as systemd checks them
 * ({@link UnitNames}) and follow {@code --}. {@code kill} gets no {@code --}: busybox's kill
 * rejects it after {@code -s NAME} (exit 1), and its operand is a positive decimal pid, never an
 * option. Commands assume a POSIX shell, sed, cut, tr and awk on the host.
 */
public final class SocketFixPlans {
    public static final String PIPE_DRAIN = "proc.pipe.drain";
    public static final String SIGNAL = "proc.signal";
    public static final String RESTART_UNIT = "proc.restart-unit";
    /** Where drained output goes: kept across reboots and not cleaned within the hour like /tmp can be. */
    public static final String DRAIN_DIR = "/var/tmp";

    /** Signals that end a process by design: their plan does not ask for a handler. */
    private static final Set<String> ENDING = Set.of("TERM", "KILL", "INT");
    /** Signals whose default action is to ignore, stop or continue: harmless without a handler. */
    private static final Set<String> HARMLESS = Set.of("CHLD", "CONT", "URG", "WINCH", "STOP", "TSTP", "TTIN", "TTOU");
    /** Names every Linux architecture has (POLL is IO's other name; STKFLT is x86/arm only but named). */
    private static final Set<String> NAMES = Set.of("HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1",
            "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU",
            "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "POLL", "PWR", "SYS");
    private static final String WRITE_WCHANS = "pipe_write|anon_pipe_write|fifo_pipe_write|pipe_wait_writable|pipe_wait";

    /** The fix ids, in the order a finding offers them. */
    public static final List<String> IDS = List.of(PIPE_DRAIN, SIGNAL, RESTART_UNIT);

    private SocketFixPlans() {
    }

    /**
     * A plan from a fix id and the operator's {@code key=value} choices (the same in the window and in
     * {@code bedside fix}), against the sample the findings came from:
     * <ul>
     *   <li>{@value #PIPE_DRAIN}: {@code pid=N} and {@code fd=N} (default: the one fd its threads are blocked on)</li>
     *   <li>{@value #SIGNAL}: {@code pid=N signal=NAME}; {@code signal=TERM kill-after=S} for TERM, a wait, then KILL</li>
     *   <li>{@value #RESTART_UNIT}: {@code unit=NAME.service}, or {@code pid=N} for the unit its sockets' cgroup names</li>
     * </ul>
     *
     * @throws IllegalArgumentException with one sentence when the fix does not apply or a choice is invalid
     */
    public static FixPlan plan(String fixId, SocketSnapshot s, Map<String, String> params) {
        return plan(fixId, s, params, ProcessGuard.basic());
    }

    /**
     * {@link #plan(String, SocketSnapshot, Map)} with what the whole sample knows of the processes
     * no fix may signal or restart.
     *
     * @param guard the probe, its ancestors and the kernel threads of the sample
     */
    public static FixPlan plan(String fixId, SocketSnapshot s, Map<String, String> params, ProcessGuard guard) {
        switch (fixId) {
            case PIPE_DRAIN -> {
                int pid = number(params, "pid");
                if (params.containsKey("fd")) {
                    return drainPipe(s, pid, number(params, "fd"));
                }
                List<BlockedPipe> mine = s.blockedPipes().stream().filter(b -> b.pid() == pid && b.fd().isPresent()).toList();
                if (mine.size() != 1) {
                    throw new IllegalArgumentException(mine.isEmpty() ? "No thread of pid " + pid + " is blocked writing to a pipe in this sample."
                            : "Threads of pid " + pid + " are blocked on " + mine.size() + " fds; choose one with fd=N.");
                }
                return drainPipe(s, pid, mine.get(0).fd().getAsInt());
            }
            case SIGNAL -> {
                int pid = number(params, "pid");
                String signal = params.get("signal");
                if (signal == null) {
                    throw new IllegalArgumentException("Choose a signal by name: signal=USR1, signal=TERM ...");
                }
                guard.checkProcess(pid, comm(s, pid));
                long start = s.fds().get().flatMap(t -> t.process(pid)).flatMap(p -> p.startTime().isPresent()
                        ? Optional.of(p.startTime().getAsLong()) : Optional.empty())
                        .orElseThrow(() -> new IllegalArgumentException("Pid " + pid + " is not in this sample (or its start time"
                                + " was not read), so it could not be re-checked before the signal."));
                if (params.containsKey("kill-after")) {
                    if (!signalName(signal).equals("TERM")) {
                        throw new IllegalArgumentException("kill-after goes with signal=TERM only.");
                    }
                    return terminate(pid, start, number(params, "kill-after"));
                }
                return signal(pid, start, signal);
            }
            case RESTART_UNIT -> {
                if (params.containsKey("unit")) {
                    String unit = UnitNames.requireService(params.get("unit"));
                    guard.checkUnit(unit);
                    return restartUnit(unit);
                }
                int pid = number(params, "pid");
                guard.checkProcess(pid, comm(s, pid));
                String unit = s.unit(pid).orElseThrow(() -> new IllegalArgumentException("The systemd unit of pid " + pid
                        + " is not known (its sockets' cgroup names none); choose it with unit=NAME.service."));
                guard.checkUnit(unit);
                return restartUnit(unit);
            }
            default -> throw new IllegalArgumentException("There is no fix called '" + fixId + "'; socket fixes: "
                    + String.join(", ", IDS) + ".");
        }
    }

    private static String comm(SocketSnapshot s, int pid) {
        return s.fds().get().flatMap(t -> t.process(pid)).map(ProcessFds::comm).orElse("");
    }

    private static int number(Map<String, String> params, String key) {
        String v = params.get(key);
        if (v == null) {
            throw new IllegalArgumentException(key + "=N is required.");
        }
        if (!Fields.digits(v.trim(), 9)) {
            throw new IllegalArgumentException(key + "=" + v + " is not a number.");
        }
        return Integer.parseInt(v.trim());
    }

    public static String drainLog(int pid, int fd) {
        return DRAIN_DIR + "/bedside-drain-" + pid + "-" + fd + ".log";
    }

    public static String drainPidFile(int pid, int fd) {
        return DRAIN_DIR + "/bedside-drain-" + pid + "-" + fd + ".pid";
    }

    // ------------------------------------------------------------------ drain

    /**
     * Plans the drain of what a sample shows blocked: the threads of {@code pid} blocked writing to
     * {@code fd}.
     *
     * @throws IllegalArgumentException when the sample shows no thread of pid blocked on that fd, or
     *                                  the process's start time is not known
     */
    public static FixPlan drainPipe(SocketSnapshot s, int pid, int fd) {
        BlockedPipe b = s.blockedPipes().stream()
                .filter(x -> x.pid() == pid && x.fd().isPresent() && x.fd().getAsInt() == fd).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No thread of pid " + pid + " is blocked writing to fd " + fd
                        + " in this sample; there is nothing to drain."));
        PipeId pipe = b.pipe().orElseThrow(() -> new IllegalArgumentException("fd " + fd + " of pid " + pid + " is not a pipe or FIFO."));
        long start = b.startTime().orElseThrow(() -> new IllegalArgumentException("The start time of pid " + pid
                + " is not known, so it could not be re-checked before the change."));
        int closeWait = SocketRules.closeWaitOf(s, pid).size();
        return drainPipe(pid, start, fd, pipe, b.ends().map(PipeEnds::readers).orElse(List.of()),
                b.threads().stream().map(ThreadInfo::tid).toList(), closeWait);
    }

    /**
     * Starts a background reader of the blocked pipe:
     * {@code nohup sh -c 'echo $$ > /var/tmp/bedside-drain-PID-FD.pid; exec cat /proc/PID/fd/FD >> /var/tmp/bedside-drain-PID-FD.log'}.
     * Opening /proc/PID/fd/FD opens the very pipe (or FIFO) the process writes to, so the writers
     * get room again without a restart. Re-checked before: the fd still links to the same pipe,
     * the process has the same start time and no drain of it runs. Verified after: the drainer
     * runs, the blocked threads left the pipe write, and (when there were any) the process's
     * CLOSE_WAIT sockets fall. Rollback: stop the drainer by its recorded pid.
     *
     * @param pid         the writer
     * @param startTime   its start time (clock ticks after boot) from the sample
     * @param fd          the fd its threads are blocked on (2 for stderr)
     * @param pipe        the pipe that fd was in the sample
     * @param readers     who held the read end in the sample (shown; may be empty)
     * @param blockedTids the threads that were blocked
     * @param closeWait   the process's CLOSE_WAIT sockets in the sample (0: that verify is left out)
     */
    public static FixPlan drainPipe(int pid, long startTime, int fd, PipeId pipe, List<PipeEnd> readers,
                                    List<Integer> blockedTids, int closeWait) {
        positive(pid, "pid");
        if (fd < 0) {
            throw new IllegalArgumentException("fd " + fd + " is not an fd");
        }
        if (blockedTids.isEmpty()) {
            throw new IllegalArgumentException("no blocked threads were given");
        }
        String src = "/proc/" + pid + "/fd/" + fd;
        String log = drainLog(pid, fd);
        String pidFile = drainPidFile(pid, fd);
        String subject = "pid " + pid + " fd " + fd;
        String link = pipe instanceof PipeId.Anonymous a ? "pipe:[" + a.inode() + "]" : pipe.text();
        List<String> summary = new ArrayList<>();
        summary.add("Drain " + (pipe instanceof PipeId.Fifo ? "FIFO " : "") + pipe.text() + ", fd " + fd + " of pid " + pid
                + ", into " + log + ":");
        String drainer = ShellWords.command("nohup", "sh", "-c", "echo $$ > " + pidFile + "; exec cat " + src + " >> " + log);
        summary.add("  " + drainer + " >/dev/null 2>&1 &");
        summary.add(blockedTids.size() + " thread" + (blockedTids.size() == 1 ? " is" : "s are") + " blocked writing to it; "
                + (readers.isEmpty() ? "no process holds its read end"
                : "the read end is held by " + String.join(", ", readers.stream().map(r -> r.pid() + " (" + r.comm()
                        + r.state().map(st -> ", state " + st).orElse("") + ")").toList()) + ", which does not read it") + ".");
        summary.add("What the process writes there from now on goes to " + log + " (mode 600): it grows until the drain is"
                + " stopped, so watch the disk. Stopping the drain (the rollback) lets the pipe fill up again.");
        summary.add("The cause stays: restart the service with its output going to a file or journald, not to a pipe"
                + " nobody reads.");

        List<FixStep> steps = new ArrayList<>();
        steps.add(FixStep.evidence(subject, "Save where fd " + fd + " of pid " + pid + " points and where each of its threads sleeps.",
                "ls -l " + src + "; for t in /proc/" + pid + "/task/*; do printf '%s %s\\n' \"${t##*/}\" \"$(cat \"$t/wchan\" 2>/dev/null)\"; done",
                true));
        Check check = new Check(drainState(pid, fd), "link=" + link + " start=" + startTime + " drain=none",
                "fd " + fd + " of pid " + pid + " still is " + pipe.text() + ", the process has the same start time ("
                        + startTime + ") and no drain of it runs");
        steps.add(FixStep.change(subject, "Start draining " + pipe.text() + " into " + log + " in the background.",
                "umask 077; " + drainer + " >/dev/null 2>&1 &",
                check, true));
        steps.add(new FixStep(Kind.VERIFY, subject, "The drainer runs: `cat " + src + "`.",
                "sleep 1; p=$(cat " + pidFile + " 2>/dev/null); tr '\\0' ' ' < /proc/$p/cmdline 2>/dev/null | sed 's/ $//'",
                Optional.empty(), Optional.of("cat " + src), Optional.empty(), true, false));
        String tids = String.join(" ", blockedTids.stream().map(String::valueOf).toList());
        steps.add(new FixStep(Kind.VERIFY, subject, "The " + blockedTids.size() + " blocked thread" + (blockedTids.size() == 1 ? "" : "s")
                + " moved on: none sleeps in a pipe write any more.",
                "sleep 2; if ! readlink " + src + " >/dev/null 2>&1; then echo 'pid " + pid + " cannot be inspected'; else n=0;"
                        + " for t in " + tids + "; do case $(cat /proc/" + pid + "/task/$t/wchan 2>/dev/null) in " + WRITE_WCHANS
                        + ") n=$((n + 1));; esac; done; echo \"blocked=$n\"; fi",
                Optional.empty(), Optional.of("blocked=0"), Optional.empty(), true, false));
        if (closeWait > 0) {
            steps.add(new FixStep(Kind.VERIFY, subject, "Its CLOSE_WAIT sockets fall below the " + closeWait + " of the sample"
                    + " (waits up to 15 s).", closeWaitFalls(pid, closeWait),
                    Optional.empty(), Optional.of("falling"), Optional.empty(), true, false));
        }
        List<FixStep> rollback = new ArrayList<>();
        rollback.add(FixStep.change(subject, "Stop the drainer (its pid is in " + pidFile + "); " + log + " is kept.",
                "p=$(cat " + pidFile + " 2>/dev/null); case $p in ''|*[!0-9]*) echo \"no drainer pid in " + pidFile
                        + "\" >&2; exit 1;; esac; [ \"$p\" -gt 1 ] && kill -s TERM \"$p\"",
                new Check("p=$(cat " + pidFile + " 2>/dev/null); tr '\\0' ' ' < /proc/$p/cmdline 2>/dev/null | sed 's/ $//'",
                        "cat " + src, "the pid in " + pidFile + " is still the drainer of " + src),
                true));
        rollback.add(new FixStep(Kind.VERIFY, subject, "The drainer is gone.",
                "sleep 1; p=$(cat " + pidFile + " 2>/dev/null); if [ -n \"$p\" ] && [ \"$(tr '\\0' ' ' < /proc/$p/cmdline 2>/dev/null)\" = 'cat "
                        + src + " ' ]; then echo \"the drainer $p still runs\"; fi",
                Optional.empty(), Optional.of(""), Optional.empty(), true, false));
        return new FixPlan(PIPE_DRAIN, "Drain the pipe the process is blocked writing to", summary, steps, rollback);
    }

    /** Prints {@code link=pipe:[N] start=TICKS drain=none|running} for the re-check before a drain. */
    static String drainState(int pid, int fd) {
        String pidFile = drainPidFile(pid, fd);
        return "printf 'link=%s start=%s drain=%s\\n' \"$(readlink /proc/" + pid + "/fd/" + fd + " 2>/dev/null)\" \"$("
                + startTime(pid) + ")\" \"$(p=$(cat " + pidFile + " 2>/dev/null); if [ -n \"$p\" ] && tr '\\0' ' ' < /proc/$p/cmdline"
                + " 2>/dev/null | grep -q 'cat /proc/" + pid + "/fd/" + fd + "'; then echo running; else echo none; fi)\"";
    }

    /**
     * Prints the process's start time, field 22 of /proc/PID/stat (after the last ")": field 20).
     * The file is read whole, its lines joined: the name before it may hold a newline (kernel 6.x
     * prints it raw there), which cut a per-line sed at the wrong place.
     */
    static String startTime(int pid) {
        return "awk '{ s = s $0 \" \" } END { sub(/.*\\) /, \"\", s); split(s, f, \" \"); print f[20] }' /proc/" + pid + "/stat 2>/dev/null";
    }

    /** Counts the pid's CLOSE_WAIT sockets from /proc/net/tcp{,6} by inode, until fewer than before or 15 s. */
    static String closeWaitFalls(int pid, int before) {
        String count = "{ ls -l /proc/" + pid + "/fd 2>/dev/null | sed -n 's/.*socket:\\[\\([0-9]*\\)\\]$/\\1/p'; echo --;"
                + " cat /proc/net/tcp /proc/net/tcp6 2>/dev/null; } | awk '$1 == \"--\" { t = 1; next } !t { s[$1] = 1; next }"
                + " $4 == \"08\" && ($10 in s) { n++ } END { print n + 0 }'";
        return "i=0; while :; do n=$(" + count + "); [ \"$n\" -lt " + before + " ] && break; i=$((i + 1));"
                + " [ $i -ge 15 ] && break; sleep 1; done; if [ \"$n\" -lt " + before + " ]; then echo falling; else echo \"still $n\"; fi";
    }

    // ------------------------------------------------------------------ signals

    /**
     * The canonical name of a signal ({@code USR1} for {@code usr1}, {@code SIGUSR1}).
     *
     * @throws IllegalArgumentException for a number ({@code 10}, {@code -10}, {@code SIG10}) or an unknown name
     */
    public static String signalName(String signal) {
        String s = signal == null ? "" : signal.trim().toUpperCase(Locale.ROOT);
        if (s.startsWith("-")) {
            s = s.substring(1);
        }
        if (s.startsWith("SIG")) {
            s = s.substring(3);
        }
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit) || s.startsWith("RTMIN") || s.startsWith("RTMAX")) {
            throw new IllegalArgumentException("Signals are sent by name, never by number: '" + signal + "' is refused."
                    + " Numbers differ by architecture (USR1 is 10 on x86 and arm, 30 on alpha and sparc, 16 on mips);"
                    + " real-time signals are numbers in disguise.");
        }
        if (!NAMES.contains(s)) {
            throw new IllegalArgumentException("'" + signal + "' is not a signal name; known: " + String.join(" ",
                    NAMES.stream().sorted().toList()) + ".");
        }
        return s;
    }

    /**
     * Sends one signal by name: {@code kill -s NAME PID}. Re-checked before: the process has the
     * same start time, and for a signal whose default action ends the process (USR1, QUIT, HUP ...)
     * that it has a handler for it (SigCgt in /proc/PID/status, the bit looked up on the host by
     * name with {@code kill -l}). Verified after: TERM, KILL and INT: the process is gone within
     * 10 s; any other: it still runs.
     *
     * @param startTime the process's start time (clock ticks after boot) from the sample
     * @param signal    a name: {@code USR1}, {@code SIGUSR1}, {@code usr1}; a number is refused
     * @throws IllegalArgumentException for a number or unknown name
     */
    public static FixPlan signal(int pid, long startTime, String signal) {
        positive(pid, "pid");
        ProcessGuard.basic().checkProcess(pid, "");
        String name = signalName(signal);
        String subject = "pid " + pid;
        List<String> summary = new ArrayList<>();
        summary.add(kill(name, pid) + "    # by name: the host's own number for " + name + " is used");
        boolean ending = ENDING.contains(name);
        boolean harmless = HARMLESS.contains(name);
        if (ending) {
            summary.add(name + " ends the process" + (name.equals("KILL") ? " at once, without its cleanup (seed 001: the IPC"
                    + " objects of processes killed with -9 leaked)." : " unless it handles " + name + "."));
        } else if (!harmless) {
            summary.add("Without a handler " + name + " ends the process (seed 004: `kill -30` meant USR1 on another"
                    + " architecture and killed the service), so it is sent only if the process catches it.");
        }
        List<FixStep> steps = new ArrayList<>();
        steps.add(FixStep.evidence(subject, "Show the host's architecture and its number for " + name + ".",
                "printf 'machine=%s %s=%s\\n' \"$(uname -m)\" " + ShellWords.quote(name) + " \"$(" + ShellWords.command("env", "kill", "-l", name)
                        + " 2>/dev/null || echo '?')\"", false));
        steps.add(FixStep.evidence(subject, "Save the process's name, state and signal masks.",
                "grep -E '^(Name|State|SigBlk|SigIgn|SigCgt):' /proc/" + pid + "/status", false));
        boolean needCatch = !ending && !harmless;
        Check check = needCatch
                ? new Check(caughtState(pid, name), "start=" + startTime + " caught=yes guard=ok", "pid " + pid + " is the same process"
                        + " (start time " + startTime + "), has a handler for " + name + ", and is not init, a kernel thread or"
                        + " a process Bedside's session runs under")
                : sameProcess(pid, startTime, "");
        steps.add(FixStep.change(subject, "Send " + name + " to pid " + pid + ".", kill(name, pid), check, true));
        if (ending) {
            steps.add(new FixStep(Kind.VERIFY, subject, "The process is gone (waits up to 10 s).", gone(pid, startTime, 10),
                    Optional.empty(), Optional.of("gone"), Optional.empty(), false, false));
        } else {
            steps.add(FixStep.verify(subject, "The process still runs.",
                    "sleep 1; printf 'start=%s\\n' \"$(" + startTime(pid) + ")\"", "start=" + startTime));
        }
        return new FixPlan(SIGNAL, "Send " + name + " to pid " + pid, summary, steps, List.of());
    }

    /**
     * TERM, a wait, then KILL: {@code kill -s TERM PID}; if the same process still runs
     * {@code waitSeconds} later, {@code kill -s KILL PID}. The KILL step's re-check is that wait,
     * so a process that ended on TERM is not killed again (nor a new one with its pid).
     */
    public static FixPlan terminate(int pid, long startTime, int waitSeconds) {
        positive(pid, "pid");
        ProcessGuard.basic().checkProcess(pid, "");
        if (waitSeconds < 1 || waitSeconds > 600) {
            throw new IllegalArgumentException("the wait must be 1..600 s");
        }
        String subject = "pid " + pid;
        List<String> summary = List.of(kill("TERM", pid) + "; after " + waitSeconds + " s, if it still runs: " + kill("KILL", pid),
                "KILL skips the process's own cleanup (seed 001: the IPC objects of processes killed with -9 leaked).");
        List<FixStep> steps = new ArrayList<>();
        steps.add(FixStep.evidence(subject, "Save the process's name, state and signal masks.",
                "grep -E '^(Name|State|SigBlk|SigIgn|SigCgt):' /proc/" + pid + "/status", false));
        steps.add(FixStep.change(subject, "Send TERM to pid " + pid + ".", kill("TERM", pid), sameProcess(pid, startTime, ""), true));
        Check waited = sameProcess(pid, startTime, "i=0; while [ $i -lt " + waitSeconds + " ] && [ \"$(" + startTime(pid) + ")\" = "
                + startTime + " ]; do sleep 1; i=$((i + 1)); done; ");
        steps.add(FixStep.change(subject, "Send KILL to pid " + pid + " if it still runs " + waitSeconds + " s after TERM.",
                kill("KILL", pid), new Check(waited.command(), waited.expectedOutput(),
                        "the same process still runs " + waitSeconds + " s after TERM, and is not init, a kernel thread or"
                                + " a process Bedside's session runs under"), true));
        steps.add(new FixStep(Kind.VERIFY, subject, "The process is gone (waits up to 10 s).", gone(pid, startTime, 10),
                Optional.empty(), Optional.of("gone"), Optional.empty(), false, false));
        return new FixPlan(SIGNAL, "End pid " + pid + ": TERM, then KILL", summary, steps, List.of());
    }

    /** {@code kill -s NAME PID}. */
    static String kill(String name, int pid) {
        return ShellWords.command("kill", "-s", name, Integer.toString(pid));
    }

    /**
     * The re-check before a signal: prints {@code start=TICKS guard=ok} when pid is the same
     * process and not one a fix may never signal (see {@link ProcessGuard#hostCheck}).
     *
     * @param before shell run first (a wait), or empty
     */
    static Check sameProcess(int pid, long startTime, String before) {
        return new Check(before + ProcessGuard.hostCheck(pid) + " printf 'start=%s guard=%s\\n' \"$(" + startTime(pid) + ")\" \"$bg_g\"",
                "start=" + startTime + " guard=ok", "pid " + pid + " is the same process (start time " + startTime
                + ") and not init, a kernel thread or a process Bedside's session runs under");
    }

    /** Prints {@code start=TICKS caught=yes|no|unknown guard=ok|...}: whether the signal's bit is set in SigCgt, and the guard. */
    static String caughtState(int pid, String name) {
        return ProcessGuard.hostCheck(pid) + " n=$(" + ShellWords.command("env", "kill", "-l", name) + " 2>/dev/null); m=$(sed -n 's/^SigCgt:[[:space:]]*//p' /proc/" + pid + "/status 2>/dev/null);"
                + " c=unknown; case $n in ''|*[!0-9]*) ;; *) case $m in ????????????????) d=$(printf '%s' \"$m\" | cut -c$((16 - (n - 1) / 4)));"
                + " case $d in [0-9a-fA-F]) if [ $(( (0x$d >> ((n - 1) % 4)) & 1 )) = 1 ]; then c=yes; else c=no; fi;; esac;; esac;; esac;"
                + " printf 'start=%s caught=%s guard=%s\\n' \"$(" + startTime(pid) + ")\" \"$c\" \"$bg_g\"";
    }

    private static String gone(int pid, long startTime, int seconds) {
        return "i=0; while [ $i -lt " + seconds + " ] && [ \"$(" + startTime(pid) + ")\" = " + startTime
                + " ]; do sleep 1; i=$((i + 1)); done; if [ \"$(" + startTime(pid) + ")\" = " + startTime
                + " ]; then echo 'still running'; else echo gone; fi";
    }

    // ------------------------------------------------------------------ restart

    /**
     * {@code systemctl restart UNIT}: re-checked before (systemd knows the unit), verified after
     * ({@code systemctl is-active} says active). Not reversible.
     *
     * @throws IllegalArgumentException when the name is not a service unit's
     */
    public static FixPlan restartUnit(String unit) {
        UnitNames.requireService(unit);
        String subject = "unit " + unit;
        String restart = ShellWords.command("systemctl", "restart", "--", unit);
        List<String> summary = List.of(restart,
                "Every process of the unit is stopped and started again; connections they hold are dropped.");
        List<FixStep> steps = new ArrayList<>();
        steps.add(FixStep.evidence(subject, "Save the unit's status.", ShellWords.command("systemctl", "status", "--no-pager",
                "--lines=20", "--", unit) + " 2>&1 || true", false));
        steps.add(FixStep.change(subject, "Restart " + unit + ".", restart,
                new Check(ShellWords.command("systemctl", "show", "-p", "LoadState", "--", unit) + "; " + ProcessGuard.hostUnitCheck(unit)
                        + " printf 'guard=%s\\n' \"$bg_g\"", "LoadState=loaded\nguard=ok",
                        "systemd knows " + unit + " and Bedside's own session does not run in it"), true));
        steps.add(FixStep.verify(subject, unit + " is active again.", "sleep 2; " + ShellWords.command("systemctl", "is-active", "--", unit),
                "active"));
        return new FixPlan(RESTART_UNIT, "Restart " + unit, summary, steps, List.of());
    }

    /** Whether {@code unit} is a service unit's name as systemd checks it (see {@link UnitNames}). */
    static boolean validUnit(String unit) {
        return UnitNames.validService(unit);
    }

    private static void positive(int pid, String what) {
        if (pid <= 0) {
            throw new IllegalArgumentException(what + " " + pid + " is not a process");
        }
    }
}
