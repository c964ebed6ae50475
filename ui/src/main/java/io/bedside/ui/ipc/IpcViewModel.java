package io.bedside.ui.ipc;

import io.bedside.model.ipc.IpcSnapshot;
import io.bedside.model.sample.Sample;
import io.bedside.model.ipc.IpcPlaybook;
import io.bedside.ui.findings.FindingItem;
import io.bedside.ui.fix.FixWizardViewModel;
import io.bedside.ui.fx.TaskRunner;
import io.bedside.ui.fx.Units;
import io.bedside.ui.main.AreaViewModel;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * State of the IPC area: the semaphore, shared memory and message queue tables with a filter and
 * grouping, a gauge per kernel limit, four charts of use over the overview's 15-minute window,
 * the IPC findings, and the fix wizards they offer.
 *
 * <p>Built as every area is ({@link AreaViewModel}): each sample is turned into rows off the FX
 * thread ({@link IpcRows}), coalesced, and only while the area is shown. The build also compares
 * the new rows with those shown ({@link IpcTableModel#diff}), so a host with 32,000 arrays costs
 * the FX thread only the swap of finished lists.
 */
public final class IpcViewModel extends AreaViewModel<IpcViewModel.Tables> {
    private final IpcTableModel<SemRow> sems = new IpcTableModel<>("array", "arrays",
            n -> n + (n == 1 ? " semaphore" : " semaphores"));
    private final IpcTableModel<ShmRow> shms = new IpcTableModel<>("segment", "segments", Units::bytes);
    private final IpcTableModel<MsgRow> msgs = new IpcTableModel<>("queue", "queues", n -> Units.bytes(n) + " queued");
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ReadOnlyStringWrapper scope = new ReadOnlyStringWrapper(this, "scope", "");
    private final ObjectProperty<GroupBy> groupBy = new SimpleObjectProperty<>(this, "groupBy", GroupBy.NONE);
    private final Map<String, ReadOnlyObjectWrapper<Gauge>> gauges = new LinkedHashMap<>();
    private final List<ReadOnlyStringWrapper> chartLabels = new ArrayList<>();
    private final List<ReadOnlyStringWrapper> chartAbsences = new ArrayList<>();

    /** The three tables of the area, as its tabs show them. */
    public enum Table {
        SEMAPHORES, SHARED_MEMORY, MESSAGE_QUEUES;

        /** The table a finding id is about ({@code ipc.sem.*}, {@code ipc.shm.*}, {@code ipc.msg.*}), if it is an IPC one. */
        public static Optional<Table> of(String findingId) {
            if (findingId == null) {
                return Optional.empty();
            }
            if (findingId.startsWith("ipc.sem.")) {
                return Optional.of(SEMAPHORES);
            }
            if (findingId.startsWith("ipc.shm.")) {
                return Optional.of(SHARED_MEMORY);
            }
            if (findingId.startsWith("ipc.msg.")) {
                return Optional.of(MESSAGE_QUEUES);
            }
            return Optional.empty();
        }
    }

    private final ObjectProperty<Table> table = new SimpleObjectProperty<>(this, "table", Table.SEMAPHORES);
    /** The finding ids of the last sample shown: a new one brings its table to the front. */
    private java.util.Set<String> findingIdsShown = java.util.Set.of();

    /** One build: the rows, and how each table differs from the one shown when it was built. */
    record Tables(IpcRows rows, IpcTableModel.Diff semDiff, IpcTableModel.Diff shmDiff, IpcTableModel.Diff msgDiff) {
    }

    public IpcViewModel(TaskRunner runner) {
        super(runner, new IpcPlaybook().charts(), "The IPC tables could not be built");
        for (String id : IpcRows.GAUGES) {
            gauges.put(id, new ReadOnlyObjectWrapper<>(this, id, Gauge.waiting(id, IpcRows.GAUGE_WHAT.get(id))));
        }
        for (var c : chartSeries()) {
            chartLabels.add(new ReadOnlyStringWrapper(this, "chartLabel", c.chart().title() + " in use"));
            chartAbsences.add(new ReadOnlyStringWrapper(this, "chartAbsence", ""));
        }
        filter.addListener((o, was, now) -> {
            sems.setFilter(now);
            shms.setFilter(now);
            msgs.setFilter(now);
        });
        groupBy.addListener((o, was, now) -> {
            GroupBy by = now == null ? GroupBy.NONE : now;
            sems.setGroupBy(by);
            shms.setGroupBy(by);
            msgs.setGroupBy(by);
        });
    }

    @Override
    protected Tables buildRows(Sample latest, List<Sample> history, ZoneId zone, Tables shown) {
        IpcRows rows = IpcRows.of(latest, history, zone);
        IpcRows prev = shown == null ? null : shown.rows();
        // compare with what is shown here, off the FX thread
        return new Tables(rows,
                IpcTableModel.diff(prev == null ? null : prev.sems(), rows.sems()),
                IpcTableModel.diff(prev == null ? null : prev.shms(), rows.shms()),
                IpcTableModel.diff(prev == null ? null : prev.msgs(), rows.msgs()));
    }

    @Override
    protected List<FindingItem> findingsOf(Tables t) {
        return t.rows().findings();
    }

    @Override
    protected void showRows(Tables t, Sample latest) {
        IpcRows rows = t.rows();
        showTableOfNewFinding(rows.findings());
        sems.update(rows.sems(), rows.semAbsence(), t.semDiff());
        shms.update(rows.shms(), rows.shmAbsence(), t.shmDiff());
        msgs.update(rows.msgs(), rows.msgAbsence(), t.msgDiff());
        for (Gauge g : rows.gauges()) {
            gauges.get(g.id()).set(g);
        }
        scope.set(scopeOf(latest));
        List<String> absences = List.of(rows.semAbsence(), rows.semAbsence(), rows.shmAbsence(), rows.msgAbsence());
        for (int i = 0; i < chartLabels.size(); i++) {
            chartLabels.get(i).set(rows.chartLabels().get(i));
            chartAbsences.get(i).set(absences.get(i));
        }
    }

    /** Which IPC namespace the tables cover (the probe's own), and what of others was left out. */
    static String scopeOf(Sample latest) {
        return IpcSnapshot.of(latest).shmAttachments().get().filter(a -> a.namespace().isPresent())
                .map(a -> "Covers " + a.namespaceText() + (a.elsewhere().isEmpty() ? "."
                        : "; " + a.elsewhere().size() + " mapping(s) by processes in other IPC namespaces (containers) are not counted."))
                .orElse("");
    }

    /** "Covers IPC namespace N (the probe's own)": empty when the probe did not say. */
    public ReadOnlyStringProperty scopeProperty() { return scope.getReadOnlyProperty(); }

    /**
     * Brings the table the worst IPC finding is about to the front when a finding appears that
     * the last sample did not have (and so when the area is first shown during an incident); a
     * table the engineer chose stays chosen while the findings stay the same.
     */
    /** Whether a finding was opened from the board since the last rows were shown. */
    private boolean revealPending;

    private void showTableOfNewFinding(List<FindingItem> findings) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        findings.forEach(f -> ids.add(f.id()));
        boolean appeared = !findingIdsShown.containsAll(ids);
        findingIdsShown = ids;
        if (revealPending) {
            // a finding was opened from the board: its table stays in front
            revealPending = false;
            return;
        }
        if (appeared) {
            findings.stream().filter(f -> Table.of(f.id()).isPresent())
                    .max(java.util.Comparator.comparing(FindingItem::severity))
                    .ifPresent(worst -> showTableOf(worst.id()));
        }
    }

    /**
     * Shows the table a finding is about: semaphore arrays for {@code ipc.sem.*}, shared memory
     * for {@code ipc.shm.*}, message queues for {@code ipc.msg.*}. What the click from a finding to
     * its area calls; the area's own default (the worst finding's table) uses it too.
     *
     * @return whether {@code findingId} is an IPC finding (nothing changes when not)
     */
    /** A finding opened from the board brings its own table to the front. */
    @Override
    protected void revealed(FindingItem f) {
        revealPending = showTableOf(f.id());
    }

    public boolean showTableOf(String findingId) {
        Optional<Table> t = Table.of(findingId);
        t.ifPresent(table::set);
        return t.isPresent();
    }

    /** The table in front; the view's tabs follow it and set it when the engineer picks one. */
    public ObjectProperty<Table> tableProperty() { return table; }

    @Override
    protected void clearRows() {
        findingIdsShown = java.util.Set.of();
        scope.set("");
        sems.clear();
        shms.clear();
        msgs.clear();
        gauges.forEach((id, g) -> g.set(Gauge.waiting(id, IpcRows.GAUGE_WHAT.get(id))));
        chartAbsences.forEach(a -> a.set(""));
    }

    /** Opens the wizard of {@code fixId} on the newest sample; see {@link #openFix(String, Map)}. */
    public Optional<FixWizardViewModel> openFix(String fixId) {
        return openFix(fixId, Map.of());
    }

    // ------------------------------------------------------------------ read-only views

    public IpcTableModel<SemRow> sems() { return sems; }
    public IpcTableModel<ShmRow> shms() { return shms; }
    public IpcTableModel<MsgRow> msgs() { return msgs; }
    /** The filter text; the view binds its field to it both ways. */
    public StringProperty filterProperty() { return filter; }
    /** Grouping of all three tables; the view's toggles set it. */
    public ObjectProperty<GroupBy> groupByProperty() { return groupBy; }
    /** The gauge of one limit, by its id in {@link IpcRows#GAUGES}. */
    public ReadOnlyObjectProperty<Gauge> gauge(String id) { return gauges.get(id).getReadOnlyProperty(); }
    /** Chart {@code i}'s title: what it counts and its limit, {@code Semaphore arrays in use (SEMMNI 32)}. */
    public ReadOnlyStringProperty chartTitleProperty(int i) { return chartLabels.get(i).getReadOnlyProperty(); }
    public ReadOnlyStringProperty chartAbsenceProperty(int i) { return chartAbsences.get(i).getReadOnlyProperty(); }
}
