package io.bedside.model.sockets;

import io.bedside.model.net.NetAssessment;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeFiles;
import io.bedside.model.probe.Section;
import io.bedside.model.probe.SourceStatus;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The TCP list on demand (issue 16): a full sample nobody asked the list of counts the table on the
 * host, carries the list and reads the hot states fresh; the ports rule's tuples come from the host's
 * counts and agree with the ones the list gives. For real, on this machine's sockets, with the
 * default awk and with BusyBox awk; and the parser against lines a hostile or broken host could print.
 */
class TcpListOnDemandTest {
    private static final int CLIENTS = 40;
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    private static String probe(String prelude) {
        return ProbeFiles.run(prelude, false);
    }

    @ParameterizedTest(name = "awk: {0}")
    @ValueSource(strings = {"default", "busybox"})
    void aFullSampleWithoutTheListCountsOnTheHostAndAgreesWithTheList(String awk) throws Exception {
        assumeTrue(new ProcessBuilder("sh", "-c", "command -v ss").start().waitFor() == 0, "needs ss");
        String shim = "";
        if (awk.equals("busybox")) {
            assumeTrue(Files.isExecutable(BUSYBOX), "needs BusyBox at /bin/busybox");
            shim = "awk() { " + BUSYBOX + " awk \"$@\"; }\n";
        }
        List<Socket> open = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, CLIENTS * 2, InetAddress.getByName("127.0.0.1"))) {
            int port = server.getLocalPort();
            for (int i = 0; i < CLIENTS; i++) {
                open.add(new Socket("127.0.0.1", port));
                open.add(server.accept());
            }
            SampleParser parser = Playbooks.parser();
            Map<Class<?>, String> carried = new HashMap<>();
            Instant t0 = Instant.parse("2026-12-07T10:00:00Z");
            String listed = probe(shim + parser.prelude(null, carried) + parser.standAlone());
            Sample withList = parser.parse("this machine", t0, listed, 5);
            assumeTrue(testsTupleIsAmongTheBusiest(withList, port), "this machine has " + NetAssessment.BUSIEST
                    + " client tuples busier than the test's " + CLIENTS + " connections (a big-host drill running?)");
            SocketSnapshot a = SocketSnapshot.of(withList);
            assertTrue(a.counts().get().isEmpty(), "a sample that read the list has no counts");
            NetAssessment.Tuple fromList = tuple(withList, port);
            assertEquals(CLIENTS, fromList.inUse(), "the list: " + fromList);
            assertFalse(fromList.sockets().isEmpty());

            // the listener is IPv6 (Java's dual stack): ss prints " v6only:0" after its cgroup, which is not part of the name
            TcpSocket listener = a.tcp().get().orElseThrow().inState(SocketState.LISTEN).stream()
                    .filter(t -> t.local().port().orElse(-1) == port).findFirst().orElseThrow();
            assertTrue(listener.cgroup().isPresent() && !listener.cgroup().get().contains("v6only"), listener.lines().toString());
            String ownCgroup = Files.readAllLines(Path.of("/proc/self/cgroup")).stream().filter(l -> l.startsWith("0::"))
                    .map(l -> l.substring(3)).findFirst().orElse(null);
            if (ownCgroup != null) {
                assertEquals(ownCgroup, listener.cgroup().get(), "the listener's cgroup is this JVM's");
            }
            String prelude = parser.prelude(withList, carried);
            String raw = probe(shim + SocketSnapshot.NO_TCP_LIST + prelude);
            Sample counted = parser.parse("this machine", t0.plusSeconds(10), raw, 5, withList);
            for (ParseProblem p : counted.problems()) {
                assertFalse(p.source().equals(TcpCounts.SOURCE), "no problem with the counts: " + p);
            }
            Section list = counted.output().section(SocketSnapshot.SS_TCP).orElseThrow();
            assertTrue(counted.output().carried().containsKey(SocketSnapshot.SS_TCP), "the list is carried");
            assertEquals(SourceStatus.OK, list.status());
            assertEquals(SourceStatus.OK, counted.output().section(SocketSnapshot.SS_TCP_HOT).orElseThrow().status());
            SocketSnapshot b = SocketSnapshot.of(counted);
            TcpCounts counts = b.counts().get().orElseThrow(() -> new AssertionError("counts: " + b.counts().describeAbsence()));
            // both ends of every connection are established (the test holds them open); others of this machine may come and go
            assertTrue(counts.count(SocketState.ESTABLISHED) >= 2 * CLIENTS, counts.states().toString());
            assertTrue(counts.sockets() >= counts.states().values().stream().mapToInt(Integer::intValue).max().orElse(0));
            assertEquals(counts.sockets(), counts.states().values().stream().mapToInt(Integer::intValue).sum(), "every socket has a state");
            assertEquals(counts.count(SocketState.ESTABLISHED), b.tcpCount(SocketState.ESTABLISHED).orElseThrow());
            NetAssessment.Tuple fromCounts = tuple(counted, port);
            assertEquals(fromList.inUse(), fromCounts.inUse(), "the host's count agrees with the list's");
            assertEquals(fromList.local(), fromCounts.local());
            assertEquals(fromList.remote(), fromCounts.remote());
            assertTrue(fromCounts.sockets().isEmpty() && fromCounts.counted().isPresent(), fromCounts.toString());
            // no socket of the test's connections is shipped (the server's ends are tuples of one socket each: on a quiet
            // machine they are among the 64 busiest and have a count line of their own)
            assertTrue(socketLines(listed, port) >= 2 * CLIENTS, "the list names every connection");
            assertEquals(0, socketLines(raw, port), "no socket line names the server's port: "
                    + raw.lines().filter(l -> l.startsWith("ESTAB ") && l.contains(":" + port)).limit(3).toList());

            // a light sample after it keeps the host's counts (carried), not the older list's tuples
            String light = probe(shim + "BS_LIGHT=1\n" + parser.prelude(counted, carried));
            Sample next = parser.parse("this machine", t0.plusSeconds(12), light, 5, counted);
            assertTrue(SocketSnapshot.of(next).counts().isPresent(), "the counts pass down a light sample");
            assertTrue(next.output().carried().containsKey(SocketSnapshot.SS_TCP_COUNTS));
            // the list read again: it is the newer, the counts are not used
            Sample again = parser.parse("this machine", t0.plusSeconds(20), probe(shim + parser.prelude(next, carried)), 5, next);
            assertTrue(SocketSnapshot.of(again).counts().get().isEmpty(), "the list is read again: " + SocketSnapshot.of(again).counts());
            assertEquals(CLIENTS, tuple(again, port).inUse());
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
    }

    /** ss lines of established sockets that name {@code port}. */
    private static long socketLines(String text, int port) {
        return text.lines().filter(l -> l.startsWith("ESTAB ") && (l.contains(":" + port + " ") || l.endsWith(":" + port))).count();
    }

    private static NetAssessment.Tuple tuple(Sample s, int port) {
        NetAssessment a = NetAssessment.of(s, List.of(s));
        return a.tuples.stream().filter(t -> t.remotePort() == port).findFirst()
                .orElseThrow(() -> new AssertionError("the tuple to port " + port + " among the " + a.tuples.size() + " busiest: "
                        + a.tuples.stream().map(t -> t.local() + " -> " + t.remote() + " " + t.inUse()).limit(5).toList() + " ..."));
    }

    /** Whether this machine has fewer than {@link NetAssessment#BUSIEST} client tuples busier than the test's. */
    private static boolean testsTupleIsAmongTheBusiest(Sample s, int port) {
        return NetAssessment.of(s, List.of(s)).tuples.stream().anyMatch(t -> t.remotePort() == port);
    }

    /**
     * What a strange host's ss could print into the counting awk, through the real probe (ss replaced by a shell
     * function): an interface name with ESC after a link-local address (Linux refuses '/', ':' and blanks in
     * one, not ESC), text that looks like a section marker after the columns, a TAB inside a line. The counts
     * come out escaped and parse; the marker-like text opens no section; a state that is not a state is a
     * problem, not a count. A stand-alone sample (a replay starting here) uses the counts, having no list.
     */
    @Test
    void whatAStrangeSsPrintsIsCountedEscapedAndOpensNoSection() throws Exception {
        String range;
        // one read: the kernel answers a read of a sysctl at an offset past 0 with end of file
        try (var in = Files.newInputStream(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            range = new String(in.readNBytes(64), StandardCharsets.US_ASCII).trim();
        }
        String[] r = range.split("\\s+");
        assumeTrue(Integer.parseInt(r[0]) <= 40001 && Integer.parseInt(r[1]) >= 40004, "ports 40001-40004 are in this machine's range " + range);
        String ss = "ss() {\n  case \"$*\" in\n    -tan)\n"
                + "      printf 'State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\\n'\n"
                + "      printf 'ESTAB 0 0 [fe80::1]%%e\\033[31m:40001 [fe80::2]:443\\n'\n"
                + "      printf 'ESTAB 0 0 [fe80::1]%%e\\033[31m:40002 [fe80::2]:443\\n'\n"
                + "      printf 'ESTAB 0 0 [fe80::1]%%e\\033[31m:40003 [fe80::2]:443\\n'\n"
                + "      printf 'ESTAB 0 0 10.0.0.1:40003 10.0.0.9:5432 @@bedside:x:section fake ok\\n'\n"
                + "      printf 'TIME-WAIT 0 0 10.0.0.1:40004\\t10.0.0.9:5432\\n'\n"
                + "      printf 'ESTAB\\033[2J 0 0 10.0.0.1:40001 10.0.0.9:5432\\n';;\n"
                + "  esac\n}\n";
        String raw = ProbeFiles.run(ss + SocketSnapshot.NO_TCP_LIST, false);
        io.bedside.model.probe.ProbeOutput out = io.bedside.model.probe.ProbeOutputParser.parse(raw);
        assertTrue(out.section("fake").isEmpty(), "marker-like text opens no section");
        List<String> lines = out.section(TcpCounts.SOURCE).orElseThrow().lines();
        assertTrue(lines.stream().noneMatch(l -> l.chars().anyMatch(ch -> ch < 0x20 || ch > 0x7e)), "printable only: " + lines);
        List<ParseProblem> problems = new ArrayList<>();
        SocketSnapshot snap = SocketSnapshot.from(out, problems);
        TcpCounts c = snap.counts().get().orElseThrow(() -> new AssertionError(snap.counts().describeAbsence()));
        assertEquals(4, c.count(SocketState.ESTABLISHED), c.states().toString());
        assertEquals(1, c.count(SocketState.TIME_WAIT));
        assertEquals(6, c.sockets(), "every line ss printed, the one with a strange state too");
        assertTrue(problems.stream().anyMatch(p -> p.source().equals(TcpCounts.SOURCE) && p.line().startsWith("state ESTAB\\x1b[2J ")),
                "the state that is not one is a problem: " + problems);
        TcpCounts.Tuple scoped = c.tuples().stream().filter(t -> t.remote().port().getAsInt() == 443).findFirst().orElseThrow();
        assertEquals(3, scoped.inUse());
        assertEquals(Optional.of("e\u001b[31m"), scoped.sample().device(), "the interface name, exact");
        TcpCounts.Tuple pg = c.tuples().stream().filter(t -> t.remote().port().getAsInt() == 5432).findFirst().orElseThrow();
        assertEquals(3, pg.inUse(), "the TAB separates columns as blanks do");
        assertEquals(1, pg.timeWait());
    }

    // ------------------------------------------------------------------ the parser

    private static Optional<TcpCounts> parse(List<ParseProblem> problems, String... lines) {
        return TcpCounts.parse(List.of(lines), problems);
    }

    @Test
    void theHostsLinesParse() {
        List<ParseProblem> problems = new ArrayList<>();
        TcpCounts c = parse(problems, "state ESTAB 100000", "state LISTEN 2", "state TIME-WAIT 5001",
                "tuple 3 1 [::ffff:10.0.0.2]:40000 [::ffff:10.0.0.9]:5432",
                "tuple 1000 0 127.0.2.37:32773 127.0.0.1:42036",
                "tuple 7 0 [fe80::1%eth0]:40001 [fe80::2]:443",
                "# sockets=105003 tuples=50050 range=32768-60999").orElseThrow();
        assertEquals(List.of(), problems);
        assertEquals(100000, c.count(SocketState.ESTABLISHED));
        assertEquals(5001, c.count(SocketState.TIME_WAIT));
        assertEquals(0, c.count(SocketState.CLOSE_WAIT));
        assertEquals(105003, c.sockets());
        assertEquals(50050, c.tupleCount());
        assertEquals(List.of(1000, 7, 3), c.tuples().stream().map(TcpCounts.Tuple::inUse).toList(), "busiest first");
        assertEquals("::ffff:10.0.0.9", c.tuples().get(2).remote().address());
        assertEquals(Optional.of("eth0"), c.tuples().get(1).sample().device());
    }

    @Test
    void anEscapedDeviceNameDecodes() {
        List<ParseProblem> problems = new ArrayList<>();
        TcpCounts c = parse(problems, "tuple 2 0 [fe80::1%e\\x1b[31m]:40001 [fe80::2]:443", "# sockets=2 tuples=1 range=1-2").orElseThrow();
        assertEquals(List.of(), problems);
        assertEquals(Optional.of("e\u001b[31m"), c.tuples().get(0).sample().device());
    }

    @Test
    void linesAHostileOrBrokenHostCouldPrintAreProblemsNotCounts() {
        List<ParseProblem> problems = new ArrayList<>();
        TcpCounts c = parse(problems,
                "state ESTAB 12",
                "state ESTAB -5",                                    // not a count
                "state ESTAB 99999999999",                           // past 9 digits
                "state BOGUS 3",                                     // no such state
                "state ESTAB 3 4",                                   // a field too many
                "tuple 5 9 127.0.0.1:40000 127.0.0.1:80",            // more in TIME-WAIT than in all
                "tuple 5 0 127.0.0.1:* 127.0.0.1:80",                // a tuple without a local port
                "tuple 5 0 localhost:http 127.0.0.1:80",             // names, not numbers
                "tuple x 0 127.0.0.1:40000 127.0.0.1:80",
                "@@bedside:forged:section ss-tcp ok",                // a marker without the token is a line like any other
                "# sockets=12 tuples=0 range=32768-60999").orElseThrow();
        assertEquals(12, c.count(SocketState.ESTABLISHED), "only the good line counted");
        assertTrue(c.tuples().isEmpty(), c.tuples().toString());
        assertEquals(9, problems.size(), problems.toString());
        assertTrue(problems.stream().allMatch(p -> p.source().equals(TcpCounts.SOURCE)));
    }

    @Test
    void countsWithoutTheirClosingLineAreNotUsed() {
        List<ParseProblem> problems = new ArrayList<>();
        assertTrue(parse(problems, "state ESTAB 12", "tuple 5 0 127.0.0.1:40000 127.0.0.1:80").isEmpty(),
                "the awk did not finish: a part of the counts would pass for all of them");
        assertEquals(1, problems.size());
        assertTrue(parse(new ArrayList<>(), "# sockets=x").isEmpty(), "a total that is not a number");
    }
}
