package io.bedside.model.disk;

import io.bedside.model.probe.ParseProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses the probe section {@code fd-deleted}: {@code PID FD SIZE BLOCKS BLOCKSIZE INODE DEVICE LINKS}
 * per fd of a deleted regular file, all numbers. Sample:
 * <pre>
 * 16829 3 300000 592 512 2401420 65024 0
 * </pre>
 * A line that is not eight numbers is a problem and left out. No line: no such fd.
 */
public final class DeletedFilesParser {
    public static final String SOURCE = "fd-deleted";

    private DeletedFilesParser() {
    }

    public static Optional<List<DeletedFile>> parse(List<String> lines, List<ParseProblem> problems) {
        List<DeletedFile> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split(" +");
            if (f.length != 8 || !allDigits(f)) {
                problems.add(new ParseProblem(SOURCE, line, "Unrecognized fd-deleted line: eight numbers were expected."));
                continue;
            }
            if (f[0].length() > 9 || f[1].length() > 9) {
                problems.add(new ParseProblem(SOURCE, line, "Unrecognized fd-deleted line: the pid or fd is too large."));
                continue;
            }
            out.add(new DeletedFile(Integer.parseInt(f[0]), Integer.parseInt(f[1]), StatfsParser.unsigned(f[2]),
                    StatfsParser.unsigned(f[3]), StatfsParser.unsigned(f[4]), StatfsParser.unsigned(f[5]),
                    StatfsParser.unsigned(f[6]), StatfsParser.unsigned(f[7])));
        }
        return Optional.of(List.copyOf(out));
    }

    private static boolean allDigits(String[] f) {
        for (String s : f) {
            if (s.isEmpty() || s.length() > 20 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }
}
