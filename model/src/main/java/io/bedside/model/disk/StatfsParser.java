package io.bedside.model.disk;

import io.bedside.model.probe.ParseProblem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses the probe section {@code statfs}: the mount ids given to {@code stat -f}, in order, then
 * a record per mount that answered. Sample:
 * <pre>
 * &#64;ids 45 66
 * &#64; 4096 66053021 59912072 20456779 16777216 16292433 /
 * &#64; 4096 256 256 256 3085468 3085467 /tmp/dk/a b
 * </pre>
 * stat prints the mount point raw, and a mount point may hold a newline, so the records are not
 * split at lines: each id's record is looked for where the one before ended, as
 * {@code "@ " + six numbers + " " + the mount point mountinfo gave that id + newline}; an id without
 * its record there (stat could not read it) has none. Mount points come from the mountinfo of the
 * same sample or, on a light sample, the last one read.
 */
public final class StatfsParser {
    public static final String SOURCE = "statfs";

    private StatfsParser() {
    }

    /**
     * @param mountPoints the mount point of every mount id, decoded
     * @return the records by mount id, in the order stat printed them; empty when the section has no {@code @ids} line
     */
    public static Optional<Map<Integer, FsStat>> parse(List<String> lines, Map<Integer, String> mountPoints,
                                                       List<ParseProblem> problems) {
        if (lines.isEmpty() || !lines.get(0).startsWith("@ids")) {
            problems.add(new ParseProblem(SOURCE, lines.isEmpty() ? "" : lines.get(0), "The statfs section does not start with its @ids line."));
            return Optional.empty();
        }
        String head = lines.get(0).substring(4).trim();
        String text = String.join("\n", lines.subList(1, lines.size())) + "\n";
        Map<Integer, FsStat> out = new LinkedHashMap<>();
        int pos = 0;
        for (String w : head.isEmpty() ? new String[0] : head.split(" +")) {
            if (w.length() > 9 || !w.chars().allMatch(c -> c >= '0' && c <= '9')) {
                problems.add(new ParseProblem(SOURCE, lines.get(0), "A mount id '" + w + "' is not a number."));
                return Optional.empty();
            }
            int id = Integer.parseInt(w);
            String mp = mountPoints.get(id);
            if (mp == null) {
                continue; // mounted after the mountinfo this sample reads: its record, if any, is left over
            }
            int end = record(text, pos, mp);
            if (end < 0) {
                continue;
            }
            String[] n = text.substring(pos + 2, end - mp.length() - 2).split(" ");
            long[] v = new long[6];
            for (int i = 0; i < 6; i++) {
                v[i] = unsigned(n[i]);
            }
            out.put(id, new FsStat(id, v[0], v[1], v[2], v[3], v[4], v[5]));
            pos = end;
        }
        if (pos < text.length() - 1) {
            String rest = text.substring(pos, text.length() - 1);
            problems.add(new ParseProblem(SOURCE, rest.length() > 200 ? rest.substring(0, 200) : rest,
                    "statfs records left over that match no mount of this sample's mountinfo."));
        }
        return Optional.of(out);
    }

    /** A u64 as the kernel prints it; past Long.MAX_VALUE (a "no limit" some file systems report), Long.MAX_VALUE. */
    static long unsigned(String s) {
        try {
            long v = Long.parseUnsignedLong(s);
            return v < 0 ? Long.MAX_VALUE : v;
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The end (after its newline) of the record for {@code mp} at {@code pos}, or -1. */
    private static int record(String text, int pos, String mp) {
        if (!text.startsWith("@ ", pos)) {
            return -1;
        }
        int p = pos + 2;
        for (int i = 0; i < 6; i++) {
            int start = p;
            while (p < text.length() && text.charAt(p) >= '0' && text.charAt(p) <= '9') {
                p++;
            }
            if (p == start || p - start > 20 || p >= text.length() || text.charAt(p) != ' ') {
                return -1;
            }
            p++;
        }
        if (!text.startsWith(mp + "\n", p)) {
            return -1;
        }
        return p + mp.length() + 1;
    }
}
