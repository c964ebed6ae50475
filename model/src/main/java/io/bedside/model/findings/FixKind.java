package io.bedside.model.findings;

import io.bedside.model.fix.FixPlan;
import io.bedside.model.sample.Sample;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A fix a playbook offers: its fixed id, what it is called, and how its plan is made.
 *
 * @param id     such as {@code ipc.sem.remove-orphans}, the same in the window and in {@code bedside fix}
 * @param title  what it does, before its plan (which has its own title) is made
 * @param button the text of the button that opens its wizard
 * @param plan   makes the plan from the sample and the operator's {@code key=value} choices
 */
public record FixKind(String id, String title, String button, PlanBuilder plan) {
    public FixKind {
        Objects.requireNonNull(id);
        Objects.requireNonNull(title);
        Objects.requireNonNull(button);
        Objects.requireNonNull(plan);
    }

    /** Makes a fix's plan. */
    @FunctionalInterface
    public interface PlanBuilder {
        /**
         * @param loginUid the uid Bedside logs in as (not that of a probe run through sudo); it decides
         *                 which steps need root. Empty: every change is planned as needing root.
         * @throws IllegalArgumentException with one sentence when the fix does not apply or a choice is invalid
         */
        FixPlan plan(Sample sample, Map<String, String> params, OptionalLong loginUid);
    }
}
