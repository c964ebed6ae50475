package io.bedside.app.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.bedside.app.cli.SampleJson;
import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Owner;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import io.bedside.model.recording.Recording;
import io.bedside.app.recording.BundledRecordings;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FindingJsonTest {
    @Test
    void aSubjectCarriesItsKindAndItsFieldsAsJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("semid", 32769);
        m.put("owner", new Owner(1000, Optional.of("alice")));
        m.put("nobody", new Owner(48, Optional.empty()));
        m.put("unit", null);
        m.put("limit", OptionalLong.empty());
        m.put("threads", List.of(Map.of("tid", 7, "name", "writer")));
        Finding f = new Finding("ipc.sem.orphaned", Severity.WARNING, "s", List.of(Subject.of(Subject.Kind.IPC_OBJECT, m)),
                List.of(new Evidence("ipcs-sem", "arrays", List.of("line"))),
                List.of(io.bedside.model.findings.FixOffer.of("ipc.sem.remove-orphans", "semid", "32769")));
        JsonNode s = FindingJson.finding(f).path("subjects").get(0);
        assertEquals("ipc-object", s.path("kind").asText());
        assertEquals(32769, s.path("semid").asInt());
        assertEquals("1000 (alice)", s.path("owner").asText(), "an owner as it is shown");
        assertEquals("48", s.path("nobody").asText());
        assertTrue(s.path("unit").isNull() && s.has("unit"));
        assertTrue(s.path("limit").isNull(), "an empty optional is null, not {\"present\":false}");
        assertEquals("writer", s.path("threads").get(0).path("name").asText(), "a list of fields stays JSON");
        JsonNode fix = FindingJson.finding(f).path("fixes").get(0);
        assertEquals("ipc.sem.remove-orphans", fix.path("id").asText());
        assertEquals("32769", fix.path("params").path("semid").asText(), "a fix carries the parameters the rule filled");
    }

    /** diagnose --json writes each finding exactly as the codec does (the report's evidence.json uses it too). */
    @Test
    void diagnoseWritesTheCodecsShape() throws Exception {
        for (BundledRecordings.Demo demo : BundledRecordings.list()) {
            Recording rec = BundledRecordings.open(demo.id());
            var raw = rec.samples().get(rec.samples().size() - 1);
            Sample s = Playbooks.parser().parse(rec.source(), raw.receivedAt(), raw.output(), raw.roundTripMillis());
            List<Finding> findings = new Diagnosis(Playbooks.allRules()).run(s, List.of(s));
            JsonNode out = SampleJson.JSON.readTree(SampleJson.JSON.writeValueAsString(SampleJson.diagnosis(s, findings)));
            assertEquals(findings.size(), out.path("findings").size());
            for (int i = 0; i < findings.size(); i++) {
                // numbers compare by value: the codec writes a count as a long, a parser reads a small one back as an int
                JsonNode written = FindingJson.finding(findings.get(i));
                assertTrue(written.equals((a, b) -> a.equals(b) || a.isNumber() && b.isNumber()
                        && a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1, out.path("findings").get(i)),
                        demo.id() + ": " + written + " read back as " + out.path("findings").get(i));
                for (JsonNode subject : out.path("findings").get(i).path("subjects")) {
                    assertFalse(subject.path("kind").asText().isEmpty(), "every subject says its kind");
                }
            }
        }
    }
}
