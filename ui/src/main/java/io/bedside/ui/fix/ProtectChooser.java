package io.bedside.ui.fix;

import io.bedside.model.memory.MemorySnapshot;
import io.bedside.model.memory.MemoryFixPlans;
import io.bedside.model.memory.ProcessMemory;
import io.bedside.model.sample.Sample;
import io.bedside.ui.fx.Units;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.scene.Node;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The first step of {@code mem.oom.protect}: the process (the one the finding or the table row
 * named) and its new oom_score_adj (-500 at first; -1000, "never killed", only after the operator
 * confirmed it; nothing outside -1000..1000).
 */
public final class ProtectChooser implements FixChooser {

    /** The protect fix's chooser. */
    public static final class Provider implements FixChoosers.Provider {
        @Override
        public Map<String, Function<ChooseContext, FixChooser>> choosers() {
            return Map.of(MemoryFixPlans.PROTECT, ProtectChooser::new);
        }
    }

    private final ChooseContext ctx;
    private final Sample sample;
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
    private final ReadOnlyStringWrapper notOffered = new ReadOnlyStringWrapper(this, "notOffered", "");
    private final BooleanBinding valid;

    private ProtectChooser(ChooseContext ctx) {
        this.ctx = ctx;
        this.sample = ctx.sample();
        valid = Bindings.createBooleanBinding(() -> chosenProcess.get() != null && adjProblem.get().isEmpty()
                && (!neverKill.get() || neverKillConfirmed.get()), chosenProcess, adjProblem, neverKill, neverKillConfirmed);
    }

    @Override
    public void start() {
        loadProcesses();
    }

    @Override
    public ObservableBooleanValue valid() {
        return valid;
    }

    @Override
    public Node view() {
        return new ProtectChooserView(this).node();
    }

    /**
     * Offers every process whose oom_score_adj is known and that has not exited, in the OOM
     * killer's order, and chooses the one the wizard was opened for.
     */
    private void loadProcesses() {
        var table = MemorySnapshot.of(sample).processes().get();
        if (table.isEmpty()) {
            ctx.error().accept("The process table could not be read: " + MemorySnapshot.of(sample).processes().describeAbsence() + ".");
            return;
        }
        Map<Long, String> names = WizardText.names(sample.facts().get());
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
            out.add(new ProtectChoice(p.pid(), p.comm(), p.uid().isPresent() ? WizardText.owner(p.uid().getAsLong(), names) : "unknown",
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
        String pid = ctx.initial().get("pid");
        if (pid != null) {
            out.stream().filter(c -> Integer.toString(c.pid()).equals(pid.trim())).findFirst().ifPresentOrElse(chosenProcess::set,
                    () -> ctx.error().accept("Process " + pid + " is not offered: it is not in this sample (it may have exited),"
                            + " or its oom_score_adj could not be read. Choose another."));
        }
        String adj = ctx.initial().get("adj");
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
            ctx.error().accept("");
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

    @Override
    public Optional<Map<String, String>> params() {
        ProtectChoice c = chosenProcess.get();
        return Optional.of(Map.of("pid", Integer.toString(c.pid()), "adj", adjText.get().trim(), "unit", c.unit().isEmpty() ? "none" : c.unit()));
    }

    // ------------------------------------------------------------------ read-only views

    /** The processes offered, in the OOM killer's order, as the filter leaves them. */
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
    public ReadOnlyStringProperty notOfferedProperty() { return notOffered.getReadOnlyProperty(); }
}
