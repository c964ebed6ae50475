package io.bedside.model.net;

import io.bedside.model.probe.ParseProblem;

import java.util.List;
import java.util.Optional;

/**
 * Reads the connection count from the probe's {@code net-conntrack} section: {@code entries=HEX},
 * the first column of the first CPU's row of /proc/net/stat/nf_conntrack, or the header and that
 * row as the kernel prints them, every column in hex. Sample (kernel 6.x):
 * <pre>
 * entries  clashres found new invalid ignore delete chainlength insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart
 * 000000cc  00000000 00000000 00000000 0000002b 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000  00000000 00000000 00000000 00000000
 * </pre>
 * {@code entries} is the network namespace's count on every row (not a per-CPU figure), so one row
 * is enough; the other columns are per CPU and are not read. Kernels before 4.9 put
 * {@code searched} and {@code found} after it; the column is found by name.
 */
public final class ConntrackStatParser {
    public static final String SOURCE = "net-conntrack";

    private ConntrackStatParser() {
    }

    public static Optional<Long> parse(List<String> lines, List<ParseProblem> problems) {
        if (lines.size() == 1 && lines.get(0).startsWith("entries=")) {
            // the probe's form: the first column of the first row, under a header that starts with entries
            return hex(lines.get(0).substring(8), lines.get(0), problems);
        }
        if (lines.size() < 2) {
            problems.add(new ParseProblem(SOURCE, lines.isEmpty() ? "" : lines.get(0), "no row after the header"));
            return Optional.empty();
        }
        String[] names = lines.get(0).trim().split("\\s+");
        String[] row = lines.get(1).trim().split("\\s+");
        int col = java.util.Arrays.asList(names).indexOf("entries");
        if (col < 0 || col >= row.length) {
            problems.add(new ParseProblem(SOURCE, lines.get(0), "no entries column"));
            return Optional.empty();
        }
        return hex(row[col], lines.get(1), problems);
    }

    private static Optional<Long> hex(String v, String line, List<ParseProblem> problems) {
        if (v.isEmpty() || v.length() > 16 || !v.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            problems.add(new ParseProblem(SOURCE, line, "entries '" + v + "' is not hex"));
            return Optional.empty();
        }
        return Optional.of(Long.parseUnsignedLong(v, 16));
    }
}
