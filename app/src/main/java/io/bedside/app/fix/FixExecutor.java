package io.bedside.app.fix;

import io.bedside.app.ProbeScript;
import io.bedside.model.fix.AppliedFix;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixReport;
import io.bedside.model.fix.FixStep;
import io.bedside.model.fix.StepResult;
import io.bedside.model.fix.StepResult.Outcome;
import io.bedside.model.port.HostTransport;
import io.bedside.model.port.ProbeResult;
import io.bedside.model.probe.ProbeBoundary;
import io.bedside.model.port.TransportException;
import io.bedside.model.probe.RawSample;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs a planned fix on the host, safely:
 * <ul>
 *   <li>a dry run runs only what reads (evidence, re-checks) and reports what each change would do;</li>
 *   <li>before each change its re-check runs; when the host changed since the plan, the change and
 *   the rest of its subject are skipped with the reason;</li>
 *   <li>a change that needs root stops the fix with one sentence when administrative access is off;</li>
 *   <li>every command, read or write, goes to the audit log with its exit status before the next runs;</li>
 *   <li>evidence output is saved to the session's files; the verification says PASSED or FAILED.</li>
 * </ul>
 * Nothing is retried by itself.
 */
public final class FixExecutor {
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    private final HostTransport host;
    private final AuditLog audit;
    private final SessionFiles files;
    private final Clock clock;
    private final String user;
    private final String hostname;
    private volatile AppliedFix lastRun;

    /**
     * @param user     the login user on the host, for the audit log
     * @param hostname the host's own name (from its facts), for the fix journal
     */
    public FixExecutor(HostTransport host, SessionFiles files, Clock clock, String user, String hostname) {
        this.host = host;
        this.files = files;
        this.audit = new AuditLog(files.auditLog());
        this.clock = clock;
        this.user = user;
        this.hostname = hostname;
    }

    /** The last fix this executor ran, as written to the session's fix journal. */
    public Optional<AppliedFix> lastRun() {
        return Optional.ofNullable(lastRun);
    }

    /**
     * @param privileged     administrative access is on (sudo for steps that need root)
     * @param hostIsRoot     the login user is root already (no sudo needed)
     * @param includeOptional also run the optional steps (e.g. persisting a sysctl)
     * @param listener       receives each step's result as it completes
     * @throws TransportException when the host cannot be reached, or root is needed and not available
     */
    public FixReport run(FixPlan plan, boolean dryRun, boolean privileged, boolean hostIsRoot, boolean includeOptional,
                         Consumer<StepResult> listener) throws TransportException {
        if (!dryRun && plan.needsRoot() && !privileged && !hostIsRoot) {
            throw new TransportException(TransportException.Kind.PRIVILEGE, "This fix needs root on " + host.describe()
                    + ": switch on administrative access (Session menu, or --sudo) and try again; nothing was changed.");
        }
        Instant started = clock.instant();
        boolean sudoProbe = privileged && !hostIsRoot;
        Optional<RawSample> before = dryRun ? Optional.empty() : snapshot(plan, "before", sudoProbe);
        List<StepResult> results = new ArrayList<>();
        Set<String> skippedSubjects = new HashSet<>();
        boolean verifyFailed = false;
        boolean verifyRan = false;
        int evidenceCount = 0;
        for (FixStep step : plan.steps()) {
            if (step.optional() && !includeOptional) {
                continue;
            }
            boolean sudo = step.needsRoot() && !hostIsRoot;
            StepResult r;
            if (skippedSubjects.contains(step.subject())) {
                r = new StepResult(step, Outcome.SKIPPED, -1, "", "Skipped: an earlier step for " + step.subject()
                        + " was skipped or failed.");
            } else {
                switch (step.kind()) {
                    case EVIDENCE -> {
                        if (sudo && !privileged) {
                            r = new StepResult(step, Outcome.SKIPPED, -1, "", "Needs root to read; administrative access is off.");
                            break;
                        }
                        ProbeResult out = exec(plan, step, "evidence", step.command(), sudo, dryRun);
                        evidenceCount++;
                        try {
                            Files.writeString(files.evidence(evidenceCount, step.subject()),
                                    "# " + clock.instant() + " " + host.describe() + "\n$ " + step.command() + "\n"
                                            + out.stdout() + out.stderr());
                        } catch (IOException e) {
                            throw new TransportException(TransportException.Kind.OTHER,
                                    "Could not save evidence to " + files.dir() + ": " + e.getMessage() + "; stopping before any change.");
                        }
                        r = new StepResult(step, out.exitStatus() == 0 ? Outcome.DONE : Outcome.FAILED, out.exitStatus(),
                                out.stdout(), out.exitStatus() == 0 ? "Saved." : "The evidence command failed.");
                    }
                    case CHANGE -> r = change(plan, step, sudo, privileged, dryRun);
                    case VERIFY -> {
                        if (dryRun) {
                            r = new StepResult(step, Outcome.WOULD_RUN, -1, "", "Would verify: " + step.description());
                            break;
                        }
                        verifyRan = true;
                        ProbeResult out = exec(plan, step, "verify", step.command(), sudo && privileged, false);
                        boolean ok = out.exitStatus() == 0 && matches(out.stdout(), step.expectedOutput().orElse(""));
                        verifyFailed |= !ok;
                        r = new StepResult(step, ok ? Outcome.DONE : Outcome.FAILED, out.exitStatus(), out.stdout(),
                                ok ? "Verified." : "Expected '" + step.expectedOutput().orElse("").trim() + "', the host says '"
                                        + out.stdout().trim() + "'.");
                    }
                    default -> throw new IllegalStateException(step.kind().name());
                }
            }
            if (r.outcome() == Outcome.SKIPPED || (r.outcome() == Outcome.FAILED && step.kind() == FixStep.Kind.CHANGE)) {
                skippedSubjects.add(step.subject());
            }
            results.add(r);
            listener.accept(r);
        }
        FixReport.Verification v = dryRun ? FixReport.Verification.NOT_RUN
                : verifyFailed || results.stream().anyMatch(x -> x.outcome() == Outcome.FAILED)
                ? FixReport.Verification.FAILED
                : verifyRan ? FixReport.Verification.PASSED : FixReport.Verification.NOT_RUN;
        Optional<RawSample> after = dryRun ? Optional.empty() : snapshot(plan, "after", sudoProbe);
        AppliedFix record = new AppliedFix(plan.id(), plan.title(), hostname, host.describe(), user, started, clock.instant(),
                dryRun, v, plan.summary(), results.stream().map(AppliedFix.Step::of).toList(), before, after, List.of());
        try {
            FixJournal.append(files, record);
        } catch (IOException e) {
            throw new TransportException(TransportException.Kind.OTHER, "The fix ran (" + v.name() + ") but its record could not be"
                    + " written to " + files.fixJournal() + ": " + e.getMessage() + "; the audit log has every command.");
        }
        lastRun = record;
        return new FixReport(plan.id(), host.describe(), dryRun, started, results, v);
    }

