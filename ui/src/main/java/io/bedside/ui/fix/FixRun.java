package io.bedside.ui.fix;

import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixReport;
import io.bedside.model.fix.FixStep;
import io.bedside.model.fix.StepResult;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.fx.TaskRunner;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The run step's state: each step's result as it completes, then PASSED or FAILED (or what a dry
 * run found), Roll back when the plan can be undone and a change ran, and the audit log. The host
 * is reached only through the {@link FixService}, always through the {@link TaskRunner}.
 */
public final class FixRun {
    private final FixWizardViewModel wizard;
    private final FixService service;
    private final TaskRunner runner;
    private final String hostName;
    private final Runnable afterChange;

    private final ObservableList<ResultRow> results = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper runHeading = new ReadOnlyStringWrapper(this, "runHeading", "");
    private final ReadOnlyObjectWrapper<FixWizardViewModel.Verdict> verdict =
            new ReadOnlyObjectWrapper<>(this, "verdict", FixWizardViewModel.Verdict.NONE);
    private final ReadOnlyStringWrapper verdictText = new ReadOnlyStringWrapper(this, "verdictText", "");
    private final ReadOnlyStringWrapper verdictDetail = new ReadOnlyStringWrapper(this, "verdictDetail", "");
    private final ReadOnlyBooleanWrapper canRollback = new ReadOnlyBooleanWrapper(this, "canRollback", false);
    private final ReadOnlyStringWrapper auditLog = new ReadOnlyStringWrapper(this, "auditLog", "");
    private final ReadOnlyBooleanWrapper changedHost = new ReadOnlyBooleanWrapper(this, "changedHost", false);
    private boolean lastRunDry;
    private FixPlan ranPlan;

    FixRun(FixWizardViewModel wizard, FixService service, TaskRunner runner, Runnable afterChange) {
        this.wizard = wizard;
        this.service = service;
        this.runner = runner;
        this.hostName = wizard.hostName();
        this.afterChange = afterChange;
    }

    /** Whether the last run was a dry run (Back may return to the confirmation). */
    boolean lastRunDry() {
        return lastRunDry;
    }

    /** Runs {@code p} for real or as a dry run; {@code optional}: the optional parts ticked are in it. */
    void run(FixPlan p, boolean optional, boolean dry) {
        lastRunDry = dry;
        ranPlan = p;
        results.setAll(List.of(ResultRow.heading(dry ? "Dry run" : "Fix")));
        runHeading.set(dry ? "Dry run on " + hostName + ": reads only, nothing is changed."
                : "Applying on " + hostName + ".");
        verdict.set(FixWizardViewModel.Verdict.RUNNING);
        verdictText.set("");
        verdictDetail.set("");
        canRollback.set(false);
        wizard.error("");
        wizard.toStep(FixWizardViewModel.Step.RUN);
        wizard.busy(dry ? "Dry run…" : "Applying…");
        runner.run(() -> service.run(p, dry, optional, r -> FxThread.run(() -> results.add(ResultRow.of(r)))),
                report -> finished(report, p), e -> stopped(e, p, dry), () -> {
                    wizard.idle();
                    auditLog.set(auditPath());
                });
    }

    private void finished(FixReport report, FixPlan p) {
        syncResults(report, 1);
        String counts = counts(report);
        if (report.dryRun()) {
            verdict.set(FixWizardViewModel.Verdict.DRY_RUN);
            verdictText.set("DRY RUN COMPLETE");
            verdictDetail.set("Nothing was changed on " + hostName + ": " + counts
                    + ". Back returns to the confirmation, to apply it.");
            return;
        }
        changedHost.set(true);
        switch (report.verification()) {
            case PASSED -> {
                verdict.set(FixWizardViewModel.Verdict.PASSED);
                verdictText.set("VERIFICATION PASSED");
                verdictDetail.set("The host is as the fix intended. " + counts + ".");
            }
            case FAILED -> {
                verdict.set(FixWizardViewModel.Verdict.FAILED);
                verdictText.set("VERIFICATION FAILED");
                verdictDetail.set("The host is not as the fix intended: see the failed steps. " + counts + ".");
            }
            case NOT_RUN -> {
                verdict.set(FixWizardViewModel.Verdict.NOT_VERIFIED);
                verdictText.set("NOT VERIFIED");
                verdictDetail.set("No verification ran: every change was skipped. " + counts + ".");
            }
        }
        // something to undo only when a change ran (a failed or skipped change changed nothing)
        canRollback.set(p.reversible() && report.results().stream()
                .anyMatch(r -> r.step().kind() == FixStep.Kind.CHANGE && r.outcome() == StepResult.Outcome.DONE));
        afterChange.run();
    }

    private void stopped(Throwable e, FixPlan p, boolean dry) {
        verdict.set(FixWizardViewModel.Verdict.STOPPED);
        verdictText.set("STOPPED");
        verdictDetail.set(WizardText.sentence(e) + (dry ? "" : " Steps listed above as done did run."));
        wizard.error(WizardText.sentence(e));
        if (!dry) {
            changedHost.set(true);
            boolean someChange = results.stream().anyMatch(r -> r.result() != null
                    && r.result().step().kind() == FixStep.Kind.CHANGE && r.result().outcome() == StepResult.Outcome.DONE);
            canRollback.set(p.reversible() && someChange);
            afterChange.run();
        }
    }

