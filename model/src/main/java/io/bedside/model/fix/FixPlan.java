package io.bedside.model.fix;

import java.util.List;

/**
 * A fix, planned in full before anything runs: pure data, no I/O. The wizard previews it, runs a
 * dry run (the EVIDENCE and VERIFY reads only), then the steps in order; {@code rollback} undoes
 * the CHANGE steps that ran, in order.
 *
 * @param id       the fix id a finding names, e.g. {@code ipc.sem.raise-limit}
 * @param title    what it does, without the host's name
 * @param summary  lines the preview shows first, e.g. the old and the new {@code kernel.sem}
 * @param steps    the steps, in order
 * @param rollback the steps that undo it; empty when it cannot be undone (removal)
 */
public record FixPlan(String id, String title, List<String> summary, List<FixStep> steps, List<FixStep> rollback) {
    public FixPlan {
        summary = List.copyOf(summary);
        steps = List.copyOf(steps);
        rollback = List.copyOf(rollback);
    }

    /** Whether any step (or its rollback) needs administrative access. */
    public boolean needsRoot() {
        return steps.stream().anyMatch(FixStep::needsRoot) || rollback.stream().anyMatch(FixStep::needsRoot);
    }

    public boolean reversible() {
        return !rollback.isEmpty();
    }
}
