package io.bedside.model.sockets;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bedside.model.findings.Finding;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeOutputParser;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No input may make the socket parsers, the rules or the drain planning throw (other than a
 * refusal with a sentence); every line is either a socket or a problem; and nothing is called
 * free of a reader while some process could not be read. Regression mode (the saved corpus under
 * src/test/resources) in every build; JAZZER_FUZZ=1 fuzzes.
 */
class SocketParsingFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void ssNeverThrows(byte[] data) {
        List<String> lines = new String(data, StandardCharsets.UTF_8).lines().toList();
        List<ParseProblem> problems = new ArrayList<>();
        SocketTable<TcpSocket> t = SsParser.parseTcp(lines, problems).orElseThrow();
        SocketTable<UdpSocket> u = SsParser.parseUdp(lines, problems).orElseThrow();
        assertTrue(t.sockets().size() <= lines.size());
        for (InetSocket s : t.sockets()) {
            assertTrue(s.recvQ() >= 0 && s.sendQ() >= 0);
            assertFalse(s.lines().isEmpty());
            assertTrue(lines.contains(s.lines().get(0)), "a socket comes from a line of the input");
            s.local().text();
            s.remote().text();
        }
        assertTrue(u.sockets().size() == t.sockets().size());
        t.counts();
    }

    @FuzzTest(maxDuration = "60s")
    void procNetNeverThrows(byte[] data) {
        List<String> lines = new String(data, StandardCharsets.UTF_8).lines().toList();
        List<ParseProblem> problems = new ArrayList<>();
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            SocketTable<TcpSocket> t = ProcNetParser.parseTcp(ProcNetParser.TCP6, lines, order, problems).orElseThrow();
            for (TcpSocket s : t.sockets()) {
                assertTrue(s.inode().isPresent() && s.uid().isPresent(), "/proc/net always says inode and uid");
                assertTrue(s.local().ipv6() == s.remote().ipv6());
                assertTrue(s.recvQ() >= 0 && s.sendQ() >= 0);
            }
            ProcNetParser.parseUdp(ProcNetParser.UDP, lines, order, problems).orElseThrow();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void probeSectionsNeverThrow(FuzzedDataProvider data) {
        StringBuilder b = new StringBuilder("@@bedside:probe version=1 uid=" + (data.consumeBoolean() ? 0 : 1000) + "\n");
        b.append("@@bedside:section host ok\nmachine=").append(data.pickValue(List.of("x86_64", "aarch64", "s390x", "mips", ""))).append('\n');
        for (String name : List.of(SocketSnapshot.SS_TCP, SocketSnapshot.PROC_TCP, SocketSnapshot.PROC_TCP6, SocketSnapshot.SS_UDP,
                SocketSnapshot.FDS, SocketSnapshot.THREADS)) {
            if (data.consumeBoolean()) {
                b.append("@@bedside:section ").append(name).append(data.consumeBoolean() ? " ok x\n" : " needs-root x\n");
                b.append(data.consumeString(600)).append('\n');
            }
        }
        if (data.consumeBoolean()) {
            b.append("@@bedside:end elapsed_ns=1\n");
        }
        List<ParseProblem> problems = new ArrayList<>();
        SocketSnapshot s = SocketSnapshot.from(ProbeOutputParser.parse(b.toString()), problems);
        List<Finding> findings = SocketRulesRun.evaluate(s, Instant.EPOCH, List.of(new SocketRules.Timed(Instant.EPOCH.minusSeconds(60), s)));
        boolean someUnreadable = s.fds().get().map(t -> !t.unreadable().isEmpty()).orElse(true);
        for (Finding f : findings) {
            for (Map<String, Object> m : f.subjects()) {
                if (someUnreadable && f.id().equals(SocketRules.BLOCKED_ON_PIPE)) {
                    assertFalse(Boolean.TRUE.equals(m.get("readers_complete")), "readers called complete with unreadable processes");
                }
            }
        }
        for (BlockedPipe bp : s.blockedPipes()) {
            assertTrue(s.wchanKnown(bp.pid()));
            if (bp.fd().isPresent()) {
                try {
                    SocketFixPlans.drainPipe(s, bp.pid(), bp.fd().getAsInt());
                } catch (IllegalArgumentException refused) {
                    assertFalse(refused.getMessage().isBlank());
                }
            }
        }
    }
}
