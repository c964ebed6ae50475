package io.bedside.model.procs;

import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.WireText;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parses section {@code cgroup-pids}: one line per cgroup near its pids.max, TAB-separated, the
 * path escaped by the probe; the detail names the mounts; the last line counts the walk.
 * <pre>
 * (detail) v1=/sys/fs/cgroup/pids v2=/sys/fs/cgroup/unified
 * v1	/bedside-forks	max=64 current=64 events_max=1812
 * # scanned=3 finite=1 shown=1
 * </pre>
 * A line that does not follow this form is a problem and left out, never guessed at.
 */
public final class CgroupPidsParser {
    public static final String SOURCE = "cgroup-pids";

    private CgroupPidsParser() {
    }

    public static Optional<CgroupPidsTable> parse(List<String> lines, String detail, List<ParseProblem> problems) {
        List<CgroupPids> out = new ArrayList<>();
        OptionalLong scanned = OptionalLong.empty();
        OptionalLong finite = OptionalLong.empty();
        for (String line : lines) {
            if (line.startsWith("# ")) {
                Map<String, String> kv = pairs(line.substring(2));
                scanned = PidLimitsParser.number(kv.getOrDefault("scanned", ""));
                finite = PidLimitsParser.number(kv.getOrDefault("finite", ""));
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 3 || !(f[0].equals("v1") || f[0].equals("v2")) || !f[1].startsWith("/")) {
                problems.add(new ParseProblem(SOURCE, line, "Not a cgroup line (v1|v2 TAB path TAB max=N current=N events_max=N); left out."));
                continue;
            }
            Map<String, String> kv = pairs(f[2]);
            OptionalLong max = PidLimitsParser.number(kv.getOrDefault("max", ""));
            if (max.isEmpty()) {
                problems.add(new ParseProblem(SOURCE, line, "A cgroup line without a finite pids.max; left out."));
                continue;
            }
            out.add(new CgroupPids(f[0], WireText.decode(f[1]), max.getAsLong(),
                    PidLimitsParser.number(kv.getOrDefault("current", "")),
                    PidLimitsParser.number(kv.getOrDefault("events_max", "")), line));
        }
        Map<String, String> d = pairs(detail);
        return Optional.of(new CgroupPidsTable(out, mount(d.get("v1")), mount(d.get("v2")), scanned, finite));
    }

    private static Optional<String> mount(String v) {
        return v == null || v.equals("-") || !v.startsWith("/") ? Optional.empty() : Optional.of(v);
    }

    private static Map<String, String> pairs(String s) {
        Map<String, String> m = new HashMap<>();
        for (String w : s.trim().split(" +")) {
            int eq = w.indexOf('=');
            if (eq > 0) {
                m.putIfAbsent(w.substring(0, eq), w.substring(eq + 1));
            }
        }
        return m;
    }
}
