package io.bedside.ui.fix;

import io.bedside.model.ipc.IpcSnapshot;
import io.bedside.model.memory.MemorySnapshot;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import io.bedside.model.fix.StepResult;
import io.bedside.model.host.HostFacts;
import io.bedside.model.ipc.IpcFixPlans;
import io.bedside.model.ipc.IpcUsage;
import io.bedside.model.ipc.SemArray;
import io.bedside.model.ipc.ShmSegment;
import io.bedside.model.memory.MemoryFixPlans;
import io.bedside.model.memory.ProcessMemory;
import io.bedside.model.port.TransportException;
import io.bedside.model.sample.Sample;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.fx.TaskRunner;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;

import java.util.Map;

/**
 * One fix wizard's flow, its own scope: one instance per opened wizard, thrown away when it closes.
 * Four steps, each a class of its own with its state and its page:
 * <ol>
 *   <li><b>Choose</b>: the fix kind's {@link FixChooser}, found by fix id through {@link FixChoosers}
 *   (the orphaned rows of a removal, the process and value of a protect; for any other fix, its
 *   proposed change with old and new from the plan's change records).</li>
 *   <li><b>Preview</b>: {@link PlanPreview}, the plan's summary and every exact command in order.</li>
 *   <li><b>Confirm</b>: {@link Confirmation}; Apply is enabled only when the host's name is typed and,
 *   when the plan needs root, administrative access is on; Dry run is always there.</li>
 *   <li><b>Run</b>: {@link FixRun}, each step's result, the verdict, Roll back, the audit log.</li>
 * </ol>
 * This class holds what they share (the step, busy, the error line, the title, the plan) and moves
 * between them. Next is bound to the step's validity ({@link #canGoNextBinding()}). The host is
 * reached only through the {@link FixService}, always through the {@link TaskRunner}.
 */
public final class FixWizardViewModel {

    public enum Step {
        CHOOSE("Choose"), PREVIEW("Preview"), CONFIRM("Confirm"), RUN("Run");

        private final String label;

