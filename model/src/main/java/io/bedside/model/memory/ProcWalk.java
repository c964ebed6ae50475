package io.bedside.model.memory;

import io.bedside.model.fix.ShellWords;
import io.bedside.model.probe.Lines;
import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.probe.Reading;
import io.bedside.model.probe.Section;
import io.bedside.model.probe.SourceStatus;

import java.util.HashMap;
import java.util.Map;

/**
 * The incremental process walk. A full sample reads six files of every process, and on a big host
 * each read costs (5,000 processes: about 55 ms of the host's CPU per file). Two of them change
 * seldom while a process lives:
 * <ul>
 *   <li>the command line, the dearest (the kernel reads it out of the process's memory, and the
 *   probe masks its secrets), changes only by the process's own hand (setproctitle);</li>
 *   <li>uid, swap, OOM score and adjustment (status, oom_score, oom_score_adj) follow the resident
 *   set, which stat (read anyway) gives to the page: a process whose resident set did not move
 *   by one page did not swap in or out, and its OOM score did not move with its memory.</li>
 * </ul>
 * So a live session tells the next full run ({@value #VARIABLE}, in front of full runs only) the pid,
 * start time and resident set (KB) of every process the sample before read. For each that still has
 * that start time the probe prints {@value #SAME} for the command line; for each whose resident set is
 * also the same, {@value #SAME} for uid, swap, OOM score and adjustment too (its state, parent,
 * cgroup and name are read afresh), and {@link #complete} takes each such field from the sample
 * before. After {@link #MAX_RUNS} full samples in a row with the list, the next one reads everything
 * again, so a rewritten command line, an adjustment changed from outside or a setuid shows within
 * about a minute; a connect and "Sample now" read everything too.
 */
public final class ProcWalk {
    /** The probe's input. */
    public static final String VARIABLE = "BS_PROCSAME";
    /** The cgroups the list's entries name by number, one "CGROUP\tSD_CGROUP" a line. */
    public static final String CGROUPS = "BS_PROCCG";
    /** The trailer's counter of full samples in a row that took command lines from the one before. */
    public static final String RUNS = "incremental_runs";
    /** Full samples in a row that may take command lines from the one before. */
    public static final int MAX_RUNS = 5;
    /** The command line field of a process whose command line was not read again: enc never prints it (it escapes "\"). */
    static final String SAME = "\\=";
    /** The assignment that makes the next run read every command line. */
    static final String READ_ALL = VARIABLE + "=\n" + CGROUPS + "=\n";
    /** The column of the start time in a procs-mem line. */
    private static final int START = 4;
    /** The column of the name in a procs-mem line. */
    private static final int COMM = 11;
    /** The column of the cgroup in a procs-mem line. */
    private static final int CGROUP = 9;
    /** A cgroup field that is the line above's: enc never prints it (it escapes "\"). */
    static final String DITTO = "\\^";

    private ProcWalk() {
    }

    /**
     * {@code BS_PROCSAME='PID:START:RSS_KB ...'} for the next full run ({@code PID:START} for a
     * process without a resident set), from the process table the latest sample shows (read or
     * carried); the empty assignment when everything is to be read.
     */
    static String prelude(Reading<ProcessMemoryTable> procs) {
        ProcessMemoryTable t = procs.get().orElse(null);
        if (t == null || t.incrementalRuns() >= MAX_RUNS) {
            return READ_ALL;
        }
        StringBuilder b = new StringBuilder(t.processes().size() * 14);
        // the cgroups of the quiet processes, each once (a few on most hosts), as the probe prints them
        Map<String, Integer> cgroups = new java.util.LinkedHashMap<>();
        for (ProcessMemory p : t.processes()) {
            // a command line not known (taken from a sample that had none, or unreadable) is read again
            if (!p.zombie() && !p.cmdline().equals("?")) {
                b.append(b.length() == 0 ? "" : " ").append(p.pid()).append(':').append(p.startTicks());
                if (p.rssKb().isPresent() && p.uid().isPresent() && p.swapKb().isPresent() && p.oomScore().isPresent()
                        && p.oomScoreAdj().isPresent()) {
                    b.append(':').append(p.rssKb().getAsLong());
                    String cg = p.cgroup().map(CgroupRef::toString).orElse("");
                    String sd = p.systemdCgroup().orElse("");
                    if (!cg.isEmpty() && plain(cg) && plain(sd)) {
                        b.append(':').append(cgroups.computeIfAbsent(cg + "\t" + sd, k -> cgroups.size() + 1));
                    }
                }
            }
        }
        // digits, colons and spaces only: nothing to quote, and the probe refuses anything else
        String out = VARIABLE + "='" + b + "'\n";
        if (!cgroups.isEmpty()) {
            // host text (cgroup names): quoted, never code
            out += CGROUPS + "=" + ShellWords.quote(String.join("\n", cgroups.keySet())) + "\n";
        }
        return out;
    }

