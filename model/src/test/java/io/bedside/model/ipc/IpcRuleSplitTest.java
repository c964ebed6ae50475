package io.bedside.model.ipc;

import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Rule;
import io.bedside.model.sample.Sample;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

    /**
     * Every sample of every bundled demo, diagnosed by the IPC playbook's rules: severities, ids,
     * summaries and their order as the one-class rules wrote them (demo-findings.txt, written before
     * the split). The demos end after their fix, so their last samples raise nothing of IPC's.
     */
    @Test
    void theDemosAreDiagnosedAsBeforeTheSplit() throws IOException {
        List<String> expected;
        try (InputStream in = getClass().getResourceAsStream("demo-findings.txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
        }
        List<String> actual = new ArrayList<>();
        for (Path p : DemoRecordings.files()) {
            List<Sample> samples = DemoRecordings.samples(p);
            actual.add(p.getFileName() + ": " + samples.size() + " samples");
            for (int i = 0; i < samples.size(); i++) {
                for (Finding f : new Diagnosis(new IpcPlaybook().rules()).run(samples.get(i), samples.subList(0, i + 1))) {
                    actual.add(p.getFileName() + " #" + i + " " + f.severity().token() + " " + f.id() + ": " + f.summary());
                }
            }
        }
        assertEquals(String.join("\n", expected), String.join("\n", actual));
        assertTrue(actual.stream().anyMatch(l -> l.contains(" " + IpcRules.SEM_EXHAUSTED + ": "))
                && actual.stream().anyMatch(l -> l.contains(" " + IpcRules.SHM_ORPHANED + ": ")), "the demos raise IPC findings");
    }

    @Test
    void onEveryDemoSampleEachRuleRaisesOnlyItsOwnId() throws IOException {
        int raised = 0;
        for (Path p : DemoRecordings.files()) {
            for (Sample s : DemoRecordings.samples(p)) {
                for (Rule r : new IpcPlaybook().rules()) {
                    List<Finding> found = r.evaluate(s, List.of(s));
                    assertTrue(found.size() <= 1, r.id() + " raised " + found.size());
                    for (Finding f : found) {
                        assertEquals(r.id(), f.id(), r.getClass().getSimpleName() + " in " + p.getFileName());
                        raised++;
                    }
                }
                // and the checked set (each rule alone agreeing with the set) on the same sample
                new OwnIdRules().evaluate(s, List.of(s));
            }
        }
        assertTrue(raised > 40, "the demos raise IPC findings: " + raised);
    }

    /** The rules of one set share the assessment of the sample they are asked about. */
    @Test
    void theRulesOfOneSetAssessASampleOnce() throws IOException {
        List<Sample> seed000 = DemoRecordings.samples(DemoRecordings.DIR.resolve("seed000-semaphores-full.jsonl.gz"));
        IpcSnapshot a = IpcSnapshot.of(seed000.get(5));
        IpcSnapshot b = IpcSnapshot.of(seed000.get(6));
        IpcAssessment.Cache cache = new IpcAssessment.Cache();
        IpcAssessment first = cache.of(a);
        assertSame(first, cache.of(a), "asked again about the same sample");
        IpcAssessment other = cache.of(b);
        assertNotSame(first, other);
        assertSame(b, other.ipc());
        assertEquals(first, IpcAssessment.of(a), "the cached assessment is the one worked out afresh");
    }

    /**
     * One rule set used from several threads at once, over samples that differ (the sem and the shm
     * demo interleaved), concludes on each sample what a set of its own does.
     */
    @Test
    void oneSetUsedFromSeveralThreadsConcludesAsSetsOfTheirOwn() throws Exception {
        List<Sample> samples = new ArrayList<>();
        List<Sample> sem = DemoRecordings.samples(DemoRecordings.DIR.resolve("seed000-semaphores-full.jsonl.gz"));
        List<Sample> shm = DemoRecordings.samples(DemoRecordings.DIR.resolve("seed001-shm-leak.jsonl.gz"));
        for (int i = 0; i < Math.min(sem.size(), shm.size()); i++) {
            samples.add(sem.get(i));
            samples.add(shm.get(i));
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
}
