package io.bedside.model.procs;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One line of the kernel log that says a task hangs, or where (kept by the probe's hung-task
 * filter in the kernel-log section). Two kinds:
 * <pre>
 * INFO: task cp:48332 blocked for more than 120 seconds.          (the hung-task watchdog; pid is the thread's)
 * nfs: server 10.0.0.5 not responding, still trying                 (the mount a D thread waits on)
 * </pre>
 *
 * @param comm    the task's name (may hold {@code :} and spaces), for a blocked line
 * @param tid     the task's id (a thread id), for a blocked line
 * @param seconds the watchdog's threshold it passed (hung_task_timeout_secs), for a blocked line
 * @param server  the NFS server that does not answer, for an nfs line
 * @param line    the whole log line as the host printed it (stamp included), decoded
 */
public record KernelHang(Optional<String> comm, OptionalInt tid, OptionalLong seconds, Optional<String> server, String line) {

    public boolean blocked() {
        return tid.isPresent();
    }
}
