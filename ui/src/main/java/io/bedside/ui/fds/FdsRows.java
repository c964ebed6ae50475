package io.bedside.ui.fds;

import io.bedside.model.fds.FdKinds;
import io.bedside.model.fds.FdsPlaybook;
import io.bedside.model.fds.FdsRules;
import io.bedside.model.fds.FdsSnapshot;
import io.bedside.model.fds.FileTable;
import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.ProcessFds;
import io.bedside.model.sockets.SocketSnapshot;
import io.bedside.ui.findings.FindingItem;
import io.bedside.ui.findings.FindingItems;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the area shows of one sample, built off the FX thread: the fd findings, the system's table
 * in one line, and the processes by use of their open-files limit with their growth over the window.
 *
 * @param findings the playbook's findings
 * @param table    "Open files of the system: 1,234 of fs.file-max 2,466,248 (0%)", or why it is not known
 * @param tableAbsence why the system's table is not known; empty when it is
 * @param tableUse allocated / file-max, 0..1; NaN when not known
 * @param rows     the processes, most of their limit first (at most {@value #MAX_ROWS})
 * @param absence  why the processes are not known; empty when they are
 * @param count    "312 processes, 3 unreadable"
 */
record FdsRows(List<FindingItem> findings, String table, String tableAbsence, double tableUse, List<FdProcessRow> rows, String absence,
               String count) {
    static final int MAX_ROWS = 300;

    static FdsRows of(Sample latest, List<Sample> history) {
        List<Finding> fs = new Diagnosis(FdsRules.all()).run(latest, history.isEmpty() ? List.of(latest) : history);
        List<FindingItem> items = fs.stream().map(FindingItems::of).toList();
        Set<Integer> leaking = new HashSet<>();
        fs.stream().filter(f -> f.id().equals(FdsRules.LEAK)).forEach(f -> f.subjects().forEach(s -> {
            if (s.get("pid") instanceof Integer p) {
                leaking.add(p);
            }
        }));
        var t = FdsSnapshot.of(latest).table();
        String table;
        double use = Double.NaN;
        if (t.get().isPresent()) {
            FileTable ft = t.get().get();
            use = ft.max() > 0 ? (double) ft.inUse() / ft.max() : Double.NaN;
            table = String.format(Locale.ROOT, "Open files of the system: %,d of fs.file-max %,d (%s)", ft.inUse(), ft.max(),
                    ft.percent().map(p -> p < 1 && p > 0 ? "under 1%" : String.format(Locale.ROOT, "%.0f%%", p)).orElse("?"))
                    + (ft.nrOpen().isPresent() ? String.format(Locale.ROOT, " · a process may hold at most fs.nr_open %,d",
                    ft.nrOpen().getAsLong()) : "");
        } else {
            table = "Open files of the system: " + t.describeAbsence();
        }
        SocketSnapshot s = SocketSnapshot.of(latest);
        if (s.fds().get().isEmpty()) {
            return new FdsRows(items, table, tableAbsence(t), use, List.of(), "The processes' fds: " + s.fds().describeAbsence(), "");
        }
        Map<Integer, First> first = firstSeen(latest, history);
        List<FdProcessRow> rows = new ArrayList<>();
        for (ProcessFds p : FdsPlaybook.byUse(latest).stream().limit(MAX_ROWS).toList()) {
            Map<String, Integer> kinds = FdKinds.count(p);
            First f = first.get(p.pid());
            int growth = 0;
            double perMin = Double.NaN;
            String grown = "";
            if (f != null && p.startTime().isPresent() && f.start == p.startTime().getAsLong()) {
                growth = p.fdCount().getAsInt() - f.fds;
                long ms = Duration.between(f.at, latest.hostTime()).toMillis();
                perMin = ms > 0 ? growth * 60_000.0 / ms : Double.NaN;
                grown = grown(f.kinds, kinds);
            }
            rows.add(new FdProcessRow(p.pid(), p.comm(), p.fdCount().getAsInt(), p.nofileSoft().getAsLong(),
                    p.nofileHard().isPresent() ? String.format(Locale.ROOT, "%,d", p.nofileHard().getAsLong()) : "unlimited",
                    FdsPlaybook.use(p), growth, perMin, kindsText(kinds), grown, leaking.contains(p.pid())));
        }
        int all = s.fds().get().get().processes().size();
        int unreadable = s.fds().get().get().unreadable().size();
        String count = all + " processes" + (unreadable > 0 ? ", " + unreadable + " whose fds could not be read" : "");
        return new FdsRows(items, table, tableAbsence(t), use, rows, "", count);
    }

    private static String tableAbsence(io.bedside.model.probe.Reading<FileTable> t) {
        return t.isPresent() ? "" : "The system's open-file table: " + t.describeAbsence();
    }

    private record First(long start, int fds, Instant at, Map<String, Integer> kinds) {
    }

    /** Each pid's oldest reading in the full samples of the history (the same process: same start time). */
    private static Map<Integer, First> firstSeen(Sample latest, List<Sample> history) {
        Map<Integer, First> out = new HashMap<>();
        for (Sample h : history) {
            if (h == latest || h.output().carried().containsKey(SocketSnapshot.FDS) || h.hostTime().isAfter(latest.hostTime())) {
                continue;
            }
            SocketSnapshot.of(h).fds().get().ifPresent(t -> t.processes().values().forEach(p -> {
                if (p.fdCount().isPresent() && p.startTime().isPresent()) {
                    First had = out.get(p.pid());
                    if (had == null || had.start != p.startTime().getAsLong() && h.hostTime().isAfter(had.at)
                            || had.start == p.startTime().getAsLong() && h.hostTime().isBefore(had.at)) {
                        out.put(p.pid(), new First(p.startTime().getAsLong(), p.fdCount().getAsInt(), h.hostTime(), FdKinds.count(p)));
                    }
                }
            }));
        }
        return out;
    }

    static String kindsText(Map<String, Integer> kinds) {
        return kinds.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(" · "));
    }

    static String grown(Map<String, Integer> before, Map<String, Integer> now) {
        return now.entrySet().stream().filter(e -> e.getValue() > before.getOrDefault(e.getKey(), 0))
                .sorted((a, b) -> Integer.compare(b.getValue() - before.getOrDefault(b.getKey(), 0), a.getValue() - before.getOrDefault(a.getKey(), 0)))
                .map(e -> "+" + (e.getValue() - before.getOrDefault(e.getKey(), 0)) + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }
}
