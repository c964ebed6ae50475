package io.bedside.model.ipc;

import java.util.List;

/**
 * One /proc/sysvipc file, parsed: its header line exactly as the kernel printed it (it differs
 * between kernels, e.g. shm gained {@code rss swap} in 2.6.37) and the rows that parsed.
 * Rows that did not parse are {@link io.bedside.model.probe.ParseProblem}s, not rows.
 *
 * @param header the raw header line
 * @param rows   the parsed rows, in the kernel's order
 */
public record IpcTable<R>(String header, List<R> rows) {
    public IpcTable {
        rows = List.copyOf(rows);
    }

    public int size() {
        return rows.size();
    }
}
