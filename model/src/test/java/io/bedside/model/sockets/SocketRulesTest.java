package io.bedside.model.sockets;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.Fixtures;
import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Severity;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SocketRulesTest {
    /** The probe's epoch_ns of the two lab captures: 226.98 s apart. */
    private static final Instant T0 = Instant.ofEpochSecond(0, 1795451947697100371L);
    private static final Instant T1 = Instant.ofEpochSecond(0, 1795452174678357474L);
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private static Optional<Finding> find(List<Finding> fs, String id) {
        return fs.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    private static Map<String, Object> subject(Finding f, int pid) {
        return f.subjects().stream().filter(m -> Integer.valueOf(pid).equals(m.get("pid"))).findFirst().orElseThrow();
    }

    @Test
    void seed004InTheLabFromOneSample() {
        List<Finding> fs = SocketRulesRun.evaluate(SocketSnapshotTest.fixture("probe-lab-closewait-pipe-root-t0.txt"), T0, List.of());
        Finding pile = find(fs, SocketRules.CLOSEWAIT_PILEUP).orElseThrow();
        assertEquals(Severity.CRITICAL, pile.severity(), "its threads are blocked on a pipe");
        Map<String, Object> m = subject(pile, 5025);
        assertEquals("python3", m.get("comm"));
        assertEquals(133, m.get("count"));
        assertEquals(33097L, m.get("recv_q_bytes"));
        assertEquals(List.of(33747), m.get("local_ports"));
        assertTrue(m.containsKey("growth_per_min"));
        assertNull(m.get("growth_per_min"), "one sample: growth unknown, not 0");
        assertEquals("pipe:[726930]", m.get("blocked_on"));
        assertEquals(List.of(new FixOffer(SocketFixPlans.PIPE_DRAIN, Map.of("pid", "5025", "fd", "2")),
                new FixOffer(SocketFixPlans.SIGNAL, Map.of("pid", "5025"))), pile.fixes(),
                "each fix is offered for the process the pile is about; the drain with the fd it is blocked on");
        assertTrue(pile.summary().startsWith("python3 (pid 5025) holds 133 CLOSE_WAIT sockets with 32.3 KiB unread on port 33747;"),
                pile.summary());

        Finding blocked = find(fs, SocketRules.BLOCKED_ON_PIPE).orElseThrow();
        assertEquals(Severity.CRITICAL, blocked.severity());
        Map<String, Object> b = subject(blocked, 5025);
        assertEquals("python3", b.get("comm"));
        assertEquals(2, b.get("fd"));
        assertEquals(726930L, b.get("pipe"));
        assertEquals("anonymous", b.get("pipe_kind"));
        assertEquals(10, b.get("blocked_threads"));
        assertEquals("syscall", b.get("fd_from"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> readers = (List<Map<String, Object>>) b.get("readers");
        assertEquals(1, readers.size());
        assertEquals(5027, readers.get(0).get("pid"));
        assertEquals("bedside-reader", readers.get(0).get("comm"));
        assertEquals("S", readers.get(0).get("state"));
        assertEquals(false, b.get("readers_complete"), "pid 1 is unreadable here even as root");
        assertEquals(133, b.get("close_wait"));
        assertTrue(blocked.summary().contains("10 threads of python3 (pid 5025) are blocked writing to fd 2 (stderr), pipe:[726930]"),
                blocked.summary());
        assertTrue(blocked.summary().contains("its read end is held by bedside-reader (pid 5027, S in hrtimer_nanosleep)"));
        assertEquals(SocketFixPlans.PIPE_DRAIN, FixOffer.ids(blocked.fixes()).get(0));

        // the chain, as raw lines: sockets -> process -> blocked threads -> fd 2 -> pipe -> reader
        List<Evidence> ev = blocked.evidence();
        assertEquals(List.of("ss-tcp", "proc-fds", "proc-threads", "proc-fds", "proc-fds", "proc-threads", "proc-fds"),
                ev.stream().map(Evidence::source).toList());
        assertTrue(ev.get(0).lines().get(0).startsWith("CLOSE-WAIT "));
        assertEquals(20, ev.get(0).lines().size());
        assertEquals("the first 20 of 133", ev.get(0).caption().replaceAll(".*\\((.*)\\)$", "$1"));
        assertEquals(List.of("pid=5025 start=351838 nofile=256/20000 fds=139 comm=python3"), ev.get(1).lines());
        assertEquals("5025 5029 S anon_pipe_write 1:0x2 CP Server Th-1", ev.get(2).lines().get(0));
        assertEquals(List.of("5025 2 l-wx------ p pipe:[726930]"), ev.get(3).lines());
        assertTrue(ev.get(4).lines().contains("5027 3 lr-x------ p pipe:[726930]"));
        assertTrue(ev.get(4).lines().contains("pid=5027 start=351843 nofile=256/20000 fds=4 comm=bedside-reader"));
        assertEquals(List.of("5027 5027 S hrtimer_nanosleep - bedside-reader"), ev.get(5).lines());
        assertTrue(ev.get(6).caption().startsWith("processes whose fds could not be read"));
    }

    @Test
    void nearFourMinutesLaterThePileGrew() {
        SocketSnapshot t0 = SocketSnapshotTest.fixture("probe-lab-closewait-pipe-root-t0.txt");
        SocketSnapshot t1 = SocketSnapshotTest.fixture("probe-lab-closewait-pipe-root-t1.txt");
        List<Finding> fs = SocketRulesRun.evaluate(t1, T1, List.of(new SocketRules.Timed(T0, t0)));
        Map<String, Object> m = subject(find(fs, SocketRules.CLOSEWAIT_PILEUP).orElseThrow(), 5025);
        assertEquals(205, m.get("count"));
        assertEquals(52465L, m.get("recv_q_bytes"));
        // (205 - 133) / (226.98 s / 60) = 19.03
        assertEquals(19.0, (Double) m.get("growth_per_min"), 0.001);

        Finding blocked = find(fs, SocketRules.BLOCKED_ON_PIPE).orElseThrow();
        assertEquals(true, subject(blocked, 5025).get("blocked_before"));
        assertEquals(5025, blocked.subjects().get(0).get("pid"), "the worst first");
        // another engineer's tar, momentarily waiting for xz: a slow reader's moment, info only
        Map<String, Object> tar = subject(blocked, 14602);
        assertEquals("tar", tar.get("comm"));
        assertEquals("info", tar.get("severity"));
        assertEquals(false, tar.get("blocked_before"));
    }

    @Test
    void theBusyboxProbeWithoutSsOrGnuFindSaysTheSame() {
        SocketSnapshot s = SocketSnapshotTest.fixture("probe-lab-closewait-pipe-busybox-root.txt");
        assertEquals(List.of("proc-net-tcp", "proc-net-tcp6"), s.tcp().get().orElseThrow().sources());
        assertTrue(s.fds().get().orElseThrow().detail().startsWith("ls -l"));
        List<Finding> fs = SocketRulesRun.evaluate(s, NOW, List.of());
        Map<String, Object> pile = subject(find(fs, SocketRules.CLOSEWAIT_PILEUP).orElseThrow(), 16822);
        assertEquals(132, pile.get("count"));
        assertEquals(32828L, pile.get("recv_q_bytes"));
        assertEquals(List.of(34563), pile.get("local_ports"));
        Map<String, Object> b = subject(find(fs, SocketRules.BLOCKED_ON_PIPE).orElseThrow(), 16822);
        assertEquals(2, b.get("fd"));
        assertEquals(1092065L, b.get("pipe"));
        assertEquals(10, b.get("blocked_threads"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> readers = (List<Map<String, Object>>) b.get("readers");
        assertEquals(List.of(16824), readers.stream().map(r -> r.get("pid")).toList());
        assertEquals(List.of(SocketFixPlans.PIPE_DRAIN, SocketFixPlans.SIGNAL), FixOffer.ids(find(fs, SocketRules.BLOCKED_ON_PIPE).orElseThrow().fixes()));
    }

    @Test
    void withoutRootThePileIsReportedWithAnUnknownOwnerAndNothingIsCalledBlocked() {
        List<Finding> fs = SocketRulesRun.evaluate(SocketSnapshotTest.fixture("probe-lab-closewait-pipe-user.txt"), T0, List.of());
        Finding pile = find(fs, SocketRules.CLOSEWAIT_PILEUP).orElseThrow();
        Map<String, Object> m = pile.subjects().get(0);
        assertTrue(m.containsKey("pid"));
        assertNull(m.get("pid"));
        assertEquals(133, m.get("count"));
        assertEquals("unknown: 88 processes' fds could not be read (needs root)", m.get("owner"));
        assertEquals(List.of(), FixOffer.ids(pile.fixes()), "nothing to fix without knowing the process");
        assertTrue(find(fs, SocketRules.BLOCKED_ON_PIPE).isEmpty());
    }

    @Test
    void seed004AsCentos7WouldShowItNobodyHoldsTheReadEnd() {
        List<Finding> fs = SocketRulesRun.evaluate(SocketSnapshotTest.fixture("probe-centos7-kernel3.10-seed004-transcribed.txt"),
                NOW, List.of());
        Finding blocked = find(fs, SocketRules.BLOCKED_ON_PIPE).orElseThrow();
        assertEquals(Severity.CRITICAL, blocked.severity());
        Map<String, Object> b = blocked.subjects().get(0);
        assertEquals(139756, b.get("pid"));
        assertEquals(2, b.get("fd"));
        assertEquals(5210641L, b.get("pipe"));
        assertEquals(2, b.get("blocked_threads"));
        assertEquals(List.of(), b.get("readers"));
        assertEquals(true, b.get("readers_complete"));
        assertTrue(blocked.summary().endsWith("no process holds its read end"), blocked.summary());
        Evidence none = blocked.evidence().stream().filter(e -> e.caption().equals("no process holds the read end")).findFirst().orElseThrow();
        assertEquals(List.of(), none.lines());
        Finding pile = find(fs, SocketRules.CLOSEWAIT_PILEUP).orElseThrow();
        assertEquals(120, subject(pile, 139756).get("count"));
    }

    @Test
    void bothWchanNamesAreAPipeWrite() {
        for (String wchan : List.of("pipe_write", "anon_pipe_write")) {
            SocketSnapshot s = new SocketProbeText()
                    .fd(30, 1, "w", 'f', "/var/log/app.log").fd(30, 2, "w", 'p', "pipe:[700]").process(30, 500, "app", 1024, true)
                    .fd(31, 0, "r", 'p', "pipe:[700]").process(31, 510, "logger", 1024, true)
                    .thread(30, 30, 'S', "do_select", "-", "app").thread(30, 33, 'D', wchan, "-", "worker")
                    .thread(31, 31, 'T', "do_signal_stop", "-", "logger").snapshot();
            Finding f = find(SocketRulesRun.evaluate(s, NOW, List.of()), SocketRules.BLOCKED_ON_PIPE).orElseThrow(() -> new AssertionError(wchan));
            Map<String, Object> b = f.subjects().get(0);
            assertEquals(2, b.get("fd"), wchan);
            assertEquals("only pipe", b.get("fd_from"), "no syscall (not readable): the one pipe it writes to");
            assertEquals(List.of(Map.of("tid", 33, "name", "worker", "state", "D", "wchan", wchan)), b.get("threads"));
            @SuppressWarnings("unchecked")
            Map<String, Object> r = ((List<Map<String, Object>>) b.get("readers")).get(0);
            assertEquals("T", r.get("state"), "the reader is stopped: the chain shows why nobody reads");
            assertEquals(Severity.INFO, f.severity(), "one sample, a reader exists: may be a moment");
        }
    }

    @Test
    void aNamedFifoAndAnAnonymousPipeAreTold() {
        SocketSnapshot s = new SocketProbeText()
                .fd(40, 1, "w", 'p', "pipe:[800]").fd(40, 7, "w", 'p', "/run/app/audit.fifo").process(40, 1, "app", 1024, true)
                .fd(41, 3, "r", 'p', "/run/app/audit.fifo").process(41, 2, "auditd", 1024, true)
                .fd(42, 0, "r", 'p', "pipe:[800]").process(42, 3, "tee", 1024, true)
                .thread(40, 40, 'S', "pipe_write", "1:0x7", "app").thread(40, 44, 'S', "pipe_write", "1:0x1", "app-w")
                .thread(41, 41, 'S', "do_nanosleep", "-", "auditd").thread(42, 42, 'R', "0", "-", "tee").snapshot();
        Finding f = find(SocketRulesRun.evaluate(s, NOW, List.of()), SocketRules.BLOCKED_ON_PIPE).orElseThrow();
        assertEquals(2, f.subjects().size());
        Map<String, Object> fifo = f.subjects().stream().filter(m -> m.get("fd").equals(7)).findFirst().orElseThrow();
        assertEquals("/run/app/audit.fifo", fifo.get("pipe"));
        assertEquals("fifo", fifo.get("pipe_kind"));
        Map<String, Object> anon = f.subjects().stream().filter(m -> m.get("fd").equals(1)).findFirst().orElseThrow();
        assertEquals(800L, anon.get("pipe"));
        assertEquals("anonymous", anon.get("pipe_kind"));
        assertTrue(f.summary().contains("fd 7, FIFO /run/app/audit.fifo"), f.summary());
        assertTrue(f.summary().contains("fd 1 (stdout), pipe:[800]"), f.summary());
    }

    @Test
    void readersEmptyIsCriticalOnlyWhenEveryProcessWasRead() {
        SocketProbeText base = new SocketProbeText()
                .fd(30, 2, "w", 'p', "pipe:[700]").process(30, 500, "app", 1024, true)
                .thread(30, 30, 'S', "anon_pipe_write", "1:0x2", "app");
        Finding all = find(SocketRulesRun.evaluate(base.snapshot(), NOW, List.of()), SocketRules.BLOCKED_ON_PIPE).orElseThrow();
        assertEquals(Severity.CRITICAL, all.severity());
        assertEquals(true, all.subjects().get(0).get("readers_complete"));

        Finding partial = find(SocketRulesRun.evaluate(base.process(99, 1, "sshd", 1024, false).snapshot(), NOW, List.of()),
                SocketRules.BLOCKED_ON_PIPE).orElseThrow();
        assertEquals(Severity.WARNING, partial.severity(), "an unreadable process may hold the read end");
        assertEquals(false, partial.subjects().get(0).get("readers_complete"));
        assertEquals("1 process's fds could not be read (needs root)", partial.subjects().get(0).get("readers_unknown_because"));
        assertTrue(partial.summary().contains("no readable process holds its read end (1 could not be read)"), partial.summary());
    }

    @Test
    void withSeveralPipesTheFdIsAGuessAndSaysSo() {
        SocketSnapshot s = new SocketProbeText()
                .fd(30, 1, "w", 'p', "pipe:[701]").fd(30, 2, "w", 'p', "pipe:[702]").fd(30, 9, "w", 'p', "pipe:[709]")
                .process(30, 500, "app", 1024, true)
                .thread(30, 30, 'S', "pipe_write", "-", "app").snapshot();
        Map<String, Object> b = find(SocketRulesRun.evaluate(s, NOW, List.of()), SocketRules.BLOCKED_ON_PIPE).orElseThrow().subjects().get(0);
        assertEquals(2, b.get("fd"));
        assertEquals("guess", b.get("fd_from"));
        assertEquals(702L, b.get("pipe"));
    }

    @Test
    void growthAloneMakesAPileAndAReusedPidIsAnotherProcess() {
        SocketProbeText before = new SocketProbeText().closeWait(5, 8080, 1000, 300).socketFds(60, 10, 1000, 5)
                .process(60, 7000, "svc", 4096, true);
        SocketSnapshot now = new SocketProbeText().closeWait(30, 8080, 2000, 300).socketFds(60, 10, 2000, 30)
                .process(60, 7000, "svc", 4096, true).snapshot();
        Instant then = NOW.minus(Duration.ofMinutes(2));
        Finding f = find(SocketRulesRun.evaluate(now, NOW, List.of(new SocketRules.Timed(then, before.snapshot()))),
                SocketRules.CLOSEWAIT_PILEUP).orElseThrow(() -> new AssertionError("30 is under 50, but +12.5 a minute"));
        assertEquals(Severity.WARNING, f.severity());
        assertEquals(12.5, (Double) f.subjects().get(0).get("growth_per_min"), 1e-9);
        assertTrue(f.summary().contains("+12.5 a minute"), f.summary());

        // the same pid with another start time: a new process; no growth, and 30 is no pile
        SocketSnapshot reused = new SocketProbeText().closeWait(30, 8080, 2000, 300).socketFds(60, 10, 2000, 30)
                .process(60, 9100, "svc", 4096, true).snapshot();
        assertTrue(find(SocketRulesRun.evaluate(reused, NOW, List.of(new SocketRules.Timed(then, before.snapshot()))),
                SocketRules.CLOSEWAIT_PILEUP).isEmpty());

        // a sample only 10 s old is too close to tell growth, one 20 minutes old is out of the window
        assertTrue(find(SocketRulesRun.evaluate(now, NOW, List.of(new SocketRules.Timed(NOW.minusSeconds(10), before.snapshot()))),
                SocketRules.CLOSEWAIT_PILEUP).isEmpty());
        assertTrue(find(SocketRulesRun.evaluate(now, NOW, List.of(new SocketRules.Timed(NOW.minus(Duration.ofMinutes(20)),
                before.snapshot()))), SocketRules.CLOSEWAIT_PILEUP).isEmpty());
    }

    @Test
    void theThresholdIsConfigurable() {
        SocketSnapshot t0 = SocketSnapshotTest.fixture("probe-lab-closewait-pipe-root-t0.txt");
        assertTrue(find(SocketRulesRun.evaluate(SocketRules.Thresholds.DEFAULTS.withCloseWait(200), t0, T0, List.of()),
                SocketRules.CLOSEWAIT_PILEUP).isEmpty(), "133 is under 200");
        Finding crit = find(SocketRulesRun.evaluate(SocketRules.Thresholds.DEFAULTS.withCloseWait(10),
                new SocketProbeText().closeWait(12, 80, 1, 1).socketFds(5, 3, 1, 12).process(5, 1, "web", 1024, true).snapshot(), NOW,
                List.of()), SocketRules.CLOSEWAIT_PILEUP).orElseThrow();
        assertEquals(Severity.WARNING, crit.severity());
        assertEquals(50, SocketRules.Thresholds.DEFAULTS.closeWait());
        assertThrows(IllegalArgumentException.class, () -> SocketRules.Thresholds.DEFAULTS.withCloseWait(0));
    }

    @Test
    void unacceptedCloseWaitCountsForTheListenersProcess() {
        // a process that stopped accepting: the kernel completed the handshakes, the clients gave up,
        // and the sockets wait in the accept queue with no file (inode 0)
        SocketProbeText t = new SocketProbeText().tcp("LISTEN", 128, "0.0.0.0:8080", "0.0.0.0:*", 77);
        for (int i = 0; i < 60; i++) {
            t.tcp("CLOSE-WAIT", 300, "10.0.0.5:8080", "10.0.0.9:" + (30000 + i), 0);
        }
        t.fd(70, 3, "rw", 's', "socket:[77]").process(70, 1, "java", 1024, true);
        Map<String, Object> m = find(SocketRulesRun.evaluate(t.snapshot(), NOW, List.of()), SocketRules.CLOSEWAIT_PILEUP)
                .orElseThrow().subjects().get(0);
        assertEquals(70, m.get("pid"));
        assertEquals("java", m.get("comm"));
        assertEquals(60, m.get("count"));
        assertEquals(60, m.get("unaccepted"));
        assertEquals(18000L, m.get("recv_q_bytes"));
    }

    @Test
    void theRuleComparesWithTheOldestSampleInItsWindowWhateverTheHistorysOrder() {
        Sample t0 = Playbooks.parser().parse("lab", T0, Fixtures.text("sockets/probe-lab-closewait-pipe-root-t0.txt"), 5);
        Sample t1 = Playbooks.parser().parse("lab", T1, Fixtures.text("sockets/probe-lab-closewait-pipe-root-t1.txt"), 5);
        assertEquals(T1, t1.hostTime());
        List<Finding> fs = SocketRulesRun.evaluate(t1, List.of(t0, t1));
        assertEquals(19.0, (Double) subject(find(fs, SocketRules.CLOSEWAIT_PILEUP).orElseThrow(), 5025).get("growth_per_min"), 0.001);
        assertEquals(19.0, (Double) subject(find(SocketRulesRun.evaluate(t1, List.of(t1, t0)), SocketRules.CLOSEWAIT_PILEUP).orElseThrow(), 5025)
                .get("growth_per_min"), 0.001, "history given newest first: the same reference sample");
        assertEquals(List.of(SocketRules.CLOSEWAIT_PILEUP, SocketRules.BLOCKED_ON_PIPE), SocketRulesRun.evaluate(t0, List.of(t0)).stream()
                .map(Finding::id).toList(), "history that is only the latest: no growth, no error");
    }
}
