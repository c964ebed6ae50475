package io.bedside.model.ipc;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * For one semaphore array, the pid of the last operation on each semaphore (semctl GETPID, what
 * {@code ipcs -s -i ID} prints in its pid column), from the probe section {@code sem-pids}:
 * <pre>
 * semid=1 pids=30508,30507,30507 otime=1795449736 waiting=0
 * semid=5 error=ipcs: semctl(GETVAL) failed: Permission denied
 * </pre>
 * A pid of 0 means no process has operated on that semaphore (semget alone sets none). A pid
 * is the number in the probe's pid namespace; a pid from another namespace reads as 0.
 *
 * @param semid   the array
 * @param pids    last-operation pid per semaphore, in semaphore order; empty when {@code error} is set
 * @param otime   the array's otime when the probe read it, epoch seconds (0 = never)
 * @param waiting processes blocked in semop on it (ncount + zcount summed), when the probe said
 * @param error   what ipcs said when it could not read the array (gone, permission denied)
 * @param line    the raw line
 */
public record SemLastOps(int semid, List<Integer> pids, OptionalLong otime, OptionalInt waiting,
                         Optional<String> error, String line) {
    public SemLastOps {
        pids = List.copyOf(pids);
    }

    public boolean readable() {
        return error.isEmpty();
    }
}
