package io.bedside.model.memory;

import io.bedside.model.memory.OomEvent.MemcgUsage;
import io.bedside.model.memory.OomEvent.Trigger;
import io.bedside.model.probe.ParseProblem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the OOM kills in kernel log lines (the probe's {@code kernel-log} section, or lines an
 * engineer pasted from {@code dmesg}, {@code journalctl -k} or /var/log/messages). Pure: lines in,
 * records out. Time stamps: see {@link LogStamps}. Messages understood, by kernel version:
 * <pre>
 * all      bs-trigger invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0
 *          CPU: 1 UID: 0 PID: 24611 Comm: bs-trigger Not tainted 6.18.44 #1      (3.10: "CPU: 14 PID: ...")
 *          memory: usage 65536kB, limit 65536kB, failcnt 0                       (memory cgroup OOMs)
 *          Memory cgroup stats for /bedside-oom:                                  (3.10: "...: cache:0KB rss:...")
 * 3.x-4.x  Task in /docker/4f1a killed as a result of limit of /docker/4f1a
 * to 5.0   Out of memory: Kill process 2603 (flasherav) score 761 or sacrifice child
 *          Memory cgroup out of memory: Kill process 18286 (java) score 933 or sacrifice child
 * 3.10     Killed process 2603 (flasherav) total-vm:1498536kB, anon-rss:721784kB, file-rss:4228kB
 * RHEL 7   Killed process 21945 (tidb-server), UID 1000, total-vm:33027492kB, anon-rss:31303276kB, file-rss:0kB, shmem-rss:0kB
 * 4.5+     Killed process 1234 (java) total-vm:..kB, anon-rss:..kB, file-rss:..kB, shmem-rss:..kB
 * 4.19+    oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice,task=java,pid=1234,uid=1000
 * 5.1+     Out of memory: Killed process 1234 (java) total-vm:..., shmem-rss:0kB
 *          Memory cgroup out of memory: Killed process 1234 (java) total-vm:...
 * 5.3+     ... shmem-rss:0kB, UID:0 pgtables:192kB oom_score_adj:0
 * 4.6+     oom_reaper: reaped process 1234 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB
 * </pre>
 * A name ({@code comm}) may hold spaces, commas and {@code )}: it is cut at the last {@code )}
 * before the fixed tail of each line. Each {@code Killed process} line ends one report; the lines
 * since the report began ({@code invoked oom-killer}) are its lines, including, when a whole dmesg
 * is read, the call trace, Mem-Info and task table between. Outside a report, a line that is none
 * of these is kept as unrecognized and reported as a problem, never guessed at.
 */
public final class KernelLogParser {
    public static final String SOURCE = "kernel-log";
    /**
     * A report longer than this many lines before its kill line is cut: its OOM lines beyond count as
     * other OOM lines, anything else beyond as unrecognized (a global OOM lists every task).
     */
    static final int MAX_REPORT = 2000;