    /**
     * The whole probe output right before or after a fix, saved with the evidence and kept in the
     * fix journal so a report can show before and after. The probe only reads; when it cannot run,
     * the fix goes on without this picture (the steps' own evidence and verification still hold).
     */
    private Optional<RawSample> snapshot(FixPlan plan, String when, boolean sudo) {
        try {
            ProbeBoundary b = ProbeBoundary.fresh();
            ProbeResult r = host.run(b.wrap(ProbeScript.text()), sudo, STEP_TIMEOUT);
            boolean ours = b.carriedBy(r.stdout());
            Instant at = clock.instant();
            audit.record(at, host.describe(), sudo ? user + " (sudo)" : user, plan.id(), "probe",
                    "sh -s < probe.sh (Bedside's read-only probe, " + when + " the fix)", r.exitStatus(),
                    !ours ? "refused: the output does not carry this run's boundary token" : r.exitStatus() == 0 ? "ok" : "failed", false);
            if (!ours) {
                return Optional.empty();
            }
            files.saveProbeOutput(plan.id() + "-" + when, at, r.stdout());
            return Optional.of(new RawSample(at, r.roundTripMillis(), r.stdout(), r.stderr()));
        } catch (TransportException | IOException e) {
            return Optional.empty();
        }
    }

    /** Undoes a fix: runs its rollback steps (each with its own re-check). */
    public FixReport rollback(FixPlan plan, boolean privileged, boolean hostIsRoot, Consumer<StepResult> listener)
            throws TransportException {
        FixPlan undo = new FixPlan(plan.id() + ".rollback", "Undo: " + plan.title(), List.of(), plan.rollback(), List.of());
        return run(undo, false, privileged, hostIsRoot, true, listener);
    }

    private StepResult change(FixPlan plan, FixStep step, boolean sudo, boolean privileged, boolean dryRun)
            throws TransportException {
        if (step.precondition().isPresent()) {
            FixStep.Check c = step.precondition().get();
            ProbeResult check = exec(plan, step, "re-check", c.command(), sudo && privileged, dryRun);
            if (!matches(check.stdout(), c.expectedOutput())) {
                return new StepResult(step, Outcome.SKIPPED, check.exitStatus(), check.stdout(),
                        "Skipped: the host changed since the plan (expected '" + c.expectedOutput().trim()
                                + "', found '" + check.stdout().trim() + "'); " + c.meaning() + " no longer holds.");
            }
        }
        if (dryRun) {
            return new StepResult(step, Outcome.WOULD_RUN, -1, "", "Would run: " + step.command());
        }
        ProbeResult out = exec(plan, step, "change", step.command(), sudo, false);
        return new StepResult(step, out.exitStatus() == 0 ? Outcome.DONE : Outcome.FAILED, out.exitStatus(),
                out.stdout() + out.stderr(), out.exitStatus() == 0 ? "Done." : "The command failed with exit status "
                + out.exitStatus() + ": " + firstLine(out.stderr()));
    }

    private ProbeResult exec(FixPlan plan, FixStep step, String kind, String command, boolean sudo, boolean dryRun)
            throws TransportException {
        ProbeResult r = host.run("LC_ALL=C; export LC_ALL\n" + command + "\n", sudo, STEP_TIMEOUT);
        try {
            audit.record(clock.instant(), host.describe(), sudo ? user + " (sudo)" : user, plan.id(), kind, command,
                    r.exitStatus(), r.exitStatus() == 0 ? "ok" : "failed", dryRun);
        } catch (IOException e) {
            throw new TransportException(TransportException.Kind.OTHER, "Could not write the audit log "
                    + audit.file() + ": " + e.getMessage() + "; stopping.");
        }
        return r;
    }

    static boolean matches(String actual, String expected) {
        return strip(actual).equals(strip(expected));
    }

    private static String strip(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static String firstLine(String s) {
        return s.lines().filter(l -> !l.isBlank()).findFirst().orElse("no message").trim();
    }
}
