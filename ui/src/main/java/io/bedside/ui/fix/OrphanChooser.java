package io.bedside.ui.fix;

import io.bedside.model.ipc.IpcSnapshot;
import io.bedside.model.ipc.IpcFixPlans;
import io.bedside.model.ipc.IpcUsage;
import io.bedside.model.ipc.SemArray;
import io.bedside.model.ipc.ShmSegment;
import io.bedside.model.sample.Sample;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.fx.Units;
import io.bedside.ui.overview.HostZone;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.IntegerBinding;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Node;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * The first step of an orphan removal ({@code ipc.sem.remove-orphans}, {@code ipc.shm.remove-orphans}):
 * the orphaned rows as a checklist, all chosen at first; a pattern by owner or key only chooses
 * after it listed every row it touches; objects in use are never offered.
 */
public final class OrphanChooser implements FixChooser {

    /** The removal fixes' choosers. */
    public static final class Provider implements FixChoosers.Provider {
        @Override
        public Map<String, Function<ChooseContext, FixChooser>> choosers() {
            return Map.of(IpcFixPlans.SEM_REMOVE_ORPHANS, c -> new OrphanChooser(c, new Removal("semid", "array", "arrays")),
                    IpcFixPlans.SHM_REMOVE_ORPHANS, c -> new OrphanChooser(c, new Removal("shmid", "segment", "segments")));
        }
    }

    /** What a removal fix removes: its parameter (and column) name and the words for its rows. */
    private record Removal(String idName, String one, String many) {
    }

    private final ChooseContext ctx;
    private final Sample sample;
    private final Removal removal;
    private final ObservableList<FixChoice> choices = FXCollections.observableArrayList(
            c -> new ObservableValue<?>[] {c.chosenProperty()});
    private final IntegerBinding chosenCount;
    private final BooleanBinding valid;
    private final ReadOnlyStringWrapper chosenSummary = new ReadOnlyStringWrapper(this, "chosenSummary", "");
    private final ReadOnlyStringWrapper notOffered = new ReadOnlyStringWrapper(this, "notOffered", "");
    private final StringProperty pattern = new SimpleStringProperty(this, "pattern", "");
    private final ObservableList<FixChoice> patternMatches = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper patternSummary = new ReadOnlyStringWrapper(this, "patternSummary", "");

    private OrphanChooser(ChooseContext ctx, Removal removal) {
        this.ctx = ctx;
        this.sample = ctx.sample();
        this.removal = removal;
        chosenCount = Bindings.createIntegerBinding(() -> (int) choices.stream().filter(FixChoice::isChosen).count(), choices);
        chosenCount.addListener((o, was, now) -> updateChosenSummary());
        valid = chosenCount.greaterThan(0);
        pattern.addListener((o, was, now) -> updatePatternMatches());
    }

    @Override
    public void start() {
        loadChoices();
    }

    @Override
    public ObservableBooleanValue valid() {
        return valid;
    }

    @Override
    public Optional<Map<String, String>> params() {
        String ids = choices.stream().filter(FixChoice::isChosen).map(c -> Integer.toString(c.id())).collect(Collectors.joining(","));
        return Optional.of(Map.of(removal.idName(), ids));
    }

    @Override
    public Node view() {
        return new OrphanChooserView(this).node();
    }

    private void loadChoices() {
        ZoneId zone = sample.facts().get().flatMap(HostZone::of).orElse(ZoneId.systemDefault());
        Map<Long, String> names = WizardText.names(sample.facts().get());
        List<FixChoice> out = new ArrayList<>();
        int inUse = 0;
        int unknown = 0;
        int pending = 0;
        if (ctx.fixId().equals(IpcFixPlans.SEM_REMOVE_ORPHANS)) {
            for (IpcUsage.SemUse u : IpcUsage.sems(IpcSnapshot.of(sample))) {
                switch (u.verdict()) {
                    case ORPHANED -> {
                        SemArray a = u.array();
                        out.add(new FixChoice(a.semid(), a.keyHex(), a.uid(), WizardText.owner(a.uid(), names), names.getOrDefault(a.uid(), ""),
                                a.nsems() + (a.nsems() == 1 ? " semaphore" : " semaphores"), WizardText.time(a.ctime(), zone), u.reason()));
                    }
                    case IN_USE -> inUse++;
                    case UNKNOWN -> unknown++;
                    case REMOVAL_PENDING -> pending++;
                }
            }
        } else {
            for (IpcUsage.ShmUse u : IpcUsage.shms(IpcSnapshot.of(sample))) {
                switch (u.verdict()) {
                    case ORPHANED -> {
                        ShmSegment s = u.segment();
                        out.add(new FixChoice(s.shmid(), s.keyHex(), s.uid(), WizardText.owner(s.uid(), names), names.getOrDefault(s.uid(), ""),
                                Units.bytes(s.size()), WizardText.time(s.ctime(), zone), u.reason()));
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
            ctx.error().accept("This sample has no orphaned " + removal.many() + " to remove.");
        }
        updateChosenSummary();
    }

    private void updateChosenSummary() {
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

    // ------------------------------------------------------------------ read-only views

    /** {@code semid} or {@code shmid}. */
    public String idName() { return removal.idName(); }
    public ObservableList<FixChoice> choices() { return choices; }
    public IntegerBinding chosenCountBinding() { return chosenCount; }
    public ReadOnlyStringProperty chosenSummaryProperty() { return chosenSummary.getReadOnlyProperty(); }
    public ReadOnlyStringProperty notOfferedProperty() { return notOffered.getReadOnlyProperty(); }
    /** A glob over owner (uid or name) and key; the view binds its field to it both ways. */
    public StringProperty patternProperty() { return pattern; }
    /** Every row the pattern touches, listed before it is applied. */
    public ObservableList<FixChoice> patternMatches() { return patternMatches; }
    public ReadOnlyStringProperty patternSummaryProperty() { return patternSummary.getReadOnlyProperty(); }
}
