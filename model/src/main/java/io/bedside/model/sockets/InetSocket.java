package io.bedside.model.sockets;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** What TCP and UDP sockets have in common: one row of ss or /proc/net. */
public sealed interface InetSocket permits TcpSocket, UdpSocket {

    /** {@code tcp} or {@code udp}. */
    String protocol();

    SocketState state();

    /** Bytes received and not yet read by the process (for LISTEN: connections waiting for accept). */
    long recvQ();

    /** Bytes sent and not yet acknowledged (for LISTEN ss prints the backlog limit, /proc/net 0). */
    long sendQ();

    Endpoint local();

    Endpoint remote();

    /** The socket's inode, which /proc/PID/fd names as {@code socket:[INODE]}; 0 when no file holds it (TIME-WAIT, orphans); empty when not reported. */
    OptionalLong inode();

    /** The owner's uid; empty when not reported (ss without -e). */
    OptionalLong uid();

    /** Holders as ss -p printed them; empty without -p (then proc-fds says who holds it). */
    List<SocketOwner> owners();

    /** ss -e's {@code cgroup:} path, e.g. {@code /system.slice/nginx.service}. */
    Optional<String> cgroup();

    /** The raw line(s) it came from: the socket's line, then any detail lines (ss -i). */
    List<String> lines();

    /** Whether a file (an fd of some process) holds it: an inode other than 0. */
    default boolean hasInode() {
        return inode().isPresent() && inode().getAsLong() != 0;
    }
}
