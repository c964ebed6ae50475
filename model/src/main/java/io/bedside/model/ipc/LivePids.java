package io.bedside.model.ipc;

import java.util.List;
import java.util.Set;

/**
 * Every process alive on the host when the probe listed /proc (probe section {@code pids-alive}).
 * Only thread-group leaders are listed, which is what IPC objects record (semop, shmat and msgsnd
 * store the tgid).
 *
 * @param pids the live pids
 * @param lines the raw line(s) (evidence that a pid was not among them)
 */
public record LivePids(Set<Integer> pids, List<String> lines) {
    public LivePids {
        pids = Set.copyOf(pids);
        lines = List.copyOf(lines);
    }

    /** Whether pid is a live process; 0 (no process, or one outside the probe's pid namespace) never is. */
    public boolean alive(int pid) {
        return pid > 0 && pids.contains(pid);
    }
}
