package io.bedside.model.ipc;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One System V shared memory segment, a row of /proc/sysvipc/shm:
 * <pre>
 *        key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap
 * -1150991804          1   644                  8192 30443 30509      1     0     0     0     0 1795449737          0 1795449733                     0                     0
 * </pre>
 *
 * @param key    the key, signed as the kernel prints it; {@link #keyHex()} for display
 * @param shmid  the id ({@code ipcrm -m ID}); also the inode of its mappings in /proc/PID/maps
 * @param perms  mode bits including {@link #SHM_DEST} and {@link #SHM_LOCKED}
 * @param size   bytes
 * @param cpid   creator pid (0 when not visible from the probe's pid namespace)
 * @param lpid   pid of the last shmat/shmdt; 0 = never
 * @param nattch attachments now
 * @param uid    owner
 * @param gid    owner group
 * @param cuid   creator
 * @param cgid   creator group
 * @param atime  last attach, epoch seconds; 0 = never
 * @param dtime  last detach, epoch seconds; 0 = never
 * @param ctime  created or last changed, epoch seconds
 * @param rss    resident bytes; absent on kernels before 2.6.37, which lack the column
 * @param swap   swapped bytes; absent on kernels before 2.6.37
 * @param line   the raw row, for evidence
 */
public record ShmSegment(int key, int shmid, int perms, long size, int cpid, int lpid, long nattch,
                         long uid, long gid, long cuid, long cgid, long atime, long dtime, long ctime,
                         OptionalLong rss, OptionalLong swap, String line) {
    /** Mode bit: IPC_RMID was called while attached; it goes when the last process detaches. */
    public static final int SHM_DEST = 01000;
    /** Mode bit: SHM_LOCK, pinned in memory. */
    public static final int SHM_LOCKED = 02000;

    public String keyHex() {
        return IpcKey.hex(key);
    }

    public boolean markedForRemoval() {
        return (perms & SHM_DEST) != 0;
    }

    public boolean locked() {
        return (perms & SHM_LOCKED) != 0;
    }

    /** Pages it counts against SHMALL: the kernel rounds each segment up to whole pages. */
    public long pages(long pageSize) {
        return (size + pageSize - 1) / pageSize;
    }

    public Optional<Instant> lastAttach() {
        return atime == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(atime));
    }

    public Optional<Instant> lastDetach() {
        return dtime == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(dtime));
    }

    public Instant changed() {
        return Instant.ofEpochSecond(ctime);
    }

    public String permsOctal() {
        return Integer.toOctalString(perms & 0777);
    }
}
