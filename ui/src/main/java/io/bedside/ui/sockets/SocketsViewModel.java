package io.bedside.ui.sockets;

import io.bedside.model.probe.Sample;
import io.bedside.model.session.SamplingSession;
import io.bedside.ui.findings.FindingItem;
import io.bedside.ui.fix.FixService;
import io.bedside.ui.fix.FixWizardViewModel;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.fx.TaskRunner;
import io.bedside.ui.fx.TimeWindow;
import io.bedside.ui.overview.HostZone;
import io.bedside.ui.overview.OverviewViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
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

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * State of the sockets area (seed 004: a pile of CLOSE_WAIT sockets behind threads blocked writing
 * to a pipe nobody read): the socket findings; TCP sockets per state over the overview's 15-minute
 * window; the sockets grouped by process or by local port; the drill-down of the selected process
 * (threads, fds, pipes and their other end, stdout and stderr); and the chain of each blocked pipe.
 * Built as the memory area builds: off the FX thread, coalesced, and only while shown
 * ({@link #setActive}); hidden, samples only add their chart points.
 */
public final class SocketsViewModel {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final TaskRunner runner;
    private final ObservableList<FindingItem> findings = FXCollections.observableArrayList();
    private final ObservableList<FindingItem> findingsView = FXCollections.unmodifiableObservableList(findings);
    private final ObservableList<PipeChain> chains = FXCollections.observableArrayList();
    private final ObservableList<PipeChain> chainsView = FXCollections.unmodifiableObservableList(chains);
    private final ObservableList<SocketGroupRow> groups = FXCollections.observableArrayList();
    private final FilteredList<SocketGroupRow> groupsFiltered = new FilteredList<>(groups);
    private final SortedList<SocketGroupRow> groupsSorted = new SortedList<>(groupsFiltered);
    private final ObservableList<SocketGroupRow> groupsView = FXCollections.unmodifiableObservableList(groups);
    private final BooleanProperty byPort = new SimpleBooleanProperty(this, "byPort", false);
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ObjectProperty<Integer> selectedPid = new SimpleObjectProperty<>(this, "selectedPid");
    private final ReadOnlyObjectWrapper<ProcessDetail> detail = new ReadOnlyObjectWrapper<>(this, "detail");
    private final ReadOnlyStringWrapper absence = new ReadOnlyStringWrapper(this, "absence", "");
    private final ReadOnlyStringWrapper ownerNote = new ReadOnlyStringWrapper(this, "ownerNote", "");
    private final ReadOnlyStringWrapper count = new ReadOnlyStringWrapper(this, "count", "");
    private final TimeWindow charts = new TimeWindow(OverviewViewModel.WINDOW, OverviewViewModel.MAX_POINTS, SocketRows.SERIES);

    private final ReadOnlyBooleanWrapper hasSample = new ReadOnlyBooleanWrapper(this, "hasSample", false);
    private final ReadOnlyStringWrapper sampleTime = new ReadOnlyStringWrapper(this, "sampleTime", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyObjectWrapper<FixService> fixService = new ReadOnlyObjectWrapper<>(this, "fixService");
    private final ReadOnlyStringWrapper fixUnavailable = new ReadOnlyStringWrapper(this, "fixUnavailable",
            "Fixes need a live session on a host.");
    private final ReadOnlyBooleanWrapper wizardOpen = new ReadOnlyBooleanWrapper(this, "wizardOpen", false);
    private final BooleanBinding canFix;

    private final Deque<Sample> history = new ArrayDeque<>();
    private final SocketGroupHistory groupHistory = new SocketGroupHistory();
    private Sample last;
    private SocketRows rows;
    private Runnable afterFix = () -> { };
    private FixWizardViewModel openWizard;
    private ZoneId zone = ZoneId.systemDefault();
    private List<Sample> pendingHistory;
    private final List<Sample> pendingAppends = new ArrayList<>();
    private boolean building;
    private boolean disposed;
    private boolean active = true;
    private boolean rowsStale;
    private int builds;

    public SocketsViewModel(TaskRunner runner) {
        this.runner = runner;
        filter.addListener((o, was, now) -> {
            String f = now == null ? "" : now.trim();
            groupsFiltered.setPredicate(f.isEmpty() ? null : r -> r.matches(f));
        });
        byPort.addListener((o, was, now) -> showGroups());
        selectedPid.addListener((o, was, now) -> showDetail());
        canFix = Bindings.createBooleanBinding(() -> fixService.get() != null && hasSample.get() && !wizardOpen.get(),
                fixService, hasSample, wizardOpen);
    }

    // ------------------------------------------------------------------ samples

    /** A new live sample: its point charted, its rows built (coalesced). */
    public void accept(Sample s) {
        FxThread.assertFxThread();
        if (disposed || (last != null && !s.sampledAt().isAfter(last.sampledAt()))) {
            return;
        }
        remember(s);
        pendingAppends.add(s);
        build();
    }

    /** Shows the last of {@code samples} and charts them all: on attach, and for a replay's slider. */
    public void showHistory(List<Sample> samples) {
        FxThread.assertFxThread();
        if (disposed) {
            return;
        }
        history.clear();
        groupHistory.clear();
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

    /** Whether the area is shown; hidden, samples only add their chart points. */
    public void setActive(boolean on) {
        FxThread.assertFxThread();
        active = on;
        if (on) {
            build();
        }
    }

    private record Request(Sample latest, List<Sample> rulesHistory, List<Sample> charted, boolean replaceCharts,
                           ZoneId zone, boolean wantRows) {
    }

    private record Built(Request request, ZoneId zone, SocketRows rows, List<List<OptionalDouble>> points) {
    }

    private void build() {
        boolean nothingNew = pendingHistory == null && pendingAppends.isEmpty();
        if (building || last == null || (nothingNew && !(active && rowsStale))) {
            return;
        }
        List<Sample> charted = new ArrayList<>();
        boolean replace = pendingHistory != null;
        if (replace) {
            charted.addAll(pendingHistory);
        }
        charted.addAll(pendingAppends);
        Request r = new Request(last, List.copyOf(history), List.copyOf(charted), replace, zone, active);
        pendingHistory = null;
        pendingAppends.clear();
        building = true;
        builds++;
        runner.run(() -> {
            List<List<OptionalDouble>> points = new ArrayList<>(r.charted().size());
            for (Sample s : r.charted()) {
                points.add(SocketRows.chartValues(s));
            }
            ZoneId z = r.latest().facts().get().flatMap(HostZone::of).orElse(r.zone());
            SocketRows built = r.wantRows() ? SocketRows.of(r.latest(), r.rulesHistory(), groupHistory) : null;
            return new Built(r, z, built, points);
        }, this::show, e -> notice.set("The sockets area could not be built: " + sentence(e)), () -> {
            building = false;
            if (!disposed) {
                build();
            }
        });
    }

    private void show(Built b) {
        FxThread.assertFxThread();
        if (disposed) {
            return;
        }
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
        if (b.rows() == null) {
            rowsStale = true;
            return;
        }
        rowsStale = false;
        rows = b.rows();
        hasSample.set(true);
        sampleTime.set(DATE_TIME.format(rows.sampledAt().atZone(zone)));
        if (!findings.equals(rows.findings())) {
            findings.setAll(rows.findings());
        }
        if (!chains.equals(rows.chains())) {
            chains.setAll(rows.chains());
        }
        absence.set(rows.absence());
        ownerNote.set(rows.ownerNote());
        count.set(rows.count());
        showGroups();
        if (selectedPid.get() == null && !rows.chains().isEmpty()) {
            selectedPid.set(rows.chains().get(0).pid());   // the process the chain is about, drilled into at once
        } else {
            showDetail();
        }
    }

    private void showGroups() {
        if (rows == null) {
            return;
        }
        List<SocketGroupRow> g = byPort.get() ? rows.byPort() : rows.byProcess();
        if (!groups.equals(g)) {
            groups.setAll(g);
        }
    }

    private void showDetail() {
        Integer pid = selectedPid.get();
        if (rows == null || pid == null || pid < 0) {
            detail.set(null);
            return;
        }
        String name = rows.byProcess().stream().filter(r -> r.pid() == pid).map(SocketGroupRow::name).findFirst().orElse("?");
        detail.set(ProcessDetail.of(rows.snapshot(), pid, name));
    }

    /** Forgets everything: nothing is shown. */
    public void clear() {
        FxThread.assertFxThread();
        rowsStale = false;
        rows = null;
        findings.clear();
        chains.clear();
        groups.clear();
        detail.set(null);
        charts.clear();
        for (ReadOnlyStringWrapper w : List.of(absence, ownerNote, count, sampleTime)) {
            w.set("");
        }
        hasSample.set(false);
    }

    /** Stops building; late results are dropped; an open wizard is asked to close. */
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

    /** Where fixes go: the session's fix service, or none (a replay, or fixes not available). */
    public void setFixes(Optional<FixService> service, String unavailableReason, Runnable afterFix) {
        FxThread.assertFxThread();
        fixService.set(service.orElse(null));
        fixUnavailable.set(service.isPresent() ? "" : unavailableReason);
        this.afterFix = afterFix;
    }

    /** Opens the wizard of {@code fixId} on the sample shown now; empty when fixes are off or a wizard is open. */
    public Optional<FixWizardViewModel> openFix(String fixId, Map<String, String> params) {
        FxThread.assertFxThread();
        if (!canFix.get() || last == null) {
            return Optional.empty();
        }
        wizardOpen.set(true);
        FixWizardViewModel w = new FixWizardViewModel(fixService.get(), runner, fixId, last, params, afterFix, () -> {
            wizardOpen.set(false);
            openWizard = null;
        });
        openWizard = w;
        return Optional.of(w);
    }

    private static String sentence(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() + "." : m.strip().lines().findFirst().orElse(m);
    }

    // ------------------------------------------------------------------ read-only views

    public ObservableList<FindingItem> findings() { return findingsView; }
    /** The chain of each blocked pipe, worst first. */
    public ObservableList<PipeChain> chains() { return chainsView; }
    /** The rows as the table shows them: filtered, and sorted by the table's comparator (bind it). */
    public SortedList<SocketGroupRow> groups() { return groupsSorted; }
    /** Every row of the grouping shown, worst (most CLOSE_WAIT) first. */
    public ObservableList<SocketGroupRow> allGroups() { return groupsView; }
    /** Group by local port instead of by process. */
    public BooleanProperty byPortProperty() { return byPort; }
    public StringProperty filterProperty() { return filter; }
    /** The process drilled into, kept across samples. */
    public ObjectProperty<Integer> selectedPidProperty() { return selectedPid; }
    public ReadOnlyObjectProperty<ProcessDetail> detailProperty() { return detail.getReadOnlyProperty(); }
    /** Why the socket tables are not known; empty when they are. */
    public ReadOnlyStringProperty absenceProperty() { return absence.getReadOnlyProperty(); }
    public ReadOnlyStringProperty ownerNoteProperty() { return ownerNote.getReadOnlyProperty(); }
    public ReadOnlyStringProperty countProperty() { return count.getReadOnlyProperty(); }
    public TimeWindow charts() { return charts; }
    public ReadOnlyBooleanProperty hasSampleProperty() { return hasSample.getReadOnlyProperty(); }
    public ReadOnlyStringProperty sampleTimeProperty() { return sampleTime.getReadOnlyProperty(); }
    public ReadOnlyStringProperty noticeProperty() { return notice.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<FixService> fixServiceProperty() { return fixService.getReadOnlyProperty(); }
    public ReadOnlyStringProperty fixUnavailableProperty() { return fixUnavailable.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty wizardOpenProperty() { return wizardOpen.getReadOnlyProperty(); }
    public BooleanBinding canFixBinding() { return canFix; }
    /** How many builds ran (coalescing makes it fewer than the samples). */
    int builds() { return builds; }
}
