package io.bedside.ui.support;

import io.bedside.model.playbooks.FixCatalog;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixReport;
import io.bedside.model.fix.FixStep;
import io.bedside.model.fix.StepResult;
import io.bedside.model.fix.StepResult.Outcome;
import io.bedside.model.port.HostTransport;
import io.bedside.model.port.ProbeResult;
import io.bedside.model.port.TransportException;
import io.bedside.model.sample.Sample;
import io.bedside.ui.fix.FixService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Our own port, implemented for tests. Plans come from the real {@link FixCatalog}. With a
 * transport, {@link #run} really runs the plan's commands there (tests point it at their own
 * {@link IpcNamespace}), the way the app's executor does: re-check before each change and skip it
 * and the rest of its subject when the host changed, nothing but reads in a dry run, verify and
 * say PASSED or FAILED, every command in an audit log. Without a transport it records what it was
 * asked and answers every step as done (or would run), so view-model tests see real StepResults.
 */
public final class TestFixService implements FixService {
    public volatile String hostName;
    public volatile boolean administrativeAccess;
    /** Thrown by the next run or rollback instead of running, when set. */
    public volatile TransportException failNext;
    public final List<Map<String, String>> planned = new CopyOnWriteArrayList<>();
    public final List<String> runs = new CopyOnWriteArrayList<>();
    public final List<FixPlan> ranPlans = new CopyOnWriteArrayList<>();
    private final HostTransport host;
    private final Path audit;
    private final OptionalLong loginUid;

    /** Records and answers; runs nothing. */
    public TestFixService(String hostName, boolean administrativeAccess) {
        this(hostName, administrativeAccess, null, OptionalLong.empty());
    }