        Step(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** How the run step ended, for its big verdict. */
    public enum Verdict {
        /** Nothing has run yet. */
        NONE,
        RUNNING,
        /** Every verification matched. */
        PASSED,
        /** A verification did not match, or a step failed. */
        FAILED,
        /** A real run in which nothing was verified (every change skipped). */
        NOT_VERIFIED,
        /** A dry run finished; nothing was changed. */
        DRY_RUN,
        /** The run stopped with an error before the end. */
        STOPPED,
        ROLLED_BACK,
        ROLLBACK_FAILED
    }

    private final FixService service;
    private final TaskRunner runner;
    private final String fixId;
    private final Sample sample;
    private final Runnable onClosed;
    private final String hostName;

    private final ReadOnlyObjectWrapper<Step> step = new ReadOnlyObjectWrapper<>(this, "step", Step.CHOOSE);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyStringWrapper busyText = new ReadOnlyStringWrapper(this, "busyText", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
    private final ReadOnlyObjectWrapper<FixPlan> plan = new ReadOnlyObjectWrapper<>(this, "plan");
    private final ReadOnlyBooleanWrapper closeRequested = new ReadOnlyBooleanWrapper(this, "closeRequested", false);

    private final FixChooser chooser;
    private final PlanPreview preview = new PlanPreview();
    private final Confirmation confirmation;
    private final FixRun run;

    private final BooleanBinding canApply;
    private final BooleanBinding canDryRun;
    private final BooleanBinding canGoNext;
    private final BooleanBinding canGoBack;
    private boolean closed;

    /**
     * @param service     the host, for plan, run and rollback
     * @param runner      runs every call to the service away from the FX thread
     * @param fixId       e.g. {@code ipc.sem.remove-orphans}
     * @param sample      the sample the finding came from; the plan is made from it
     * @param afterChange runs after a run or rollback that may have changed the host
     * @param onClosed    runs once when the wizard closes
     */
    public FixWizardViewModel(FixService service, TaskRunner runner, String fixId, Sample sample,
                              Runnable afterChange, Runnable onClosed) {
        this(service, runner, fixId, sample, Map.of(), afterChange, onClosed);
    }

    /**
     * @param initial what the first step starts with: the params the finding offered the fix with
     *                (e.g. {@code pid=4487} for {@code mem.oom.protect}), or those of a table row
     */
    public FixWizardViewModel(FixService service, TaskRunner runner, String fixId, Sample sample,
                              Map<String, String> initial, Runnable afterChange, Runnable onClosed) {
        this.service = service;
        this.runner = runner;
        this.fixId = fixId;
        this.sample = sample;
        this.onClosed = onClosed;
        this.hostName = service.hostName();
        title.set(FixTitles.title(fixId) + " on " + hostName);
        plan.addListener((o, was, now) -> {
            preview.show(now);
            if (now != null) {
                title.set(now.title() + " on " + hostName);
            }
        });
        run = new FixRun(this, service, runner, afterChange);
        confirmation = new Confirmation(service, hostName, plan.getReadOnlyProperty(), this::effectivePlan, preview);
        chooser = FixChoosers.forFix(new ChooseContext(fixId, sample, initial, error::set,
                params -> makePlan(params, false), plan.getReadOnlyProperty(), preview));

        canGoNext = Bindings.createBooleanBinding(() -> !busy.get() && switch (step.get()) {
            case CHOOSE -> chooser.valid().get();
            case PREVIEW -> plan.get() != null;
            case CONFIRM, RUN -> false;
        }, busy, step, chooser.valid(), plan);
        canGoBack = Bindings.createBooleanBinding(() -> !busy.get() && switch (step.get()) {
            case CHOOSE -> false;
            case PREVIEW, CONFIRM -> true;
            case RUN -> run.lastRunDry() && run.verdictProperty().get() != Verdict.RUNNING;
        }, busy, step, run.verdictProperty());
        canApply = Bindings.createBooleanBinding(() -> !busy.get() && step.get() == Step.CONFIRM
                        && confirmation.hostConfirmedBinding().get()
                        && (!confirmation.needsRootBinding().get() || confirmation.adminAccessProperty().get()),
                busy, step, confirmation.hostConfirmedBinding(), confirmation.needsRootBinding(), confirmation.adminAccessProperty());
        canDryRun = Bindings.createBooleanBinding(() -> !busy.get() && plan.get() != null
                && (step.get() == Step.CONFIRM || (step.get() == Step.RUN && run.lastRunDry())), busy, plan, step, run.verdictProperty());
    }

    /** Fills the first step: its chooser's rows, or the plan of a fix with nothing to choose. */
    public void start() {
        FxThread.assertFxThread();
        chooser.start();
    }

    // ------------------------------------------------------------------ plan

    private void makePlan(Map<String, String> params, boolean thenPreview) {
        busy("Making the plan…");
        error.set("");
        runner.run(() -> service.plan(fixId, sample, params), p -> {
            plan.set(p);
            if (thenPreview) {
                step.set(Step.PREVIEW);
            }
        }, e -> error.set(WizardText.sentence(e)), this::idle);
    }

    /** A file a step writes, as a unified diff against what is there now. */
    static String diff(FixStep s, FixStep.FileContent f) {
        return PlanPreview.diff(s, f);
    }

    /**
     * The plan as it will run: without the optional parts left unticked (here and in its
     * rollback), so a run with {@code includeOptional} runs exactly what was ticked.
     */
    FixPlan effectivePlan() {
        return preview.effective(plan.get());
    }

    // ------------------------------------------------------------------ navigation

    /** To the next step, when {@link #canGoNextBinding()} holds. */
    public void next() {
        FxThread.assertFxThread();
        if (!canGoNext.get()) {
            return;
        }
        switch (step.get()) {
            case CHOOSE -> chooser.params().ifPresentOrElse(p -> makePlan(p, true), () -> step.set(Step.PREVIEW));
            case PREVIEW -> {
                error.set("");
                checkAccess();
                step.set(Step.CONFIRM);
            }
            default -> { }
        }
    }

    public void back() {
        FxThread.assertFxThread();
        if (!canGoBack.get()) {
            return;
        }
        error.set("");
        switch (step.get()) {
            case PREVIEW -> {
                if (chooser.params().isPresent()) {
                    plan.set(null);   // made from the choice: the choice may change
                }
                step.set(Step.CHOOSE);
            }
            case CONFIRM -> step.set(Step.PREVIEW);
            case RUN -> {
                checkAccess();
                step.set(Step.CONFIRM);
            }
            default -> { }
        }
    }

    /** Asks the service again whether administrative access is on (the operator may have switched it). */
    public void checkAccess() {
        FxThread.assertFxThread();
        confirmation.checkAccess();
    }

    // ------------------------------------------------------------------ run

    /** Applies the plan for real; only when {@link #canApplyBinding()} holds. */
    public void apply() {
        FxThread.assertFxThread();
        if (canApply.get()) {
            run.run(effectivePlan(), preview.anyOptional(), false);
        }
    }

    /** Runs what reads (evidence, re-checks) and says what each change would do; changes nothing. */
    public void dryRun() {
        FxThread.assertFxThread();
        if (canDryRun.get()) {
            run.run(effectivePlan(), preview.anyOptional(), true);
        }
    }

    /** Undoes a real run: the plan's rollback steps, each with its own re-check. */
    public void rollback() {
        FxThread.assertFxThread();
        run.rollback();
    }

    // ------------------------------------------------------------------ for the steps

    void busy(String text) {
        busy.set(true);
        busyText.set(text);
    }

    void idle() {
        busy.set(false);
        busyText.set("");
    }

    void error(String sentence) {
        error.set(sentence);
    }

    void toStep(Step s) {
        step.set(s);
    }

    // ------------------------------------------------------------------ close

    /** Whether the window may close now: not while a run is under way. */
    public boolean mayClose() {
        return !busy.get();
    }

    /**
     * The session the wizard works on is going away (the main view closed): the wizard should
     * close, unless a run is under way, whose result the operator must still see.
     */
    public void requestClose() {
        FxThread.assertFxThread();
        if (!busy.get()) {
            closeRequested.set(true);
        }
    }

    /** Ends the wizard's scope; once. */
    public void close() {
        FxThread.assertFxThread();
        if (!closed) {
            closed = true;
            onClosed.run();
        }
    }

    // ------------------------------------------------------------------ read-only views

    public String fixId() { return fixId; }
    public String hostName() { return hostName; }
    /** The first step, as the fix kind has it. */
    public FixChooser chooser() { return chooser; }
    /** The first step as {@code kind}; throws when the fix has another kind of chooser. */
    public <T extends FixChooser> T chooser(Class<T> kind) { return kind.cast(chooser); }
    public PlanPreview planPreview() { return preview; }
    public Confirmation confirmation() { return confirmation; }
    public FixRun run() { return run; }
    public ReadOnlyObjectProperty<Step> stepProperty() { return step.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    public ReadOnlyStringProperty busyTextProperty() { return busyText.getReadOnlyProperty(); }
    /** One sentence about what went wrong on this step; empty when nothing did. */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<FixPlan> planProperty() { return plan.getReadOnlyProperty(); }
    public ObservableList<String> summary() { return preview.summary(); }
    public ObservableList<io.bedside.model.fix.Change> changes() { return preview.changes(); }
    public ObservableList<String> oldNew() { return preview.oldNew(); }
    public ObservableList<PreviewStep> preview() { return preview.steps(); }
    public ObservableList<OptionalPart> optionalParts() { return preview.optionalParts(); }
    public StringProperty typedHostProperty() { return confirmation.typedHostProperty(); }
    public BooleanBinding hostConfirmedBinding() { return confirmation.hostConfirmedBinding(); }
    public ReadOnlyBooleanProperty adminAccessProperty() { return confirmation.adminAccessProperty(); }
    public BooleanBinding needsRootBinding() { return confirmation.needsRootBinding(); }
    public ReadOnlyStringProperty rootNoteProperty() { return confirmation.rootNoteProperty(); }
    public BooleanBinding canApplyBinding() { return canApply; }
    public BooleanBinding canDryRunBinding() { return canDryRun; }
    public BooleanBinding canGoNextBinding() { return canGoNext; }
    public BooleanBinding canGoBackBinding() { return canGoBack; }
    public ObservableList<ResultRow> results() { return run.results(); }
    public ReadOnlyStringProperty runHeadingProperty() { return run.runHeadingProperty(); }
    public ReadOnlyObjectProperty<Verdict> verdictProperty() { return run.verdictProperty(); }
    public ReadOnlyStringProperty verdictTextProperty() { return run.verdictTextProperty(); }
    public ReadOnlyStringProperty verdictDetailProperty() { return run.verdictDetailProperty(); }
    public ReadOnlyBooleanProperty canRollbackProperty() { return run.canRollbackProperty(); }
    public ReadOnlyStringProperty auditLogProperty() { return run.auditLogProperty(); }
    /** Set when the wizard should close itself ({@link #requestClose()}). */
    public ReadOnlyBooleanProperty closeRequestedProperty() { return closeRequested.getReadOnlyProperty(); }
    /** Whether a real run or rollback ran (the host may have changed). */
    public ReadOnlyBooleanProperty changedHostProperty() { return run.changedHostProperty(); }
}
