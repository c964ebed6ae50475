package io.bedside.model.sockets;

import io.bedside.model.probe.Lines;
import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.probe.Reading;
import io.bedside.model.probe.Section;
import io.bedside.model.probe.SourceStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The incremental thread walk. Each thread costs the host two reads (stat and wchan; 5,000 threads:
 * about 130 ms), and on a big host most threads sleep through the seconds between two full samples.
 * The scheduler adds to a thread's runtime (the first field of /proc/PID/task/TID/schedstat, in ns) at
 * every switch away from it, so a thread whose runtime did not move has not run: it sleeps where it
 * slept, in the same state, under the same name. A live session tells the next full run
 * ({@value #VARIABLE}, in front of full runs only) each thread's runtime; the probe reads only the
 * schedstat of a thread that still has it and lists its tid on a {@code same} line, and
 * {@link #complete} takes its line from the sample before. Each thread read prints its runtime on an
 * {@code rt} line, for the next list. A connect and "Sample now" read every thread.
 */
public final class ThreadWalk {
    /** The probe's input. */
    public static final String VARIABLE = "BS_THRSAME";
    /** The assignment that makes the next run read every thread. */
    static final String READ_ALL = VARIABLE + "=\n";
    /** A line of the section that lists unchanged threads by tid. */
    static final String SAME = "same ";
    /** A line of the section that gives threads' runtimes, {@code TID:NS}. */
    static final String RUNTIMES = "rt ";
    private static final Pattern TID = Pattern.compile("[0-9]{1,9}");
    private static final Pattern RUNTIME = Pattern.compile("[0-9]{1,9}:[0-9]{1,20}");
    private static final int PER_LINE = 500;

    private ThreadWalk() {
    }

    /**
     * {@code BS_THRSAME='TID:NS ...'} for the next full run, from the thread table the latest sample
     * shows (read or carried); the empty assignment when every thread is to be read. A thread that has
     * not run at all (runtime 0) is left out: a new thread that reuses its tid would have the same.
     */
    static String prelude(Reading<ThreadTable> threads) {
        ThreadTable t = threads.get().orElse(null);
        if (t == null || t.runtimes().isEmpty()) {
            return READ_ALL;
        }
        StringBuilder b = new StringBuilder(t.runtimes().size() * 16);
        for (Map.Entry<Integer, Long> e : t.runtimes().entrySet()) {
            if (e.getValue() > 0) {
                b.append(b.length() == 0 ? "" : " ").append(e.getKey()).append(':').append(e.getValue());
            }
        }
        // digits, colons and spaces only: nothing to quote, and the probe refuses anything else
        return VARIABLE + "='" + b + "'\n";
    }

    /**
     * {@code now} with each thread of a {@code same} line given its line from {@code previous}'s
     * proc-threads and its runtime from there; the {@code rt} lines become one list of every runtime
     * known. A thread the sample before does not have (a replay that starts here) is left out, and the
     * section's {@code same} line for it stays, which the parse reports.
     */
    static ProbeOutput complete(ProbeOutput now, ProbeOutput previous) {
        Section s = now.section(SocketSnapshot.THREADS).orElse(null);
        if (s == null || s.status() != SourceStatus.OK) {
            return now;
        }
        Lines fresh = Lines.copyOf(s.lines());
        List<String> same = new ArrayList<>();
        Map<String, String> runtimes = new LinkedHashMap<>();
        for (int i = 0; i < fresh.size(); i++) {
            if (fresh.startsWith(i, SAME)) {
                for (String tok : fresh.get(i).substring(SAME.length()).split(" ")) {
                    if (TID.matcher(tok).matches()) {
                        same.add(tok);
                    }
                }
            }
        }
        if (same.isEmpty()) {
            return now;
        }
        // the sample before's line and runtime of each thread, by tid
        Map<String, Integer> lineOf = new HashMap<>();
        Map<String, String> before = new HashMap<>();
        Section p = previous == null ? null : previous.section(SocketSnapshot.THREADS).orElse(null);
        Lines old = p != null && p.status() == SourceStatus.OK ? Lines.copyOf(p.lines()) : null;
        if (old != null) {
            for (int i = 0; i < old.size(); i++) {
                if (old.startsWith(i, RUNTIMES)) {
                    runtimesOf(old.get(i), before);
                } else if (!old.startsWith(i, SAME)) {
                    String tid = tidOf(old, i);
                    if (tid != null) {
                        lineOf.putIfAbsent(tid, i);
                    }
                }
            }
        }
        Lines.Joiner out = new Lines.Joiner(fresh.text().length() + same.size() * 64, fresh.size() + same.size());
        List<String> lost = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) {
            if (fresh.startsWith(i, RUNTIMES)) {
                runtimesOf(fresh.get(i), runtimes);
            } else if (!fresh.startsWith(i, SAME)) {
                out.add(fresh, i);
            }
        }
        for (String tid : same) {
            Integer at = lineOf.get(tid);
            if (at == null || !before.containsKey(tid)) {
                lost.add(tid);
                continue;
            }
            out.add(old, at);
            runtimes.put(tid, before.get(tid));
        }
        for (int i = 0; i < lost.size(); i += PER_LINE) {
            out.add(SAME + String.join(" ", lost.subList(i, Math.min(lost.size(), i + PER_LINE))));
        }
        List<String> rt = new ArrayList<>(runtimes.size());
        runtimes.forEach((tid, ns) -> rt.add(tid + ":" + ns));
        for (int i = 0; i < rt.size(); i += PER_LINE) {
            out.add(RUNTIMES + String.join(" ", rt.subList(i, Math.min(rt.size(), i + PER_LINE))));
        }
        return now.with(new Section(s.name(), s.status(), s.detail(), out.build()));
    }

    /** The {@code TID:NS} entries of an {@code rt} line into {@code into}; others are passed over. */
    static void runtimesOf(String line, Map<String, String> into) {
        for (String tok : line.substring(RUNTIMES.length()).split(" ")) {
            if (RUNTIME.matcher(tok).matches()) {
                int c = tok.indexOf(':');
                into.put(tok.substring(0, c), tok.substring(c + 1));
            }
        }
    }

    /** The tid of a thread line (its second field), or null; no string is made of the rest of the line. */
    private static String tidOf(Lines lines, int i) {
        String t = lines.text();
        int a = t.indexOf(' ', lines.start(i));
        int e = lines.end(i);
        if (a < 0 || a >= e) {
            return null;
        }
        int b = t.indexOf(' ', a + 1);
        if (b < 0 || b > e) {
            return null;
        }
        String tid = t.substring(a + 1, b);
        return TID.matcher(tid).matches() ? tid : null;
    }
}
