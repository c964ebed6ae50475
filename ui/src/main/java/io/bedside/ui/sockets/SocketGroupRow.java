package io.bedside.ui.sockets;

/**
 * One row of the sockets table: the sockets of one process, or of one local port.
 *
 * @param key       what the row is grouped by: {@code 5025} (a pid) or {@code 33747} (a port);
 *                  {@code ?} for sockets whose holder could not be seen
 * @param pid       the process, or -1 (a port row, or holder unknown)
 * @param name      the process's name; for a port, the names of the processes holding it
 * @param total     sockets (TCP and UDP)
 * @param closeWait TCP sockets in CLOSE_WAIT
 * @param recvQ     bytes unread in Recv-Q, summed
 * @param ports     the local ports (a process row) or the pids (a port row), shortened
 */
public record SocketGroupRow(String key, int pid, String name, int total, int closeWait, long recvQ, String ports) {

    public boolean matches(String f) {
        String l = f.toLowerCase(java.util.Locale.ROOT);
        return key.contains(l) || name.toLowerCase(java.util.Locale.ROOT).contains(l) || ports.contains(l);
    }
}
