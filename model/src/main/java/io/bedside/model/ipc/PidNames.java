package io.bedside.model.ipc;

import io.bedside.model.memory.MemorySnapshot;
import io.bedside.model.memory.ProcessMemoryTable;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketSnapshot;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The names of a sample's processes, for naming the pids the IPC objects record (creator, last
 * user, last sender): the shared process walk (its table, or the newest one in the history, since
 * processes are read only every few samples), the shared fd walk, and the processes attached to
 * segments. Names are the host's raw bytes: whoever shows them escapes them.
 */
public final class PidNames {
    private PidNames() {
    }

    /** pid -> name; a pid that no source of {@code latest} (or, for the process table, its history) names is absent. */
    public static Map<Integer, String> of(Sample latest, List<Sample> history) {
        Map<Integer, String> out = new HashMap<>();
        IpcSnapshot.of(latest).shmAttachments().get().ifPresent(a -> a.attachments().forEach(x -> out.putIfAbsent(x.pid(), x.comm())));
        SocketSnapshot.of(latest).fds().get().ifPresent(t -> t.processes().values().forEach(p -> out.put(p.pid(), p.comm())));
        Optional<ProcessMemoryTable> table = MemorySnapshot.of(latest).processes().get();
        for (int i = history.size() - 1; table.isEmpty() && i >= 0; i--) {
            table = MemorySnapshot.of(history.get(i)).processes().get();
        }
        table.ifPresent(t -> t.processes().forEach(p -> out.put(p.pid(), p.comm())));
        return out;
    }
}