    /**
     * @param host     where the commands run; null to only record
     * @param loginUid the uid commands run as (it decides which steps need root)
     */
    public TestFixService(String hostName, boolean administrativeAccess, HostTransport host, OptionalLong loginUid) {
        this.hostName = hostName;
        this.administrativeAccess = administrativeAccess;
        this.host = host;
        this.loginUid = loginUid;
        try {
            Files.createDirectories(Path.of("target"));
            this.audit = Files.createTempFile(Path.of("target").toAbsolutePath(), "bedside-audit-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String hostName() {
        return hostName;
    }

    @Override
    public boolean administrativeAccess() {
        return administrativeAccess;
    }

    @Override
    public FixPlan plan(String fixId, Sample sample, Map<String, String> params) {
        planned.add(Map.copyOf(params));
        return FixCatalog.plan(fixId, sample, params, loginUid);
    }

    @Override
    public FixReport run(FixPlan plan, boolean dryRun, boolean includeOptional, Consumer<StepResult> progress)
            throws TransportException {
        runs.add((dryRun ? "dry-run " : "apply ") + plan.id() + (includeOptional ? " +optional" : ""));
        ranPlans.add(plan);
        takeFailure();
        if (!dryRun && plan.needsRoot() && !administrativeAccess) {
            throw new TransportException(TransportException.Kind.PRIVILEGE, "This fix needs root on " + hostName
                    + ": switch on administrative access and try again; nothing was changed.");
        }
        return execute(plan, plan.steps(), dryRun, includeOptional, progress);
    }

    @Override
    public FixReport rollback(FixPlan plan, Consumer<StepResult> progress) throws TransportException {
        runs.add("rollback " + plan.id());
        takeFailure();
        return execute(plan, plan.rollback(), false, true, progress);
    }

    @Override
    public Path auditLog() {
        return audit;
    }

    private void takeFailure() throws TransportException {
        TransportException e = failNext;
        if (e != null) {
            failNext = null;
            throw e;
        }
    }

    private FixReport execute(FixPlan plan, List<FixStep> steps, boolean dry, boolean includeOptional,
                              Consumer<StepResult> progress) throws TransportException {
        List<StepResult> results = new ArrayList<>();
        Set<String> skipped = new HashSet<>();
        boolean verified = false;
        boolean failed = false;
        for (FixStep step : steps) {
            if (step.optional() && !includeOptional) {
                continue;
            }
            StepResult r;
            if (skipped.contains(step.subject())) {
                r = new StepResult(step, Outcome.SKIPPED, -1, "", "Skipped: an earlier step for " + step.subject() + " was skipped or failed.");
            } else if (host == null) {
                r = new StepResult(step, dry && step.kind() != FixStep.Kind.EVIDENCE ? Outcome.WOULD_RUN : Outcome.DONE,
                        dry && step.kind() != FixStep.Kind.EVIDENCE ? -1 : 0, "", dry ? "Would run: " + step.command() : "Done.");
                verified |= !dry && step.kind() == FixStep.Kind.VERIFY;
            } else {
                r = switch (step.kind()) {
                    case EVIDENCE -> {
                        ProbeResult out = exec(plan, "evidence", step.command(), dry);
                        yield new StepResult(step, out.exitStatus() == 0 ? Outcome.DONE : Outcome.FAILED, out.exitStatus(),
                                out.stdout(), out.exitStatus() == 0 ? "Saved." : "The evidence command failed.");
                    }
                    case CHANGE -> change(plan, step, dry);
                    case VERIFY -> {
                        if (dry) {
                            yield new StepResult(step, Outcome.WOULD_RUN, -1, "", "Would verify: " + step.description());
                        }
                        ProbeResult out = exec(plan, "verify", step.command(), false);
                        boolean ok = out.exitStatus() == 0 && strip(out.stdout()).equals(strip(step.expectedOutput().orElse("")));
                        yield new StepResult(step, ok ? Outcome.DONE : Outcome.FAILED, out.exitStatus(), out.stdout(),
                                ok ? "Verified." : "Expected '" + step.expectedOutput().orElse("").trim() + "', the host says '"
                                        + out.stdout().trim() + "'.");
                    }
                };
                verified |= step.kind() == FixStep.Kind.VERIFY && !dry;
            }
            if (r.outcome() == Outcome.SKIPPED || (r.outcome() == Outcome.FAILED && step.kind() == FixStep.Kind.CHANGE)) {
                skipped.add(step.subject());
            }
            failed |= r.outcome() == Outcome.FAILED;
            results.add(r);
            progress.accept(r);
        }
        FixReport.Verification v = dry ? FixReport.Verification.NOT_RUN
                : failed ? FixReport.Verification.FAILED
                : verified ? FixReport.Verification.PASSED : FixReport.Verification.NOT_RUN;
        return new FixReport(plan.id(), hostName, dry, Instant.now(), results, v);
    }

    private StepResult change(FixPlan plan, FixStep step, boolean dry) throws TransportException {
        if (step.precondition().isPresent()) {
            FixStep.Check c = step.precondition().get();
            ProbeResult check = exec(plan, "re-check", c.command(), dry);
            if (!strip(check.stdout()).equals(strip(c.expectedOutput()))) {
                return new StepResult(step, Outcome.SKIPPED, check.exitStatus(), check.stdout(),
                        "Skipped: the host changed since the plan (expected '" + c.expectedOutput().trim() + "', found '"
                                + check.stdout().trim() + "'); " + c.meaning() + " no longer holds.");
            }
        }
        if (dry) {
            return new StepResult(step, Outcome.WOULD_RUN, -1, "", "Would run: " + step.command());
        }
        ProbeResult out = exec(plan, "change", step.command(), false);
        return new StepResult(step, out.exitStatus() == 0 ? Outcome.DONE : Outcome.FAILED, out.exitStatus(),
                out.stdout() + out.stderr(), out.exitStatus() == 0 ? "Done." : "The command failed with exit status " + out.exitStatus()
                + ": " + out.stderr().trim());
    }

    private ProbeResult exec(FixPlan plan, String kind, String command, boolean dry) throws TransportException {
        ProbeResult r = host.run("LC_ALL=C; export LC_ALL\n" + command + "\n", false, Duration.ofSeconds(60));
        try {
            Files.writeString(audit, Instant.now() + "\t" + hostName + "\t" + plan.id() + "\t" + kind + (dry ? " (dry run)" : "")
                    + "\texit " + r.exitStatus() + "\t" + command.replace('\n', ' ') + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new TransportException(TransportException.Kind.OTHER, "Could not write the audit log: " + e.getMessage());
        }
        return r;
    }

    private static String strip(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
