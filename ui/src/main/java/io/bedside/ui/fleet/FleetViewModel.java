package io.bedside.ui.fleet;

import io.bedside.model.findings.FleetGroup;

import io.bedside.model.findings.Finding;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.fx.TaskRunner;
import javafx.beans.binding.Bindings;
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
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The fleet view's state and commands: an inventory read in the background, a sweep whose results
 * fill the rows live (on the FX thread, as they arrive), the progress ("3/5 answered, 1 unknown"),
 * the findings grouped across hosts, a filter by finding and by text, the order (worst first,
 * name, time), Stop, Re-sweep, and opening any host in a window of its own.
 */
public final class FleetViewModel {

    /** The orders of the table. */
    public enum Order {
        WORST_FIRST("worst first"), NAME("name"), TIME("slowest first");

        private final String label;

        Order(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** Where a host is opened in its own window. Called on the FX thread. */
    @FunctionalInterface
    public interface Opener {
        void open(FleetInventory inventory, FleetHost host, boolean sudo);
    }

    private final FleetSweeper sweeper;
    private final TaskRunner runner;
    private final Opener opener;

    private final ObservableList<FleetRow> rows = FXCollections.observableArrayList();
    private final ObservableList<FleetRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final FilteredList<FleetRow> filtered = new FilteredList<>(rows);
    private final SortedList<FleetRow> shown = new SortedList<>(filtered);
    private final ObservableList<FleetGroup> groups = FXCollections.observableArrayList();
    private final ObservableList<FleetGroup> groupsView = FXCollections.unmodifiableObservableList(groups);
    private final ObjectProperty<Order> order = new SimpleObjectProperty<>(this, "order", Order.WORST_FIRST);
    private final StringProperty findingFilter = new SimpleStringProperty(this, "findingFilter", "");
    private final StringProperty textFilter = new SimpleStringProperty(this, "textFilter", "");
    private final BooleanProperty sudo = new SimpleBooleanProperty(this, "sudo", false);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "No inventory open");
    private final ReadOnlyObjectWrapper<FleetInventory> inventory = new ReadOnlyObjectWrapper<>(this, "inventory");

    private Run run;
    private int loads;

    public FleetViewModel(FleetSweeper sweeper, TaskRunner runner, Opener opener) {
        this.sweeper = sweeper;
        this.runner = runner;
        this.opener = opener;
        shown.comparatorProperty().bind(Bindings.createObjectBinding(() -> comparator(order.get()), order));
        filtered.predicateProperty().bind(Bindings.createObjectBinding(this::predicate, findingFilter, textFilter));
    }

    // ------------------------------------------------------------------ commands

    /** Reads an inventory file in the background, then sweeps it. */
    public void openInventory(Path file) {
        FxThread.assertFxThread();
        int load = ++loads;
        error.set("");
        loading.set(true);
        progress.set("Reading " + file.getFileName() + "…");
        runner.run(() -> sweeper.read(file), inv -> {
            if (load != loads) {
                return;
            }
            loading.set(false);
            if (inv.hosts().isEmpty()) {
                progress.set("");
                error.set("The inventory " + file + " names no host.");
                return;
            }
            show(inv);
        }, e -> {
            if (load == loads) {
                loading.set(false);
                progress.set("");
                error.set(sentence(e));
            }
        }, () -> { });
    }

    /** Shows an inventory already read and sweeps it. */
    public void show(FleetInventory inv) {
        FxThread.assertFxThread();
        cancel();
        inventory.set(inv);
        findingFilter.set("");
        title.set(inv.file().getFileName() + " — " + inv.hosts().size() + " host" + (inv.hosts().size() == 1 ? "" : "s"));
        sweep();
    }

    /** Sweeps the open inventory again from the start: every row back to waiting. */
    public void sweep() {
        FxThread.assertFxThread();
        FleetInventory inv = inventory.get();
        if (inv == null) {
            return;
        }
        cancel();
        error.set("");
        rows.setAll(inv.hosts().stream().map(FleetRow::waiting).toList());
        regroup();
        Run r = new Run(inv);
        run = r;
        running.set(true);
        updateProgress();
        try {
            r.sweeping = inv.sweep(sudo.get(), res -> FxThread.run(() -> r.result(res)), () -> FxThread.run(r::done));
        } catch (RuntimeException e) {
            run = null;
            running.set(false);
            error.set(sentence(e));
        }
    }

    /** Stops the sweep in progress; the hosts that answered keep their rows. */
    public void cancel() {
        FxThread.assertFxThread();
        Run r = run;
        if (r == null) {
            return;
        }
        run = null;
        r.stopped = true;
        if (r.sweeping != null) {
            r.sweeping.cancel();
        }
        running.set(false);
        updateProgress(r, " · stopped");
    }

