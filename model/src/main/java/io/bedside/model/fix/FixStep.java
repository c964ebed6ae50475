package io.bedside.model.fix;

import java.util.Optional;

/**
 * One step of a fix: an exact shell command for the host, shown before it runs. Pure data; the
 * fix wizard (or {@code bedside fix}) runs it, logs it and compares outputs.
 *
 * <p>Outputs are compared after removing one trailing newline; everything else must match exactly.
 *
 * @param kind           what the step does to the host
 * @param subject        what it is about ({@code semid 3768320}, {@code kernel.sem}); when a step's
 *                       precondition fails, the executor skips the remaining steps of the same subject
 * @param description    one sentence for the operator
 * @param command        the exact command ({@code sh -c}), shown verbatim in the preview
 * @param precondition   a check to run right before {@code command}: if its output differs, skip the
 *                       step (and the rest of the subject) and say why
 * @param expectedOutput for {@link Kind#VERIFY}: the output that means the fix worked
 * @param file           for a step that writes a file: its path and full new content, for the preview's diff
 * @param needsRoot      needs administrative access (sudo); without it the wizard stops and says so
 * @param optional       offered, not done by default (e.g. persisting a sysctl)
 */
public record FixStep(Kind kind, String subject, String description, String command, Optional<Check> precondition,
                      Optional<String> expectedOutput, Optional<FileContent> file, boolean needsRoot, boolean optional) {

    public enum Kind {
        /** Reads the host and saves the output to the session's evidence; changes nothing. */
        EVIDENCE,
        /** Changes the host. */
        CHANGE,
        /** Reads the host to prove the change worked; changes nothing. */
        VERIFY
    }

    /**
     * A re-check right before a change.
     *
     * @param command        prints the current state
     * @param expectedOutput the state the change was planned for
     * @param meaning        what a match means, in words ("the array is unchanged and still orphaned")
     */
    public record Check(String command, String expectedOutput, String meaning) {
    }

    /**
     * @param path    absolute path on the host
     * @param content the complete new content
     */
    public record FileContent(String path, String content) {
    }

    public static FixStep evidence(String subject, String description, String command, boolean needsRoot) {
        return new FixStep(Kind.EVIDENCE, subject, description, command, Optional.empty(), Optional.empty(),
                Optional.empty(), needsRoot, false);
    }

    public static FixStep change(String subject, String description, String command, Check precondition, boolean needsRoot) {
        return new FixStep(Kind.CHANGE, subject, description, command, Optional.of(precondition), Optional.empty(),
                Optional.empty(), needsRoot, false);
    }

    public static FixStep verify(String subject, String description, String command, String expectedOutput) {
        return new FixStep(Kind.VERIFY, subject, description, command, Optional.empty(), Optional.of(expectedOutput),
                Optional.empty(), false, false);
    }
}
