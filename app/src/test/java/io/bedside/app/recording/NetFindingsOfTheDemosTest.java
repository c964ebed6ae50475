package io.bedside.app.recording;

import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Severity;
import io.bedside.model.net.NetPlaybook;
import io.bedside.model.sample.Sample;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network limits playbook on every sample of every bundled demo (each with the samples before
 * it as history): the net-ports-exhausted demo raises net.ports.exhausted until its fix widened the
 * range, and no other demo raises a network limits finding.
 */
class NetFindingsOfTheDemosTest {
    @Test
    void onlyThePortRangeDemoRaisesNetworkLimitFindingsAndOnlyBeforeItsFix() throws IOException {
        Diagnosis diagnosis = new Diagnosis(new NetPlaybook().rules());
        boolean seen = false;
        for (BundledRecordings.Demo d : DemoSamples.demos()) {
            List<Sample> all = DemoSamples.of(d);
            for (int i = 0; i < all.size(); i++) {
                List<Finding> fs = diagnosis.run(all.get(i), all.subList(0, i + 1));
                if (!d.id().equals("net-ports-exhausted")) {
                    assertTrue(fs.isEmpty(), d.id() + " #" + i + ": " + fs);
                    continue;
                }
                for (Finding f : fs) {
                    assertEquals("net.ports.exhausted", f.id(), f.toString());
                    assertEquals(Severity.CRITICAL, f.severity());
                    assertEquals(32, f.subjects().get(0).get("in_use"));
                    assertEquals("32768-32799", f.subjects().get(0).get("range"));
                    assertEquals(List.of(new FixOffer("net.ports.widen-range", Map.of("low", "32768", "high", "32847", "tw_reuse", "keep"))), f.fixes());
                    seen = true;
                }
                if (i == all.size() - 1) {
                    assertTrue(fs.isEmpty(), "after the fix the range is 32768-32847: " + fs);
                }
            }
        }
        assertTrue(seen, "the demo shows the incident");
    }
}
