package io.bedside.model.findings;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.playbooks.FixCatalog;
import io.bedside.model.sockets.SocketPlaybook;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import io.bedside.model.fix.ProcessGuard;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signals and restarts refuse pid 1, kernel threads, the probe and the processes Bedside's session
 * runs under, on a real probe capture: {@code fixtures/sockets/probe-lab-closewait-pipe-busybox-root.txt}
 * (see that folder's README: BusyBox ash as root in the lab during seed 004's drill; the probe,
 * pid 17491, ran under sh 17465 &lt; bash 16663 &lt; bash 16662 &lt; bash 17483 &lt; 17482 &lt; pid 1;
 * 58 kernel threads; the incident's python3 is pid 16822). That probe predates the header's
 * {@code pid=}, so its parent comes from the trailer's {@code stat=}; a second sample is the same
 * capture with {@code pid=17491} put in its header, as the probe prints it now.
 */
class FixGuardrailsTest {
    private static final String FIXTURE = "/fixtures/sockets/probe-lab-closewait-pipe-busybox-root.txt";

    private static String text() throws IOException {
        try (InputStream in = FixGuardrailsTest.class.getResourceAsStream(FIXTURE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Sample sample(String raw) {
        return Playbooks.parser().parse("lab", Instant.parse("2026-11-23T10:00:00Z"), raw, 0);
    }

    private static String refusal(Sample s, String fixId, Map<String, String> params) {
        return assertThrows(IllegalArgumentException.class, () -> FixCatalog.plan(fixId, s, params), fixId + " " + params).getMessage();
    }

    @Test
    void theCapturesOwnSessionInitAndKernelThreadsAreRefused() throws IOException {
        Sample s = sample(text());
        assertEquals(OptionalInt.empty(), s.output().probePid(), "an older probe: no pid= in its header");
        assertEquals(OptionalInt.of(17465), s.output().probeParentPid());
        ProcessGuard guard = SocketPlaybook.guard(s);
        assertEquals(List.of(17465, 16663, 16662, 17483, 17482), guard.probeAncestors().stream().map(ProcessGuard.Proc::pid).toList());

        assertEquals("pid 1 (process_api) is the host's init; Bedside never signals it.",
                refusal(s, "proc.signal", Map.of("pid", "1", "signal", "TERM")));
        assertEquals("pid 2 (kthreadd) is a kernel thread; Bedside never signals kernel threads.",
                refusal(s, "proc.signal", Map.of("pid", "2", "signal", "KILL")));
        assertTrue(refusal(s, "proc.signal", Map.of("pid", "12", "signal", "TERM"))
                .startsWith("pid 12 (kworker/u8:0-kvfree_rcu_reclaim) is not among the sample's user-space processes, so it is taken"
                        + " for a kernel thread"));
        for (String pid : List.of("17465", "16663", "17482")) {
            String why = refusal(s, "proc.signal", Map.of("pid", pid, "signal", "TERM", "kill-after", "5"));
            assertTrue(why.contains("carries Bedside's own session on the host"), why);
        }
        assertTrue(refusal(s, "proc.restart-unit", Map.of("pid", "1"))
                .contains("is the host's init"), "a restart by pid is guarded like a signal");

        // the incident's own process is not guarded, and its change re-checks the guard on the host
        FixPlan term = FixCatalog.plan("proc.signal", s, Map.of("pid", "16822", "signal", "TERM"));
        FixStep send = term.steps().stream().filter(x -> x.kind() == FixStep.Kind.CHANGE).findFirst().orElseThrow();
        assertEquals("kill -s TERM 16822", send.command());
        assertEquals("start=601178 guard=ok", send.precondition().orElseThrow().expectedOutput());
        assertTrue(send.precondition().orElseThrow().command().contains(ProcessGuard.hostCheck(16822)));
    }

    @Test
    void withThePidInTheHeaderTheProbeItselfIsRefusedToo() throws IOException {
        String raw = text().replaceFirst("@@bedside:probe version=1 uid=0 ", "@@bedside:probe version=1 uid=0 pid=17491 ");
        Sample s = sample(raw);
        assertEquals(OptionalInt.of(17491), s.output().probePid());
        assertEquals("pid 17491 (sh) is Bedside's own probe; Bedside never signals it.",
                refusal(s, "proc.signal", Map.of("pid", "17491", "signal", "TERM")));
        assertEquals(List.of(17465, 16663, 16662, 17483, 17482),
                SocketPlaybook.guard(s).probeAncestors().stream().map(ProcessGuard.Proc::pid).toList(), "the ppid chain from the table");
    }

    @Test
    void aUnitThatCarriesTheSessionIsNotRestarted() {
        ProcessGuard g = ProcessGuard.of(OptionalInt.of(900), OptionalInt.empty(), List.of(
                new ProcessGuard.Proc(900, 850, "sh", Optional.empty()),
                new ProcessGuard.Proc(850, 820, "sshd", Optional.empty()),
                new ProcessGuard.Proc(820, 700, "sshd", Optional.empty()),
                new ProcessGuard.Proc(700, 1, "sshd", Optional.of("ssh.service")),
                new ProcessGuard.Proc(640, 1, "nginx", Optional.of("nginx.service"))), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.checkUnit("ssh.service"));
        assertEquals("ssh.service runs pid 700 (sshd), which carries Bedside's own session on the host; Bedside never restarts it,"
                + " since that could cut the connection the fix runs over.", e.getMessage());
        g.checkUnit("nginx.service");
        ProcessGuard hostile = ProcessGuard.of(OptionalInt.of(900), OptionalInt.empty(), List.of(
                new ProcessGuard.Proc(900, 850, "sh", Optional.empty()),
                new ProcessGuard.Proc(850, 1, "\u001b]0;owned\u0007sshd", Optional.empty())), List.of());
        assertEquals("pid 850 (\\x1b]0;owned\\x07sshd) carries Bedside's own session on the host (the probe runs under it);"
                        + " Bedside never signals it, since that would cut the connection the fix runs over.",
                assertThrows(IllegalArgumentException.class, () -> hostile.checkProcess(850, "")).getMessage(),
                "a host name reaches the sentence with its control characters shown");
        g.checkProcess(640, "nginx");
        assertThrows(IllegalArgumentException.class, () -> g.checkProcess(820, ""));
        assertThrows(IllegalArgumentException.class, () -> g.checkProcess(900, ""));
    }
}
