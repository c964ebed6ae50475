package io.bedside.model.fds;

import io.bedside.model.probe.ParseProblem;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The kernel's table of open files (probe section {@code fs-file}). Sample:
 * <pre>
 * file-nr=478 0 2466248
 * file-max=2466248
 * nr_open=1048576
 * </pre>
 *
 * @param allocated file handles allocated now (first field of /proc/sys/fs/file-nr)
 * @param free      allocated but unused (second field; always 0 since kernel 2.6)
 * @param max       the system's limit, fs.file-max (third field of file-nr)
 * @param fileMax   /proc/sys/fs/file-max as read on its own; empty when the probe did not read it
 * @param nrOpen    /proc/sys/fs/nr_open, the ceiling of any process's RLIMIT_NOFILE; empty when not read
 * @param lines     the raw lines
 */
public record FileTable(long allocated, long free, long max, OptionalLong fileMax, OptionalLong nrOpen, List<String> lines) {
    public static final String SOURCE = "fs-file";

    public FileTable {
        lines = List.copyOf(lines);
    }

    /** The fds in use: allocated less free (free is 0 on every kernel since 2.6). */
    public long inUse() {
        return Math.max(0, allocated - free);
    }

    /** Percent of fs.file-max in use, 0..100 and above; empty when the limit is 0. */
    public Optional<Double> percent() {
        return max > 0 ? Optional.of(100.0 * inUse() / max) : Optional.empty();
    }

    /**
     * Reads the section's lines. A value past 2^63-1 (fs.file-max is an unsigned long; some
     * distributions set it to 9223372036854775807, which still fits) is taken as Long.MAX_VALUE.
     * Without a well-formed {@code file-nr} line there is no table.
     */
    public static Optional<FileTable> parse(List<String> lines, List<ParseProblem> problems) {
        long[] nr = null;
        OptionalLong fileMax = OptionalLong.empty();
        OptionalLong nrOpen = OptionalLong.empty();
        for (String line : lines) {
            int eq = line.indexOf('=');
            String key = eq < 0 ? "" : line.substring(0, eq);
            String value = eq < 0 ? "" : line.substring(eq + 1);
            try {
                switch (key) {
                    case "file-nr" -> {
                        String[] f = value.trim().split("[ \t]+");
                        if (f.length != 3) {
                            throw new IllegalArgumentException("file-nr has " + f.length + " fields, not 3");
                        }
                        nr = new long[]{number(f[0]), number(f[1]), number(f[2])};
                    }
                    case "file-max" -> fileMax = OptionalLong.of(number(value.trim()));
                    case "nr_open" -> nrOpen = OptionalLong.of(number(value.trim()));
                    default -> throw new IllegalArgumentException("not a line of fs-file");
                }
            } catch (IllegalArgumentException e) {
                problems.add(new ParseProblem(SOURCE, line, e.getMessage()));
            }
        }
        if (nr == null) {
            problems.add(new ParseProblem(SOURCE, String.join("\\n", lines), "no well-formed file-nr line"));
            return Optional.empty();
        }
        return Optional.of(new FileTable(nr[0], nr[1], nr[2], fileMax, nrOpen, lines));
    }

    /** A decimal without sign; past Long.MAX_VALUE it is Long.MAX_VALUE. */
    static long number(String s) {
        if (s.isEmpty() || s.length() > 40 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "' is not a number");
        }
        BigInteger b = new BigInteger(s);
        return b.bitLength() > 63 ? Long.MAX_VALUE : b.longValue();
    }
}
