package io.bedside.app.recording;

import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Rule;
import io.bedside.model.findings.Subject;
import io.bedside.model.memory.MemoryPlaybook;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.probe.RawSample;
import io.bedside.model.recording.Recording;
import io.bedside.model.sample.Sample;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The memory playbook's findings on the last sample of every bundled demo recording, compared with
 * what they were when the playbook's rules were one class (memory-demo-findings.txt, written by that
 * code): the same ids in the same order, the same severities and summaries, and the same subjects,
 * evidence and fix offers (a SHA-256 of their full text). Each demo is diagnosed twice: the last
 * sample alone, and the last sample after every sample of the recording (the kernel log is read
 * incrementally, so the kills come from the whole history).
 */
class MemoryDemoFindingsTest {
    private static final String GOLDEN = "memory-demo-findings.txt";

    @Test
    void theDemosFindingsAreWhatTheyWereBeforeTheRulesWereSplit() throws Exception {
        List<String> actual = new ArrayList<>();
        for (BundledRecordings.Demo demo : BundledRecordings.list()) {
            Recording rec = BundledRecordings.open(demo.id());
            List<Sample> all = new ArrayList<>();
            for (RawSample raw : rec.samples()) {
                all.add(Playbooks.parser().parse(rec.source(), raw.receivedAt(), raw.output(), raw.roundTripMillis()));
            }
            Sample last = all.get(all.size() - 1);
            List<Rule> rules = new MemoryPlaybook().rules();
            for (Rule r : rules) {
                for (Finding f : r.evaluate(last, all)) {
                    assertEquals(r.id(), f.id(), demo.id() + ": " + r.getClass().getSimpleName() + " raises only its own id");
                }
            }
            Diagnosis diagnosis = new Diagnosis(rules);
            for (Finding f : diagnosis.run(last, List.of(last))) {
                actual.add(line(demo.id(), "alone", f));
            }
            for (Finding f : diagnosis.run(last, all)) {
                actual.add(line(demo.id(), "whole", f));
            }
        }
        Path out = Path.of("target", GOLDEN);
        Files.createDirectories(out.getParent());
        Files.write(out, actual, StandardCharsets.UTF_8);
        assertFalse(actual.isEmpty(), "the demos raise memory findings");
        List<String> expected;
        try (InputStream in = getClass().getResourceAsStream(GOLDEN)) {
            assertNotNull(in, GOLDEN + " is missing; this run's lines are in " + out.toAbsolutePath());
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertEquals(String.join("\n", expected), String.join("\n", actual));
    }

    private static String line(String demo, String mode, Finding f) throws Exception {
        return demo + "\t" + mode + "\t" + f.id() + "\t" + f.severity() + "\t" + f.summary() + "\t" + digest(full(f));
    }

    /** Every part of a finding as text, maps in a fixed order. */
    static String full(Finding f) {
        StringBuilder b = new StringBuilder();
        b.append(f.id()).append('\n').append(f.severity()).append('\n').append(f.summary()).append('\n');
        for (Subject s : f.subjects()) {
            b.append("subject ").append(s.kind()).append(' ').append(s.entrySet()).append('\n');
        }
        for (Evidence e : f.evidence()) {
            b.append("evidence ").append(e.source()).append(" | ").append(e.caption()).append(" | ").append(e.lines()).append('\n');
        }
        for (FixOffer x : f.fixes()) {
            Map<String, String> params = new TreeMap<>(x.params());
            b.append("fix ").append(x.fixId()).append(' ').append(params).append('\n');
        }
        return b.toString();
    }

    private static String digest(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

}