    /** Hung-task and NFS lines the probe keeps for the processes playbook (io.bedside.model.procs.KernelHangParser). */
    private static final Pattern HUNG = Pattern.compile("^(?:INFO: task .{1,64}:\\d{1,10} blocked for more than \\d{1,12} seconds\\."
            + "|nfs: server \\S{1,255} not responding, (?:still trying|timed out))", Pattern.DOTALL);
    private static final Pattern INVOKED = Pattern.compile("^(.+) invoked oom-killer: (.*)\\z", Pattern.DOTALL);
    private static final Pattern GFP = Pattern.compile("gfp_mask=(\\S+?),", Pattern.DOTALL);
    private static final Pattern ORDER = Pattern.compile("order=(-?\\d{1,3})(?:,|$)", Pattern.DOTALL);
    private static final Pattern ADJ = Pattern.compile("oom_score_adj=(-?\\d{1,4})(?:,|$)", Pattern.DOTALL);
    private static final Pattern CPU = Pattern.compile("^CPU: \\d+ (?:UID: \\d+ )?PID: (\\d{1,10}) Comm: (.*)\\z", Pattern.DOTALL);
    /** 2.6.32's form of the CPU line: {@code Pid: 1205, comm: rsyslogd Not tainted 2.6.32-431.11.15.el6.x86_64 #1}. */
    private static final Pattern PID_COMM = Pattern.compile("^Pid: (\\d{1,10}), comm: (.*)\\z", Pattern.DOTALL);
    private static final Pattern CONSTRAINT = Pattern.compile("^oom-kill:constraint=([A-Z_]+),nodemask=(.*?),cpuset=(.*?),"
            + "mems_allowed=(.*?),(?:global_oom|oom_memcg=(.*?)),task_memcg=(.*?),task=(.*),pid=(\\d{1,10}),uid=(\\d{1,10})\\z", Pattern.DOTALL);
    private static final String PREFIX = "((?:Out of [Mm]emory|Memory cgroup out of memory)[^:]{0,64})";
    private static final Pattern SCORE = Pattern.compile("^" + PREFIX + ": [Kk]ill process (\\d{1,10}) \\((.*)\\) score (\\d{1,10}) or sacrifice child\\z", Pattern.DOTALL);
    /** 2.6.32 (RHEL/CentOS 6) and RHEL 7 before its backport moved it: {@code Killed process 28364, UID 0, (sh) total-vm:...}. */
    private static final Pattern KILLED = Pattern.compile("^(?:" + PREFIX + ": )?[Kk]illed process (\\d{1,10})(?:, UID (\\d{1,10}),)? \\((.*)\\z", Pattern.DOTALL);
    /** Figures as printed; a reader's copy may group digits with commas ("26,184,840kB"): they are dropped. */
    private static final String KB = "(\\d[\\d,]{0,24})kB";
    private static final Pattern KILLED_TAIL = Pattern.compile("^(.*)\\)(?:, UID (\\d{1,10}),)? (?:total-vm|vsz):" + KB + ", "
            + "anon-rss:" + KB + ", file-rss:" + KB + "(?:, shmem-rss:" + KB + ")?"
            + "(?:,? UID:(\\d{1,10}) pgtables:(\\d{1,19})kB oom_score_adj:(-?\\d{1,4}))?\\s*\\z", Pattern.DOTALL);
    private static final Pattern KILLED_BARE = Pattern.compile("^(.*)\\)\\.?\\s*\\z", Pattern.DOTALL);
    private static final Pattern REAPED = Pattern.compile("^oom_reaper: reaped process (\\d{1,10}) \\((.*)\\), now anon-rss:\\d+kB, "
            + "file-rss:\\d+kB, shmem-rss:\\d+kB\\z", Pattern.DOTALL);
    private static final Pattern USAGE = Pattern.compile("^memory: usage (\\d{1,19})kB, limit (\\d{1,19})kB, failcnt (\\d{1,19})\\z", Pattern.DOTALL);
    private static final Pattern OTHER_USAGE = Pattern.compile("^(?:memory\\+swap|swap|kmem): usage \\d+kB, limit \\d+kB, failcnt \\d+\\z", Pattern.DOTALL);
    private static final Pattern STATS = Pattern.compile("^Memory cgroup stats for (/.*?):(?: .*)?\\z", Pattern.DOTALL);
    private static final Pattern TASK_IN = Pattern.compile("^Task in (/.*) killed as a result of limit of (/.*)\\z", Pattern.DOTALL);
    private static final Pattern NO_KILL = Pattern.compile("^(?:Out of memory and no killable processes\\.\\.\\.|"
            + ".*: OOM victim \\d+ \\(.*\\) is already exiting\\. Skip killing the task|"
            + "oom killer \\d+ \\(.*\\) has mm pinned by \\d+ \\(.*\\)|"
            + ".*[Kk]ill process \\d+ \\(.*\\) sharing same memory)\\z", Pattern.DOTALL);

    private KernelLogParser() {
    }

    /** Lines with stamps that need no clock (journalctl, dates with offsets); dmesg stamps stay unplaced. */
    public static Optional<KernelLog> parse(List<String> lines, List<ParseProblem> problems) {
        return parse(lines, LogClock.UTC, problems);
    }

    /** Always a log (possibly without kills); lines that are not understood become problems. */
    public static Optional<KernelLog> parse(List<String> lines, LogClock clock, List<ParseProblem> problems) {
        return Optional.of(new Parse(clock, problems).run(lines));
    }

    /** One report being read: the lines since "invoked oom-killer" (or since the last kill). */
    private static final class Report {
        final List<String> lines = new ArrayList<>();
        Trigger trigger;
        Optional<String> constraint = Optional.empty();
        Optional<String> oomMemcg = Optional.empty();
        Optional<String> taskMemcg = Optional.empty();
        OptionalInt constraintPid = OptionalInt.empty();
        OptionalLong constraintUid = OptionalLong.empty();
        Optional<String> statsMemcg = Optional.empty();
        Optional<String> limitOf = Optional.empty();
        Optional<String> taskIn = Optional.empty();
        Optional<MemcgUsage> usage = Optional.empty();
        OptionalLong score = OptionalLong.empty();
        int scorePid = -1;
        String scoreMessage = "";
        Optional<OomEvent.Chosen> chosen = Optional.empty();

        boolean empty() {
            return lines.isEmpty();
        }
    }