    /** Opens the row's host in a window of its own, attached as the connect screen would. */
    public void open(FleetRow row) {
        FxThread.assertFxThread();
        FleetInventory inv = inventory.get();
        if (row != null && inv != null) {
            opener.open(inv, row.host(), sudo.get());
        }
    }

    /** Shows only the hosts with this finding; null or empty shows every host. */
    public void filterByFinding(String id) {
        FxThread.assertFxThread();
        findingFilter.set(id == null ? "" : id);
    }

    /** Ends the view: the sweep stops. */
    public void dispose() {
        if (FxThread.isFxThread()) {
            cancel();
        }
    }

    // ------------------------------------------------------------------ the sweep

    /** One sweep; the callbacks of a stopped one are ignored. */
    private final class Run {
        final FleetInventory inv;
        final long started = System.nanoTime();
        volatile FleetInventory.Sweeping sweeping;
        boolean stopped;
        int answered;
        int unknown;

        Run(FleetInventory inv) {
            this.inv = inv;
        }

        void result(FleetResult res) {
            if (stopped || run != this) {
                return;
            }
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).host().name().equals(res.host().name())) {
                    if (rows.get(i).result().isEmpty()) {
                        answered++;
                        if (res.status() == 3) {
                            unknown++;
                        }
                    }
                    rows.set(i, new FleetRow(rows.get(i).host(), Optional.of(res)));
                    break;
                }
            }
            regroup();
            updateProgress();
        }

        void done() {
            if (stopped || run != this) {
                return;
            }
            run = null;
            running.set(false);
            long ms = (System.nanoTime() - started) / 1_000_000;
            updateProgress(this, String.format(Locale.ROOT, " · done in %.1f s", ms / 1000.0));
        }
    }

    private void updateProgress() {
        updateProgress(run, "");
    }

    private void updateProgress(Run r, String tail) {
        if (r == null) {
            return;
        }
        progress.set(r.answered + "/" + rows.size() + " answered, " + r.unknown + " unknown" + tail);
    }

    /** The findings across hosts: the worst and most widespread first, as the sweep's summary. */
    private void regroup() {
        List<FleetGroup> out = FleetGroup.of(rows.stream().sorted(comparator(Order.WORST_FIRST))
                .map(r -> new FleetGroup.Host(r.host().name(), r.findings())).toList());
        if (!out.equals(groups)) {
            groups.setAll(out);
        }
    }

    // ------------------------------------------------------------------ order and filter

    static Comparator<FleetRow> comparator(Order o) {
        Comparator<FleetRow> byName = Comparator.comparing(r -> r.host().name());
        return switch (o) {
            case WORST_FIRST -> Comparator.comparingInt(FleetRow::rank).thenComparing(byName);
            case NAME -> byName;
            case TIME -> Comparator.comparingLong((FleetRow r) -> -r.millis()).thenComparing(byName);
        };
    }

    private Predicate<FleetRow> predicate() {
        String id = findingFilter.get() == null ? "" : findingFilter.get();
        String text = textFilter.get() == null ? "" : textFilter.get().strip().toLowerCase(Locale.ROOT);
        return r -> (id.isEmpty() || r.has(id)) && (text.isEmpty() || matches(r, text));
    }

    private static boolean matches(FleetRow r, String text) {
        return r.host().name().toLowerCase(Locale.ROOT).contains(text)
                || r.host().address().toLowerCase(Locale.ROOT).contains(text)
                || r.word().toLowerCase(Locale.ROOT).equals(text)
                || r.summary().toLowerCase(Locale.ROOT).contains(text);
    }

    /** One sentence for the operator, never a stack trace. */
    static String sentence(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return "Could not read the inventory: " + e.getClass().getSimpleName() + ".";
        }
        m = m.strip();
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl).strip() : m;
    }

    // ------------------------------------------------------------------ properties

    /** Every host of the inventory, in its order. */
    public ObservableList<FleetRow> rows() { return rowsView; }
    /** The rows the table shows: filtered, in the chosen order. */
    public SortedList<FleetRow> shownRows() { return shown; }
    public ObservableList<FleetGroup> groups() { return groupsView; }
    public ObjectProperty<Order> orderProperty() { return order; }
    public ReadOnlyStringProperty findingFilterProperty() { return findingFilter; }
    public StringProperty textFilterProperty() { return textFilter; }
    /** Administrative access (sudo -n) for the sweep and for the hosts opened from it. */
    public BooleanProperty sudoProperty() { return sudo; }
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty loadingProperty() { return loading.getReadOnlyProperty(); }
    public ReadOnlyStringProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<FleetInventory> inventoryProperty() { return inventory.getReadOnlyProperty(); }
}
