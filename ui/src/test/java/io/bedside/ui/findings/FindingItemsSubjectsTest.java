package io.bedside.ui.findings;

import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.memory.MemoryFixPlans;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wizard's starting choices come from the rule's offers, never from decoding the subjects:
 * a kill's pid (gone) or a process subject the rule did not offer is not picked up.
 */
class FindingItemsSubjectsTest {
    private static Subject kill(long pid, Long runningAgain) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", pid);
        m.put("comm", "java");
        if (runningAgain != null) {
            m.put("now_running_pid", runningAgain);
        }
        return Subject.of(Subject.Kind.KILL, m);
    }

    private static Subject process(long pid) {
        return Subject.of(Subject.Kind.PROCESS, Map.of("pid", pid, "comm", "postgres"));
    }

    private static Finding finding(List<Subject> subjects, FixOffer offer) {
        return new Finding("mem.test", Severity.WARNING, "test", subjects, List.of(), List.of(offer));
    }

    @Test
    void anOfferWithoutParametersStartsTheWizardWithNoChoice() {
        Map<String, Map<String, String>> p = FindingItems.fixParams(finding(List.of(kill(4242, 777L), process(31)),
                FixOffer.of(MemoryFixPlans.PROTECT)));
        assertTrue(p.getOrDefault(MemoryFixPlans.PROTECT, Map.of()).isEmpty(),
                "subjects are not decoded into a pid: " + p);
    }

    @Test
    void theRuleSParametersAreTheWizardSStart() {
        assertEquals(Map.of(MemoryFixPlans.PROTECT, Map.of("pid", "777")),
                FindingItems.fixParams(finding(List.of(kill(4242, 777L)), FixOffer.of(MemoryFixPlans.PROTECT, "pid", "777"))));
    }
}
