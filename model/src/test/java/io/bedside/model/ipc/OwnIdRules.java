package io.bedside.model.ipc;

import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Rule;
import io.bedside.model.sample.Sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The IPC rule set as the tests run it: like {@link IpcRules#evaluate(IpcSnapshot, Instant)}, and on
 * every call it checks that each rule raises only its own id (at most one finding), and that each
 * rule alone, with an assessment of its own, concludes what it did sharing one with the others. So
 * every fixture the rule tests use checks the split too.
 */
final class OwnIdRules {
    private final Map<Long, String> userNames;
    private final IpcRules shared;

    OwnIdRules() {
        this(Map.of());
    }

    OwnIdRules(Map<Long, String> userNames) {
        this.userNames = userNames;
        this.shared = new IpcRules(userNames);
    }

    List<Finding> evaluate(Sample latest, List<Sample> history) {
        return evaluate(IpcSnapshot.of(latest), latest.hostTime());
    }

    List<Finding> evaluate(IpcSnapshot ipc, Instant now) {
        List<Rule> rules = shared.rules();
        assertEquals(IpcRules.IDS, rules.stream().map(Rule::id).toList(), "one rule per id, in the ids' order");
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            IpcRule rule = (IpcRule) rules.get(i);
            List<Finding> raised = rule.evaluate(ipc, now);
            assertTrue(raised.size() <= 1, rule.id() + " raised " + raised.size() + " findings");
            for (Finding f : raised) {
                assertEquals(rule.id(), f.id(), rule.getClass().getSimpleName() + " raised another rule's id");
            }
            IpcRule alone = (IpcRule) new IpcRules(userNames).rules().get(i);
            assertEquals(raised, alone.evaluate(ipc, now), rule.id() + " alone concludes otherwise than in its set");
            out.addAll(raised);
        }
        assertEquals(out, shared.evaluate(ipc, now), "the set runs its rules in the ids' order");
        return out;
    }
}
