package io.bedside.model.sockets;

import io.bedside.model.probe.ParseProblem;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parses /proc/net/tcp, tcp6, udp and udp6 (probe sections {@code proc-net-tcp} ... , read when
 * the host has no ss). Samples:
 * <pre>
 *   sl  local_address rem_address   st tx_queue rx_queue tr tm-&gt;when retrnsmt   uid  timeout inode
 *    4: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 552 1 00000000c82cf14b 100 0 0 10 0
 *    7: 0100007F:C4A5 0100007F:EBB0 08 00000000:00000013 00:00000000 00000000     0        0 801988 1 000000006008fd8a 20 4 28 10 -1
 *    0: 00000000000000000000000001000000:DECB 00000000000000000000000000000000:0000 0A 00000000:00000000 ... 801983 1 ...
 * </pre>
 * Addresses are decoded with the host's byte order ({@link Endpoint#parseProcHex}); queues are
 * hex ({@code tx_queue:rx_queue}), uid and inode decimal. Nothing here says which process holds a
 * socket: proc-fds does, by inode.
 */
public final class ProcNetParser {
    public static final String TCP = "proc-net-tcp";
    public static final String TCP6 = "proc-net-tcp6";
    public static final String UDP = "proc-net-udp";
    public static final String UDP6 = "proc-net-udp6";

    private ProcNetParser() {
    }

    /**
     * @param source the section the lines came from ({@link #TCP} or {@link #TCP6})
     * @param order  the host's byte order (little-endian unless its machine is big-endian)
     */
    public static Optional<SocketTable<TcpSocket>> parseTcp(String source, List<String> lines, ByteOrder order,
                                                            List<ParseProblem> problems) {
        List<TcpSocket> out = new ArrayList<>();
        for (Row r : rows(source, lines, order, problems)) {
            out.add(new TcpSocket(r.state, r.recvQ, r.sendQ, r.local, r.remote, OptionalLong.of(r.inode), OptionalLong.of(r.uid),
                    List.of(), Optional.empty(), List.of(r.line)));
        }
        return Optional.of(new SocketTable<>(List.of(source), out));
    }

    /** @param source {@link #UDP} or {@link #UDP6} */
    public static Optional<SocketTable<UdpSocket>> parseUdp(String source, List<String> lines, ByteOrder order,
                                                            List<ParseProblem> problems) {
        List<UdpSocket> out = new ArrayList<>();
        for (Row r : rows(source, lines, order, problems)) {
            out.add(new UdpSocket(r.state, r.recvQ, r.sendQ, r.local, r.remote, OptionalLong.of(r.inode), OptionalLong.of(r.uid),
                    List.of(), Optional.empty(), List.of(r.line)));
        }
        return Optional.of(new SocketTable<>(List.of(source), out));
    }

    private record Row(SocketState state, long recvQ, long sendQ, Endpoint local, Endpoint remote, long uid, long inode,
                       String line) {
    }

    private static List<Row> rows(String source, List<String> lines, ByteOrder order, List<ParseProblem> problems) {
        List<Row> out = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            List<String> f = Fields.split(line);
            if (f.get(0).equals("sl")) {
                continue;
            }
            try {
                out.add(row(f, order, line));
            } catch (IllegalArgumentException e) {
                problems.add(new ParseProblem(source, line, "Unrecognized " + source.substring("proc-net-".length())
                        + " line: " + e.getMessage() + "."));
            }
        }
        return out;
    }

    private static Row row(List<String> f, ByteOrder order, String line) {
        if (f.size() < 10) {
            throw new IllegalArgumentException("fewer than 10 columns");
        }
        String sl = f.get(0);
        if (!sl.endsWith(":") || !Fields.digits(sl.substring(0, sl.length() - 1), 10)) {
            throw new IllegalArgumentException("'" + sl + "' is not a slot number");
        }
        Endpoint local = Endpoint.parseProcHex(f.get(1), order);
        Endpoint remote = Endpoint.parseProcHex(f.get(2), order);
        if (local.ipv6() != remote.ipv6()) {
            throw new IllegalArgumentException("local and remote addresses are of different families");
        }
        SocketState state = SocketState.fromProcHex(f.get(3))
                .orElseThrow(() -> new IllegalArgumentException("state '" + f.get(3) + "' is not known"));
        String q = f.get(4);
        int colon = q.indexOf(':');
        if (colon < 0 || !Fields.hex(q.substring(0, colon), 16) || !Fields.hex(q.substring(colon + 1), 16)) {
            throw new IllegalArgumentException("queues '" + q + "' are not TX:RX in hex");
        }
        long tx = Long.parseUnsignedLong(q.substring(0, colon), 16);
        long rx = Long.parseUnsignedLong(q.substring(colon + 1), 16);
        if (tx < 0 || rx < 0) {
            throw new IllegalArgumentException("queues '" + q + "' are out of range");
        }
        long uid = Fields.number(f.get(7), "uid");
        long inode = Fields.number(f.get(9), "inode");
        return new Row(state, rx, tx, local, remote, uid, inode, line);
    }
}
