package io.bedside.model.memory;

import io.bedside.model.probe.Lines;
import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.probe.Reading;
import io.bedside.model.probe.Section;
import io.bedside.model.probe.SourceStatus;

import java.util.HashMap;
import java.util.Map;

/**
 * The incremental process walk. A full sample reads six files of every process; of them, the
 * command line is the dearest (the kernel reads it out of the process's memory, and the probe masks
 * its secrets) and the one that does not change while the process lives, unless it rewrites it
 * itself (setproctitle). So a live session tells the next full run ({@value #VARIABLE}, in front of
 * full runs only) the pid and start time of every process the sample before read; the probe prints
 * {@value #SAME} for the command line of each that still has that start time, and {@link #complete}
 * takes it from the sample before. Everything else (state, memory, OOM score and adjustment, cgroup,
 * name) is read afresh. After {@link #MAX_RUNS} full samples in a row with the list, the next one reads
 * every command line again, so a rewritten one shows within about a minute; a connect and "Sample
 * now" read them all too.
 */
public final class ProcWalk {
    /** The probe's input. */
    public static final String VARIABLE = "BS_PROCSAME";
    /** The trailer's counter of full samples in a row that took command lines from the one before. */
    public static final String RUNS = "incremental_runs";
    /** Full samples in a row that may take command lines from the one before. */
    public static final int MAX_RUNS = 5;
    /** The command line field of a process whose command line was not read again: enc never prints it (it escapes "\"). */
    static final String SAME = "\\=";
    /** The assignment that makes the next run read every command line. */
    static final String READ_ALL = VARIABLE + "=\n";

    private ProcWalk() {
    }

    /**
     * {@code BS_PROCSAME='PID:START ...'} for the next full run, from the process table the latest
     * sample shows (read or carried); the empty assignment when every command line is to be read.
     */
    static String prelude(Reading<ProcessMemoryTable> procs) {
        ProcessMemoryTable t = procs.get().orElse(null);
        if (t == null || t.incrementalRuns() >= MAX_RUNS) {
            return READ_ALL;
        }
        StringBuilder b = new StringBuilder(t.processes().size() * 14);
        for (ProcessMemory p : t.processes()) {
            if (!p.zombie()) {
                b.append(b.length() == 0 ? "" : " ").append(p.pid()).append(':').append(p.startTicks());
            }
        }
        // digits, colons and spaces only: nothing to quote, and the probe refuses anything else
        return VARIABLE + "='" + b + "'\n";
    }

    /**
     * {@code now} with each {@value #SAME} command line taken from {@code previous}'s process table
     * (the same pid and start time), and the trailer's {@value #RUNS} counted on from the one
     * before's; a process the sample before does not have (a replay that starts here) gets "?".
     */
    static ProbeOutput complete(ProbeOutput now, ProbeOutput previous) {
        Section s = now.section(MemorySnapshot.PROCS).orElse(null);
        if (s == null || s.status() != SourceStatus.OK) {
            return now;
        }
        Lines lines = Lines.copyOf(s.lines());
        boolean any = false;
        for (int i = 0; i < lines.size() && !any; i++) {
            any = same(lines, i);
        }
        if (!any) {
            return now;
        }
        // the sample before's command lines by pid, with the start time they belong to
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
                    before.put(f[0], new String[]{f[4], f[f.length - 1]});
                }
            }
        }
        Lines.Joiner out = new Lines.Joiner();
        for (int i = 0; i < lines.size(); i++) {
            if (same(lines, i)) {
                String l = lines.get(i);
                String[] f = l.split("\t", -1);
                String[] was = f.length == ProcessMemoryParser.COLUMNS ? before.get(f[0]) : null;
                String cmdline = was != null && was[0].equals(f[4]) ? was[1] : "?";
                out.add(l.substring(0, l.length() - SAME.length()) + cmdline);
            } else if (lines.startsWith(i, "# ")) {
                out.add(lines.get(i) + " " + RUNS + "=" + Math.min(999, runsBefore + 1));
            } else {
                out.add(lines, i);
            }
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
