package io.bedside.model.sockets;

import io.bedside.model.Fixtures;
import io.bedside.model.probe.ParseProblem;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SocketParsersTest {
    private static List<String> lines(String fixture) {
        return Fixtures.text("sockets/" + fixture).lines().toList();
    }

    private static SocketTable<TcpSocket> ssTcp(String fixture, List<ParseProblem> problems) {
        return SsParser.parseTcp(lines(fixture), problems).orElseThrow();
    }

    private static TcpSocket byInode(SocketTable<TcpSocket> t, long inode) {
        return t.sockets().stream().filter(s -> s.inode().equals(OptionalLong.of(inode))).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------ ss, iproute2 6.1 (captured)

    /**
     * The fd and ss lines read in place: a target with ESC, CR, a tab or marker-like text is a path like any
     * other, a number too long or not a number is the line's one problem (never a wrong value), and
     * socket:[N] that is not all digits is the line's problem too.
     */
    @Test
    void linesReadInPlaceKeepHostileTextAndRefuseBadNumbers() {
        List<ParseProblem> problems = new ArrayList<>();
        String esc = "/tmp/a\u001b[2Jb\r\t@@bedside:0123456789abcdef:end";
        ProcessFdTable t = ProcFdsParser.parse(List.of(
                "700 3 lrwx------ f " + esc,
                "700 4 lrwx------ s socket:[12x]",
                "7000000000 5 lrwx------ s socket:[1]",
                "700 x6 lrwx------ s socket:[1]",
                "pid=700 start=1 nofile=1024/4096 fds=1 comm=java"), "x", problems).orElseThrow();
        List<Fd> fds = t.processes().get(700).fds();
        assertEquals(1, fds.size(), fds.toString());
        assertEquals(new FdTarget.Path(esc, false), fds.get(0).target());
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().contains("inode '12x' is not a number"), problems.toString());
        assertTrue(problems.get(1).message().contains("out of range") && problems.get(2).message().contains("not a number"), problems.toString());

        problems.clear();
        var tcp = SsParser.parseTcp(List.of("State Recv-Q Send-Q Local Address:Port Peer Address:Port",
                "ESTAB 0 0 10.0.0.1:5000 10.0.0.2:80 ino:77 uid:1000",
                "ESTAB 12345678901234567890 0 10.0.0.1:5001 10.0.0.2:80 ino:78",
                "ESTAB 0 -1 10.0.0.1:5002 10.0.0.2:80 ino:79"), problems).orElseThrow();
        assertEquals(1, tcp.sockets().size());
        assertEquals(OptionalLong.of(1000), tcp.sockets().get(0).uid());
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().contains("Recv-Q") && problems.get(1).message().contains("Send-Q"), problems.toString());
    }

    /** The socket index: a socket a fork shares has every holder in the order printed; many sockets, inode 0, none. */
    @Test
    void everyHolderOfASocketIsFoundAmongManyAndASharedOneHasAllOfThem() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            // inodes that differ in their high bits only, and clash in a small table
            b.append("700 ").append(i + 10).append(" lrwx------ s socket:[").append(((long) i << 32) | 7).append("]\n");
        }
        b.append("701 3 lrwx------ s socket:[0]\n");
        b.append("702 4 lrwx------ s socket:[7]\n");
        b.append("703 5 lrwx------ s socket:[7]\n");
        b.append("701 6 lr-x------ p pipe:[7]\n");
        b.append("pid=700 start=1 nofile=9000/9000 fds=5000 comm=java\n");
        b.append("pid=701 start=2 nofile=1024/4096 fds=2 comm=a\n");
        b.append("pid=702 start=3 nofile=1024/4096 fds=1 comm=b\n");
        b.append("pid=703 start=4 nofile=1024/4096 fds=1 comm=c\n");
        List<ParseProblem> problems = new ArrayList<>();
        ProcessFdTable t = ProcFdsParser.parse(List.of(b.toString().split("\n")), "x", problems).orElseThrow();
        assertEquals(List.of(), problems);
        for (int i = 1; i < 5000; i++) {
            List<Fd> h = t.holdersOfSocket(((long) i << 32) | 7);
            assertEquals(1, h.size(), "socket " + i);
            assertEquals(i + 10, h.get(0).fd());
        }
        // inode 7: the first of java's, and the two processes that share it, in the order printed
        assertEquals(List.of("700/10", "702/4", "703/5"), t.holdersOfSocket(7).stream().map(f -> f.pid() + "/" + f.fd()).toList());
        assertEquals(List.of("701/3"), t.holdersOfSocket(0).stream().map(f -> f.pid() + "/" + f.fd()).toList());
        assertEquals(List.of(), t.holdersOfSocket(8));
        // a pipe of the same number is not a socket
        assertEquals(1, t.holdersOfPipe(new PipeId.Anonymous(7)).size());
    }

    @Test
    void ssTanpieOfIproute2SixOneKeepsDetailLinesOwnersAndBothFamilies() {
        List<ParseProblem> problems = new ArrayList<>();
        SocketTable<TcpSocket> t = ssTcp("ss-tanpie-iproute2-6.1-debian12.txt", problems);
        assertEquals(List.of(), problems);
        assertEquals(13, t.sockets().size());
        assertEquals(Map.of(SocketState.LISTEN, 7, SocketState.ESTABLISHED, 4, SocketState.CLOSE_WAIT, 2), t.counts());

        TcpSocket cw4 = byInode(t, 801988);
        assertEquals(SocketState.CLOSE_WAIT, cw4.state());
        assertEquals(19, cw4.recvQ(), "18 bytes of request and the FIN");
        assertEquals("127.0.0.1:50341", cw4.local().text());
        assertEquals("127.0.0.1:60336", cw4.remote().text());
        assertEquals(List.of(new SocketOwner("python3", 18851, 9), new SocketOwner("python3", 18809, 9)), cw4.owners());
        assertEquals(OptionalLong.of(0), cw4.uid(), "ss -e leaves uid 0 out");
        assertEquals(Optional.of("/"), cw4.cgroup());
        assertEquals(2, cw4.lines().size(), "the socket's line and its tab-indented -i line");
        assertTrue(cw4.lines().get(1).startsWith("\t ts sack bbr"), cw4.lines().get(1));

        TcpSocket cw6 = byInode(t, 801990);
        assertEquals("::1", cw6.local().address());
        assertEquals(OptionalInt.of(57035), cw6.local().port());
        assertEquals("[::1]:45222", cw6.remote().text());
        assertTrue(cw6.local().ipv6());

        TcpSocket mapped = byInode(t, 801992);
        assertEquals("::ffff:127.0.0.1", mapped.local().address());
        TcpSocket dual = byInode(t, 801984);
        assertEquals("*", dual.local().address());
        assertEquals(OptionalInt.empty(), dual.remote().port());
        assertEquals("*:*", dual.remote().text());
        TcpSocket unseen = byInode(t, 552);
        assertEquals(List.of(), unseen.owners(), "a listener whose holder ss could not see");
        assertEquals(100, byInode(t, 801986).recvQ());
    }

    @Test
    void ssTaneIsTheSameSocketsWithoutOwnersOrDetails() {
        List<ParseProblem> problems = new ArrayList<>();
        SocketTable<TcpSocket> plain = ssTcp("ss-tane-iproute2-6.1-debian12.txt", problems);
        SocketTable<TcpSocket> full = ssTcp("ss-tanpie-iproute2-6.1-debian12.txt", problems);
        assertEquals(List.of(), problems);
        assertEquals(full.sockets().size(), plain.sockets().size());
        for (TcpSocket s : plain.sockets()) {
            TcpSocket f = byInode(full, s.inode().getAsLong());
            assertEquals(f.state(), s.state());
            assertEquals(f.local(), s.local());
            assertEquals(f.remote(), s.remote());
            assertEquals(f.recvQ(), s.recvQ());
            assertEquals(List.of(), s.owners());
            assertEquals(1, s.lines().size());
        }
    }

    @Test
    void ssUdpWithAndWithoutExtendedDetails() {
        List<ParseProblem> problems = new ArrayList<>();
        SocketTable<UdpSocket> p = SsParser.parseUdp(lines("ss-uanp-iproute2-6.1-debian12.txt"), problems).orElseThrow();
        SocketTable<UdpSocket> e = SsParser.parseUdp(lines("ss-uane-iproute2-6.1-debian12.txt"), problems).orElseThrow();
        assertEquals(List.of(), problems);
        assertEquals(3, p.sockets().size());
        UdpSocket bound = p.sockets().get(1);
        assertEquals(SocketState.CLOSE, bound.state());
        assertEquals("UNCONN", bound.state().ssName());
        assertEquals(832, bound.recvQ());
        assertEquals(OptionalLong.empty(), bound.inode(), "without -e there is no inode, and no uid: not 0");
        assertEquals(OptionalLong.empty(), bound.uid());
        assertEquals(2, bound.owners().size());
        assertEquals("udp", bound.protocol());
        assertEquals(SocketState.ESTABLISHED, e.sockets().get(0).state());
        assertEquals(OptionalLong.of(801993), e.sockets().get(1).inode());
        assertEquals("::1", e.sockets().get(2).local().address());
    }

    // ------------------------------------------------------------------ ss, older iproute2 (transcribed)

    @Test
    void iproute2ThreeFormatsOwnersWithoutLabelsAndIpv6WithoutBrackets() {
        List<ParseProblem> problems = new ArrayList<>();
        SocketTable<TcpSocket> t = ssTcp("ss-tanpie-iproute2-3.x-centos7-transcribed.txt", problems);
        assertEquals(List.of(), problems);
        assertEquals(9, t.sockets().size(), "empty detail lines are no sockets");
        TcpSocket listen = t.sockets().get(0);
        assertEquals("*", listen.local().address());
        assertEquals(OptionalInt.of(22), listen.local().port());
        assertEquals(List.of(new SocketOwner("sshd", 1102, 3)), listen.owners());
        TcpSocket v6 = t.sockets().get(2);
        assertEquals("::", v6.local().address());
        assertEquals(OptionalInt.of(22), v6.local().port());
        assertEquals(OptionalInt.empty(), v6.remote().port());
        TcpSocket cw = byInode(t, 5226722);
        assertEquals(SocketState.CLOSE_WAIT, cw.state());
        assertEquals(299, cw.recvQ());
        assertEquals(OptionalLong.of(1000), cw.uid());
        assertEquals(List.of(new SocketOwner("python", 139756, 9)), cw.owners());
        TcpSocket ssh = byInode(t, 5209811);
        assertEquals("::ffff:10.1.5.60", ssh.local().address());
        assertEquals(OptionalInt.of(22), ssh.local().port());
        assertEquals(List.of(new SocketOwner("sshd", 139700, 3), new SocketOwner("sshd", 139698, 3)), ssh.owners());
        assertEquals(2, t.count(SocketState.CLOSE_WAIT));
        assertEquals(1, t.count(SocketState.TIME_WAIT));
        assertEquals(1, t.count(SocketState.FIN_WAIT2));
        assertFalse(byInode(t, 0).hasInode());

        SocketTable<UdpSocket> udp = SsParser.parseUdp(lines("ss-uanpe-iproute2-3.x-centos7-transcribed.txt"), problems).orElseThrow();
        assertEquals(List.of(), problems);
        assertEquals(3, udp.sockets().size());
        assertEquals(OptionalLong.of(12345), udp.sockets().get(0).inode(), "iproute2 3.x printed ino= for UDP");
        assertEquals(OptionalLong.of(0), udp.sockets().get(0).uid());
        assertEquals(OptionalLong.of(998), udp.sockets().get(1).uid());
        assertEquals(new SocketOwner("chronyd", 702, 2), udp.sockets().get(2).owners().get(0));
    }

    @Test
    void iproute2FourElevenFormats() {
        List<ParseProblem> problems = new ArrayList<>();
        SocketTable<TcpSocket> t = ssTcp("ss-tanpie-iproute2-4.11-centos7-transcribed.txt", problems);
        assertEquals(List.of(), problems);
        assertEquals(8, t.sockets().size());
        assertEquals(Map.of(SocketState.LISTEN, 3, SocketState.ESTABLISHED, 2, SocketState.CLOSE_WAIT, 2, SocketState.TIME_WAIT, 1),
                t.counts());
        TcpSocket cw = byInode(t, 5226858);
        assertEquals(298, cw.recvQ());
        assertEquals(List.of(new SocketOwner("python", 139756, 10)), cw.owners());
        assertEquals(2, cw.lines().size());
        assertEquals(36, byInode(t, 5209811).sendQ());
    }

    @Test
    void badSsLinesBecomeProblemsAndTheRestParses() {
        List<ParseProblem> problems = new ArrayList<>();
        SocketTable<TcpSocket> t = ssTcp("ss-malformed.txt", problems);
        assertEquals(2, t.sockets().size(), t.sockets().toString());
        assertEquals(10, problems.size(), problems.toString());
        assertTrue(problems.stream().allMatch(p -> p.source().equals("ss-tcp") && !p.line().isEmpty()));
        TcpSocket odd = t.sockets().get(1);
        assertEquals(List.of(new SocketOwner("my, (odd) \"name\"", 88, 9)), odd.owners(), "tid= between pid and fd (ss -T)");
        assertTrue(problems.stream().anyMatch(p -> p.line().contains(":ssh ") && p.message().contains("not a number")));
        assertTrue(problems.stream().anyMatch(p -> p.message().contains("WEIRD-STATE")));
        assertTrue(problems.stream().anyMatch(p -> p.message().contains("without a socket above it")));
    }

    @Test
    void emptySsSectionIsAnEmptyTableNotAnAbsence() {
        List<ParseProblem> problems = new ArrayList<>();
        SocketTable<TcpSocket> t = SsParser.parseTcp(List.of("State Recv-Q Send-Q Local Address:Port Peer Address:Port Process"),
                problems).orElseThrow();
        assertEquals(0, t.sockets().size());
        assertEquals(Map.of(), t.counts());
        assertEquals(List.of(), problems);
    }

    // ------------------------------------------------------------------ /proc/net

    @Test
    void procNetTcpMatchesSsInodeByInode() {
        List<ParseProblem> problems = new ArrayList<>();
        SocketTable<TcpSocket> proc = ProcNetParser.parseTcp("proc-net-tcp", lines("proc-net-tcp-debian12-kernel6.18.txt"),
                ByteOrder.LITTLE_ENDIAN, problems).orElseThrow().plus(ProcNetParser.parseTcp("proc-net-tcp6",
                lines("proc-net-tcp6-debian12-kernel6.18.txt"), ByteOrder.LITTLE_ENDIAN, problems).orElseThrow());
        SocketTable<TcpSocket> ss = ssTcp("ss-tane-iproute2-6.1-debian12.txt", problems);
        assertEquals(List.of(), problems);
        assertEquals(List.of("proc-net-tcp", "proc-net-tcp6"), proc.sources());
        assertEquals(13, proc.sockets().size());
        Map<Long, TcpSocket> bySs = new HashMap<>();
        ss.sockets().forEach(s -> bySs.put(s.inode().getAsLong(), s));
        for (TcpSocket p : proc.sockets()) {
            TcpSocket s = bySs.get(p.inode().getAsLong());
            assertTrue(s != null, "ss has inode " + p.inode());
            assertEquals(s.state(), p.state(), p.lines().get(0));
            assertEquals(s.recvQ(), p.recvQ(), p.lines().get(0));
            if (s.state() != SocketState.LISTEN) { // ss shows a listener's backlog limit as Send-Q, /proc/net 0
                assertEquals(s.sendQ(), p.sendQ(), p.lines().get(0));
            }
            assertEquals(s.local().port(), p.local().port());
            assertEquals(s.remote().port(), p.remote().port());
            if (!s.local().address().equals("*")) { // ss prints a dual-stack listener's :: as *
                assertEquals(s.local().address(), p.local().address(), p.lines().get(0));
                assertEquals(s.remote().address(), p.remote().address(), p.lines().get(0));
            }
        }
        TcpSocket any6 = byInode(proc, 801984);
        assertEquals("::", any6.local().address());
        assertEquals(OptionalLong.of(0), any6.uid());
    }

    @Test
    void procNetIpv6WordsAreLittleEndianOnLittleEndianHosts() {
        List<ParseProblem> problems = new ArrayList<>();
        SocketTable<TcpSocket> t = ProcNetParser.parseTcp("proc-net-tcp6", lines("proc-net-tcp6-rhel7-kernel3.10-transcribed.txt"),
                ByteOrder.LITTLE_ENDIAN, problems).orElseThrow();
        assertEquals(List.of(), problems);
        assertEquals("[::]:22", t.sockets().get(0).local().text());
        assertEquals("[::ffff:10.1.5.60]:22", t.sockets().get(1).local().text());
        assertEquals("[::ffff:10.1.5.192]:51970", t.sockets().get(1).remote().text());
        assertEquals(36, t.sockets().get(1).sendQ());
        TcpSocket ll = t.sockets().get(2);
        assertEquals("fe80::202:bff:fea3:f0e5", ll.local().address());
        assertEquals("fe80::202:bff:fe1c:6ba9", ll.remote().address());
        assertEquals(OptionalInt.of(0xE3A1), ll.remote().port());
        assertEquals(SocketState.CLOSE_WAIT, ll.state());
        assertEquals(299, ll.recvQ());
        assertEquals(OptionalLong.of(1000), ll.uid());
    }

    @Test
    void bigEndianHostsPrintAddressesInNetworkOrder() {
        List<String> l = lines("proc-net-tcp-s390x-transcribed.txt");
        List<ParseProblem> problems = new ArrayList<>();
        SocketTable<TcpSocket> be = ProcNetParser.parseTcp("proc-net-tcp", l, ByteOrder.BIG_ENDIAN, problems).orElseThrow();
        assertEquals(List.of(), problems);
        assertEquals("0.0.0.0:9999", be.sockets().get(0).local().text());
        assertEquals("127.0.0.1:9999", be.sockets().get(1).local().text());
        assertEquals("127.0.0.1:26032", be.sockets().get(1).remote().text());
        assertEquals("10.1.5.60:65442", be.sockets().get(2).local().text());
        assertEquals("10.1.6.104:3306", be.sockets().get(2).remote().text());
        SocketTable<TcpSocket> le = ProcNetParser.parseTcp("proc-net-tcp", l, ByteOrder.LITTLE_ENDIAN, problems).orElseThrow();
        assertEquals("1.0.0.127", le.sockets().get(1).local().address(), "read with the wrong byte order the address is reversed");
    }

    @Test
    void procNetUdpUnconnectedIsClose() {
        List<ParseProblem> problems = new ArrayList<>();
        SocketTable<UdpSocket> u = ProcNetParser.parseUdp("proc-net-udp", lines("proc-net-udp-debian12-kernel6.18.txt"),
                ByteOrder.LITTLE_ENDIAN, problems).orElseThrow();
        SocketTable<UdpSocket> u6 = ProcNetParser.parseUdp("proc-net-udp6", lines("proc-net-udp6-debian12-kernel6.18.txt"),
                ByteOrder.LITTLE_ENDIAN, problems).orElseThrow();
        assertEquals(List.of(), problems);
        assertEquals(2, u.sockets().size());
        assertEquals(SocketState.ESTABLISHED, u.sockets().get(0).state());
        assertEquals(SocketState.CLOSE, u.sockets().get(1).state());
        assertEquals(832, u.sockets().get(1).recvQ());
        assertEquals("0.0.0.0:*", u.sockets().get(1).remote().text());
        assertEquals("[::1]:56923", u6.sockets().get(0).local().text());
    }

    @Test
    void badProcNetRowsBecomeProblems() {
        List<ParseProblem> problems = new ArrayList<>();
        SocketTable<TcpSocket> t = ProcNetParser.parseTcp("proc-net-tcp", lines("proc-net-tcp-malformed.txt"), ByteOrder.LITTLE_ENDIAN,
                problems).orElseThrow();
        assertEquals(List.of(1001L, 1008L), t.sockets().stream().map(s -> s.inode().getAsLong()).toList());
        assertEquals(7, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.message().contains("state '0E'")));
        assertTrue(problems.stream().anyMatch(p -> p.message().contains("different families")));
        assertEquals(OptionalLong.of(1000), t.sockets().get(1).uid());
        assertEquals(300, t.sockets().get(1).recvQ());
    }

    @Test
    void endpointsParseAndPrint() {
        assertEquals(new Endpoint("127.0.0.53", OptionalInt.of(53), Optional.of("lo")), Endpoint.parseSs("127.0.0.53%lo:53"));
        assertEquals(new Endpoint("fe80::1", OptionalInt.of(123), Optional.of("eth0")), Endpoint.parseSs("[fe80::1]%eth0:123"));
        assertEquals("[fe80::1]%eth0:123", Endpoint.parseSs("[fe80::1]%eth0:123").text());
        assertEquals(new Endpoint("::ffff:127.0.0.1", OptionalInt.of(53056), Optional.empty()), Endpoint.parseSs("::ffff:127.0.0.1:53056"));
        assertEquals(OptionalInt.empty(), Endpoint.parseSs("0.0.0.0:0").port(), "port 0 is no port, as ss prints it: *");
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parseSs("localhost:ssh"));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parseSs("host.example:22"));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parseSs(":22"));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parseSs("[::1]x:22"));
        assertEquals("2001:db8::1", Endpoint.ipv6(bytes("20010db8000000000000000000000001")));
        assertEquals("2001:db8:0:1:1:1:1:1", Endpoint.ipv6(bytes("20010db8000000010001000100010001")), "one zero group is not ::");
        assertEquals("2001:0:0:1::1", Endpoint.ipv6(bytes("20010000000000010000000000000001")), "the longest run wins");
        assertEquals("2001:db8::1:0:0:1", Endpoint.ipv6(bytes("20010db8000000000001000000000001")), "the first of equal runs");
        assertEquals("::", Endpoint.ipv6(new byte[16]));
        assertEquals("1::", Endpoint.ipv6(bytes("00010000000000000000000000000000")));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parseProcHex("0100007F:16", ByteOrder.LITTLE_ENDIAN));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parseProcHex("0100007:0016", ByteOrder.LITTLE_ENDIAN));
    }

    private static byte[] bytes(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    // ------------------------------------------------------------------ proc-fds, proc-threads

    private static List<String> section(String fixture, String name) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String l : lines(fixture)) {
            if (l.startsWith("@@bedside:")) {
                in = l.startsWith("@@bedside:section " + name + " ");
                continue;
            }
            if (in) {
                out.add(l);
            }
        }
        return out;
    }

    @Test
    void procFdsOfTheLabIncident() {
        List<ParseProblem> problems = new ArrayList<>();
        ProcessFdTable t = ProcFdsParser.parse(section("probe-lab-closewait-pipe-root-t0.txt", "proc-fds"), "find (uid 0)", problems)
                .orElseThrow();
        assertEquals(List.of(), problems);
        ProcessFds server = t.process(5025).orElseThrow();
        assertEquals("python3", server.comm());
        assertEquals(OptionalLong.of(351838), server.startTime());
        assertEquals(OptionalLong.of(256), server.nofileSoft());
        assertEquals(OptionalLong.of(20000), server.nofileHard());
        assertEquals(OptionalInt.of(139), server.fdCount());
        Fd stderr = server.fd(2).orElseThrow();
        assertTrue(stderr.writes() && !stderr.reads());
        assertEquals("w", stderr.access());
        assertEquals(Optional.of(new PipeId.Anonymous(726930)), stderr.pipe());
        assertEquals("5025 2 l-wx------ p pipe:[726930]", stderr.line());
        Fd readEnd = t.process(5027).orElseThrow().fd(3).orElseThrow();
        assertTrue(readEnd.reads() && !readEnd.writes());
        assertEquals(List.of(stderr, readEnd), t.holdersOfPipe(new PipeId.Anonymous(726930)));
        assertEquals(Optional.of(726932L), server.fd(3).orElseThrow().socketInode(), "the listener on 127.0.0.1:33747");
        assertEquals(List.of(1), t.unreadable().stream().map(ProcessFds::pid).toList(), "pid 1 is out of reach even as root");
        assertFalse(t.process(1).orElseThrow().readable());
        assertEquals(OptionalInt.empty(), t.process(1).orElseThrow().fdCount(), "unreadable, never 0");
        assertEquals(OptionalInt.of(0), t.process(2).map(ProcessFds::fdCount).orElseThrow(), "a kernel thread holds no fds");
    }

    @Test
    void procFdsWithoutRootListsEveryOtherUsersProcessAsUnreadable() {
        List<ParseProblem> problems = new ArrayList<>();
        ProcessFdTable t = ProcFdsParser.parse(section("probe-lab-closewait-pipe-user.txt", "proc-fds"), "x", problems).orElseThrow();
        assertEquals(List.of(), problems);
        assertEquals(88, t.unreadable().size());
        assertFalse(t.process(5025).orElseThrow().readable());
        assertEquals(List.of(), t.process(5025).orElseThrow().fds());
        assertEquals(OptionalLong.of(256), t.process(5025).orElseThrow().nofileSoft(), "the limit is world-readable");
    }

    @Test
    void procFdsFifosDeletedFilesExitedProcessesAndBadLines() {
        List<ParseProblem> problems = new ArrayList<>();
        ProcessFdTable t = ProcFdsParser.parse(section("probe-debian12-kernel6.18-fifo-root.txt", "proc-fds"), "x", problems).orElseThrow();
        assertEquals(List.of(), problems);
        Fd w = t.process(18809).orElseThrow().fd(16).orElseThrow();
        assertEquals(Optional.of(new PipeId.Fifo("/tmp/bs/scene.fifo")), w.pipe());
        assertEquals('p', w.type());
        Fd err = t.process(18809).orElseThrow().fd(2).orElseThrow();
        assertEquals(new FdTarget.Path("/tmp/bash_jobs.0/02417c1eb7cb/stderr", true), err.target());
        assertEquals(Optional.empty(), err.pipe());

        problems.clear();
        ProcessFdTable odd = ProcFdsParser.parse(List.of(
                "10 0 lr-x------ c /dev/null",
                "10 1 l-wx------ ? /var/log/app log.txt",
                "11 4 lrwx------ s socket:[77]",
                "10 2 l-wx------ p pipe:[abc]",
                "10 x l-wx------ p pipe:[1]",
                "10 3 -rw-r--r-- f /etc/passwd",
                "10 5 l-wx------ Q /x",
                "10 6 l-wx------ p",
                "pid=10 start=99 nofile=unlimited/unlimited fds=3 comm=my prog (x) y",
                "pid=10 start=99 nofile=1024/4096 fds=2 comm=dup",
                "pid=12 start=5 nofile=1024/4096 comm=no-fds-key",
                "pid=13 start=5 nofile=1024 fds=0 comm=half-limit"), "x", problems).orElseThrow();
        ProcessFds p = odd.process(10).orElseThrow();
        assertEquals("my prog (x) y", p.comm());
        assertEquals(OptionalLong.empty(), p.nofileSoft(), "unlimited is no number");
        assertEquals(OptionalInt.of(2), p.fdCount(), "the count follows the fd lines that arrived");
        assertEquals(new FdTarget.Path("/var/log/app log.txt", false), p.fd(1).orElseThrow().target());
        assertEquals(List.of(11), odd.exited(), "fds without a process line: it exited during the probe");
        assertTrue(odd.process(11).isEmpty());
        // 5 bad fd lines, the duplicate, two bad process lines, and the count mismatch
        assertEquals(9, problems.size(), problems.toString());
    }

    @Test
    void procThreadsOfBothKernelsAndBadLines() {
        List<ParseProblem> problems = new ArrayList<>();
        ThreadTable t = ProcThreadsParser.parse(section("probe-lab-closewait-pipe-root-t0.txt", "proc-threads"), "x", problems).orElseThrow();
        assertEquals(List.of(), problems);
        List<ThreadInfo> server = t.of(5025);
        assertEquals(12, server.size());
        ThreadInfo w = server.get(2);
        assertEquals("CP Server Th-1", w.name());
        assertEquals(Optional.of("anon_pipe_write"), w.wchan());
        assertEquals(Optional.of(new ThreadInfo.Syscall(1, OptionalLong.of(2))), w.syscall());
        assertEquals(Optional.of("inet_csk_accept"), t.main(5025).orElseThrow().wchan());
        assertEquals(Optional.empty(), t.main(1).orElseThrow().sleepingIn(), "wchan 0: running, or not visible");

        ThreadTable old = ProcThreadsParser.parse(section("probe-centos7-kernel3.10-seed004-transcribed.txt", "proc-threads"), "x", problems)
                .orElseThrow();
        assertEquals(List.of(), problems);
        assertEquals(2, old.of(139756).stream().filter(x -> x.wchan().equals(Optional.of("pipe_wait"))).count());

        ThreadTable bad = ProcThreadsParser.parse(List.of(
                "7 7 S pipe_write -1:0x7ffd1234 a b",
                "7 8 R 0 running worker (x)",
                "7 9 S - - name",
                "7 9 S - - again",
                "7 10 Q 0 - bad-state",
                "7 11 S pipe write - spaced-wchan-is-a-name",
                "x 12 S 0 - bad-pid",
                "7 13 S 0 1:2 bad-syscall",
                "7 14 S 0"), "x", problems).orElseThrow();
        assertEquals(List.of(7, 8, 9), bad.of(7).stream().map(ThreadInfo::tid).toList());
        assertEquals(Optional.empty(), bad.of(7).get(0).syscall(), "-1: not in a system call");
        assertEquals("a b", bad.of(7).get(0).name());
        assertEquals("worker (x)", bad.of(7).get(1).name());
        assertEquals(Optional.empty(), bad.of(7).get(2).wchan(), "- is unreadable");
        // a second line for tid 9, state Q, syscall "write" (a wchan cannot hold a space), pid x, argument not 0x, too short
        assertEquals(6, problems.size(), problems.toString());
    }
}
