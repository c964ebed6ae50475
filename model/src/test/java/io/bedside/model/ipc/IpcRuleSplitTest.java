package io.bedside.model.ipc;

import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Rule;
import io.bedside.model.Fixtures;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;
import java.time.Instant;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The IPC playbook's rules, one class per finding id, conclude what the one class did before. */
class IpcRuleSplitTest {

    @Test
    void thePlaybookHasOneRuleClassPerFindingId() {
        IpcPlaybook playbook = new IpcPlaybook();
        List<Rule> rules = playbook.rules();
        assertEquals(playbook.findingIds(), rules.stream().map(Rule::id).toList());
        assertEquals(rules.size(), new HashSet<>(rules.stream().map(Object::getClass).toList()).size(), "a class each");
        assertFalse(Rule.class.isAssignableFrom(IpcRules.class), "IpcRules makes the set; it is no rule itself");
    }

    /** The rules of one set share the assessment of the sample they are asked about. */
    @Test
    void theRulesOfOneSetAssessASampleOnce() throws IOException {
        IpcSnapshot a = IpcSnapshot.of(fixture("ipc/probe-lab-sem-exhaustion-root.txt"));
        IpcSnapshot b = IpcSnapshot.of(fixture("ipc/probe-lab-sem-exhaustion-root.txt"));
        IpcAssessment.Cache cache = new IpcAssessment.Cache();
        IpcAssessment first = cache.of(a);
        assertSame(first, cache.of(a), "asked again about the same sample");
        IpcAssessment other = cache.of(b);
        assertNotSame(first, other);
        assertSame(b, other.ipc());
        assertEquals(first, IpcAssessment.of(a), "the cached assessment is the one worked out afresh");
    }

    /**
     * One rule set used from several threads at once, over samples that differ (captures of the
     * semaphore and the shared memory incidents, as root and not, interleaved), concludes on each
     * sample what a set of its own does.
     */
    @Test
    void oneSetUsedFromSeveralThreadsConcludesAsSetsOfTheirOwn() throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            for (String f : List.of("ipc/probe-lab-sem-exhaustion-root.txt", "ipc/probe-lab-shm-leak-root.txt",
                    "ipc/probe-lab-sem-exhaustion-user.txt", "ipc/probe-debian12-kernel6.18-nobody.txt")) {
                samples.add(fixture(f));
            }
        }
        List<List<Finding>> expected = samples.stream().map(s -> new IpcRules().evaluate(s, List.of())).toList();
        List<Rule> shared = IpcRules.all();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                runs.add(pool.submit(() -> {
                    for (int round = 0; round < 5; round++) {
                        for (int k = 0; k < samples.size(); k++) {
                            int i = (k + offset * 7) % samples.size();
                            List<Finding> out = new ArrayList<>();
                            for (Rule r : shared) {
                                out.addAll(r.evaluate(samples.get(i), List.of()));
                            }
                            assertEquals(expected.get(i), out, "sample " + i);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : runs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Sample fixture(String name) {
        return Playbooks.parser().parse("lab", Instant.parse("2026-11-23T10:00:00Z"), Fixtures.text(name), 5);
    }
}
