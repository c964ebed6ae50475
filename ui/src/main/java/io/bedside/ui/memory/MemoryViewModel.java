package io.bedside.ui.memory;

import io.bedside.model.memory.KernelLog;
import io.bedside.model.memory.MemoryFixPlans;
import io.bedside.model.memory.MemorySnapshot;
import io.bedside.model.probe.Reading;
import io.bedside.model.sample.Sample;
import io.bedside.model.memory.MemoryPlaybook;
import io.bedside.model.probe.SourceStatus;
import io.bedside.ui.findings.FindingItem;
import io.bedside.ui.fix.FixWizardViewModel;
import io.bedside.ui.fx.ChartMarker;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.fx.TaskRunner;
import io.bedside.ui.main.AreaViewModel;
import io.bedside.ui.overview.OverviewViewModel;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * State of the memory area (seed 003: a process vanished, the OOM killer took it): the memory
 * findings; charts of MemAvailable, swap used and PSI over the overview's 15-minute window with
 * the OOM kills and boots drawn over them; the processes in the order the OOM killer would take
 * them, with their cgroup's limit and use; the timeline of OOM kills and boots, whose selected
 * event shows its raw kernel lines; the kernel log lines not understood; and the
 * {@code mem.oom.protect} wizard.
 *
 * <p>The kernel log arrives incrementally (each sample holds only the lines new since the one
 * before), so the kills are gathered from every sample into {@link MemoryEvents}, also while the
 * area is hidden; on attach and on a replay's slider, from the history given. Everything else is
 * built as every area builds it ({@link AreaViewModel}): off the FX thread, coalesced, and only
 * while the area is shown ({@link #setActive}); hidden, samples only add their chart points.
 */
public final class MemoryViewModel extends AreaViewModel<MemoryRows> {
    private final ObservableList<ProcessRow> processes = FXCollections.observableArrayList();
    private final FilteredList<ProcessRow> processesFiltered = new FilteredList<>(processes);
    private final SortedList<ProcessRow> processesSorted = new SortedList<>(processesFiltered);
    private final ObservableList<ProcessRow> processesView = FXCollections.unmodifiableObservableList(processes);
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ReadOnlyStringWrapper processCount = new ReadOnlyStringWrapper(this, "processCount", "");
    private final ReadOnlyStringWrapper processAbsence = new ReadOnlyStringWrapper(this, "processAbsence", "");
    private final ObjectProperty<Integer> selectedPid = new SimpleObjectProperty<>(this, "selectedPid");

    private final ObservableList<TimelineEvent> timeline = FXCollections.observableArrayList();
    private final ObservableList<TimelineEvent> timelineView = FXCollections.unmodifiableObservableList(timeline);
    private final ObjectProperty<TimelineEvent> selectedEvent = new SimpleObjectProperty<>(this, "selectedEvent");
    private final ReadOnlyStringWrapper selectedRaw = new ReadOnlyStringWrapper(this, "selectedRaw", "");
    private final ReadOnlyStringWrapper kernelLogAbsence = new ReadOnlyStringWrapper(this, "kernelLogAbsence", "");
    private final ReadOnlyStringWrapper kernelLogNote = new ReadOnlyStringWrapper(this, "kernelLogNote", "");
    private final ReadOnlyStringWrapper timelineEmpty = new ReadOnlyStringWrapper(this, "timelineEmpty", "");
    private final ReadOnlyStringWrapper unrecognized = new ReadOnlyStringWrapper(this, "unrecognized", "");
    private final ReadOnlyStringWrapper unrecognizedTitle = new ReadOnlyStringWrapper(this, "unrecognizedTitle", "");
    private final ReadOnlyStringWrapper otherLines = new ReadOnlyStringWrapper(this, "otherLines", "");
    private final ReadOnlyStringWrapper otherTitle = new ReadOnlyStringWrapper(this, "otherTitle", "");

    private final ObservableList<ChartMarker> markers = FXCollections.observableArrayList();
    private final ObservableList<ChartMarker> markersView = FXCollections.unmodifiableObservableList(markers);
    private final ReadOnlyStringWrapper memoryChartAbsence = new ReadOnlyStringWrapper(this, "memoryChartAbsence", "");
    private final ReadOnlyStringWrapper swapNote = new ReadOnlyStringWrapper(this, "swapNote", "");
    private final ReadOnlyStringWrapper pressureChartAbsence = new ReadOnlyStringWrapper(this, "pressureChartAbsence", "");
    private final ReadOnlyStringWrapper markersNote = new ReadOnlyStringWrapper(this, "markersNote", "");
    private final ReadOnlyDoubleWrapper pressureAxisMax = new ReadOnlyDoubleWrapper(this, "pressureAxisMax", 1);

    private final MemoryEvents events = new MemoryEvents();

    public MemoryViewModel(TaskRunner runner) {
        super(runner, new MemoryPlaybook().charts(), "The memory area could not be built");
        filter.addListener((o, was, now) -> {
            String f = now == null ? "" : now.trim();
            processesFiltered.setPredicate(f.isEmpty() ? null : r -> r.matches(f));
        });
        selectedEvent.addListener((o, was, now) -> selectedRaw.set(now == null ? "" : now.raw()));
    }

    // ------------------------------------------------------------------ samples

    /** Every sample's kills are gathered, also while hidden: each holds only the kernel log lines new since the one before. */
    @Override
    protected List<String> carriedSections() {
        return List.of("procs-mem", "cgroup-mem");
    }

    @Override
    protected void gather(Sample s) {
        events.add(s);
    }

    @Override
    protected void forgetHistory() {
        events.clear();
    }

    @Override
    protected MemoryRows buildRows(Sample latest, List<Sample> history, ZoneId zone, MemoryRows shown) {
        return MemoryRows.of(latest, history, zone);
    }

    @Override
    protected List<FindingItem> findingsOf(MemoryRows rows) {
        return rows.findings();
    }

    /** The PSI axis follows the points charted, also while hidden. */
    @Override
    protected void chartsUpdated() {
        double highest = 0;
        for (int i = 2; i <= 3; i++) {
            for (var d : charts().series(i).getData()) {
                highest = Math.max(highest, d.getYValue().doubleValue());
            }
        }
        pressureAxisMax.set(niceCeiling(highest));
    }

    @Override
    protected void showRows(MemoryRows rows, Sample latest) {
        if (!processes.equals(rows.processes())) {
            processes.setAll(rows.processes());
        }
        processAbsence.set(rows.processAbsence());
        processCount.set(rows.processCount());
        memoryChartAbsence.set(rows.memoryAbsence());
        swapNote.set(rows.swapNote());
        pressureChartAbsence.set(rows.pressureAbsence());
        showTimeline(latest);
    }

    /** The top of the pressure axis: at least 1 %, then 2, 5, 10, 20, 50, 100 %. */
    static double niceCeiling(double v) {
        for (double c : new double[] {1, 2, 5, 10, 20, 50}) {
            if (v <= c * 0.9) {
                return c;
            }
        }
        return 100;
    }

    /** The timeline, the kernel log's state and the chart markers, from what was gathered and the latest sample. */
    private void showTimeline(Sample latest) {
        MemorySnapshot mem = MemorySnapshot.of(latest);
        Optional<Instant> btime = latest.facts().get().flatMap(f -> f.bootTime());
        List<TimelineEvent> built = MemoryTimeline.build(events, mem.boots(), btime, zone());
        String selected = selectedEvent.get() == null ? null : selectedEvent.get().id();
        if (!timeline.equals(built)) {
            timeline.setAll(built);
        }
        selectedEvent.set(selected == null ? null : built.stream().filter(e -> e.id().equals(selected)).findFirst().orElse(null));
        kernelLog(mem, built);

        List<String> u = events.unrecognized();
        unrecognizedTitle.set(u.isEmpty() ? "" : "Kernel log lines not recognized (" + u.size()
                + (events.unrecognizedLeftOut() > 0 ? ", and " + events.unrecognizedLeftOut() + " more not kept" : "")
                + "): kept as the host printed them, not guessed at");
        unrecognized.set(String.join("\n", u));
        List<String> o = events.other();
        otherTitle.set(o.isEmpty() ? "" : "Other OOM lines, part of no kill (" + o.size()
                + (events.otherLeftOut() > 0 ? ", and " + events.otherLeftOut() + " more not kept" : "") + ")");
        otherLines.set(String.join("\n", o));

        // the charts run on this machine's clock (when each sample arrived); the log's times are the host's
        Duration skew = Duration.between(latest.hostTime(), latest.sampledAt());
        List<ChartMarker> m = new ArrayList<>();
        List<Instant> at = new ArrayList<>();
        int outside = 0;
        for (TimelineEvent e : built) {
            if (e.time().isEmpty()) {
                continue;
            }
            Instant x = e.time().get().plus(skew);
            if (!charts().inWindow(x)) {
                outside++;
                continue;
            }
            at.add(x);
            m.add(new ChartMarker(e.id(), e.kind() == TimelineEvent.Kind.KILL ? ChartMarker.Kind.KILL : ChartMarker.Kind.BOOT,
                    x.toEpochMilli(), e.chartLabel(), e.tooltip()));
        }
        charts().setMarks(at);
        if (!markers.equals(m)) {
            markers.setAll(m);
        }
        long kills = m.stream().filter(x -> x.kind() == ChartMarker.Kind.KILL).count();
        long boots = m.size() - kills;
        long minutes = OverviewViewModel.WINDOW.toMinutes();
        String drawn = kills + (kills == 1 ? " OOM kill" : " OOM kills") + " and " + boots + (boots == 1 ? " boot" : " boots")
                + " in the last " + minutes + " minutes, drawn over the charts";
        String earlier = outside > 0 ? "; " + outside + " earlier in the timeline below" : "";
        if (!mem.kernelLog().isPresent()) {
            // never "no OOM kill" when the log was not read
            markersNote.set("OOM kills are not known: the kernel log was not read (see above). "
                    + (m.isEmpty() ? "No boot in the last " + minutes + " minutes" : drawn + " (read earlier)") + earlier + ".");
        } else {
            markersNote.set((m.isEmpty() ? "No OOM kill or boot in the last " + minutes + " minutes" : drawn) + earlier + ".");
        }
    }

    /** What the kernel log said: read from where, or why it could not be read (never an empty list that pretends). */
    private void kernelLog(MemorySnapshot mem, List<TimelineEvent> built) {
        Reading<KernelLog> r = mem.kernelLog();
        Optional<Long> vmstat = mem.oomKills().get();
        long killsListed = built.stream().filter(e -> e.kind() == TimelineEvent.Kind.KILL).count();
        String counted = vmstat.map(n -> " The kernel counted " + n + (n == 1 ? " OOM kill" : " OOM kills")
                + " since boot (/proc/vmstat oom_kill).").orElse("");
        if (r instanceof Reading.Absent<KernelLog> a) {
            String kept = killsListed > 0 ? " The timeline keeps what earlier samples read." : "";
            if (a.status() == SourceStatus.NEEDS_ROOT) {
                kernelLogAbsence.set("The kernel log needs root — switch on administrative access (Session ▸ Administrative"
                        + " access) to see the OOM kills" + (a.detail().isEmpty() ? "" : " (" + a.detail() + ")") + "."
                        + counted + kept);
            } else {
                kernelLogAbsence.set("The kernel log could not be read: " + MemorySnapshot.KERNEL_LOG + " " + r.describeAbsence()
                        + ", so OOM kills cannot be shown." + counted + kept);
            }
            kernelLogNote.set("");
            timelineEmpty.set(kernelLogAbsence.get());
            return;
        }
        kernelLogAbsence.set("");
        KernelLog log = r.get().orElseThrow();
        String via = log.source().map(s -> s.via()).filter(v -> !v.isBlank()).orElse("the kernel log");
        kernelLogNote.set("OOM kills from " + via + ", read incrementally: a full sample reads the lines new since the one"
                + " before, a light one only when the kernel counted a new OOM kill, and the timeline gathers them." + counted);
        timelineEmpty.set("No OOM kill in what " + via + " still holds, and no boot is known.");
    }

    @Override
    protected void clearRows() {
        events.clear();
        processes.clear();
        timeline.clear();
        selectedEvent.set(null);
        markers.clear();
        charts().setMarks(List.of());
        for (ReadOnlyStringWrapper w : List.of(processAbsence, processCount, kernelLogAbsence, kernelLogNote, timelineEmpty,
                unrecognized, unrecognizedTitle, otherLines, otherTitle, memoryChartAbsence, swapNote, pressureChartAbsence,
                markersNote)) {
            w.set("");
        }
    }

    // ------------------------------------------------------------------ selection

    /** Selects the timeline event with {@code id} (a chart marker was clicked). */
    public void selectEvent(String id) {
        FxThread.assertFxThread();
        timeline.stream().filter(e -> e.id().equals(id)).findFirst().ifPresent(selectedEvent::set);
    }

    // ------------------------------------------------------------------ fixes

    /** Opens the {@code mem.oom.protect} wizard for the process {@code pid} (a row's Protect… button). */
    public Optional<FixWizardViewModel> openProtect(int pid) {
        return openFix(MemoryFixPlans.PROTECT, Map.of("pid", Integer.toString(pid)));
    }

    // ------------------------------------------------------------------ read-only views

    /** The processes as the table shows them: filtered, and sorted by the table's comparator (bind it). */
    public SortedList<ProcessRow> processes() { return processesSorted; }
    /** Every process of the sample shown, in the OOM killer's order (taken first on top). */
    public ObservableList<ProcessRow> allProcesses() { return processesView; }
    public StringProperty filterProperty() { return filter; }
    public ReadOnlyStringProperty processCountProperty() { return processCount.getReadOnlyProperty(); }
    /** Why the process table is empty; empty when it is not. */
    public ReadOnlyStringProperty processAbsenceProperty() { return processAbsence.getReadOnlyProperty(); }
    /** The pid of the selected process row, kept across samples; the view binds its table to it. */
    public ObjectProperty<Integer> selectedPidProperty() { return selectedPid; }
    /** OOM kills and boots, newest first. */
    public ObservableList<TimelineEvent> timeline() { return timelineView; }
    public ObjectProperty<TimelineEvent> selectedEventProperty() { return selectedEvent; }
    /** The raw kernel (or boot list) lines of the selected event. */
    public ReadOnlyStringProperty selectedRawProperty() { return selectedRaw.getReadOnlyProperty(); }
    /** Why the kernel log could not be read (e.g. it needs root); empty when it was read. */
    public ReadOnlyStringProperty kernelLogAbsenceProperty() { return kernelLogAbsence.getReadOnlyProperty(); }
    /** Where the kills come from, when the kernel log was read. */
    public ReadOnlyStringProperty kernelLogNoteProperty() { return kernelLogNote.getReadOnlyProperty(); }
    /** What the empty timeline says: nothing in the log, or why the log could not be read. */
    public ReadOnlyStringProperty timelineEmptyProperty() { return timelineEmpty.getReadOnlyProperty(); }
    public ReadOnlyStringProperty unrecognizedProperty() { return unrecognized.getReadOnlyProperty(); }
    /** Empty when every kernel log line was understood. */
    public ReadOnlyStringProperty unrecognizedTitleProperty() { return unrecognizedTitle.getReadOnlyProperty(); }
    public ReadOnlyStringProperty otherLinesProperty() { return otherLines.getReadOnlyProperty(); }
    public ReadOnlyStringProperty otherTitleProperty() { return otherTitle.getReadOnlyProperty(); }
    /** The OOM kills and boots within the charts' window, on the charts' clock. */
    public ObservableList<ChartMarker> markers() { return markersView; }
    public ReadOnlyStringProperty markersNoteProperty() { return markersNote.getReadOnlyProperty(); }
    public ReadOnlyStringProperty memoryChartAbsenceProperty() { return memoryChartAbsence.getReadOnlyProperty(); }
    public ReadOnlyStringProperty swapNoteProperty() { return swapNote.getReadOnlyProperty(); }
    /** The top of the PSI chart's axis (%), so small stalls are visible and 0 is not a flat line on the frame. */
    public ReadOnlyDoubleProperty pressureAxisMaxProperty() { return pressureAxisMax.getReadOnlyProperty(); }
    public ReadOnlyStringProperty pressureChartAbsenceProperty() { return pressureChartAbsence.getReadOnlyProperty(); }
}
