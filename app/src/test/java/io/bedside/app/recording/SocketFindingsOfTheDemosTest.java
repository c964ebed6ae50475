package io.bedside.app.recording;

import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketPlaybook;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The socket playbook's findings on every sample of every bundled demo (each with the samples
 * before it as history) are the ones recorded in {@code socket-findings-of-the-demos.txt}: ids,
 * severities, summaries and fix ids, in the order the diagnosis gives them. The file was written
 * by the socket rules as one class, before they became one class per finding id. The whole
 * findings (subjects and evidence too) go to {@code target/socket-findings-of-the-demos-full.txt}
 * for a diff by hand when the rules change.
 */
class SocketFindingsOfTheDemosTest {
    @Test
    void theDemosGiveTheRecordedSocketFindings() throws IOException {
        List<String> lines = new ArrayList<>();
        List<String> full = new ArrayList<>();
        Diagnosis diagnosis = new Diagnosis(new SocketPlaybook().rules());
        for (BundledRecordings.Demo d : DemoSamples.demos()) {
            List<Sample> all = DemoSamples.of(d);
            for (int i = 0; i < all.size(); i++) {
                List<Finding> fs = diagnosis.run(all.get(i), all.subList(0, i + 1));
                for (Finding f : fs) {
                    lines.add(d.id() + " #" + i + " " + f.id() + " " + f.severity().token() + " "
                            + FixOffer.ids(f.fixes()) + " " + f.summary());
                    full.add(d.id() + " #" + i + " " + f);
                }
            }
        }
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.write(target.resolve("socket-findings-of-the-demos.txt"), lines, StandardCharsets.UTF_8);
        Files.write(target.resolve("socket-findings-of-the-demos-full.txt"), full, StandardCharsets.UTF_8);
        try (InputStream in = getClass().getResourceAsStream("socket-findings-of-the-demos.txt")) {
            assertNotNull(in, "the recorded findings");
            List<String> expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertTrue(expected.stream().anyMatch(l -> l.contains("proc.blocked-on-pipe critical")),
                    "seed 004 shows a process blocked on a pipe");
            assertEquals(String.join("\n", expected), String.join("\n", lines));
        }
    }
}
