package io.bedside.model.playbooks;

import io.bedside.model.findings.FixKind;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.sample.Sample;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Turns a fix id and the operator's choices into a plan, from the sample the findings came from,
 * through the playbook that offers the fix. Choices are {@code key=value} parameters, the same in
 * the window and in {@code bedside fix} (each playbook's fixes say theirs).
 */
public final class FixCatalog {
    private FixCatalog() {
    }

    /** Every fix id, in the registry's order. */
    public static List<String> ids() {
        return Playbooks.allFixes().stream().map(FixKind::id).toList();
    }

    /**
     * @throws IllegalArgumentException with one sentence when the fix does not apply or a choice is invalid
     */
    public static FixPlan plan(String fixId, Sample sample, Map<String, String> params) {
        return plan(fixId, sample, params, OptionalLong.empty());
    }

    /**
     * @param loginUid the uid Bedside logs in as (not the uid of a probe that ran through sudo); it
     *                 decides which steps need root. Empty: every change is planned as needing root.
     */
    public static FixPlan plan(String fixId, Sample sample, Map<String, String> params, OptionalLong loginUid) {
        FixKind fix = Playbooks.fix(fixId).orElseThrow(() -> new IllegalArgumentException(
                "There is no fix called '" + fixId + "'; known fixes: " + String.join(", ", ids()) + "."));
        return fix.plan().plan(sample, params, loginUid);
    }
}
