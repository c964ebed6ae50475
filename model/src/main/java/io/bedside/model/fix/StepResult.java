package io.bedside.model.fix;

/**
 * What happened to one step of a fix.
 *
 * @param step       the step as planned
 * @param outcome    what became of it
 * @param exitStatus the command's exit status, or -1 when it did not run
 * @param output     what the command (or, for a skipped step, its re-check) printed
 * @param reason     one sentence: why it was skipped or failed, or what a dry run would do
 */
public record StepResult(FixStep step, Outcome outcome, int exitStatus, String output, String reason) {

    public enum Outcome {
        /** Ran and succeeded (a VERIFY step: the host is as expected). */
        DONE,
        /** Dry run: the re-check ran, the change did not. */
        WOULD_RUN,
        /** Not run: its re-check found the host changed since the plan, or an earlier step of its subject failed. */
        SKIPPED,
        /** Ran and failed (a VERIFY step: the host is not as expected). */
        FAILED
    }
}
