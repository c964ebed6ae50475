package io.bedside.ui.fix;

import io.bedside.model.fix.Change;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixReport;
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
import io.bedside.model.probe.Sample;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.fx.TaskRunner;
import io.bedside.ui.fx.Units;
import io.bedside.ui.overview.HostZone;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.IntegerBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * State and commands of one fix wizard, its own scope: one instance per opened wizard, thrown
 * away when it closes. Four steps:
 * <ol>
 *   <li><b>Choose</b>: for a removal, the orphaned rows as a checklist (all chosen at first; a
 *   pattern by owner or key only chooses after it listed every row it touches; objects in use are
 *   never offered); for {@code mem.oom.protect}, the process (the one the finding or the table
 *   row named) and its new oom_score_adj (-500 at first; -1000, "never killed", only after the
 *   operator confirmed it; nothing outside -1000..1000); for any other fix, the proposed change
 *   with its old and new line.</li>
 *   <li><b>Preview</b>: the plan's summary and every exact command in order, the re-check before
 *   each change, a written file as a diff, optional steps as checkboxes (off).</li>
 *   <li><b>Confirm</b>: Apply is enabled only when the host's name is typed and, when the plan
 *   needs root, administrative access is on; Dry run is always there.</li>
 *   <li><b>Run</b>: each step's result as it completes, then PASSED or FAILED, Roll back when the
 *   plan can be undone, and the audit log.</li>
 * </ol>
 * Next is bound to the step's validity ({@link #canGoNextBinding()}). The host is reached only
 * through the {@link FixService}, always through the {@link TaskRunner}.
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

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final FixService service;
    private final TaskRunner runner;
    private final String fixId;
    private final Sample sample;
    private final Runnable afterChange;
    private final Runnable onClosed;
    private final String hostName;
    private final Removal removal;
    private final boolean protect;
    private final Map<String, String> initial;

    private final ReadOnlyObjectWrapper<Step> step = new ReadOnlyObjectWrapper<>(this, "step", Step.CHOOSE);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyStringWrapper busyText = new ReadOnlyStringWrapper(this, "busyText", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");

    // choose
    private final ObservableList<FixChoice> choices = FXCollections.observableArrayList(
            c -> new ObservableValue<?>[] {c.chosenProperty()});
    private final IntegerBinding chosenCount;
    private final ReadOnlyStringWrapper chosenSummary = new ReadOnlyStringWrapper(this, "chosenSummary", "");
    private final ReadOnlyStringWrapper notOffered = new ReadOnlyStringWrapper(this, "notOffered", "");
    private final StringProperty pattern = new SimpleStringProperty(this, "pattern", "");
    private final ObservableList<FixChoice> patternMatches = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper patternSummary = new ReadOnlyStringWrapper(this, "patternSummary", "");

    // choose: mem.oom.protect
    private final ObservableList<ProtectChoice> processes = FXCollections.observableArrayList();
    private final FilteredList<ProtectChoice> processesShown = new FilteredList<>(processes);
    private final StringProperty processFilter = new SimpleStringProperty(this, "processFilter", "");
    private final ObjectProperty<ProtectChoice> chosenProcess = new SimpleObjectProperty<>(this, "chosenProcess");
    private final StringProperty adjText = new SimpleStringProperty(this, "adjText", Integer.toString(MemoryFixPlans.DEFAULT_ADJ));
    private final BooleanProperty neverKillConfirmed = new SimpleBooleanProperty(this, "neverKillConfirmed", false);
    private final ReadOnlyStringWrapper adjProblem = new ReadOnlyStringWrapper(this, "adjProblem", "");
    private final ReadOnlyStringWrapper adjWarning = new ReadOnlyStringWrapper(this, "adjWarning", "");
    private final ReadOnlyBooleanWrapper neverKill = new ReadOnlyBooleanWrapper(this, "neverKill", false);
    private final ReadOnlyStringWrapper proposed = new ReadOnlyStringWrapper(this, "proposed", "");
    private final ReadOnlyStringWrapper unitNote = new ReadOnlyStringWrapper(this, "unitNote", "");

    // plan and preview
    private final ReadOnlyObjectWrapper<FixPlan> plan = new ReadOnlyObjectWrapper<>(this, "plan");
    private final ObservableList<String> summary = FXCollections.observableArrayList();
    private final ObservableList<String> oldNew = FXCollections.observableArrayList();
    private final ObservableList<Change> changes = FXCollections.observableArrayList();
    private final ObservableList<PreviewStep> preview = FXCollections.observableArrayList();
    private final ObservableList<OptionalPart> optionalParts = FXCollections.observableArrayList(
            p -> new ObservableValue<?>[] {p.includedProperty()});

    // confirm
    private final StringProperty typedHost = new SimpleStringProperty(this, "typedHost", "");
    private final BooleanBinding hostConfirmed;
    private final ReadOnlyBooleanWrapper adminAccess = new ReadOnlyBooleanWrapper(this, "adminAccess", false);
    private final BooleanBinding needsRoot;
    private final ReadOnlyStringWrapper rootNote = new ReadOnlyStringWrapper(this, "rootNote", "");
    private final BooleanBinding canApply;
    private final BooleanBinding canDryRun;

    // run
    private final ObservableList<ResultRow> results = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper runHeading = new ReadOnlyStringWrapper(this, "runHeading", "");
    private final ReadOnlyObjectWrapper<Verdict> verdict = new ReadOnlyObjectWrapper<>(this, "verdict", Verdict.NONE);
    private final ReadOnlyStringWrapper verdictText = new ReadOnlyStringWrapper(this, "verdictText", "");
    private final ReadOnlyStringWrapper verdictDetail = new ReadOnlyStringWrapper(this, "verdictDetail", "");
    private final ReadOnlyBooleanWrapper canRollback = new ReadOnlyBooleanWrapper(this, "canRollback", false);
    private final ReadOnlyStringWrapper auditLog = new ReadOnlyStringWrapper(this, "auditLog", "");
    private final ReadOnlyBooleanWrapper changedHost = new ReadOnlyBooleanWrapper(this, "changedHost", false);
    private final ReadOnlyBooleanWrapper closeRequested = new ReadOnlyBooleanWrapper(this, "closeRequested", false);
    private boolean lastRunDry;
    private FixPlan ranPlan;

    private final BooleanBinding chooseValid;
    private final BooleanBinding canGoNext;
    private final BooleanBinding canGoBack;
    private boolean closed;

    /** What a removal fix removes: its parameter name and the words for its rows. */
    private record Removal(String param, String idName, String one, String many) {
    }

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
     * @param initial what the first step starts with, e.g. {@code pid=4487} for {@code mem.oom.protect}
     *                (the process a finding or a table row named)
     */
    public FixWizardViewModel(FixService service, TaskRunner runner, String fixId, Sample sample,
                              Map<String, String> initial, Runnable afterChange, Runnable onClosed) {
        this.initial = Map.copyOf(initial);
        this.protect = fixId.equals(MemoryFixPlans.PROTECT);
        this.service = service;
        this.runner = runner;
        this.fixId = fixId;
        this.sample = sample;
        this.afterChange = afterChange;
        this.onClosed = onClosed;
        this.hostName = service.hostName();
        this.removal = switch (fixId) {
            case IpcFixPlans.SEM_REMOVE_ORPHANS -> new Removal("semid", "semid", "array", "arrays");
            case IpcFixPlans.SHM_REMOVE_ORPHANS -> new Removal("shmid", "shmid", "segment", "segments");
            default -> null;
        };
        title.set(FixTitles.title(fixId) + " on " + hostName);

        chosenCount = Bindings.createIntegerBinding(() -> (int) choices.stream().filter(FixChoice::isChosen).count(), choices);
        chosenCount.addListener((o, was, now) -> updateChosenSummary());
        pattern.addListener((o, was, now) -> updatePatternMatches());
        plan.addListener((o, was, now) -> showPlan(now));

        chooseValid = Bindings.createBooleanBinding(() -> removal != null ? chosenCount.get() > 0
                        : protect ? chosenProcess.get() != null && adjProblem.get().isEmpty() && (!neverKill.get() || neverKillConfirmed.get())
                        : plan.get() != null,
                chosenCount, plan, chosenProcess, adjProblem, neverKill, neverKillConfirmed);
        canGoNext = Bindings.createBooleanBinding(() -> !busy.get() && switch (step.get()) {
            case CHOOSE -> chooseValid.get();
            case PREVIEW -> plan.get() != null;
            case CONFIRM, RUN -> false;
        }, busy, step, chooseValid, plan);
        canGoBack = Bindings.createBooleanBinding(() -> !busy.get() && switch (step.get()) {
            case CHOOSE -> false;
            case PREVIEW, CONFIRM -> true;
            case RUN -> lastRunDry && verdict.get() != Verdict.RUNNING;
        }, busy, step, verdict);

        hostConfirmed = Bindings.createBooleanBinding(() -> typedHost.get() != null
                && typedHost.get().trim().equalsIgnoreCase(hostName) && !hostName.isBlank(), typedHost);
        needsRoot = Bindings.createBooleanBinding(() -> plan.get() != null && effectivePlan().needsRoot(), plan, optionalParts);
        canApply = Bindings.createBooleanBinding(() -> !busy.get() && step.get() == Step.CONFIRM && hostConfirmed.get()
                && (!needsRoot.get() || adminAccess.get()), busy, step, hostConfirmed, needsRoot, adminAccess);
        canDryRun = Bindings.createBooleanBinding(() -> !busy.get() && plan.get() != null
                && (step.get() == Step.CONFIRM || (step.get() == Step.RUN && lastRunDry)), busy, plan, step, verdict);
        needsRoot.addListener((o, was, now) -> updateRootNote());
        adminAccess.addListener((o, was, now) -> updateRootNote());
        optionalParts.addListener((javafx.collections.ListChangeListener<OptionalPart>) c -> updateRootNote());
    }

    /** Fills the first step: the orphaned rows of a removal, or the plan of any other fix. */
    public void start() {
        FxThread.assertFxThread();
        if (removal != null) {
            loadChoices();
        } else if (protect) {
            loadProcesses();
        } else {
            makePlan(initial, false);   // what the finding named, e.g. pid and fd=2 for proc.pipe.drain
        }
    }

    // ------------------------------------------------------------------ choose

    private void loadChoices() {
        ZoneId zone = sample.facts().get().flatMap(HostZone::of).orElse(ZoneId.systemDefault());
        Map<Long, String> names = names(sample.facts().get());
        List<FixChoice> out = new ArrayList<>();
        int inUse = 0;
        int unknown = 0;
        int pending = 0;
        if (fixId.equals(IpcFixPlans.SEM_REMOVE_ORPHANS)) {
            for (IpcUsage.SemUse u : IpcUsage.sems(sample.ipc())) {
                switch (u.verdict()) {
                    case ORPHANED -> {
                        SemArray a = u.array();
                        out.add(new FixChoice(a.semid(), a.keyHex(), a.uid(), owner(a.uid(), names), names.getOrDefault(a.uid(), ""),
                                a.nsems() + (a.nsems() == 1 ? " semaphore" : " semaphores"), time(a.ctime(), zone), u.reason()));
                    }
                    case IN_USE -> inUse++;
                    case UNKNOWN -> unknown++;
                    case REMOVAL_PENDING -> pending++;
                }
            }
        } else {
            for (IpcUsage.ShmUse u : IpcUsage.shms(sample.ipc())) {
                switch (u.verdict()) {
                    case ORPHANED -> {
                        ShmSegment s = u.segment();
                        out.add(new FixChoice(s.shmid(), s.keyHex(), s.uid(), owner(s.uid(), names), names.getOrDefault(s.uid(), ""),
                                Units.bytes(s.size()), time(s.ctime(), zone), u.reason()));
                    }
                    case IN_USE -> inUse++;
                    case UNKNOWN -> unknown++;
                    case REMOVAL_PENDING -> pending++;
                }
            }
        }
        choices.setAll(out);
        List<String> parts = new ArrayList<>();
        if (inUse > 0) {
            parts.add(inUse + " in use");
        }
        if (pending > 0) {
            parts.add(pending + " already marked for removal");
        }
        if (unknown > 0) {
            parts.add(unknown + " whose use is unknown");
        }
        notOffered.set(parts.isEmpty() ? "Only orphaned " + removal.many() + " are offered."
                : "Only orphaned " + removal.many() + " are offered; not offered: " + String.join(", ", parts) + ".");
        if (out.isEmpty()) {
            error.set("This sample has no orphaned " + removal.many() + " to remove.");
        }
        updateChosenSummary();
    }

    private void updateChosenSummary() {
        if (removal == null) {
            return;
        }
        long n = chosenCount.get();
        String what = choices.size() == 1 ? removal.one() : removal.many();
        chosenSummary.set(n + " of " + choices.size() + " orphaned " + what + " chosen");
    }

    private void updatePatternMatches() {
        String p = pattern.get() == null ? "" : pattern.get().trim();
        if (p.isEmpty()) {
            patternMatches.clear();
            patternSummary.set("");
            return;
        }
        Pattern glob;
        try {
            glob = FixChoice.glob(p);
        } catch (PatternSyntaxException e) {
            patternMatches.clear();
            patternSummary.set("'" + p + "' is not a pattern.");
            return;
        }
        List<FixChoice> m = choices.stream().filter(c -> c.matches(glob)).toList();
        patternMatches.setAll(m);
        patternSummary.set(m.isEmpty() ? "'" + p + "' matches none of the " + choices.size() + " orphaned " + removal.many() + "."
                : "'" + p + "' matches " + m.size() + " of the " + choices.size() + " orphaned " + removal.many()
                + (m.size() == 1 ? "; it is" : "; every one is") + " listed below.");
    }

    /** Chooses exactly the rows the pattern lists, and unchooses every other. */
    public void chooseOnlyMatches() {
        FxThread.assertFxThread();
        Set<FixChoice> m = new HashSet<>(patternMatches);
        choices.forEach(c -> c.chosenProperty().set(m.contains(c)));
    }

    /** Adds the rows the pattern lists to the choice. */
    public void addMatches() {
        FxThread.assertFxThread();
        patternMatches.forEach(c -> c.chosenProperty().set(true));
    }

    /** Chooses every orphaned row offered (the default). */
    public void chooseAll() {
        FxThread.assertFxThread();
        choices.forEach(c -> c.chosenProperty().set(true));
    }

    public void chooseNone() {
        FxThread.assertFxThread();
        choices.forEach(c -> c.chosenProperty().set(false));
    }

    // ------------------------------------------------------------------ choose: mem.oom.protect

    /**
     * Offers every process whose oom_score_adj is known and that has not exited, in the OOM
     * killer's order, and chooses the one the wizard was opened for.
     */
    private void loadProcesses() {
        var table = sample.processes().processes().get();
        if (table.isEmpty()) {
            error.set("The process table could not be read: " + sample.processes().processes().describeAbsence() + ".");
            return;
        }
        Map<Long, String> names = names(sample.facts().get());
        List<ProtectChoice> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        List<ProcessMemory> ordered = new ArrayList<>(table.get().byOomScore());
        ordered.addAll(table.get().processes());   // then those the killer does not rank; each pid once
        int skipped = 0;
        for (ProcessMemory p : ordered) {
            if (!seen.add(p.pid())) {
                continue;
            }
            if (p.zombie() || p.oomScoreAdj().isEmpty()) {
                skipped++;
                continue;
            }
            out.add(new ProtectChoice(p.pid(), p.comm(), p.uid().isPresent() ? owner(p.uid().getAsLong(), names) : "unknown",
                    p.oomScore().isPresent() ? Integer.toString(p.oomScore().getAsInt()) : "unknown", p.oomScoreAdj().getAsInt(),
                    p.rssKb().isPresent() ? Units.kib(p.rssKb().getAsLong()) : "unknown", p.unit().orElse(""),
                    p.cgroup().map(Object::toString).orElse("unknown")));
        }
        processes.setAll(out);
        notOffered.set(skipped == 0 ? "" : skipped + (skipped == 1 ? " process is" : " processes are")
                + " not offered: exited (zombie), or its oom_score_adj could not be read.");
        processFilter.addListener((o, was, now) -> {
            String f = now == null ? "" : now.trim().toLowerCase(Locale.ROOT);
            processesShown.setPredicate(f.isEmpty() ? null : c -> c.matches(f));
        });
        chosenProcess.addListener((o, was, now) -> updateProtect());
        adjText.addListener((o, was, now) -> updateProtect());
        String pid = initial.get("pid");
        if (pid != null) {
            out.stream().filter(c -> Integer.toString(c.pid()).equals(pid.trim())).findFirst().ifPresentOrElse(chosenProcess::set,
                    () -> error.set("Process " + pid + " is not offered: it is not in this sample (it may have exited),"
                            + " or its oom_score_adj could not be read. Choose another."));
        }
        String adj = initial.get("adj");
        if (adj != null) {
            adjText.set(adj);
        }
        updateProtect();
    }

    /** Checks the typed value and says what the change will do. */
    private void updateProtect() {
        ProtectChoice c = chosenProcess.get();
        String text = adjText.get() == null ? "" : adjText.get().trim();
        Integer adj = null;
        try {
            adj = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            adj = null;
        }
        if (adj == null || adj < -1000 || adj > 1000) {
            adjProblem.set("oom_score_adj must be a whole number from -1000 to 1000" + (text.isEmpty() ? "." : "; '" + text + "' is not."));
            adjWarning.set("");
            neverKill.set(false);
            neverKillConfirmed.set(false);
            proposed.set("");
            return;
        }
        adjProblem.set("");
        boolean never = adj == -1000;
        if (!never) {
            neverKillConfirmed.set(false);
        }
        neverKill.set(never);
        if (c != null) {
            error.set("");
        }
        String who = c == null ? "the process" : "pid " + c.pid() + " (" + c.comm() + ")";
        if (never) {
            adjWarning.set("-1000 means the OOM killer never kills " + who + ". If it is the process that uses up the memory,"
                    + " the kernel kills every other process first, and may panic or hang. Prefer -900 or above unless you are sure.");
        } else if (c != null && adj > c.oomScoreAdj()) {
            adjWarning.set("This makes " + who + " more likely to be killed, not less (now " + c.oomScoreAdj() + ").");
        } else if (c != null && adj == c.oomScoreAdj()) {
            adjWarning.set("oom_score_adj of " + who + " is already " + adj + ".");
        } else {
            adjWarning.set("");
        }
        if (c == null) {
            proposed.set("");
            unitNote.set("");
            return;
        }
        proposed.set("pid " + c.pid() + " (" + c.comm() + "): oom_score_adj " + c.oomScoreAdj() + " -> " + adj);
        unitNote.set(c.unit().isEmpty()
                ? "pid " + c.pid() + " belongs to no systemd service: the new value lasts until the process exits."
                : "pid " + c.pid() + " belongs to " + c.unit() + ": the next step also offers a systemd drop-in"
                + " (OOMScoreAdjust=) that keeps the value across restarts of the unit; off unless you tick it.");
    }

    private Map<String, String> protectParams() {
        ProtectChoice c = chosenProcess.get();
        return Map.of("pid", Integer.toString(c.pid()), "adj", adjText.get().trim(), "unit", c.unit().isEmpty() ? "none" : c.unit());
    }

    // ------------------------------------------------------------------ plan

    private void makePlan(Map<String, String> params, boolean thenPreview) {
        busy.set(true);
        busyText.set("Making the plan…");
        error.set("");
        runner.run(() -> service.plan(fixId, sample, params), p -> {
            plan.set(p);
            if (thenPreview) {
                step.set(Step.PREVIEW);
            }
        }, e -> error.set(sentence(e)), () -> {
            busy.set(false);
            busyText.set("");
        });
    }

    private void showPlan(FixPlan p) {
        summary.clear();
        oldNew.clear();
        changes.clear();
        preview.clear();
        optionalParts.clear();
        if (p == null) {
            return;
        }
        title.set(p.title() + " on " + hostName);
        changes.setAll(p.changes());
        for (Change c : p.changes()) {
            oldNew.add(c.oldLine());
            oldNew.add(c.newLine());
        }
        summary.setAll(p.summary());
        List<PreviewStep> steps = new ArrayList<>();
        int n = 0;
        for (FixStep s : p.steps()) {
            String kind = switch (s.kind()) {
                case EVIDENCE -> "read";
                case CHANGE -> "change";
                case VERIFY -> "verify";
            };
            steps.add(new PreviewStep(++n, s, kind, s.precondition().map(FixStep.Check::command).orElse(""),
                    s.precondition().map(FixStep.Check::expectedOutput).orElse(""), s.file().map(f -> diff(s, f)).orElse("")));
        }
        preview.setAll(steps);
        Map<String, String> parts = new LinkedHashMap<>();
        for (FixStep s : p.steps()) {
            if (s.optional()) {
                String label = parts.get(s.subject());
                if (label == null || s.kind() == FixStep.Kind.CHANGE && !label.startsWith("!")) {
                    parts.put(s.subject(), s.kind() == FixStep.Kind.CHANGE ? "!" + s.description() : s.description());
                }
            }
        }
        parts.forEach((subject, label) -> {
            String l = label.startsWith("!") ? label.substring(1) : label;
            int paren = l.indexOf(" (");
            optionalParts.add(new OptionalPart(subject, paren > 0 ? l.substring(0, paren) : l));
        });
    }

    /** A file a step writes, as a unified diff against what is there now (not read: it is replaced whole). */
    static String diff(FixStep s, FixStep.FileContent f) {
        StringBuilder b = new StringBuilder();
        if (s.command().contains(f.path() + ".bedside-backup") || s.command().contains("$f.bedside-backup")) {
            b.append("--- ").append(f.path()).append("  (as it is now, if it exists: kept as ").append(f.path()).append(".bedside-backup)\n");
        } else if (s.precondition().map(c -> c.command().contains("[ -e " + f.path() + " ]")).orElse(false)) {
            b.append("--- /dev/null  (").append(f.path()).append(" does not exist yet: the re-check skips this step if it does)\n");
        } else {
            b.append("--- ").append(f.path()).append("  (as it is now, if it exists: replaced whole)\n");
        }
        b.append("+++ ").append(f.path()).append("  (new)\n");
        List<String> lines = f.content().lines().toList();
        b.append("@@ -0,0 +1,").append(lines.size()).append(" @@\n");
        lines.forEach(l -> b.append('+').append(l).append('\n'));
        return b.toString().stripTrailing();
    }

    /**
     * The plan as it will run: without the optional parts left unticked (here and in its
     * rollback), so a run with {@code includeOptional} runs exactly what was ticked.
     */
    FixPlan effectivePlan() {
        FixPlan p = plan.get();
        Set<String> excluded = optionalParts.stream().filter(o -> !o.isIncluded()).map(OptionalPart::subject)
                .collect(Collectors.toSet());
        List<FixStep> steps = p.steps().stream().filter(s -> !(s.optional() && excluded.contains(s.subject()))).toList();
        List<FixStep> rollback = p.rollback().stream().filter(s -> !(s.optional() && excluded.contains(s.subject()))).toList();
        return new FixPlan(p.id(), p.title(), p.changes(), p.summary(), steps, rollback);
    }

    private boolean anyOptional() {
        return optionalParts.stream().anyMatch(OptionalPart::isIncluded);
    }

    // ------------------------------------------------------------------ navigation

    /** To the next step, when {@link #canGoNextBinding()} holds. */
    public void next() {
        FxThread.assertFxThread();
        if (!canGoNext.get()) {
            return;
        }
        switch (step.get()) {
            case CHOOSE -> {
                if (removal != null) {
                    String ids = choices.stream().filter(FixChoice::isChosen).map(c -> Integer.toString(c.id()))
                            .collect(Collectors.joining(","));
                    makePlan(Map.of(removal.param(), ids), true);
                } else if (protect) {
                    makePlan(protectParams(), true);
                } else {
                    step.set(Step.PREVIEW);
                }
            }
            case PREVIEW -> {
                error.set("");
                checkAccess();
                updateRootNote();
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
                if (removal != null || protect) {
                    plan.set(null);
                }
                step.set(Step.CHOOSE);
            }
            case CONFIRM -> step.set(Step.PREVIEW);
            case RUN -> {
                checkAccess();
                updateRootNote();
                step.set(Step.CONFIRM);
            }
            default -> { }
        }
    }

    /** Asks the service again whether administrative access is on (the operator may have switched it). */
    public void checkAccess() {
        FxThread.assertFxThread();
        adminAccess.set(service.administrativeAccess());
        updateRootNote();
    }

    private void updateRootNote() {
        if (plan.get() == null || !needsRoot.get()) {
            rootNote.set("");
            return;
        }
        List<String> steps = effectivePlan().steps().stream().filter(FixStep::needsRoot)
                .filter(s -> s.kind() == FixStep.Kind.CHANGE).map(FixStep::command).toList();
        String which = steps.isEmpty() ? "reading the evidence" : steps.size() <= 3 ? String.join("; ", steps)
                : String.join("; ", steps.subList(0, 3)) + " and " + (steps.size() - 3) + " more";
        rootNote.set(adminAccess.get()
                ? "This fix needs root (" + which + "); administrative access is on, so those steps run through sudo."
                : "This fix needs root on " + hostName + " (" + which + ") and administrative access is off, so it cannot be"
                + " applied. Switch on Session ▸ Administrative access (sudo) in the main window, then press Check again."
                + " A dry run is still possible.");
    }

    // ------------------------------------------------------------------ run

    /** Applies the plan for real; only when {@link #canApplyBinding()} holds. */
    public void apply() {
        FxThread.assertFxThread();
        if (canApply.get()) {
            run(false);
        }
    }

    /** Runs what reads (evidence, re-checks) and says what each change would do; changes nothing. */
    public void dryRun() {
        FxThread.assertFxThread();
        if (canDryRun.get()) {
            run(true);
        }
    }

    private void run(boolean dry) {
        FixPlan p = effectivePlan();
        boolean optional = anyOptional();
        lastRunDry = dry;
        ranPlan = p;
        results.setAll(List.of(ResultRow.heading(dry ? "Dry run" : "Fix")));
        runHeading.set(dry ? "Dry run on " + hostName + ": reads only, nothing is changed."
                : "Applying on " + hostName + ".");
        verdict.set(Verdict.RUNNING);
        verdictText.set("");
        verdictDetail.set("");
        canRollback.set(false);
        error.set("");
        step.set(Step.RUN);
        busy.set(true);
        busyText.set(dry ? "Dry run…" : "Applying…");
        runner.run(() -> service.run(p, dry, optional, r -> FxThread.run(() -> results.add(ResultRow.of(r)))),
                report -> finished(report, p), e -> stopped(e, p, dry), () -> {
                    busy.set(false);
                    busyText.set("");
                    auditLog.set(auditPath());
                });
    }

    private void finished(FixReport report, FixPlan p) {
        syncResults(report, 1);
        String counts = counts(report);
        if (report.dryRun()) {
            verdict.set(Verdict.DRY_RUN);
            verdictText.set("DRY RUN COMPLETE");
            verdictDetail.set("Nothing was changed on " + hostName + ": " + counts
                    + ". Back returns to the confirmation, to apply it.");
            return;
        }
        changedHost.set(true);
        switch (report.verification()) {
            case PASSED -> {
                verdict.set(Verdict.PASSED);
                verdictText.set("VERIFICATION PASSED");
                verdictDetail.set("The host is as the fix intended. " + counts + ".");
            }
            case FAILED -> {
                verdict.set(Verdict.FAILED);
                verdictText.set("VERIFICATION FAILED");
                verdictDetail.set("The host is not as the fix intended: see the failed steps. " + counts + ".");
            }
            case NOT_RUN -> {
                verdict.set(Verdict.NOT_VERIFIED);
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
        verdict.set(Verdict.STOPPED);
        verdictText.set("STOPPED");
        verdictDetail.set(sentence(e) + (dry ? "" : " Steps listed above as done did run."));
        error.set(sentence(e));
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
        if (!canRollback.get() || busy.get()) {
            return;
        }
        FixPlan p = ranPlan;
        canRollback.set(false);
        int from = results.size() + 1;
        results.add(ResultRow.heading("Rollback"));
        verdict.set(Verdict.RUNNING);
        verdictText.set("");
        verdictDetail.set("");
        busy.set(true);
        busyText.set("Rolling back…");
        runner.run(() -> service.rollback(p, r -> FxThread.run(() -> results.add(ResultRow.of(r)))), report -> {
            syncResults(report, from);
            boolean ok = report.verification() == FixReport.Verification.PASSED;
            verdict.set(ok ? Verdict.ROLLED_BACK : Verdict.ROLLBACK_FAILED);
            verdictText.set(ok ? "ROLLED BACK" : "ROLLBACK FAILED");
            verdictDetail.set(ok ? "The host is back as it was before the fix. " + counts(report) + "."
                    : "The rollback could not be verified: see the steps. " + counts(report) + ".");
            afterChange.run();
        }, e -> {
            verdict.set(Verdict.STOPPED);
            verdictText.set("ROLLBACK STOPPED");
            verdictDetail.set(sentence(e));
            error.set(sentence(e));
            afterChange.run();
        }, () -> {
            busy.set(false);
            busyText.set("");
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

    // ------------------------------------------------------------------ words

    private static Map<Long, String> names(Optional<HostFacts> facts) {
        Map<Long, String> names = new java.util.HashMap<>();
        names.put(0L, "root");
        facts.ifPresent(f -> {
            if (f.uid().isPresent() && f.user().isPresent() && !f.user().get().isBlank()) {
                names.put((long) f.uid().getAsInt(), f.user().get().trim());
            }
        });
        return names;
    }

    private static String owner(long uid, Map<Long, String> names) {
        String n = names.get(uid);
        return n == null ? Long.toString(uid) : uid + " (" + n + ")";
    }

    private static String time(long epochSeconds, ZoneId zone) {
        return TIME.format(Instant.ofEpochSecond(epochSeconds).atZone(zone));
    }

    private static String sentence(Throwable e) {
        if (e instanceof TransportException || e instanceof IllegalArgumentException) {
            String m = e.getMessage();
            if (m != null && !m.isBlank()) {
                return m.strip().lines().findFirst().orElse(m);
            }
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() + "." : m.strip().lines().findFirst().orElse(m);
    }

    // ------------------------------------------------------------------ read-only views

    public String fixId() { return fixId; }
    public String hostName() { return hostName; }
    /** Whether the first step is a checklist of rows (a removal) rather than a proposed change. */
    public boolean isRemoval() { return removal != null; }
    /** {@code semid} or {@code shmid}, for a removal. */
    public String idName() { return removal == null ? "" : removal.idName(); }
    public ReadOnlyObjectProperty<Step> stepProperty() { return step.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    public ReadOnlyStringProperty busyTextProperty() { return busyText.getReadOnlyProperty(); }
    /** One sentence about what went wrong on this step; empty when nothing did. */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }
    public ObservableList<FixChoice> choices() { return choices; }
    /** Whether the first step chooses a process and its oom_score_adj ({@code mem.oom.protect}). */
    public boolean isProtect() { return protect; }
    /** The processes {@code mem.oom.protect} offers, in the OOM killer's order, as the filter leaves them. */
    public ObservableList<ProtectChoice> processes() { return processesShown; }
    /** Every process offered, unfiltered. */
    public ObservableList<ProtectChoice> allProcesses() { return processes; }
    /** Narrows the process list: pid, name, user or unit; the view binds its field to it both ways. */
    public StringProperty processFilterProperty() { return processFilter; }
    public ObjectProperty<ProtectChoice> chosenProcessProperty() { return chosenProcess; }
    /** The new oom_score_adj as typed; the view binds its field to it both ways. */
    public StringProperty adjTextProperty() { return adjText; }
    /** Why the typed value cannot be used; empty when it can. */
    public ReadOnlyStringProperty adjProblemProperty() { return adjProblem.getReadOnlyProperty(); }
    /** What to know before using it (-1000 = never killed, a value that raises the risk); empty when nothing. */
    public ReadOnlyStringProperty adjWarningProperty() { return adjWarning.getReadOnlyProperty(); }
    /** Whether the value is -1000, which Next accepts only with {@link #neverKillConfirmedProperty()}. */
    public ReadOnlyBooleanProperty neverKillProperty() { return neverKill.getReadOnlyProperty(); }
    public BooleanProperty neverKillConfirmedProperty() { return neverKillConfirmed; }
    /** {@code pid 4487 (bedside-victim): oom_score_adj 0 -> -500}; empty until a process and a valid value are chosen. */
    public ReadOnlyStringProperty proposedProperty() { return proposed.getReadOnlyProperty(); }
    /** Whether the value can be kept across restarts (the process's systemd unit), in words. */
    public ReadOnlyStringProperty unitNoteProperty() { return unitNote.getReadOnlyProperty(); }
    public IntegerBinding chosenCountBinding() { return chosenCount; }
    public ReadOnlyStringProperty chosenSummaryProperty() { return chosenSummary.getReadOnlyProperty(); }
    public ReadOnlyStringProperty notOfferedProperty() { return notOffered.getReadOnlyProperty(); }
    /** A glob over owner (uid or name) and key; the view binds its field to it both ways. */
    public StringProperty patternProperty() { return pattern; }
    /** Every row the pattern touches, listed before it is applied. */
    public ObservableList<FixChoice> patternMatches() { return patternMatches; }
    public ReadOnlyStringProperty patternSummaryProperty() { return patternSummary.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<FixPlan> planProperty() { return plan.getReadOnlyProperty(); }
    /** The plan's summary lines (its changes are apart, in {@link #changes()}). */
    public ObservableList<String> summary() { return summary; }
    /** The values the plan changes, before and after (a limit), from its {@link Change} records. */
    public ObservableList<Change> changes() { return changes; }
    /** The plan's changes as text, an {@code old: } and a {@code new: } line each. */
    public ObservableList<String> oldNew() { return oldNew; }
    public ObservableList<PreviewStep> preview() { return preview; }
    public ObservableList<OptionalPart> optionalParts() { return optionalParts; }
    public StringProperty typedHostProperty() { return typedHost; }
    public BooleanBinding hostConfirmedBinding() { return hostConfirmed; }
    public ReadOnlyBooleanProperty adminAccessProperty() { return adminAccess.getReadOnlyProperty(); }
    public BooleanBinding needsRootBinding() { return needsRoot; }
    /** What needs root and whether it can run; empty when nothing needs root. */
    public ReadOnlyStringProperty rootNoteProperty() { return rootNote.getReadOnlyProperty(); }
    public BooleanBinding canApplyBinding() { return canApply; }
    public BooleanBinding canDryRunBinding() { return canDryRun; }
    public BooleanBinding canGoNextBinding() { return canGoNext; }
    public BooleanBinding canGoBackBinding() { return canGoBack; }
    public ObservableList<ResultRow> results() { return results; }
    public ReadOnlyStringProperty runHeadingProperty() { return runHeading.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Verdict> verdictProperty() { return verdict.getReadOnlyProperty(); }
    public ReadOnlyStringProperty verdictTextProperty() { return verdictText.getReadOnlyProperty(); }
    public ReadOnlyStringProperty verdictDetailProperty() { return verdictDetail.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canRollbackProperty() { return canRollback.getReadOnlyProperty(); }
    public ReadOnlyStringProperty auditLogProperty() { return auditLog.getReadOnlyProperty(); }
    /** Set when the wizard should close itself ({@link #requestClose()}). */
    public ReadOnlyBooleanProperty closeRequestedProperty() { return closeRequested.getReadOnlyProperty(); }
    /** Whether a real run or rollback ran (the host may have changed). */
    public ReadOnlyBooleanProperty changedHostProperty() { return changedHost.getReadOnlyProperty(); }
}
