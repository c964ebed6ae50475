package io.bedside.ui.ipc;

import io.bedside.model.probe.Sample;
import io.bedside.model.session.SamplingSession;
import io.bedside.ui.findings.FindingItem;
import io.bedside.ui.fix.FixService;
import io.bedside.ui.fix.FixWizardViewModel;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.fx.TaskRunner;
import io.bedside.ui.fx.TimeWindow;
import io.bedside.ui.fx.Units;
import io.bedside.ui.overview.OverviewViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * State of the IPC area: the semaphore, shared memory and message queue tables with a filter and
 * grouping, a gauge per kernel limit, four charts of use over the overview's 15-minute window,
 * the IPC findings, and the fix wizards they offer.
 *
 * <p>Samples are coalesced: each one is turned into rows off the FX thread ({@link IpcRows}),
 * one at a time; samples that arrive meanwhile wait, and only the newest of them is turned into
 * rows next (every one of them still adds its point to the charts). So a host with 32,000 arrays
 * costs the FX thread only the swap of finished lists, and a slow build never queues up.
 */
public final class IpcViewModel {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final TaskRunner runner;
    private final IpcTableModel<SemRow> sems = new IpcTableModel<>("array", "arrays",
            n -> n + (n == 1 ? " semaphore" : " semaphores"));
    private final IpcTableModel<ShmRow> shms = new IpcTableModel<>("segment", "segments", Units::bytes);
    private final IpcTableModel<MsgRow> msgs = new IpcTableModel<>("queue", "queues", n -> Units.bytes(n) + " queued");
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ObjectProperty<GroupBy> groupBy = new SimpleObjectProperty<>(this, "groupBy", GroupBy.NONE);
    private final Map<String, ReadOnlyObjectWrapper<Gauge>> gauges = new LinkedHashMap<>();
    private final ObservableList<FindingItem> findings = FXCollections.observableArrayList();
    private final ObservableList<FindingItem> findingsView = FXCollections.unmodifiableObservableList(findings);
    private final TimeWindow charts = new TimeWindow(OverviewViewModel.WINDOW, OverviewViewModel.MAX_POINTS, IpcRows.CHARTS);
    private final List<ReadOnlyStringWrapper> chartLabels = new ArrayList<>();
    private final List<ReadOnlyStringWrapper> chartAbsences = new ArrayList<>();
    private final ReadOnlyBooleanWrapper hasSample = new ReadOnlyBooleanWrapper(this, "hasSample", false);
    private final ReadOnlyStringWrapper sampleTime = new ReadOnlyStringWrapper(this, "sampleTime", "");
    private final ReadOnlyStringWrapper timesNote = new ReadOnlyStringWrapper(this, "timesNote", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyObjectWrapper<FixService> fixService = new ReadOnlyObjectWrapper<>(this, "fixService");
    private final ReadOnlyStringWrapper fixUnavailable = new ReadOnlyStringWrapper(this, "fixUnavailable",
            "Fixes need a live session on a host.");
    private final ReadOnlyBooleanWrapper wizardOpen = new ReadOnlyBooleanWrapper(this, "wizardOpen", false);
    private final BooleanBinding canFix;

    private final Deque<Sample> history = new ArrayDeque<>();
    private Sample last;
    /** The rows shown now; the next build compares against them. */
    private IpcRows shownRows;
    private Runnable afterFix = () -> { };
    private FixWizardViewModel openWizard;
    private ZoneId zone = ZoneId.systemDefault();
    private List<Sample> pendingHistory;
    private final List<Sample> pendingAppends = new ArrayList<>();
    private boolean building;
    private boolean disposed;
    private int builds;
    private int rowBuilds;
    private boolean active = true;
    private boolean rowsStale;
    private long maxApplyNanos;

    public IpcViewModel(TaskRunner runner) {
        this.runner = runner;
        for (String id : IpcRows.GAUGES) {
            gauges.put(id, new ReadOnlyObjectWrapper<>(this, id, Gauge.waiting(id, IpcRows.GAUGE_WHAT.get(id))));
        }
        for (String c : IpcRows.CHARTS) {
            chartLabels.add(new ReadOnlyStringWrapper(this, "chartLabel", c + " in use"));
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
        canFix = Bindings.createBooleanBinding(() -> fixService.get() != null && hasSample.get() && !wizardOpen.get(),
                fixService, hasSample, wizardOpen);
    }

    // ------------------------------------------------------------------ samples

    /** A new live sample: its point goes on the charts, its rows replace the tables (coalesced). */
    public void accept(Sample s) {
        FxThread.assertFxThread();
        if (disposed || (last != null && !s.sampledAt().isAfter(last.sampledAt()))) {
            return;
        }
        remember(s);
        pendingAppends.add(s);
        build();
    }

    /** Shows the last of {@code samples} and charts them all: on attach and for a replay's slider. */
    public void showHistory(List<Sample> samples) {
        FxThread.assertFxThread();
        if (disposed) {
            return;
        }
        history.clear();
        last = null;
        pendingAppends.clear();
        if (samples.isEmpty()) {
            pendingHistory = null;
            clear();
            return;
        }
        samples.forEach(this::remember);
        pendingHistory = List.copyOf(samples);
        build();
    }

    private void remember(Sample s) {
        history.addLast(s);
        while (history.size() > SamplingSession.HISTORY) {
            history.removeFirst();
        }
        last = s;
    }

    /**
     * Whether the area is shown. While it is not, samples only add their points to the charts
     * (cheap counts); the rows, gauges and findings are built once it is shown again, from the
     * newest sample: a hidden view costs the laptop nothing per 32,000-row sample.
     */
    public void setActive(boolean on) {
        FxThread.assertFxThread();
        active = on;
        if (on) {
            build();
        }
    }

    private record Request(Sample latest, List<Sample> rulesHistory, List<Sample> charted, boolean replaceCharts,
                           ZoneId zone, IpcRows previous, boolean wantRows) {
    }

    /** A build's result; {@code rows} and the diffs are null when only the chart points were wanted. */
    private record Built(Request request, ZoneId zone, IpcRows rows, List<List<OptionalDouble>> points,
                         IpcTableModel.Diff semDiff, IpcTableModel.Diff shmDiff, IpcTableModel.Diff msgDiff) {
    }

    private void build() {
        boolean nothingNew = pendingHistory == null && pendingAppends.isEmpty();
        if (building || last == null || (nothingNew && !(active && rowsStale))) {
            return;
        }
        Request r;
        if (pendingHistory != null) {
            List<Sample> all = new ArrayList<>(pendingHistory);
            all.addAll(pendingAppends);
            r = new Request(last, List.copyOf(history), all, true, zone, shownRows, active);
        } else {
            r = new Request(last, List.copyOf(history), List.copyOf(pendingAppends), false, zone, shownRows, active);
        }
        pendingHistory = null;
        pendingAppends.clear();
        building = true;
        builds++;
        runner.run(() -> {
            List<List<OptionalDouble>> points = new ArrayList<>(r.charted().size());
            for (Sample s : r.charted()) {
                points.add(IpcRows.chartValues(s.ipc()));
            }
            if (!r.wantRows()) {
                ZoneId z = r.latest().facts().get().flatMap(io.bedside.ui.overview.HostZone::of).orElse(r.zone());
                return new Built(r, z, null, points, null, null, null);
            }
            IpcRows rows = IpcRows.of(r.latest(), r.rulesHistory(), r.zone());
            IpcRows prev = r.previous();
            // compare with what is shown here, off the FX thread
            return new Built(r, rows.zone(), rows, points,
                    IpcTableModel.diff(prev == null ? null : prev.sems(), rows.sems()),
                    IpcTableModel.diff(prev == null ? null : prev.shms(), rows.shms()),
                    IpcTableModel.diff(prev == null ? null : prev.msgs(), rows.msgs()));
        }, this::apply, e -> notice.set("The IPC tables could not be built: " + sentence(e)), () -> {
            building = false;
            if (!disposed) {
                build();
            }
        });
    }

    private void apply(Built b) {
        FxThread.assertFxThread();
        if (disposed) {
            return;
        }
        long started = System.nanoTime();
        try {
            show(b);
        } finally {
            maxApplyNanos = Math.max(maxApplyNanos, System.nanoTime() - started);
        }
    }

    private void show(Built b) {
        zone = b.zone();
        if (!zone.equals(charts.zone())) {
            charts.setZone(zone);
        }
        if (b.request().replaceCharts()) {
            charts.replace(b.request().charted().stream().map(Sample::sampledAt).toList(), b.points());
        } else {
            for (int i = 0; i < b.points().size(); i++) {
                charts.append(b.request().charted().get(i).sampledAt(), b.points().get(i));
            }
        }
        IpcRows rows = b.rows();
        if (rows == null) {
            rowsStale = true;
            return;
        }
        rowsStale = false;
        rowBuilds++;
        hasSample.set(true);
        sampleTime.set(DATE_TIME.format(rows.sampledAt().atZone(zone)));
        timesNote.set("Times are on the host's clock (" + zone.getId() + ").");
        sems.update(rows.sems(), rows.semAbsence(), b.semDiff());
        shms.update(rows.shms(), rows.shmAbsence(), b.shmDiff());
        msgs.update(rows.msgs(), rows.msgAbsence(), b.msgDiff());
        shownRows = rows;
        for (Gauge g : rows.gauges()) {
            gauges.get(g.id()).set(g);
        }
        if (!findings.equals(rows.findings())) {
            findings.setAll(rows.findings());
        }
        List<String> absences = List.of(rows.semAbsence(), rows.semAbsence(), rows.shmAbsence(), rows.msgAbsence());
        for (int i = 0; i < chartLabels.size(); i++) {
            chartLabels.get(i).set(rows.chartLabels().get(i));
            chartAbsences.get(i).set(absences.get(i));
        }
    }

    /** Forgets everything: nothing is shown. */
    public void clear() {
        FxThread.assertFxThread();
        shownRows = null;
        rowsStale = false;
        sems.clear();
        shms.clear();
        msgs.clear();
        findings.clear();
        charts.clear();
        gauges.forEach((id, g) -> g.set(Gauge.waiting(id, IpcRows.GAUGE_WHAT.get(id))));
        chartAbsences.forEach(a -> a.set(""));
        hasSample.set(false);
        sampleTime.set("");
    }

    /** Stops building rows; late results are dropped. */
    public void dispose() {
        FxThread.assertFxThread();
        disposed = true;
        pendingAppends.clear();
        pendingHistory = null;
        if (openWizard != null) {
            openWizard.requestClose();
        }
    }

    // ------------------------------------------------------------------ fixes

    /**
     * Where fixes go: the session's fix service, or none (a replay, or fixes not available).
     *
     * @param afterFix runs after a fix changed the host (the window samples again at once)
     */
    public void setFixes(Optional<FixService> service, String unavailableReason, Runnable afterFix) {
        FxThread.assertFxThread();
        fixService.set(service.orElse(null));
        fixUnavailable.set(service.isPresent() ? "" : unavailableReason);
        this.afterFix = afterFix;
    }

    /**
     * Opens a fix wizard's state for {@code fixId} on the sample shown now; empty when fixes are not
     * available or a wizard is already open. The wizard's own scope: closing it calls
     * {@link FixWizardViewModel#close()}, which lets the next one open.
     */
    public Optional<FixWizardViewModel> openFix(String fixId) {
        FxThread.assertFxThread();
        if (!canFix.get() || last == null) {
            return Optional.empty();
        }
        wizardOpen.set(true);
        FixWizardViewModel w = new FixWizardViewModel(fixService.get(), runner, fixId, last, afterFix, () -> {
            wizardOpen.set(false);
            openWizard = null;
        });
        openWizard = w;
        return Optional.of(w);
    }

    public void dismissNotice() {
        FxThread.assertFxThread();
        notice.set("");
    }

    private static String sentence(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() + "." : m.strip().lines().findFirst().orElse(m);
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
    public ObservableList<FindingItem> findings() { return findingsView; }
    public TimeWindow charts() { return charts; }
    /** Chart {@code i}'s title: what it counts and its limit, {@code Semaphore arrays in use (SEMMNI 32)}. */
    public ReadOnlyStringProperty chartTitleProperty(int i) { return chartLabels.get(i).getReadOnlyProperty(); }
    public ReadOnlyStringProperty chartAbsenceProperty(int i) { return chartAbsences.get(i).getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty hasSampleProperty() { return hasSample.getReadOnlyProperty(); }
    public ReadOnlyStringProperty sampleTimeProperty() { return sampleTime.getReadOnlyProperty(); }
    public ReadOnlyStringProperty timesNoteProperty() { return timesNote.getReadOnlyProperty(); }
    public ReadOnlyStringProperty noticeProperty() { return notice.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<FixService> fixServiceProperty() { return fixService.getReadOnlyProperty(); }
    /** Why the Fix buttons are off (a replay, no service); empty when fixes are available. */
    public ReadOnlyStringProperty fixUnavailableProperty() { return fixUnavailable.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty wizardOpenProperty() { return wizardOpen.getReadOnlyProperty(); }
    /** Whether a Fix button does something now. */
    public BooleanBinding canFixBinding() { return canFix; }
    /** How many times rows were built from samples (coalescing makes it fewer than the samples). */
    int builds() { return builds; }
    /** How many times rows (not only chart points) were built and shown. */
    int rowBuilds() { return rowBuilds; }
    /** The longest one built sample took to show, on the FX thread, since {@link #resetApplyStats()}. */
    long maxApplyNanos() { return maxApplyNanos; }
    void resetApplyStats() { maxApplyNanos = 0; }
}
