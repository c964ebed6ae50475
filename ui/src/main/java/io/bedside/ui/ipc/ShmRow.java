package io.bedside.ui.ipc;

/**
 * A shared memory segment as its table shows it.
 *
 * @param id        shmid
 * @param keyHex    key, {@code 0x%08x}
 * @param uid       owner uid
 * @param owner     {@code 0 (root)}
 * @param perms     {@code 600}
 * @param bytes     size in bytes
 * @param size      {@code bytes} for people: {@code 64.0 KiB}
 * @param cpid      creator pid
 * @param creator   {@code 6411 alive}, {@code 6401 dead}
 * @param lpid      last shmat/shmdt pid (0 = never)
 * @param lastUser  {@code 6411 alive}, {@code never}
 * @param nattch    attachments now
 * @param attached  the processes mapping it, {@code perl (6411)}, or why that is unknown
 * @param atime     last attach, epoch seconds (0 = never)
 * @param attachedAt {@code atime} on the host's clock
 * @param dtime     last detach, epoch seconds (0 = never)
 * @param detachedAt {@code dtime} on the host's clock
 * @param ctime     created or last changed, epoch seconds
 * @param changed   {@code ctime} on the host's clock
 * @param status    {@code dest}, {@code locked}, both or empty, as ipcs prints it
 * @param verdict   {@code orphaned}, {@code in use}, {@code removal pending}, {@code unknown}
 * @param orphaned  whether the verdict is orphaned
 * @param reason    why, in words
 * @param line      the raw /proc/sysvipc/shm row
 */
public record ShmRow(int id, String keyHex, long uid, String owner, String perms, long bytes, String size,
                     int cpid, String creator, int lpid, String lastUser, long nattch, String attached,
                     long atime, String attachedAt, long dtime, String detachedAt, long ctime, String changed,
                     String status, String verdict, boolean orphaned, String reason, String line) implements IpcRow, io.bedside.ui.findings.AboutFinding {
    @Override
    public boolean isAbout(io.bedside.ui.findings.FindingItem f) {
        return f.subjectValues("shmid").contains(Integer.toString(id));
    }

    @Override
    public long weight() {
        return bytes;
    }
}
