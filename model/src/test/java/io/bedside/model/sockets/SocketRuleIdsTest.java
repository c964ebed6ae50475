package io.bedside.model.sockets;

import io.bedside.model.Fixtures;
import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Rule;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketRules.Thresholds;
import io.bedside.model.sockets.SocketRules.Timed;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The socket playbook's rules are one class per finding id, and each raises only its own. */
class SocketRuleIdsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant T0 = Instant.ofEpochSecond(0, 1795451947697100371L);
    private static final Instant T1 = Instant.ofEpochSecond(0, 1795452174678357474L);
    /** Every whole probe output among the socket fixtures the tests of this package read. */
    private static final List<String> PROBES = List.of("probe-centos7-kernel3.10-seed004-transcribed.txt",
            "probe-debian12-kernel6.18-fifo-root.txt", "probe-lab-closewait-pipe-busybox-root.txt",
            "probe-lab-closewait-pipe-root-t0.txt", "probe-lab-closewait-pipe-root-t1.txt", "probe-lab-closewait-pipe-user.txt");

    /** The fixtures' snapshots, each alone and after an earlier one, and the made-up ones of SocketRulesTest. */
    private static Map<String, Case> cases() {
        Map<String, Case> out = new LinkedHashMap<>();
        for (String p : PROBES) {
            out.put(p, new Case(SocketSnapshotTest.fixture(p), NOW, List.of()));
        }
        out.put("t1 after t0", new Case(SocketSnapshotTest.fixture("probe-lab-closewait-pipe-root-t1.txt"), T1,
                List.of(new Timed(T0, SocketSnapshotTest.fixture("probe-lab-closewait-pipe-root-t0.txt")))));
        out.put("t0 after itself", new Case(SocketSnapshotTest.fixture("probe-lab-closewait-pipe-root-t0.txt"), T0,
                List.of(new Timed(T0.minusSeconds(60), SocketSnapshotTest.fixture("probe-lab-closewait-pipe-root-t0.txt")))));
        SocketProbeText before = new SocketProbeText().closeWait(5, 8080, 1000, 300).socketFds(60, 10, 1000, 5)
                .process(60, 7000, "svc", 4096, true);
        out.put("growing pile", new Case(new SocketProbeText().closeWait(30, 8080, 2000, 300).socketFds(60, 10, 2000, 30)
                .process(60, 7000, "svc", 4096, true).snapshot(), NOW, List.of(new Timed(NOW.minus(Duration.ofMinutes(2)),
                before.snapshot()))));
        SocketProbeText unaccepted = new SocketProbeText().tcp("LISTEN", 128, "0.0.0.0:8080", "0.0.0.0:*", 77);
        for (int i = 0; i < 60; i++) {
            unaccepted.tcp("CLOSE-WAIT", 300, "10.0.0.5:8080", "10.0.0.9:" + (30000 + i), 0);
        }
        out.put("unaccepted", new Case(unaccepted.fd(70, 3, "rw", 's', "socket:[77]").process(70, 1, "java", 1024, true).snapshot(),
                NOW, List.of()));
        out.put("fds at the limit", new Case(new SocketProbeText().closeWait(60, 80, 1, 1).socketFds(5, 3, 1, 60)
                .process(5, 1, "web", 62, true).snapshot(), NOW, List.of()));
        return out;
    }

    private record Case(SocketSnapshot now, Instant at, List<Timed> history) {
    }

    @Test
    void eachRuleRaisesOnlyItsOwnIdOnEveryFixture() {
        Map<String, TreeSet<String>> raisedBy = new LinkedHashMap<>();
        for (Map.Entry<String, Case> e : cases().entrySet()) {
            Case c = e.getValue();
            List<Rule> rules = new ArrayList<>(SocketRules.all());
            rules.addAll(List.of(new CloseWaitPileupRule(), new BlockedOnPipeRule()));
            for (Rule r : rules) {
                for (Finding f : ((SocketRule) r).evaluate(c.now(), c.at(), c.history())) {
                    assertEquals(r.id(), f.id(), r.getClass().getSimpleName() + " on " + e.getKey());
                    raisedBy.computeIfAbsent(r.id(), k -> new TreeSet<>()).add(e.getKey());
                }
            }
        }
        assertEquals(new SocketPlaybook().findingIds(), List.copyOf(raisedBy.keySet()),
                "every id is raised on some fixture, so the test above could fail: " + raisedBy);
    }

    @Test
    void eachRuleRaisesOnlyItsOwnIdOnParsedSamples() {
        Sample t0 = Playbooks.parser().parse("lab", T0, Fixtures.text("sockets/probe-lab-closewait-pipe-root-t0.txt"), 5);
        Sample t1 = Playbooks.parser().parse("lab", T1, Fixtures.text("sockets/probe-lab-closewait-pipe-root-t1.txt"), 5);
        int raised = 0;
        for (Rule r : new SocketPlaybook().rules()) {
            for (List<Sample> history : List.of(List.of(t0, t1), List.of(t1), List.<Sample>of())) {
                List<Finding> fs = r.evaluate(t1, history);
                assertEquals(1, fs.size(), r.id() + " raises once on t1");
                assertEquals(r.id(), fs.get(0).id());
                raised++;
            }
        }
        assertEquals(6, raised);
    }

    @Test
    void thePlaybooksRulesAreOnePerFindingIdInItsOrder() {
        List<Rule> rules = new SocketPlaybook().rules();
        assertEquals(new SocketPlaybook().findingIds(), rules.stream().map(Rule::id).toList());
        assertEquals(List.of(CloseWaitPileupRule.class, BlockedOnPipeRule.class),
                rules.stream().map(Object::getClass).toList());
        assertFalse(Rule.class.isAssignableFrom(SocketRules.class), "the old playbook-wide class is no rule any more");
        Thresholds t = Thresholds.DEFAULTS.withCloseWait(7);
        SocketRules.all(t).forEach(r -> assertEquals(t, ((SocketRule) r).thresholds()));
    }

    @Test
    void theRulesOfOneDiagnosisShareOneAssessmentOfTheSample() {
        Sample t0 = Playbooks.parser().parse("lab", T0, Fixtures.text("sockets/probe-lab-closewait-pipe-root-t0.txt"), 5);
        Sample t1 = Playbooks.parser().parse("lab", T1, Fixtures.text("sockets/probe-lab-closewait-pipe-root-t1.txt"), 5);
        SocketAssessment.Cache cache = new SocketAssessment.Cache(Thresholds.DEFAULTS);
        SocketAssessment a = cache.of(t1, List.of(t0, t1));
        assertSame(a, cache.of(t1, List.of(t1, t0)), "the same sample and the same sample compared against");
        assertTrue(a.ref.isPresent());
        SocketAssessment alone = cache.of(t1, List.of(t1));
        assertNotSame(a, alone, "another sample to compare against is another assessment");
        assertTrue(alone.ref.isEmpty());
        assertNotSame(alone, cache.of(t0, List.of(t0)), "another sample");
    }

    @Test
    void rulesCalledFromSeveralThreadsConcludeAsFromOne() throws Exception {
        Sample t0 = Playbooks.parser().parse("lab", T0, Fixtures.text("sockets/probe-lab-closewait-pipe-root-t0.txt"), 5);
        Sample t1 = Playbooks.parser().parse("lab", T1, Fixtures.text("sockets/probe-lab-closewait-pipe-root-t1.txt"), 5);
        Diagnosis d = new Diagnosis(SocketRules.all());
        List<Finding> at0 = new Diagnosis(SocketRules.all()).run(t0, List.of(t0));
        List<Finding> at1 = new Diagnosis(SocketRules.all()).run(t1, List.of(t0, t1));
        assertEquals(2, at0.size());
        assertEquals(2, at1.size(), "the fd limit moved to the fd playbook");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                boolean first = i % 2 == 0;
                runs.add(pool.submit(() -> first ? d.run(t0, List.of(t0)).equals(at0) : d.run(t1, List.of(t0, t1)).equals(at1)));
            }
            for (Future<Boolean> f : runs) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
