package io.bedside.ui.ipc;

/**
 * A semaphore array as its table shows it.
 *
 * @param id        semid
 * @param keyHex    key, {@code 0x%08x}
 * @param uid       owner uid
 * @param owner     {@code 0 (root)}
 * @param perms     {@code 600}
 * @param nsems     semaphores in the array
 * @param otime     last semop, epoch seconds (0 = never)
 * @param lastOp    {@code otime} on the host's clock, or {@code never}
 * @param ctime     created or last changed, epoch seconds
 * @param changed   {@code ctime} on the host's clock
 * @param pids      the last-operation pids with alive or dead, e.g. {@code 4711 alive, 0 (none) x2}
 * @param verdict   {@code orphaned}, {@code in use}, {@code unknown}
 * @param orphaned  whether the verdict is orphaned
 * @param reason    why, in words
 * @param line      the raw /proc/sysvipc/sem row
 */
public record SemRow(int id, String keyHex, long uid, String owner, String perms, int nsems, long otime, String lastOp,
                     long ctime, String changed, String pids, String verdict, boolean orphaned, String reason,
                     String line) implements IpcRow, io.bedside.ui.findings.AboutFinding {
    @Override
    public boolean isAbout(io.bedside.ui.findings.FindingItem f) {
        return f.subjectValues("semid").contains(Integer.toString(id));
    }

    @Override
    public long weight() {
        return nsems;
    }
}