    /** Undoes a real run: the plan's rollback steps, each with its own re-check. */
    public void rollback() {
        FxThread.assertFxThread();
        if (!canRollback.get() || wizard.busyProperty().get()) {
            return;
        }
        FixPlan p = ranPlan;
        canRollback.set(false);
        int from = results.size() + 1;
        results.add(ResultRow.heading("Rollback"));
        verdict.set(FixWizardViewModel.Verdict.RUNNING);
        verdictText.set("");
        verdictDetail.set("");
        wizard.busy("Rolling back…");
        runner.run(() -> service.rollback(p, r -> FxThread.run(() -> results.add(ResultRow.of(r)))), report -> {
            syncResults(report, from);
            boolean ok = report.verification() == FixReport.Verification.PASSED;
            verdict.set(ok ? FixWizardViewModel.Verdict.ROLLED_BACK : FixWizardViewModel.Verdict.ROLLBACK_FAILED);
            verdictText.set(ok ? "ROLLED BACK" : "ROLLBACK FAILED");
            verdictDetail.set(ok ? "The host is back as it was before the fix. " + counts(report) + "."
                    : "The rollback could not be verified: see the steps. " + counts(report) + ".");
            afterChange.run();
        }, e -> {
            verdict.set(FixWizardViewModel.Verdict.STOPPED);
            verdictText.set("ROLLBACK STOPPED");
            verdictDetail.set(WizardText.sentence(e));
            wizard.error(WizardText.sentence(e));
            afterChange.run();
        }, () -> {
            wizard.idle();
            auditLog.set(auditPath());
        });
    }

    /** Puts the report's results in place when the service did not report each step as it ran. */
    private void syncResults(FixReport report, int from) {
        int shown = results.size() - from;
        if (shown != report.results().size()) {
            results.remove(from, results.size());
            report.results().forEach(r -> results.add(ResultRow.of(r)));
        }
    }

    /**
     * What a run came to, by kind of step: {@code 24 changes would run, 24 evidence reads saved} for a
     * dry run; {@code 22 changes done, 2 skipped; 22 of 22 verifications passed} for a real one.
     */
    static String counts(FixReport r) {
        long changes = 0;
        long changesDone = 0;
        long changesWould = 0;
        long changesSkipped = 0;
        long changesFailed = 0;
        long reads = 0;
        long verifies = 0;
        long verified = 0;
        long otherSkipped = 0;
        for (StepResult x : r.results()) {
            switch (x.step().kind()) {
                case CHANGE -> {
                    changes++;
                    switch (x.outcome()) {
                        case DONE -> changesDone++;
                        case WOULD_RUN -> changesWould++;
                        case SKIPPED -> changesSkipped++;
                        case FAILED -> changesFailed++;
                    }
                }
                case EVIDENCE -> {
                    if (x.outcome() == StepResult.Outcome.DONE) {
                        reads++;
                    } else if (x.outcome() == StepResult.Outcome.SKIPPED) {
                        otherSkipped++;
                    }
                }
                case VERIFY -> {
                    if (x.outcome() == StepResult.Outcome.DONE || x.outcome() == StepResult.Outcome.FAILED) {
                        verifies++;
                        verified += x.outcome() == StepResult.Outcome.DONE ? 1 : 0;
                    } else if (x.outcome() == StepResult.Outcome.SKIPPED) {
                        otherSkipped++;
                    }
                }
            }
        }
        List<String> parts = new ArrayList<>();
        if (r.dryRun()) {
            parts.add(changesWould + " of " + changes + (changes == 1 ? " change" : " changes") + " would run");
        } else {
            parts.add(changesDone + " of " + changes + (changes == 1 ? " change" : " changes") + " done");
        }
        if (changesSkipped > 0) {
            parts.add(changesSkipped + " skipped (the host changed since the plan)");
        }
        if (changesFailed > 0) {
            parts.add(changesFailed + " failed");
        }
        String out = String.join(", ", parts);
        List<String> more = new ArrayList<>();
        if (reads > 0) {
            more.add(reads + " evidence " + (reads == 1 ? "read" : "reads") + " saved");
        }
        if (verifies > 0) {
            more.add(verified + " of " + verifies + (verifies == 1 ? " verification" : " verifications") + " passed");
        }
        if (otherSkipped > 0) {
            more.add(otherSkipped + " other " + (otherSkipped == 1 ? "step" : "steps") + " skipped");
        }
        return more.isEmpty() ? out : out + "; " + String.join(", ", more);
    }

    private String auditPath() {
        try {
            Path p = service.auditLog();
            return p == null ? "" : p.toString();
        } catch (RuntimeException e) {
            return "";
        }
    }

    public ObservableList<ResultRow> results() { return results; }
    public ReadOnlyStringProperty runHeadingProperty() { return runHeading.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<FixWizardViewModel.Verdict> verdictProperty() { return verdict.getReadOnlyProperty(); }
    public ReadOnlyStringProperty verdictTextProperty() { return verdictText.getReadOnlyProperty(); }
    public ReadOnlyStringProperty verdictDetailProperty() { return verdictDetail.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canRollbackProperty() { return canRollback.getReadOnlyProperty(); }
    public ReadOnlyStringProperty auditLogProperty() { return auditLog.getReadOnlyProperty(); }
    /** Whether a real run or rollback ran (the host may have changed). */
    public ReadOnlyBooleanProperty changedHostProperty() { return changedHost.getReadOnlyProperty(); }
}