    private static final class Parse {
        private final LogClock clock;
        private final List<ParseProblem> problems;
        private final List<OomEvent> kills = new ArrayList<>();
        private final List<String> other = new ArrayList<>();
        private final List<String> unrecognized = new ArrayList<>();
        private final Map<String, String> unplaced = new LinkedHashMap<>();
        private Report report = new Report();

        Parse(LogClock clock, List<ParseProblem> problems) {
            this.clock = clock;
            this.problems = problems;
        }

        KernelLog run(List<String> lines) {
            int n = 0;
            for (String raw : lines) {
                if (raw.isBlank() || raw.startsWith("-- ")) {
                    continue;  // journalctl's "-- Boot ... --", "-- No entries --", "-- cursor: ..."
                }
                n++;
                line(raw);
            }
            flush();
            unplaced.forEach((why, example) -> problems.add(new ParseProblem(SOURCE, example,
                    "Some kernel log times could not be placed: " + why + ".")));
            return new KernelLog(kills, other, unrecognized, n, Optional.empty());
        }

        private void line(String raw) {
            LogStamps.Stamped s = LogStamps.split(raw, clock);
            // not strip(): a name may begin with a blank or a TAB ("\tx invoked oom-killer")
            String m = s.message().stripTrailing();
            Matcher x;
            if (HUNG.matcher(m).find()) {
                return;  // the processes playbook's hung-task lines share the section: not OOM lines
            }
            if ((x = INVOKED.matcher(m)).matches()) {
                flush();
                report.lines.add(raw);
                String d = x.group(2);
                report.trigger = new Trigger(x.group(1), OptionalInt.empty(), find(GFP, d + ","), small(find(ORDER, d)),
                        small(find(ADJ, d)), raw);
                return;
            }
            if ((x = CPU.matcher(m)).matches() || (x = PID_COMM.matcher(m)).matches()) {
                Trigger t = report.trigger;
                if (t != null && t.pid().isEmpty() && x.group(2).startsWith(t.comm() + " ") && pid(x.group(1)) >= 0) {
                    report.trigger = new Trigger(t.comm(), OptionalInt.of(pid(x.group(1))), t.gfpMask(), t.order(),
                            t.oomScoreAdj(), t.line());
                    add(raw);
                } else if (t != null && report.lines.size() < MAX_REPORT) {
                    report.lines.add(raw);
                } else {
                    unrecognized(raw, "a CPU line that does not follow an 'invoked oom-killer' line of the same process");
                }
                return;
            }
            if ((x = CONSTRAINT.matcher(m)).matches()) {
                report.constraint = Optional.of(x.group(1));
                report.oomMemcg = Optional.ofNullable(x.group(5));
                report.taskMemcg = Optional.of(x.group(6));
                report.constraintPid = pid(x.group(8)) >= 0 ? OptionalInt.of(pid(x.group(8))) : OptionalInt.empty();
                report.constraintUid = num(x.group(9));
                add(raw);
                return;
            }
            if ((x = SCORE.matcher(m)).matches() && pid(x.group(2)) >= 0 && num(x.group(4)).isPresent()) {
                report.score = num(x.group(4));
                report.scorePid = pid(x.group(2));
                report.scoreMessage = x.group(1);
                report.chosen = Optional.of(new OomEvent.Chosen(report.scorePid, x.group(3), report.score.getAsLong()));
                add(raw);
                return;
            }
            if ((x = KILLED.matcher(m)).matches()) {
                killed(raw, s, x);
                return;
            }
            if ((x = REAPED.matcher(m)).matches() && pid(x.group(1)) >= 0) {
                reaped(raw, pid(x.group(1)));
                return;
            }
            if ((x = USAGE.matcher(m)).matches() && num(x.group(1)).isPresent() && num(x.group(2)).isPresent()
                    && num(x.group(3)).isPresent()) {
                report.usage = Optional.of(new MemcgUsage(num(x.group(1)).getAsLong(), num(x.group(2)).getAsLong(),
                        num(x.group(3)).getAsLong()));
                add(raw);
                return;
            }
            if ((x = STATS.matcher(m)).matches()) {
                report.statsMemcg = Optional.of(x.group(1));
                add(raw);
                return;
            }
            if ((x = TASK_IN.matcher(m)).matches()) {
                report.taskIn = Optional.of(x.group(1));
                report.limitOf = Optional.of(x.group(2));
                add(raw);
                return;
            }
            if (OTHER_USAGE.matcher(m).matches()) {
                add(raw);
                return;
            }
            if (NO_KILL.matcher(m).matches()) {
                other.add(raw);
                return;
            }
            if (report.trigger != null && report.lines.size() < MAX_REPORT) {
                // inside a report (a whole dmesg pasted): call trace, Mem-Info, the task table
                report.lines.add(raw);
                return;
            }
            unrecognized(raw, "not an OOM line Bedside knows");
        }

