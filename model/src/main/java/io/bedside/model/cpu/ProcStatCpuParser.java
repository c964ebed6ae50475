package io.bedside.model.cpu;

import io.bedside.model.probe.ParseProblem;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parses the {@code stat-cpu} section: lines of /proc/stat, copied by the probe. Sample:
 * <pre>
 * cpu 2139076 3540 520296 1807688 3627 0 11549 0 0 0
 * procs_running 4
 * procs_blocked 0
 * prev cpu 2138000 3540 520100 1807000 3627 0 11540 0 0 0
 * </pre>
 * The {@code prev} line is the previous sample's {@code cpu} line, passed back by Bedside. A line
 * that does not parse is a problem; a {@code cpu} line missing makes the section unusable.
 */
public final class ProcStatCpuParser {
    public static final String SOURCE = "stat-cpu";

    private ProcStatCpuParser() {
    }

    public static Optional<CpuStat> parse(List<String> lines, List<ParseProblem> problems) {
        CpuTimes now = null;
        CpuTimes prev = null;
        OptionalLong running = OptionalLong.empty();
        OptionalLong blocked = OptionalLong.empty();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            try {
                switch (f[0]) {
                    case "cpu" -> now = times(f, 1);
                    case "prev" -> {
                        if (f.length < 2 || !f[1].equals("cpu")) {
                            throw new IllegalArgumentException("a prev line holds the cpu line");
                        }
                        prev = times(f, 2);
                    }
                    case "procs_running" -> running = OptionalLong.of(number(f, 1));
                    case "procs_blocked" -> blocked = OptionalLong.of(number(f, 1));
                    default -> throw new IllegalArgumentException("unknown line");
                }
            } catch (IllegalArgumentException e) {
                problems.add(new ParseProblem(SOURCE, line, "Unrecognized /proc/stat line: " + e.getMessage() + "."));
            }
        }
        if (now == null) {
            problems.add(new ParseProblem(SOURCE, "", "/proc/stat gave no aggregate cpu line."));
            return Optional.empty();
        }
        return Optional.of(new CpuStat(now, Optional.ofNullable(prev), running, blocked));
    }

    private static CpuTimes times(String[] f, int from) {
        if (f.length - from < 7) {
            throw new IllegalArgumentException("a cpu line has at least 7 counters, this one " + Math.max(0, f.length - from));
        }
        long[] v = new long[8];
        int n = Math.min(8, f.length - from);
        for (int i = 0; i < n; i++) {
            v[i] = number(f, from + i);
        }
        return new CpuTimes(v[0], v[1], v[2], v[3], v[4], v[5], v[6], n >= 8 ? OptionalLong.of(v[7]) : OptionalLong.empty());
    }

    private static long number(String[] f, int i) {
        if (i >= f.length) {
            throw new IllegalArgumentException("a value is missing");
        }
        String s = f[i];
        if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + (s.length() > 24 ? s.substring(0, 24) + "…" : s) + "' is not a counter");
        }
        return Long.parseLong(s);
    }
}
