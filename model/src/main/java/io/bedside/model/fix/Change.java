package io.bedside.model.fix;

import java.util.Objects;

/**
 * One value a plan changes on the host, before and after, for the preview and {@code bedside fix}
 * to show side by side (the wizard's old/new lines).
 *
 * @param what   what is changed, as the host names it: {@code kernel.sem}
 * @param before its value in the sample the plan was made from: {@code 32000 1024000 500 128}
 * @param after  its value once the plan has run
 */
public record Change(String what, String before, String after) {
    public Change {
        Objects.requireNonNull(what);
        Objects.requireNonNull(before);
        Objects.requireNonNull(after);
    }

    /** {@code old: kernel.sem = 32000 1024000 500 128} */
    public String oldLine() {
        return "old: " + what + " = " + before;
    }

    /** {@code new: kernel.sem = 32000 1024000 500 256} */
    public String newLine() {
        return "new: " + what + " = " + after;
    }
}
