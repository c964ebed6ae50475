package io.bedside.model.ipc;

import io.bedside.model.probe.ParseProblem;

import java.util.List;
import java.util.Optional;

/**
 * Parses /proc/sysvipc/shm (probe section {@code sysvipc-shm}). Kernel 2.6.37 and later:
 * <pre>
 *        key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap
 * 2065887160          0   644                  4096 30442     0      0     0     0     0     0          0          0 1795449733                     0                     0
 * </pre>
 * Earlier kernels end the header at {@code ctime}: rss and swap are then absent, not zero.
 * The perms column may carry 1000 (SHM_DEST, marked for removal) and 2000 (SHM_LOCKED).
 */
public final class ShmSegmentParser {
    static final String SOURCE = "sysvipc-shm";
    private static final List<String> COLUMNS = List.of("key", "shmid", "perms", "size", "cpid", "lpid", "nattch",
            "uid", "gid", "cuid", "cgid", "atime", "dtime", "ctime");

    private ShmSegmentParser() {
    }

    public static Optional<IpcTable<ShmSegment>> parse(List<String> lines, List<ParseProblem> problems) {
        return SysvipcColumns.parse(SOURCE, "/proc/sysvipc/shm", lines, COLUMNS, problems, r -> new ShmSegment(
                r.key(), r.integer("shmid"), r.octal("perms"), r.number("size"), r.integer("cpid"), r.integer("lpid"),
                r.number("nattch"), r.number("uid"), r.number("gid"), r.number("cuid"), r.number("cgid"),
                r.number("atime"), r.number("dtime"), r.number("ctime"),
                r.optionalNumber("rss"), r.optionalNumber("swap"), r.line));
    }
}
