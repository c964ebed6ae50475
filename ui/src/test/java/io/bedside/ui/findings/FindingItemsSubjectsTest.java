package io.bedside.ui.findings;

import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.memory.MemoryFixPlans;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The protect wizard's process comes from the subjects' kinds, not from which fields happen to be there. */
class FindingItemsSubjectsTest {
    private static Subject kill(long pid, Long runningAgain) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", pid);
        m.put("comm", "java");
        // a kill whose time the kernel log did not give still is a kill, not a process
        if (runningAgain != null) {
            m.put("now_running_pid", runningAgain);
        }
        return Subject.of(Subject.Kind.KILL, m);
    }

    private static Subject process(long pid) {
        return Subject.of(Subject.Kind.PROCESS, Map.of("pid", pid, "comm", "postgres"));
    }

    private static Finding finding(List<Subject> subjects) {
        return new Finding("mem.test", Severity.WARNING, "test", subjects, List.of(), List.of(MemoryFixPlans.PROTECT));
    }

    @Test
    void aKillWithoutATimeIsNotTakenForAProcess() {
        assertTrue(FindingItems.fixParams(finding(List.of(kill(4242, null)))).isEmpty(),
                "the killed pid is gone: nothing to protect");
    }

    @Test
    void theProcessOfAKilledNameRunningAgainIsOffered() {
        assertEquals(Map.of(MemoryFixPlans.PROTECT, Map.of("pid", "777")),
                FindingItems.fixParams(finding(List.of(kill(4242, 777L)))));
    }

    @Test
    void theProcessSubjectIsOfferedPastKills() {
        assertEquals(Map.of(MemoryFixPlans.PROTECT, Map.of("pid", "31")),
                FindingItems.fixParams(finding(List.of(kill(4242, null), process(31)))));
    }
}