        private void killed(String raw, LogStamps.Stamped s, Matcher x) {
            int pid;
            try {
                pid = Integer.parseInt(x.group(2));
            } catch (NumberFormatException e) {
                unrecognized(raw, "a kill line with a pid out of range");
                return;
            }
            String rest = x.group(4);
            Matcher t = KILLED_TAIL.matcher(rest);
            String comm;
            OptionalLong uid = x.group(3) == null ? OptionalLong.empty() : num(x.group(3));
            OptionalLong totalVm = OptionalLong.empty();
            OptionalLong anon = OptionalLong.empty();
            OptionalLong file = OptionalLong.empty();
            OptionalLong shmem = OptionalLong.empty();
            OptionalLong pgtables = OptionalLong.empty();
            OptionalInt adj = OptionalInt.empty();
            if (t.matches()) {
                comm = t.group(1);
                if (uid.isEmpty()) {
                    uid = t.group(2) != null ? num(t.group(2)) : t.group(7) != null ? num(t.group(7)) : OptionalLong.empty();
                }
                totalVm = num(t.group(3));
                anon = num(t.group(4));
                file = num(t.group(5));
                shmem = t.group(6) == null ? OptionalLong.empty() : num(t.group(6));
                pgtables = t.group(8) == null ? OptionalLong.empty() : num(t.group(8));
                adj = t.group(9) == null ? OptionalInt.empty() : small(Optional.of(t.group(9)));
            } else {
                Matcher b = KILLED_BARE.matcher(rest);
                if (!b.matches()) {
                    unrecognized(raw, "a kill line whose figures are in an unknown form");
                    return;
                }
                comm = b.group(1);
            }
            if (s.unplaced().isPresent()) {
                unplaced.putIfAbsent(s.unplaced().get(), raw);
            }
            final Report r = report;
            List<String> lines = new ArrayList<>(r.lines);
            lines.add(raw);
            String message = x.group(1) != null ? x.group(1) : r.scorePid >= 0 ? r.scoreMessage : "";
            boolean sameVictim = r.constraintPid.isPresent() && r.constraintPid.getAsInt() == pid;
            if (uid.isEmpty() && sameVictim) {
                uid = r.constraintUid;
            }
            Optional<String> memcg = r.oomMemcg.or(() -> r.limitOf).or(() -> r.statsMemcg);
            Optional<String> taskMemcg = sameVictim ? r.taskMemcg : r.taskIn.filter(p -> r.scorePid == pid || r.scorePid < 0);
            OptionalLong score = r.scorePid == pid ? r.score : OptionalLong.empty();
            kills.add(new OomEvent(pid, comm, uid, totalVm, anon, file, shmem, pgtables, adj, score, message,
                    r.constraint, memcg, taskMemcg, r.usage, Optional.ofNullable(r.trigger), r.chosen, s.time(), s.uptime(),
                    s.stamp(), raw, lines));
            report = new Report();
        }

        private void reaped(String raw, int pid) {
            for (int i = kills.size() - 1; i >= Math.max(0, kills.size() - 4); i--) {
                OomEvent e = kills.get(i);
                if (e.pid() == pid) {
                    List<String> lines = new ArrayList<>(e.lines());
                    lines.add(raw);
                    kills.set(i, new OomEvent(e.pid(), e.comm(), e.uid(), e.totalVmKb(), e.anonRssKb(), e.fileRssKb(),
                            e.shmemRssKb(), e.pgtablesKb(), e.oomScoreAdj(), e.score(), e.message(), e.constraint(),
                            e.memcg(), e.taskMemcg(), e.memcgUsage(), e.trigger(), e.chosen(), e.time(), e.uptimeSeconds(), e.stamp(),
                            e.killLine(),
                            lines));
                    return;
                }
            }
            other.add(raw);
        }

        private void add(String raw) {
            if (report.lines.size() >= MAX_REPORT) {
                other.add(raw);
                return;
            }
            report.lines.add(raw);
        }

        /** A report that ended without a kill line: its lines are OOM lines of no kill. */
        private void flush() {
            other.addAll(report.lines);
            report = new Report();
        }

        private void unrecognized(String raw, String why) {
            unrecognized.add(raw);
            problems.add(new ParseProblem(SOURCE, raw, "Unrecognized kernel log line (" + why + "); shown as it is."));
        }
    }

    private static Optional<String> find(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static OptionalInt small(Optional<String> s) {
        if (s.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(s.get()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** A pid as printed, or -1 when it is out of range (never thrown: the host's text is untrusted). */
    private static int pid(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static OptionalLong num(String s) {
        try {
            return OptionalLong.of(Long.parseLong(s.replace(",", "")));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
