package io.bedside.ui.fix;

import io.bedside.model.fix.FixStep;

/**
 * One step of a plan as the preview lists it, in the order it runs.
 *
 * @param number   1-based position in the plan
 * @param step     the step as planned
 * @param kind     {@code read}, {@code change} or {@code verify}
 * @param recheck  the re-check that runs right before it, or empty
 * @param expected what the re-check must print for the step to run, or empty
 * @param diff     for a step that writes a file, the file as a diff; else empty
 */
public record PreviewStep(int number, FixStep step, String kind, String recheck, String expected, String diff) {

    public String description() {
        return step.description();
    }

    public String command() {
        return step.command();
    }

    public boolean optional() {
        return step.optional();
    }

    public boolean needsRoot() {
        return step.needsRoot();
    }
}
