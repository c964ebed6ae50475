package io.bedside.model.ipc;

import io.bedside.model.probe.ParseProblem;

import java.util.List;
import java.util.Optional;

/**
 * Parses /proc/sysvipc/sem (probe section {@code sysvipc-sem}). Sample:
 * <pre>
 *        key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime
 *          0          0   600          1     0     0     0     0          0 1700000000
 * -789419800          3   644          3     0     0     0     0 1795449736 1795449733
 * </pre>
 * The format is the same from 2.6 to 6.x. A row that does not parse is a problem and is not counted.
 */
public final class SemArrayParser {
    static final String SOURCE = "sysvipc-sem";
    private static final List<String> COLUMNS =
            List.of("key", "semid", "perms", "nsems", "uid", "gid", "cuid", "cgid", "otime", "ctime");

    private SemArrayParser() {
    }

    public static Optional<IpcTable<SemArray>> parse(List<String> lines, List<ParseProblem> problems) {
        return SysvipcColumns.parse(SOURCE, "/proc/sysvipc/sem", lines, COLUMNS, problems, r -> new SemArray(
                r.key(), r.integer("semid"), r.octal("perms"), r.integer("nsems"),
                r.number("uid"), r.number("gid"), r.number("cuid"), r.number("cgid"),
                r.number("otime"), r.number("ctime"), r.line));
    }
}
