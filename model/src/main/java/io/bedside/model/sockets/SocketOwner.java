package io.bedside.model.sockets;

/**
 * A process holding a socket, as ss -p prints it: {@code users:(("sshd",pid=18953,fd=4))}, or
 * {@code users:(("sshd",18953,4))} before iproute2 4.x.
 *
 * @param name the process name ss printed (its comm)
 * @param pid  the process
 * @param fd   the fd it holds the socket as
 */
public record SocketOwner(String name, int pid, int fd) {
}
