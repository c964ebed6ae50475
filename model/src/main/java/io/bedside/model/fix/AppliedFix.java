package io.bedside.model.fix;

import io.bedside.model.probe.RawSample;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A fix as it was run on a host, for the record: what was planned, what each step did, the
 * verdict, the whole probe output right before and right after, and the audit log of its commands.
 * Reports show it with before and after; recordings carry it beside their samples.
 *
 * @param fixId        e.g. {@code ipc.sem.remove-orphans}, or {@code ...rollback} for an undo
 * @param title        the plan's title
 * @param hostname     the host's name as its facts gave it
 * @param target       the connection it ran over
 * @param user         the login user
 * @param startedAt    when the first step started
 * @param finishedAt   when the last step finished
 * @param dryRun       nothing was changed
 * @param verification PASSED, FAILED or NOT_RUN
 * @param summary      the plan's summary lines
 * @param steps        every step with its outcome
 * @param before       the probe output right before the first change, when it could be taken
 * @param after        the probe output right after the last step, when it could be taken
 * @param audit        every command run for it, in order
 */
public record AppliedFix(String fixId, String title, String hostname, String target, String user, Instant startedAt,
                         Instant finishedAt, boolean dryRun, FixReport.Verification verification, List<String> summary,
                         List<Step> steps, Optional<RawSample> before, Optional<RawSample> after, List<AuditEntry> audit) {
    public AppliedFix {
        summary = List.copyOf(summary);
        steps = List.copyOf(steps);
        audit = List.copyOf(audit);
    }

    /** The same fix with its audit log. */
    public AppliedFix withAudit(List<AuditEntry> entries) {
        return new AppliedFix(fixId, title, hostname, target, user, startedAt, finishedAt, dryRun, verification, summary,
                steps, before, after, entries);
    }

    /** What identifies one run of a fix across a recording and the local journal. */
    public String key() {
        return fixId + "@" + startedAt;
    }

    /**
     * One step as it ran.
     *
     * @param kind        evidence, change or verify
     * @param description what it does, in a sentence
     * @param command     the exact command
     * @param outcome     done, would run, skipped or failed
     * @param exitStatus  its exit status, -1 when it did not run
     * @param reason      why it was skipped or failed, or what it verified
     */
    public record Step(String kind, String description, String command, String outcome, int exitStatus, String reason) {
        public static Step of(StepResult r) {
            return new Step(r.step().kind().name().toLowerCase(java.util.Locale.ROOT), r.step().description(),
                    r.step().command(), r.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                    r.exitStatus(), r.reason());
        }
    }
}
