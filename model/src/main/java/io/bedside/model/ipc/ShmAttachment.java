package io.bedside.model.ipc;

import java.util.OptionalInt;

/**
 * A process that maps a System V shared memory segment: one {@code /SYSVxxxxxxxx} line of its
 * /proc/PID/maps, as the probe section {@code shm-attach} reports it:
 * <pre>
 * pid=30509 comm=python3 shmkey=0xbb654244 shmid=1
 * </pre>
 *
 * @param pid   the process
 * @param comm  its command name (may contain spaces)
 * @param key   the segment's key (every IPC_PRIVATE segment has key 0)
 * @param shmid the segment's id, the mapping's inode, when the probe reported it
 * @param line  the raw line
 */
public record ShmAttachment(int pid, String comm, int key, OptionalInt shmid, String line) {

    public String keyHex() {
        return IpcKey.hex(key);
    }

    /** Whether this mapping is of the given segment: by id when known, else by a non-private key. */
    public boolean maps(ShmSegment segment) {
        if (shmid.isPresent()) {
            return shmid.getAsInt() == segment.shmid();
        }
        return key != IpcKey.PRIVATE && key == segment.key();
    }
}
