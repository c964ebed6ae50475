package io.bedside.ui.main;

import io.bedside.model.sample.Sample;
import io.bedside.model.session.SampleHistory;
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
import io.bedside.model.findings.Chart;
import io.bedside.model.findings.Severity;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the IPC, memory and sockets areas share: samples in, rows of type {@code R} built off the
 * FX thread, coalesced, and only while the area is shown; charts over the overview's 15-minute
 * window; the area's findings; and the fix wizards they offer.
 *
 * <p><b>Coalescing.</b> One build runs at a time. Samples that arrive meanwhile wait; the next
 * build turns only the newest of them into rows, while every one of them still adds its point to
 * the charts. So a slow build never queues up, and the FX thread only swaps finished results in
 * ({@link #showRows}, which must stay short).
 *
 * <p><b>Hidden.</b> While the area is not shown ({@link #setActive}), builds make only the chart
 * points (cheap counts); the rows are built once the area is shown again, from the newest sample.
 *
 * <p><b>History.</b> {@link #showHistory} replaces everything with a history: the session's on
 * attach, a recording's up to the slider on a replay. The charts get all of it, the rows its last.
 *
 * <p>An area supplies the two pure functions that run off the FX thread ({@link #chartValues},
 * {@link #buildRows}) and the FX-thread parts that show and forget its own rows ({@link #showRows},
 * {@link #clearRows}); the hooks {@link #gather}, {@link #forgetHistory} and {@link #chartsUpdated}
 * are for what an area keeps from every sample. Every public method runs on the FX thread.
 *
 * @param <R> what one build of the area's rows yields (tables, gauges, findings...)
 */
public abstract class AreaViewModel<R> {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final TaskRunner runner;
    private final String buildFailure;
    private final TimeWindow charts;
    private final List<Chart> playbookCharts;
    private final List<ChartSeries> chartSeries;
    private final ObservableList<FindingItem> findings = FXCollections.observableArrayList();
    private final ObservableList<FindingItem> findingsView = FXCollections.unmodifiableObservableList(findings);
    private final ReadOnlyIntegerWrapper findingCount = new ReadOnlyIntegerWrapper(this, "findingCount", 0);
    private final ReadOnlyObjectWrapper<Severity> worstSeverity = new ReadOnlyObjectWrapper<>(this, "worstSeverity");
    private final ReadOnlyBooleanWrapper hasSample = new ReadOnlyBooleanWrapper(this, "hasSample", false);
    private final ReadOnlyStringWrapper sampleTime = new ReadOnlyStringWrapper(this, "sampleTime", "");
    private final ReadOnlyStringWrapper timesNote = new ReadOnlyStringWrapper(this, "timesNote", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyObjectWrapper<FixService> fixService = new ReadOnlyObjectWrapper<>(this, "fixService");
    private final ReadOnlyStringWrapper fixUnavailable = new ReadOnlyStringWrapper(this, "fixUnavailable",
            "Fixes need a live session on a host.");
    private final ReadOnlyBooleanWrapper wizardOpen = new ReadOnlyBooleanWrapper(this, "wizardOpen", false);
    /** Whether a sample was given (also while hidden): what a fix's wizard starts from. */
    private final ReadOnlyBooleanWrapper hasData = new ReadOnlyBooleanWrapper(this, "hasData", false);
    private final ReadOnlyObjectWrapper<FindingItem> revealed = new ReadOnlyObjectWrapper<>(this, "revealed");
    private final ReadOnlyIntegerWrapper rowsShown = new ReadOnlyIntegerWrapper(this, "rowsShown", 0);
    private final BooleanBinding canFix;

    /**
     * The samples kept for the rules, oldest first, bounded as the session's are (count and measured
     * heap, {@link SampleHistory}): the same samples, so every area together holds one budget.
     */
    private final SampleHistory history = new SampleHistory();
    private Sample last;
    /** The rows shown now (null when none); the next build may compare against them. */
    private R shown;
    /** The host's zone as of the last build shown; the fallback for the next. */
    private ZoneId zone = ZoneId.systemDefault();
    /** A history to chart in place of what the charts hold; null when none is waiting. */
    private List<Sample> pendingHistory;
    /** Samples waiting for the next build, each to add its chart point. */
    private final List<Sample> pendingAppends = new ArrayList<>();
    private boolean building;
    private boolean disposed;
    private boolean active = true;
    /** Whether the newest build was made while hidden, so the rows shown are older than the charts. */
    private boolean rowsStale;

    private Runnable afterFix = () -> { };
    private FixWizardViewModel openWizard;

    private int builds;
    private int rowBuilds;
    private long maxApplyNanos;

    /**
     * @param playbookCharts what the area's playbook charts ({@code Playbook.charts()}): one chart
     *                       each in the area, one series per line, valued by {@link Chart#values}
     * @param buildFailure   the notice's start when a build throws, e.g. {@code The memory area could not be built}
     */
    protected AreaViewModel(TaskRunner runner, List<Chart> playbookCharts, String buildFailure) {
        this.runner = runner;
        this.buildFailure = buildFailure;
        this.playbookCharts = List.copyOf(playbookCharts);
        this.charts = new TimeWindow(OverviewViewModel.WINDOW, OverviewViewModel.MAX_POINTS,
                this.playbookCharts.stream().flatMap(c -> c.lines().stream()).map(Chart.Line::name).toList());
        List<ChartSeries> byChart = new ArrayList<>();
        int first = 0;
        for (Chart c : this.playbookCharts) {
            byChart.add(new ChartSeries(c, charts.series().subList(first, first + c.lines().size())));
            first += c.lines().size();
        }
        this.chartSeries = List.copyOf(byChart);
        findings.addListener((javafx.collections.ListChangeListener<FindingItem>) c -> {
            findingCount.set(findings.size());
            worstSeverity.set(findings.stream().map(FindingItem::severity).max(java.util.Comparator.naturalOrder()).orElse(null));
        });
        canFix = Bindings.createBooleanBinding(() -> fixService.get() != null && hasData.get() && !wizardOpen.get(),
                fixService, hasData, wizardOpen);
    }

    // ------------------------------------------------------------------ what an area supplies

    /**
     * Off the FX thread: the chart points of one sample, every line of every playbook chart in order
     * ({@link Chart#values}): the same functions the report draws.
     */
    protected List<OptionalDouble> chartValues(Sample s) {
        List<OptionalDouble> v = new ArrayList<>();
        for (Chart c : playbookCharts) {
            v.addAll(c.values(s));
        }
        return v;
    }

    /**
     * Off the FX thread: the rows of {@code latest}. Touches no FX state.
     *
     * @param history the samples kept up to {@code latest}, oldest first, for the rules
     * @param zone    the host's time zone (from the sample, else the one shown before)
     * @param shown   the rows shown when the build was asked for, to compare against; null when none
     */
    protected abstract R buildRows(Sample latest, List<Sample> history, ZoneId zone, R shown);

    /** The findings in {@code rows}, worst first. */
    protected abstract List<FindingItem> findingsOf(R rows);

    /**
     * On the FX thread: shows the area's own parts of {@code rows}, already {@link #shown()}; the
     * sample time, the time zone note and the findings are shown. Must stay short: swaps, no building.
     */
    protected abstract void showRows(R rows, Sample latest);

    /** On the FX thread: forgets the area's own parts; the charts, findings and sample time are cleared. */
    protected abstract void clearRows();

    /** On the FX thread, for every sample kept (also while hidden, and each of a history replayed). */
    protected void gather(Sample s) {
    }

    /** On the FX thread, when a history is about to replace everything: forget what was gathered. */
    protected void forgetHistory() {
    }

    /** On the FX thread, after each build's points were put on the charts (also while hidden). */
    /**
     * The probe sections this area's tables come from that a light sample carries from the last
     * full one (see {@link io.bedside.model.probe.ProbeOutput#carryForward}); the note under the
     * table then says how old they are. None by default.
     */
    protected List<String> carriedSections() {
        return List.of();
    }

    protected void chartsUpdated() {
    }

    // ------------------------------------------------------------------ samples

    /** A new live sample: its point goes on the charts, its rows replace those shown (coalesced). */
    public final void accept(Sample s) {
        FxThread.assertFxThread();
        if (disposed || (last != null && !s.sampledAt().isAfter(last.sampledAt()))) {
            return;
        }
        remember(s);
        pendingAppends.add(s);
        build();
    }

    /** Shows the last of {@code samples} and charts them all: on attach, and for a replay's slider. */
    public final void showHistory(List<Sample> samples) {
        FxThread.assertFxThread();
        if (disposed) {
            return;
        }
        history.clear();
        last = null;
        pendingAppends.clear();
        forgetHistory();
        if (samples.isEmpty()) {
            pendingHistory = null;
            hasData.set(false);
            clear();
            return;
        }
        samples.forEach(this::remember);
        pendingHistory = List.copyOf(samples);
        build();
    }

    private void remember(Sample s) {
        history.add(s);
        last = s;
        hasData.set(true);
        gather(s);
    }

    /**
     * Whether the area is shown. While it is not, samples only add their chart points; the rows
     * and findings are built once it is shown again, from the newest sample: a hidden area costs
     * nothing per sample but its counts.
     */
    public final void setActive(boolean on) {
        FxThread.assertFxThread();
        active = on;
        if (on) {
            build();
        }
    }

    private record Request<R>(Sample latest, List<Sample> rulesHistory, List<Sample> charted, boolean replaceCharts,
                              ZoneId zone, R shown, boolean wantRows) {
    }

    /** A build's result; {@code rows} is null when only the chart points were wanted. */
    private record Built<R>(Request<R> request, ZoneId zone, R rows, List<List<OptionalDouble>> points) {
    }

    private void build() {
        boolean nothingNew = pendingHistory == null && pendingAppends.isEmpty();
        if (building || last == null || (nothingNew && !(active && rowsStale))) {
            return;
        }
        boolean replace = pendingHistory != null;
        List<Sample> charted = new ArrayList<>();
        if (replace) {
            charted.addAll(pendingHistory);
        }
        charted.addAll(pendingAppends);
        Request<R> r = new Request<>(last, history.toList(), List.copyOf(charted), replace, zone, shown, active);
        pendingHistory = null;
        pendingAppends.clear();
        building = true;
        builds++;
        runner.run(() -> make(r), this::apply, e -> notice.set(buildFailure + ": " + sentence(e)), () -> {
            building = false;
            if (!disposed) {
                build();
            }
        });
    }

    /** Off the FX thread. */
    private Built<R> make(Request<R> r) {
        List<List<OptionalDouble>> points = new ArrayList<>(r.charted().size());
        for (Sample s : r.charted()) {
            points.add(chartValues(s));
        }
        ZoneId z = r.latest().facts().get().flatMap(HostZone::of).orElse(r.zone());
        R rows = r.wantRows() ? buildRows(r.latest(), r.rulesHistory(), z, r.shown()) : null;
        return new Built<>(r, z, rows, points);
    }

    private void apply(Built<R> b) {
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

    private void show(Built<R> b) {
        zone = b.zone();
        if (!zone.equals(charts.zone())) {
            charts.setZone(zone);
        }
        List<Sample> charted = b.request().charted();
        if (b.request().replaceCharts()) {
            charts.replace(charted.stream().map(Sample::sampledAt).toList(), b.points());
        } else {
            for (int i = 0; i < b.points().size(); i++) {
                charts.append(charted.get(i).sampledAt(), b.points().get(i));
            }
        }
        chartsUpdated();
        R rows = b.rows();
        if (rows == null) {
            rowsStale = true;
            return;
        }
        rowsStale = false;
        rowBuilds++;
        shown = rows;
        Sample latest = b.request().latest();
        hasSample.set(true);
        sampleTime.set(DATE_TIME.format(latest.sampledAt().atZone(zone)));
        timesNote.set("Times are on the host's clock (" + zone.getId() + ")." + carriedNote(latest));
        List<FindingItem> f = findingsOf(rows);
        if (!findings.equals(f)) {
            findings.setAll(f);
        }
        showRows(rows, latest);
        rowsShown.set(rowsShown.get() + 1);
    }

    /** " Table as of 10:31:02 (processes are read every 10 s)." when a table shows carried data; empty otherwise. */
    private String carriedNote(Sample latest) {
        return carriedSections().stream().map(n -> latest.output().carried().get(n)).filter(java.util.Objects::nonNull)
                .min(java.util.Comparator.naturalOrder())
                .map(t -> " Table as of " + CLOCK.format(t.atZone(zone)) + " (processes are read every "
                        + io.bedside.model.session.SamplingSession.FULL_EVERY.toSeconds() + " s).")
                .orElse("");
    }

    /** Forgets everything: nothing is shown. */
    public final void clear() {
        FxThread.assertFxThread();
        shown = null;
        rowsStale = false;
        clearRows();
        findings.clear();
        charts.clear();
        hasSample.set(false);
        sampleTime.set("");
    }

    /** Stops building; late results are dropped; an open wizard is asked to close. */
    public final void dispose() {
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
    public final void setFixes(Optional<FixService> service, String unavailableReason, Runnable afterFix) {
        FxThread.assertFxThread();
        fixService.set(service.orElse(null));
        fixUnavailable.set(service.isPresent() ? "" : unavailableReason);
        this.afterFix = afterFix;
    }

    /**
     * Opens a fix wizard's state for {@code fixId} on the newest sample, starting from {@code params};
     * empty when fixes are not available or a wizard is already open. The wizard's own scope: closing
     * it calls {@link FixWizardViewModel#close()}, which lets the next one open.
     */
    public final Optional<FixWizardViewModel> openFix(String fixId, Map<String, String> params) {
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

    /**
     * Shows what {@code f} is about: the view selects its subject in its tables (a row that
     * {@link io.bedside.ui.findings.AboutFinding#isAbout is about} it) and brings the finding into view.
     */
    public final void reveal(FindingItem f) {
        FxThread.assertFxThread();
        revealed.set(null);
        revealed.set(f);
        revealed(f);
    }

    /** For an area that has more to show for a finding than a selected row (e.g. which IPC table). */
    protected void revealed(FindingItem f) {
    }

    /** Counts the builds of rows shown: a view waits on it for rows built after it asked. */
    public final ReadOnlyIntegerProperty rowsShownProperty() { return rowsShown.getReadOnlyProperty(); }

    /** The finding last asked to be shown ({@link #reveal}); null when none. */
    public final ReadOnlyObjectProperty<FindingItem> revealedProperty() { return revealed.getReadOnlyProperty(); }

    public final void dismissNotice() {
        FxThread.assertFxThread();
        notice.set("");
    }

    private static String sentence(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() + "." : m.strip().lines().findFirst().orElse(m);
    }

    // ------------------------------------------------------------------ for the area

    /** The rows shown now; null when none. */
    protected final R shown() {
        return shown;
    }

    /** The host's time zone, as of the rows shown. */
    protected final ZoneId zone() {
        return zone;
    }

    // ------------------------------------------------------------------ read-only views

    public final ObservableList<FindingItem> findings() { return findingsView; }
    public final TimeWindow charts() { return charts; }
    /** The playbook's charts, each with its series (in {@link #charts()}), in the playbook's order. */
    public final List<ChartSeries> chartSeries() { return chartSeries; }
    /** How many findings the area shows: the navigation counts them beside its name. */
    public final ReadOnlyIntegerProperty findingCountProperty() { return findingCount.getReadOnlyProperty(); }
    /** The worst of them; null when there are none. */
    public final ReadOnlyObjectProperty<Severity> worstSeverityProperty() { return worstSeverity.getReadOnlyProperty(); }
    public final ReadOnlyBooleanProperty hasSampleProperty() { return hasSample.getReadOnlyProperty(); }
    public final ReadOnlyStringProperty sampleTimeProperty() { return sampleTime.getReadOnlyProperty(); }
    public final ReadOnlyStringProperty timesNoteProperty() { return timesNote.getReadOnlyProperty(); }
    public final ReadOnlyStringProperty noticeProperty() { return notice.getReadOnlyProperty(); }
    public final ReadOnlyObjectProperty<FixService> fixServiceProperty() { return fixService.getReadOnlyProperty(); }
    /** Why the fix buttons are off (a replay, no service); empty when fixes are available. */
    public final ReadOnlyStringProperty fixUnavailableProperty() { return fixUnavailable.getReadOnlyProperty(); }
    public final ReadOnlyBooleanProperty wizardOpenProperty() { return wizardOpen.getReadOnlyProperty(); }
    /** Whether a fix button does something now. */
    public final BooleanBinding canFixBinding() { return canFix; }

    // ------------------------------------------------------------------ statistics, for tests

    /** How many builds ran (coalescing makes it fewer than the samples). */
    public final int builds() { return builds; }
    /** How many times rows (not only chart points) were built and shown. */
    public final int rowBuilds() { return rowBuilds; }
    /** The longest one build took to show, on the FX thread, since {@link #resetApplyStats()}. */
    public final long maxApplyNanos() { return maxApplyNanos; }
    public final void resetApplyStats() { maxApplyNanos = 0; }
}
