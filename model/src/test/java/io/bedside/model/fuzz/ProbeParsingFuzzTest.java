package io.bedside.model.fuzz;

import io.bedside.model.playbooks.Playbooks;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.probe.ProbeOutputParser;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import io.bedside.model.ssh.HostSpec;
import io.bedside.model.ssh.KnownHosts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz tests: no input may make a parser throw; bad input becomes problems. Without JAZZER_FUZZ
 * set these replay the saved corpus under src/test/resources (regression mode) in every build;
 * with JAZZER_FUZZ=1 they fuzz.
 */
class ProbeParsingFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void probeOutputNeverThrows(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        Sample s = Playbooks.parser().parse("fuzz", Instant.EPOCH, text, 1);
        assertNotNull(s.facts());
        ProbeOutput out = s.output();
        if (!out.complete()) {
            assertTrue(!s.problems().isEmpty(), "an incomplete probe output is always reported");
        }
    }

    @FuzzTest(maxDuration = "30s")
    void knownHostsNeverThrows(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        KnownHosts k = KnownHosts.parse("fuzz", text.lines().toList());
        k.verify("host", "ssh-ed25519", data);
        try {
            HostSpec.parse(text);
        } catch (IllegalArgumentException expected) {
            assertNotNull(expected.getMessage());
        }
        ProbeOutputParser.parse(List.of(text.split("\n", -1)));
    }
}
