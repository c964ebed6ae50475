package io.bedside.model.ipc;

import java.time.Instant;
import java.util.Optional;

/**
 * One System V semaphore array, a row of /proc/sysvipc/sem:
 * <pre>
 *        key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime
 * -789419800          3   644          3     0     0     0     0 1795449736 1795449733
 * </pre>
 *
 * @param key   the key, signed as the kernel prints it; {@link #keyHex()} for display
 * @param semid the id ({@code ipcrm -s ID})
 * @param perms the mode bits (octal in the file)
 * @param nsems semaphores in the array
 * @param uid   owner
 * @param gid   owner group
 * @param cuid  creator
 * @param cgid  creator group
 * @param otime last semop, epoch seconds; 0 = never
 * @param ctime created or last changed (IPC_SET, SETVAL, SETALL), epoch seconds
 * @param line  the raw row, for evidence
 */
public record SemArray(int key, int semid, int perms, int nsems, long uid, long gid, long cuid, long cgid,
                       long otime, long ctime, String line) {

    public String keyHex() {
        return IpcKey.hex(key);
    }

    public boolean isPrivate() {
        return key == IpcKey.PRIVATE;
    }

    /** When a semop last ran on it; empty when never. */
    public Optional<Instant> lastOperation() {
        return otime == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(otime));
    }

    public Instant changed() {
        return Instant.ofEpochSecond(ctime);
    }

    /** The permission bits as ipcs prints them, e.g. {@code 600}. */
    public String permsOctal() {
        return Integer.toOctalString(perms & 0777);
    }
}
