package io.bedside.ui.fix;

import io.bedside.model.fix.StepResult;

/**
 * One line of the run step: a step's result, or the heading of a run (the fix, its rollback).
 *
 * @param heading     a heading line rather than a result
 * @param outcome     {@code done}, {@code would run}, {@code skipped}, {@code failed}; the heading's text for a heading
 * @param result      the step's result; null for a heading
 * @param description what the step does
 * @param command     the exact command
 * @param detail      why it was skipped or failed, what a dry run would do, or what it printed
 */
public record ResultRow(boolean heading, String outcome, StepResult result, String description, String command,
                        String detail) {

    static ResultRow heading(String text) {
        return new ResultRow(true, text, null, "", "", "");
    }

    static ResultRow of(StepResult r) {
        String outcome = switch (r.outcome()) {
            case DONE -> "done";
            case WOULD_RUN -> "would run";
            case SKIPPED -> "skipped";
            case FAILED -> "failed";
        };
        String detail = r.reason() == null ? "" : r.reason().trim();
        String out = r.output() == null ? "" : r.output().strip();
        java.util.List<String> lines = out.isEmpty() ? java.util.List.of() : out.lines().toList();
        boolean evidence = r.step().kind() == io.bedside.model.fix.FixStep.Kind.EVIDENCE;
        if (evidence && r.outcome() == StepResult.Outcome.DONE) {
            // what was saved is in the evidence files; here only how much
            String saved = detail.endsWith(".") ? detail.substring(0, detail.length() - 1) : detail;
            detail = saved + " (" + lines.size() + (lines.size() == 1 ? " line)." : " lines).");
        } else if (!lines.isEmpty() && r.outcome() != StepResult.Outcome.SKIPPED
                && (r.outcome() == StepResult.Outcome.FAILED || r.step().kind() == io.bedside.model.fix.FixStep.Kind.CHANGE)) {
            String shown = String.join("\n", lines.subList(0, Math.min(4, lines.size())))
                    + (lines.size() > 4 ? "\n… " + (lines.size() - 4) + " more lines" : "");
            detail = detail.isEmpty() ? shown : detail + "  " + shown;
        }
        if (r.exitStatus() >= 0 && r.outcome() == StepResult.Outcome.FAILED && !detail.contains("exit status")) {
            detail = detail + (detail.isEmpty() ? "" : " ") + "(exit status " + r.exitStatus() + ")";
        }
        return new ResultRow(false, outcome, r, r.step().description(), r.step().command(), detail);
    }
}
