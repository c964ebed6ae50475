package io.bedside.model.fds;

import io.bedside.model.Fixtures;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Severity;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.probe.ProbeOutputParser;
import io.bedside.model.sample.Sample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.bedside.model.fds.FdRulesTest.find;
import static io.bedside.model.fds.FdRulesTest.run;
import static io.bedside.model.fds.FdRulesTest.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules on the full samples of the lab's fd-leak demo (see fixtures/fds/README.md). */
class FdLabFixturesTest {
    static List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String text = Fixtures.text("fds/probe-lab-fdleak-root-t" + i + ".txt");
            out.add(Playbooks.parser().parse("lab", ProbeOutputParser.parse(text).hostEpochNanos().isPresent()
                    ? java.time.Instant.ofEpochSecond(0, ProbeOutputParser.parse(text).hostEpochNanos().getAsLong())
                    : java.time.Instant.EPOCH, text, 5));
        }
        return out;
    }

    @Test
    void theLeakFromTheThirdFullSampleThenNearTheLimitThenFixed() {
        List<Sample> s = samples();
        assertTrue(s.get(0).problems().isEmpty(), s.get(0).problems().toString());
        FileTable t = FdsSnapshot.of(s.get(0)).table().get().orElseThrow();
        assertEquals(2466248, t.max());
        assertTrue(t.inUse() > 500, t.toString());
        assertTrue(find(run(s.get(1), s.subList(0, 2)), FdsRules.LEAK).isEmpty(), "two samples are no run");
        Finding leak = find(run(s.get(2), s.subList(0, 3)), FdsRules.LEAK).orElseThrow();
        Map<String, Object> l = subject(leak, 12190);
        assertEquals("bedside-leaker", l.get("comm"));
        assertEquals(71, l.get("fds_first"));
        assertEquals(199, l.get("fds_now"));
        assertEquals("socket", l.get("fd_kind"));
        assertEquals(Severity.CRITICAL, leak.severity());
        assertEquals(List.of(FdsFixPlans.RAISE_LIMIT), FixOffer.ids(leak.fixes()));

        List<Finding> at4 = run(s.get(3), s.subList(0, 4));
        Finding near = find(at4, FdsRules.NEAR_LIMIT).orElseThrow();
        assertEquals(237L, subject(near, 12190).get("fds"));
        assertEquals(92L, subject(near, 12190).get("percent"));
        assertEquals(Map.of("pid", "12190", "nofile", "1024:4096"), near.fixes().get(0).params());
        assertEquals(4, subject(find(at4, FdsRules.LEAK).orElseThrow(), 12190).get("samples"));

        List<Finding> after = run(s.get(4), s);
        assertTrue(find(after, FdsRules.NEAR_LIMIT).isEmpty(), "237 of 1024");
        assertTrue(find(after, FdsRules.LEAK).isEmpty(), "it stopped growing at 237");
    }
}