    /** Printable ASCII only: what the probe printed unescaped, so it is what the host has (no decoding lost a byte). */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code now} with each {@value #SAME} field taken from {@code previous}'s process table (the
     * same pid, start time and name: an exec keeps the first two), each {@value #DITTO} cgroup from the line above, and the trailer's
     * {@value #RUNS} counted on from the one before's. A process the sample before does not have (a
     * replay that starts here) gets "?" (not read) there, as does a {@value #DITTO} with no line above.
     */
    static ProbeOutput complete(ProbeOutput now, ProbeOutput previous) {
        Section s = now.section(MemorySnapshot.PROCS).orElse(null);
        if (s == null || s.status() != SourceStatus.OK) {
            return now;
        }
        Lines lines = Lines.copyOf(s.lines());
        boolean any = lines.text().contains("\t" + DITTO + "\t");
        for (int i = 0; i < lines.size() && !any; i++) {
            any = same(lines, i);
        }
        if (!any) {
            return now;
        }
        // the sample before's process lines by pid (their line numbers: no line is split into strings,
        // 5,000 lines of 13 fields twice a full sample)
        Map<Integer, Integer> before = new HashMap<>();
        int runsBefore = 0;
        Section p = previous == null ? null : previous.section(MemorySnapshot.PROCS).orElse(null);
        Lines old = p != null && p.status() == SourceStatus.OK ? Lines.copyOf(p.lines()) : Lines.copyOf(java.util.List.of());
        int[] fo = new int[ProcessMemoryParser.COLUMNS + 1];
        for (int i = 0; i < old.size(); i++) {
            if (old.startsWith(i, "# ")) {
                runsBefore = runs(old.get(i));
                continue;
            }
            int pid = fields(old, i, fo) == ProcessMemoryParser.COLUMNS ? number(old.text(), fo[0], fo[1] - 1) : -1;
            if (pid >= 0) {
                before.put(pid, i);
            }
        }
        String t = lines.text();
        String ot = old.text();
        int[] fn = new int[ProcessMemoryParser.COLUMNS + 1];
        // sized for about the sample before's table (a quiet process's line is its line before):
        // the texts are the whole outputs', of which these lines are a part
        int span = lines.size() == 0 ? 0 : lines.end(lines.size() - 1) - lines.start(0);
        int spanBefore = old.size() == 0 ? 0 : old.end(old.size() - 1) - old.start(0);
        Lines.Joiner out = new Lines.Joiner(Math.max(span, spanBefore) + 1024, lines.size());
        StringBuilder b = new StringBuilder();
        // the cgroup field above (a region of this text), for a ditto
        CharSequence cgSrc = "?";
        int cgA = 0;
        int cgE = 1;
        boolean incremental = false;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.startsWith(i, "# ")) {
                out.add(incremental ? lines.get(i) + " " + RUNS + "=" + Math.min(999, runsBefore + 1) : lines.get(i));
                continue;
            }
            int pid = fields(lines, i, fn) == ProcessMemoryParser.COLUMNS ? number(t, fn[0], fn[1] - 1) : -1;
            if (pid < 0) {
                // the header, or a line the parser reports
                out.add(lines, i);
                continue;
            }
            boolean sameLine = same(lines, i);
            incremental |= sameLine;
            Integer w = sameLine ? before.get(pid) : null;
            // the same process as before, and no exec since (which keeps pid and start time, and renames it)
            boolean known = w != null && fields(old, w, fo) == ProcessMemoryParser.COLUMNS
                    && sameField(t, fn, ot, fo, START) && sameField(t, fn, ot, fo, COMM);
            b.setLength(0);
            for (int c = 0; c < ProcessMemoryParser.COLUMNS; c++) {
                CharSequence src = t;
                int a = fn[c];
                int e = fn[c + 1] - 1;
                if (c == CGROUP) {
                    if (is(t, a, e, DITTO)) {
                        src = cgSrc;
                        a = cgA;
                        e = cgE;
                    }
                    cgSrc = src;
                    cgA = a;
                    cgE = e;
                }
                if (c > 0) {
                    b.append('\t');
                }
                if (!is(src, a, e, SAME)) {
                    b.append(src, a, e);
                } else if (known) {
                    b.append(ot, fo[c], fo[c + 1] - 1);
                } else {
                    b.append('?');
                }
            }
            out.add(b);
        }
        return now.with(new Section(s.name(), s.status(), s.detail(), out.build()));
    }

    /**
     * Where the fields of line {@code i} start ({@code at[k]}, and {@code at[k + 1] - 1} is where
     * field k ends) for up to {@code at.length - 1} fields; how many fields the line has.
     */
    private static int fields(Lines lines, int i, int[] at) {
        String t = lines.text();
        int a = lines.start(i);
        int e = lines.end(i);
        int k = 0;
        at[k++] = a;
        for (int j = t.indexOf('\t', a); j >= 0 && j < e; j = t.indexOf('\t', j + 1)) {
            if (k == at.length) {
                return k;
            }
            at[k++] = j + 1;
        }
        if (k < at.length) {
            at[k] = e + 1;
        }
        return k;
    }

    /** Whether field {@code c} is the same in both lines. */
    private static boolean sameField(String t, int[] at, String u, int[] bt, int c) {
        int n = at[c + 1] - 1 - at[c];
        return n == bt[c + 1] - 1 - bt[c] && t.regionMatches(at[c], u, bt[c], n);
    }

    /** Whether {@code t}'s characters from {@code a} to {@code e} are {@code s}. */
    private static boolean is(CharSequence t, int a, int e, String s) {
        if (e - a != s.length()) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (t.charAt(a + k) != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The number {@code t} holds from {@code a} to {@code e} (up to 9 digits), or -1. */
    private static int number(String t, int a, int e) {
        if (e <= a || e - a > 9) {
            return -1;
        }
        int n = 0;
        for (int k = a; k < e; k++) {
            char c = t.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Whether line {@code i} is a process line whose command line field is {@value #SAME}. */
    private static boolean same(Lines lines, int i) {
        int e = lines.end(i);
        int a = lines.start(i);
        return e - a > SAME.length() && lines.text().startsWith("\t" + SAME, e - SAME.length() - 1);
    }

    /** The {@value #RUNS} of a trailer line, 0 when it has none. */
    private static int runs(String trailer) {
        for (String tok : trailer.substring(2).split(" ")) {
            if (tok.startsWith(RUNS + "=") && tok.substring(RUNS.length() + 1).matches("[0-9]{1,3}")) {
                return Integer.parseInt(tok.substring(RUNS.length() + 1));
            }
        }
        return 0;
    }
}
