package io.bedside.app.cli;

import io.bedside.model.playbooks.Playbooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bedside.app.ModelFixtures;
import io.bedside.app.json.FixOfferJson;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.memory.MemoryFixPlans;
import io.bedside.model.playbooks.FixCatalog;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import io.bedside.model.sockets.SocketFixPlans;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A finding's fix offers as {@code diagnose --json} writes them ({@code {"id", "params"}}), read back
 * and handed to the fix as {@code bedside fix} would: the params the rule found make the plan. Fixture:
 * {@code hostile/probe-lab-oom-root-hostile-name.txt} (a lab host whose next OOM victim, pid 11313, has
 * a hostile name).
 */
class FixOfferCliTest {
    @org.junit.jupiter.api.io.TempDir
    static java.nio.file.Path dir;

    static java.nio.file.Path recording() throws java.io.IOException {
        java.nio.file.Path p = dir.resolve("offers.jsonl");
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        io.bedside.app.recording.RecordingFiles.write(new io.bedside.model.recording.Recording("lab-memdev", t, "offers",
                List.of(new io.bedside.model.probe.RawSample(t, 12, ModelFixtures.text(HostileTextCliTest.FIXTURE), ""))), p);
        return p;
    }

    @Test
    void theOfferInDiagnoseJsonReadsBackAndItsParamsMakeThePlan() throws Exception {
        HostileTextCliTest.Run r = HostileTextCliTest.run("diagnose", recording().toString(), "--json");
        JsonNode d = new ObjectMapper().readTree(r.out());
        List<FixOffer> offers = new ArrayList<>();
        for (JsonNode f : d.get("findings")) {
            for (JsonNode x : f.get("fixes")) {
                FixOffer o = FixOfferJson.read(x);
                assertEquals(x, FixOfferJson.write(o), "an offer round-trips through its JSON");
                offers.add(o);
            }
        }
        FixOffer protect = offers.stream().filter(o -> o.fixId().equals(MemoryFixPlans.PROTECT)).findFirst().orElseThrow(() -> new AssertionError(r.out()));
        assertEquals(Map.of("pid", "11313"), protect.params(), r.out());

        Sample s = Playbooks.parser().parse("lab-memdev", Instant.parse("2026-11-23T10:00:00Z"),
                ModelFixtures.text(HostileTextCliTest.FIXTURE), 12);
        FixPlan plan = FixCatalog.plan(protect.fixId(), s, protect.params(), OptionalLong.of(0));
        assertTrue(plan.title().contains("(pid 11313)"), plan.title());
    }

    @Test
    void theCodecKeepsParamOrderAndHostTextAndRefusesWhatIsNotAnOffer() throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("unit", "we\u001bird\u202e.service");
        p.put("pid", "7");
        FixOffer o = new FixOffer(SocketFixPlans.RESTART_UNIT, p);
        String text = io.bedside.app.json.HostJson.mapper().writeValueAsString(FixOfferJson.write(o));
        assertEquals("{\"id\":\"proc.restart-unit\",\"params\":{\"unit\":\"we\\u001Bird\\u202E.service\",\"pid\":\"7\"}}", text);
        FixOffer back = FixOfferJson.read(new ObjectMapper().readTree(text));
        assertEquals(o, back);
        assertEquals(List.of("unit", "pid"), List.copyOf(back.params().keySet()));
        ObjectMapper m = new ObjectMapper();
        assertThrows(IllegalArgumentException.class, () -> FixOfferJson.read(m.readTree("\"mem.oom.protect\"")));
        assertThrows(IllegalArgumentException.class, () -> FixOfferJson.read(m.readTree("{\"id\":\"x\",\"params\":{\"pid\":7}}")));
        assertEquals(FixOffer.of("x"), FixOfferJson.read(m.readTree("{\"id\":\"x\"}")));
    }

    @Test
    void diagnosePrintsTheFixLineToPasteWithHostTextQuotedAndEscaped() {
        assertEquals("bedside fix db-07 mem.oom.protect pid=4487",
                DiagnoseCommand.fixLine("db-07", FixOffer.of(MemoryFixPlans.PROTECT, "pid", "4487")));
        assertEquals("bedside fix db-07 proc.restart-unit 'unit=my app'\\''s.service'",
                DiagnoseCommand.fixLine("db-07", FixOffer.of(SocketFixPlans.RESTART_UNIT, "unit", "my app's.service")));
        // printed through the terminal medium: a control in a unit name is shown, never sent to the terminal
        String shown = io.bedside.model.text.HostText.terminal(
                DiagnoseCommand.fixLine("db-07", FixOffer.of(SocketFixPlans.RESTART_UNIT, "unit", "a\u001b[2Jb.service")));
        assertEquals("bedside fix db-07 proc.restart-unit 'unit=a\\x1b[2Jb.service'", shown);
        // and diagnose does not offer that escaped line to paste: it would name another unit
        for (String unit : new String[]{"a\u001b[2Jb.service", "a\nb.service", "a\rb.service", "a\tb.service"}) {
            String printed = DiagnoseCommand.pasteLine("db-07", FixOffer.of(SocketFixPlans.RESTART_UNIT, "unit", unit));
            assertEquals("proc.restart-unit (a parameter holds characters a terminal cannot show; diagnose --json has it exactly)",
                    printed, unit);
        }
        assertEquals("bedside fix db-07 mem.oom.protect pid=4487",
                DiagnoseCommand.pasteLine("db-07", FixOffer.of(MemoryFixPlans.PROTECT, "pid", "4487")));
    }

}
