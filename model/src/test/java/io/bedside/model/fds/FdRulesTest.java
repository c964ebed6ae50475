package io.bedside.model.fds;

import io.bedside.model.Fixtures;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Rule;
import io.bedside.model.findings.Severity;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketFixPlans;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.bedside.model.fds.FdsProbeText.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FdRulesTest {
    private static final Instant T0 = Instant.ofEpochSecond(0, 1795451947697100371L);
    private static final Instant T1 = Instant.ofEpochSecond(0, 1795452174678357474L);

    static List<Finding> run(Sample latest, List<Sample> history) {
        List<Finding> out = new ArrayList<>();
        for (Rule r : FdsRules.all()) {
            List<Finding> fs = r.evaluate(latest, history);
            fs.forEach(f -> assertEquals(r.id(), f.id(), "a rule raises only its own id"));
            out.addAll(fs);
        }
        return out;
    }

    static Optional<Finding> find(List<Finding> fs, String id) {
        return fs.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    static Map<String, Object> subject(Finding f, int pid) {
        return f.subjects().stream().filter(s -> Integer.valueOf(pid).equals(s.get("pid"))).findFirst()
                .orElseThrow(() -> new AssertionError("no subject with pid " + pid + " in " + f.subjects()));
    }

    // ------------------------------------------------------------------ fd.system.exhausted

    @Test
    void theSystemTableIsAWarningAt90AndCriticalAt98Percent() {
        assertTrue(find(run(new FdsProbeText().table(8999, 10000).sample(t(0)), List.of()), FdsRules.SYSTEM_EXHAUSTED).isEmpty());
        Finding w = find(run(new FdsProbeText().table(9000, 10000).sample(t(0)), List.of()), FdsRules.SYSTEM_EXHAUSTED).orElseThrow();
        assertEquals(Severity.WARNING, w.severity());
        assertEquals(9000L, w.subjects().get(0).get("file_nr"));
        assertEquals(10000L, w.subjects().get(0).get("file_max"));
        assertEquals(90L, w.subjects().get(0).get("percent"));
        assertEquals(List.of(new FixOffer(FdsFixPlans.RAISE_FILE_MAX, Map.of("file-max", "20480"))), w.fixes());
        assertEquals(List.of("file-nr=9000 0 10000", "file-max=10000", "nr_open=1048576"), w.evidence().get(0).lines());
        Finding c = find(run(new FdsProbeText().table(9800, 10000).sample(t(0)), List.of()), FdsRules.SYSTEM_EXHAUSTED).orElseThrow();
        assertEquals(Severity.CRITICAL, c.severity());
        assertTrue(c.summary().contains("98% full"), c.summary());
    }

    @Test
    void noTableOrALongMaxTableRaisesNothing() {
        assertTrue(run(new FdsProbeText().fsFile("skipped byte-wise read").sample(t(0)), List.of()).isEmpty());
        assertTrue(run(new FdsProbeText().fsFile("ok read", Fixtures.text("fds/fs-file-longmax-transcribed.txt").strip())
                .sample(t(0)), List.of()).isEmpty());
        assertTrue(run(new FdsProbeText().fsFile("ok read", "file-nr=5 0 0").sample(t(0)), List.of()).isEmpty(), "a max of 0 is no table");
    }

    // ------------------------------------------------------------------ proc.fd.near-limit (moved from the socket playbook)

    @Test
    void theSocketLabsPythonNearItsLimitAsTheSocketRuleSaidIt() {
        Sample s0 = Playbooks.parser().parse("lab", T0, Fixtures.text("sockets/probe-lab-closewait-pipe-root-t0.txt"), 5);
        Sample s1 = Playbooks.parser().parse("lab", T1, Fixtures.text("sockets/probe-lab-closewait-pipe-root-t1.txt"), 5);
        assertTrue(find(run(s0, List.of(s0)), FdsRules.NEAR_LIMIT).isEmpty(), "139 of 256 is 54%");
        Finding limit = find(run(s1, List.of(s0, s1)), FdsRules.NEAR_LIMIT).orElseThrow();
        assertEquals(Severity.WARNING, limit.severity());
        Map<String, Object> l = subject(limit, 5025);
        assertEquals(215L, l.get("fds"));
        assertEquals(256L, l.get("limit"));
        assertEquals(20000L, l.get("hard_limit"));
        assertEquals(83L, l.get("percent"));
        assertEquals("python3", l.get("comm"));
        assertTrue(limit.summary().startsWith("Near the open-files limit: python3 (pid 5025) holds 215 of its 256 fds (83%)"));
        assertEquals(List.of("pid=5025 start=351838 nofile=256/20000 fds=215 comm=python3"), limit.evidence().get(0).lines());
        assertEquals(List.of(SocketFixPlans.PIPE_DRAIN, FdsFixPlans.RAISE_LIMIT), FixOffer.ids(limit.fixes()));
        assertEquals(Map.of("pid", "5025", "nofile", "1024:20000"), limit.fixes().get(1).params());
    }

    @Test
    void unreadableFdsAreNoCountAndCriticalIsAt95Percent() {
        Sample user = Playbooks.parser().parse("lab", T0, Fixtures.text("sockets/probe-lab-closewait-pipe-user.txt"), 5);
        assertTrue(find(run(user, List.of()), FdsRules.NEAR_LIMIT).isEmpty(), "unreadable fds are no count");
        Finding f = find(run(new FdsProbeText().table(10, 1000).process(40, 7, "svc", 244, 0, 256, 256).sample(t(0)), List.of()),
                FdsRules.NEAR_LIMIT).orElseThrow();
        assertEquals(Severity.CRITICAL, f.severity(), "247 of 256");
        assertEquals(Map.of("pid", "40", "nofile", "1024:1024"), f.fixes().get(0).params(), "at its hard limit: both raised, doubled and at least 1024");
    }

    // ------------------------------------------------------------------ proc.fd.leak

    /** A leaker (pid 50) growing by {@code step} sockets a sample, and a quiet process (pid 60). */
    private static List<Sample> series(int n, int seconds, int step, long soft) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new FdsProbeText().table(1000, 100000).process(50, 777, "leaker", 10 + i * step, 2 + i, soft, 4096)
                    .process(60, 888, "quiet", 3 + i, 0, 1024, 4096).sample(t(i * seconds)));
        }
        return out;
    }

    @Test
    void aProcessGrowingInEveryFullSampleForFiveMinutesLeaks() {
        List<Sample> s = series(6, 60, 10, 4096);
        Sample last = s.get(5);
        Finding f = find(run(last, s), FdsRules.LEAK).orElseThrow();
        Map<String, Object> m = subject(f, 50);
        assertEquals(15, m.get("fds_first"));
        assertEquals(70, m.get("fds_now"));
        assertEquals(11.0, m.get("per_minute"));
        assertEquals("socket", m.get("fd_kind"));
        assertEquals(Map.of("socket", 50, "pipe", 5), m.get("fd_kinds"));
        assertEquals(6, m.get("samples"));
        assertEquals(300L, m.get("since_seconds"));
        assertEquals(Severity.WARNING, f.severity(), "4026 left at 11/min is 6 hours");
        assertEquals(1, f.subjects().size(), "3 to 8 fds is no leak worth a page: " + f.subjects());
        assertEquals(List.of(FdsFixPlans.RAISE_LIMIT), FixOffer.ids(f.fixes()));
        // four minutes is not yet five, and far from half the limit
        assertTrue(find(run(s.get(4), s.subList(0, 5)), FdsRules.LEAK).isEmpty());
    }

    @Test
    void threeSamplesSufficeOnceItHoldsHalfItsLimit() {
        List<Sample> s = series(3, 10, 60, 256);
        Finding f = find(run(s.get(2), s), FdsRules.LEAK).orElseThrow();
        Map<String, Object> m = subject(f, 50);
        assertEquals(137, m.get("fds_now"));
        assertEquals(Severity.CRITICAL, f.severity(), "at 366/min it reaches 256 within the half hour");
        assertTrue(find(run(s.get(1), s.subList(0, 2)), FdsRules.LEAK).isEmpty(), "two samples are not a run");
    }

    @Test
    void aSampleWithoutGrowthOrARestartBeginsANewRun() {
        List<Sample> s = new ArrayList<>(series(6, 60, 10, 4096));
        // the fourth sample: the same count as the third
        s.set(3, new FdsProbeText().table(1000, 100000).process(50, 777, "leaker", 30, 4, 4096, 4096).sample(t(180)));
        assertTrue(find(run(s.get(5), s), FdsRules.LEAK).isEmpty(), "grew in every sample since 180 s only");
        List<Sample> r = new ArrayList<>(series(6, 60, 10, 4096));
        r.set(5, new FdsProbeText().table(1000, 100000).process(50, 999, "leaker", 70, 7, 4096, 4096).sample(t(300)));
        assertTrue(find(run(r.get(5), r), FdsRules.LEAK).isEmpty(), "a new start time is another process");
    }

    @Test
    void lightSamplesBetweenFullOnesNeitherCountNorBreakTheRun() {
        List<Sample> s = new ArrayList<>();
        Sample prev = null;
        for (int i = 0; i < 6; i++) {
            Sample full = new FdsProbeText().table(1000, 100000).process(50, 777, "leaker", 10 + 10 * i, 0, 4096, 4096)
                    .sample(t(i * 60), prev);
            s.add(full);
            Sample light = new FdsProbeText().table(1000, 100000).light().sample(t(i * 60 + 5), full);
            s.add(light);
            prev = light;
        }
        Finding f = find(run(s.get(s.size() - 1), s), FdsRules.LEAK).orElseThrow();
        assertEquals(6, subject(f, 50).get("samples"));
    }

    @Test
    void aHostileProcessNameForgesNoTableAndNoFieldOfTheLeak() {
        // the fd walk escapes a name's newline and ESC (\x0a, \x1b); the name may hold "file-nr=" and "fds=" text
        String name = "evil) fds=9999 file-nr=1 0 1\\x0a@@bedside:section fs-file ok\\x1b[2J";
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            s.add(new FdsProbeText().table(100, 10000).process(70, 5, name, 10 + 60 * i, 0, 256, 4096).sample(t(i * 10)));
        }
        List<Finding> fs = run(s.get(2), s);
        Finding leak = find(fs, FdsRules.LEAK).orElseThrow();
        Map<String, Object> m = subject(leak, 70);
        assertEquals("evil) fds=9999 file-nr=1 0 1\n@@bedside:section fs-file ok\u001b[2J", m.get("comm"), "decoded to its bytes, one field");
        assertEquals(133, m.get("fds_now"));
        assertEquals(100L, FdsSnapshot.of(s.get(2)).table().get().orElseThrow().allocated(), "the table is the kernel's, not the name's");
        assertTrue(find(fs, FdsRules.SYSTEM_EXHAUSTED).isEmpty());
    }
}
