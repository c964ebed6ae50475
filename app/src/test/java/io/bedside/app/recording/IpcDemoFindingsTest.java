package io.bedside.app.recording;

import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Rule;
import io.bedside.model.ipc.IpcPlaybook;
import io.bedside.model.ipc.IpcRules;
import io.bedside.model.sample.Sample;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The IPC playbook's rules, one class per finding id, conclude on the demos what the one class did before. */
class IpcDemoFindingsTest {
    /**
     * Every sample of every bundled demo, diagnosed by the IPC playbook's rules: severities, ids,
     * summaries and their order as the one-class rules wrote them (ipc-demo-findings.txt, written
     * before the split). The demos end after their fix, so their last samples raise nothing of IPC's.
     */
    @Test
    void theDemosAreDiagnosedAsBeforeTheSplit() throws IOException {
        List<String> expected;
        try (InputStream in = getClass().getResourceAsStream("ipc-demo-findings.txt")) {
            assertNotNull(in, "the recorded findings");
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
        }
        List<String> actual = new ArrayList<>();
        for (BundledRecordings.Demo d : DemoSamples.demos()) {
            String file = d.id() + ".jsonl.gz";
            List<Sample> samples = DemoSamples.of(d);
            actual.add(file + ": " + samples.size() + " samples");
            for (int i = 0; i < samples.size(); i++) {
                for (Finding f : new Diagnosis(new IpcPlaybook().rules()).run(samples.get(i), samples.subList(0, i + 1))) {
                    actual.add(file + " #" + i + " " + f.severity().token() + " " + f.id() + ": " + f.summary());
                }
            }
        }
        // this run's lines, to compare with the file when a demo is added
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
        java.nio.file.Files.write(java.nio.file.Path.of("target", "ipc-demo-findings.txt"), actual, StandardCharsets.UTF_8);
        assertEquals(String.join("\n", expected), String.join("\n", actual));
        assertTrue(actual.stream().anyMatch(l -> l.contains(" " + IpcRules.SEM_EXHAUSTED + ": "))
                && actual.stream().anyMatch(l -> l.contains(" " + IpcRules.SHM_ORPHANED + ": ")), "the demos raise IPC findings");
    }

    /** Each rule raises only its own id, at most once, and concludes alone what it concludes in its set. */
    @Test
    void onEveryDemoSampleEachRuleRaisesOnlyItsOwnId() throws IOException {
        int raised = 0;
        for (BundledRecordings.Demo d : DemoSamples.demos()) {
            for (Sample s : DemoSamples.of(d)) {
                List<Rule> set = new IpcPlaybook().rules();
                for (int i = 0; i < set.size(); i++) {
                    Rule r = set.get(i);
                    List<Finding> found = r.evaluate(s, List.of(s));
                    assertTrue(found.size() <= 1, r.id() + " raised " + found.size());
                    for (Finding f : found) {
                        assertEquals(r.id(), f.id(), r.getClass().getSimpleName() + " in " + d.id());
                        raised++;
                    }
                    assertEquals(found, new IpcPlaybook().rules().get(i).evaluate(s, List.of(s)),
                            r.id() + " alone concludes otherwise than in its set, in " + d.id());
                }
            }
        }
        assertTrue(raised > 40, "the demos raise IPC findings: " + raised);
    }
}
