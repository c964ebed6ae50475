package io.bedside.model.fix;

import java.util.List;

/**
 * A fix, planned in full before anything runs: pure data, no I/O. The wizard previews it, runs a
 * dry run (the EVIDENCE and VERIFY reads only), then the steps in order; {@code rollback} undoes
 * the CHANGE steps that ran, in order.
 *
 * @param id       the fix id a finding names, e.g. {@code ipc.sem.raise-limit}
 * @param title    what it does, without the host's name
 * @param changes  the values it changes, before and after (e.g. {@code kernel.sem}), shown before the summary;
 *                 empty when it changes no single value (a removal, a signal)
 * @param summary  lines the preview shows after the changes: why, what it costs, what cannot be undone
 * @param steps    the steps, in order
 * @param rollback the steps that undo it; empty when it cannot be undone (removal)
 */
public record FixPlan(String id, String title, List<Change> changes, List<String> summary, List<FixStep> steps,
                      List<FixStep> rollback) {
    public FixPlan {
        changes = List.copyOf(changes);
        summary = List.copyOf(summary);
        steps = List.copyOf(steps);
        rollback = List.copyOf(rollback);
    }

    /** A plan that changes no single value. */
    public FixPlan(String id, String title, List<String> summary, List<FixStep> steps, List<FixStep> rollback) {
        this(id, title, List.of(), summary, steps, rollback);
    }

    /** Whether any step (or its rollback) needs administrative access. */
    public boolean needsRoot() {
        return steps.stream().anyMatch(FixStep::needsRoot) || rollback.stream().anyMatch(FixStep::needsRoot);
    }

    public boolean reversible() {
        return !rollback.isEmpty();
    }
}
