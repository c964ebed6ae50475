package io.bedside.model.sockets;

import io.bedside.model.probe.Lines;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One TCP socket. Sample (ss -tane, squeezed):
 * <pre>
 * CLOSE-WAIT 269 0 127.0.0.1:33747 127.0.0.1:48558 ino:728254 sk:15938 cgroup:/ --&gt;
 * </pre>
 *
 * @param state  the kernel's state
 * @param recvQ  Recv-Q (rx_queue in /proc/net)
 * @param sendQ  Send-Q (tx_queue in /proc/net)
 * @param local  the local address and port
 * @param remote the peer's address and port
 * @param inode  the socket's inode; 0 when no file holds it; empty when not reported
 * @param uid    the owner's uid; empty when not reported
 * @param owners holders as ss -p printed them
 * @param cgroup the cgroup ss -e printed
 * @param lines  the raw line(s)
 */
public record TcpSocket(SocketState state, long recvQ, long sendQ, Endpoint local, Endpoint remote, OptionalLong inode,
                        OptionalLong uid, List<SocketOwner> owners, Optional<String> cgroup, List<String> lines)
        implements InetSocket {
    public TcpSocket {
        owners = List.copyOf(owners);
        lines = lines instanceof Lines ? lines : List.copyOf(lines);
    }

    @Override
    public String protocol() {
        return "tcp";
    }
}
