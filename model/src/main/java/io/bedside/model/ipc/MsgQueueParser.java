package io.bedside.model.ipc;

import io.bedside.model.probe.ParseProblem;

import java.util.List;
import java.util.Optional;

/**
 * Parses /proc/sysvipc/msg (probe section {@code sysvipc-msg}). Sample:
 * <pre>
 *        key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime
 * 1071214267          0   644          13          1 30511     0     0     0     0     0 1795449737          0 1795449733
 * </pre>
 */
public final class MsgQueueParser {
    static final String SOURCE = "sysvipc-msg";
    private static final List<String> COLUMNS = List.of("key", "msqid", "perms", "cbytes", "qnum", "lspid", "lrpid",
            "uid", "gid", "cuid", "cgid", "stime", "rtime", "ctime");

    private MsgQueueParser() {
    }

    public static Optional<IpcTable<MsgQueue>> parse(List<String> lines, List<ParseProblem> problems) {
        return SysvipcColumns.parse(SOURCE, "/proc/sysvipc/msg", lines, COLUMNS, problems, r -> new MsgQueue(
                r.key(), r.integer("msqid"), r.octal("perms"), r.number("cbytes"), r.number("qnum"),
                r.integer("lspid"), r.integer("lrpid"), r.number("uid"), r.number("gid"), r.number("cuid"),
                r.number("cgid"), r.number("stime"), r.number("rtime"), r.number("ctime"), r.line));
    }
}
