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
        // the sample before's process lines by pid
        Map<String, String[]> before = new HashMap<>();
        int runsBefore = 0;
        Section p = previous == null ? null : previous.section(MemorySnapshot.PROCS).orElse(null);
        if (p != null && p.status() == SourceStatus.OK) {
            Lines old = Lines.copyOf(p.lines());
            for (int i = 0; i < old.size(); i++) {
                String l = old.get(i);
                if (l.startsWith("# ")) {
                    runsBefore = runs(l);
                    continue;
                }
                String[] f = l.split("\t", -1);
                if (f.length == ProcessMemoryParser.COLUMNS && !f[0].equals("pid")) {
                    before.put(f[0], f);
                }
            }
        }
        Lines.Joiner out = new Lines.Joiner();
        StringBuilder b = new StringBuilder();
        String cgroupAbove = "?";
        boolean incremental = false;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.startsWith(i, "# ")) {
                out.add(incremental ? lines.get(i) + " " + RUNS + "=" + Math.min(999, runsBefore + 1) : lines.get(i));
                continue;
            }
            String[] f = lines.get(i).split("\t", -1);
            if (f.length != ProcessMemoryParser.COLUMNS || f[0].equals("pid")) {
                out.add(lines, i);
                continue;
            }
            boolean sameLine = same(lines, i);
            incremental |= sameLine;
            String[] was = sameLine ? before.get(f[0]) : null;
            // the same process as before, and no exec since (which keeps pid and start time, and renames it)
            boolean known = was != null && was[START].equals(f[START]) && was[COMM].equals(f[COMM]);
            if (f[CGROUP].equals(DITTO)) {
                f[CGROUP] = cgroupAbove;
            }
            cgroupAbove = f[CGROUP];
            b.setLength(0);
            for (int c = 0; c < f.length; c++) {
                b.append(c == 0 ? "" : "\t").append(!f[c].equals(SAME) ? f[c] : known ? was[c] : "?");
            }
            out.add(b.toString());
        }
        return now.with(new Section(s.name(), s.status(), s.detail(), out.build()));
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
