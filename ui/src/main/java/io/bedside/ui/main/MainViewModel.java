package io.bedside.ui.main;

import io.bedside.model.probe.ParseProblem;
import io.bedside.model.sample.Sample;
import io.bedside.model.recording.Recording;
import io.bedside.model.recording.Replay;
import io.bedside.model.session.ConnectionState;
import io.bedside.model.probe.RawSample;
import io.bedside.model.session.SamplingSession;
import io.bedside.model.session.SessionListener;
import io.bedside.model.session.SessionStatus;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.fx.TaskRunner;
import io.bedside.ui.overview.OverviewViewModel;
import io.bedside.ui.replay.ReplayController;
import io.bedside.ui.status.StatusBarViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;

/**
 * State and commands of the main view for one live session or one replay: the selected area,
 * the overview and status bar, the parse problems of the last sample, and the Session menu
 * (pause, sample now, interval, administrative access) and recording.
 *
 * <p>Session callbacks arrive on the session's thread and are handed to the FX thread through
 * {@link FxThread}; everything else here runs on the FX thread.
 */
public final class MainViewModel {
    /** The intervals the Session menu offers. */
    public static final List<Duration> INTERVALS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(5), Duration.ofSeconds(10));

    private final Workbench workbench;
    private final TaskRunner runner;
    private final Clock clock;
    private final Navigator navigator;
    private final OverviewViewModel overview = new OverviewViewModel();
    /** Every playbook's findings on every sample, for the first screen and the navigation's counts. */
    private final FindingsBoardModel board;
    /** The overview first, then one area per contribution, in the order given (the registry's). */
    private final List<Area> areas;
    /** The playbooks' areas' view-models, in the same order. */
    private final List<AreaViewModel<?>> areaModels;
    private final StatusBarViewModel status;
    /** The banner over the area while the newest sample's output is cut where the area reads. */
    private final io.bedside.ui.status.CutOutputBannerViewModel cutBanner =
            new io.bedside.ui.status.CutOutputBannerViewModel(Area.OVERVIEW);
    private final ObservableList<ParseProblem> problems = FXCollections.observableArrayList();
    private final ObservableList<ParseProblem> problemsView = FXCollections.unmodifiableObservableList(problems);
    private final ObjectProperty<Area> area = new SimpleObjectProperty<>(this, "area");
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper(this, "source", "");
    private final ReadOnlyBooleanWrapper live = new ReadOnlyBooleanWrapper(this, "live", false);
    private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper(this, "paused", false);
    private final ReadOnlyObjectWrapper<Duration> interval = new ReadOnlyObjectWrapper<>(this, "interval", Duration.ofSeconds(2));
    private final ReadOnlyBooleanWrapper privileged = new ReadOnlyBooleanWrapper(this, "privileged", false);
    /** What switching administrative access is doing now ("Switching to sudo on db-07…"); empty when idle. */
    private final ReadOnlyStringWrapper privilegeProgress = new ReadOnlyStringWrapper(this, "privilegeProgress", "");
    /** Which sources of the sample shown needed root and were not read; empty when none. */
    private final ReadOnlyStringWrapper needsRoot = new ReadOnlyStringWrapper(this, "needsRoot", "");
    private final ReadOnlyBooleanWrapper recording = new ReadOnlyBooleanWrapper(this, "recording", false);
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyBooleanWrapper hasSample = new ReadOnlyBooleanWrapper(this, "hasSample", false);
    private final ReadOnlyBooleanWrapper exportingReport = new ReadOnlyBooleanWrapper(this, "exportingReport", false);
    /** report.html of the report just written, while the notice says so; null otherwise. */
    private final javafx.beans.property.ReadOnlyObjectWrapper<Path> writtenReport =
            new javafx.beans.property.ReadOnlyObjectWrapper<>(this, "writtenReport", null);
    private final StringBinding problemsText;

    private SamplingSession session;
    private final SessionListener listener = new SessionListener() {
        @Override
        public void onSample(Sample sample) {
            FxThread.run(() -> showSample(sample));
        }

        @Override
        public void onStatus(SessionStatus s) {
            FxThread.run(() -> showStatus(s));
        }
    };
    private ReplayController replay;
    private Workbench.Recorder recorder;
    private Sample lastSample;
    private boolean disposed;

    /**
     * @param areas the playbooks' areas, in the registry's order (the window's {@link Workbench#areas()});
     *              the overview comes first by itself
     */
    public MainViewModel(Workbench workbench, TaskRunner runner, Clock clock, Navigator navigator,
                         List<AreaContribution<?>> areas) {
        this.workbench = workbench;
        this.runner = runner;
        this.clock = clock;
        this.navigator = navigator;
        this.status = new StatusBarViewModel(clock);
        // the status bar judges lateness, the charts their gaps, by the interval in force (Session > Interval applies at once)
        interval.addListener((o, was, now) -> showInterval(now));
        List<Area> all = new ArrayList<>();
        all.add(Area.overview());
        Set<String> ids = new HashSet<>(Set.of(Area.OVERVIEW));
        for (AreaContribution<?> c : areas) {
            if (!ids.add(c.id())) {
                throw new IllegalArgumentException("two areas have the id " + c.id());
            }
            all.add(Area.of(c, runner));
        }
        this.areas = List.copyOf(all);
        this.areaModels = this.areas.stream().flatMap(a -> a.viewModel().stream()).toList();
        this.board = new FindingsBoardModel(runner, this.areas);
        area.set(this.areas.get(0));
        // an area builds its tables (IPC's 32,000 rows, the processes) only while it is shown;
        // hidden, it only charts (the memory area also gathers the kernel log's kills)
        for (Area a : this.areas) {
            a.viewModel().ifPresent(m -> m.setActive(area.get() == a));
        }
        area.addListener((o, was, now) -> {
            if (now == null || !this.areas.contains(now)) {
                area.set(was);
                return;
            }
            for (Area a : this.areas) {
                a.viewModel().ifPresent(m -> m.setActive(now == a));
            }
            cutBanner.showArea(now.id());
            if (session != null) {
                session.setWantedLists(now.listsShown());
            }
        });
        this.problemsText = Bindings.createStringBinding(() -> problems.isEmpty() ? "No parse problems"
                : problems.size() == 1 ? "1 parse problem" : problems.size() + " parse problems", problems);
    }

    /** Shows a live session (started, normally with its first sample already in its history). */
    public void attach(SamplingSession s) {
        FxThread.assertFxThread();
        session = s;
        source.set(s.source());
        live.set(true);
        interval.set(s.interval());
        showInterval(s.interval());
        privileged.set(s.isPrivileged());
        // sudo remembered for this host and refused while connecting: say why, and forget it
        s.privilegeRefusal().ifPresent(why -> {
            notice.set(why);
            rememberPrivileged(false);
        });
        paused.set(s.isPaused());
        // a list on demand only while an area that shows it is showing (the TCP list: the Sockets
        // area); else the host reduces it (issue 16)
        s.setWantedLists(area.get() == null ? java.util.Set.of() : area.get().listsShown());
        s.addListener(listener);
        List<Sample> history = s.history();
        overview.showHistory(history);
        areaModels.forEach(m -> m.showHistory(history));
        board.showHistory(history);
        runner.run(() -> workbench.fixes(s), fixes -> {
            if (!disposed) {
                areaModels.forEach(m -> m.setFixes(fixes, "Fixes are not available for this session.", s::sampleNow));
            }
        }, e -> {
            if (!disposed) {
                areaModels.forEach(m -> m.setFixes(Optional.empty(), "Fixes are not available for this session: " + sentence(e), () -> { }));
            }
        }, () -> { });
        if (!history.isEmpty()) {
            lastSample = history.get(history.size() - 1);
            problems.setAll(lastSample.problems());
            hasSample.set(true);
            needsRoot.set(needsRootText(lastSample));
            cutBanner.showSample(lastSample);
        }
        status.update(s.status());
    }

    /** Shows a replay, positioned at its first sample. */
    public ReplayController attach(Replay r) {
        FxThread.assertFxThread();
        live.set(false);
        source.set(r.recording().source());
        areaModels.forEach(m -> m.setFixes(Optional.empty(),
                "A recording cannot be fixed: fixes need a live session on the host.", () -> { }));
        replay = new ReplayController(r, runner, this::showReplayPosition);
        replay.start();
        return replay;
    }

    private void showInterval(Duration d) {
        status.setInterval(d);
        areaModels.forEach(m -> m.charts().setExpectedInterval(d));
    }

    private void showSample(Sample s) {
        if (disposed) {
            return;
        }
        overview.accept(s);
        areaModels.forEach(m -> m.accept(s));
        SamplingSession from = session;
        board.accept(s, from == null ? () -> List.of(s) : from::history);
        lastSample = s;
        problems.setAll(s.problems());
        hasSample.set(true);
        needsRoot.set(needsRootText(s));
        if (session != null && session.isPrivileged() == privileged.get()) {
            privilegeProgress.set("");
        }
        cutBanner.showSample(s);
        if (recorder != null) {
            status.showRecording(recordingText());
        }
    }

    private void showStatus(SessionStatus s) {
        if (disposed) {
            return;
        }
        status.update(s);
        paused.set(s.state() == ConnectionState.PAUSED);
        if (session != null && privileged.get() && !session.isPrivileged()) {
            // sudo was refused: the session went on without it and its message says why
            privileged.set(false);
            privilegeProgress.set("");
            session.privilegeRefusal().or(s::message).ifPresent(notice::set);
            rememberPrivileged(false);
        } else if (s.state() == ConnectionState.FAILED || s.state() == ConnectionState.RECONNECTING) {
            privilegeProgress.set("");
        }
    }

    private void showReplayPosition(List<Sample> upTo) {
        if (upTo.isEmpty()) {
            return;
        }
        overview.showHistory(upTo);
        areaModels.forEach(m -> m.showHistory(upTo));
        board.showHistory(upTo);
        lastSample = upTo.get(upTo.size() - 1);
        problems.setAll(lastSample.problems());
        hasSample.set(true);
        needsRoot.set(needsRootText(lastSample));
        cutBanner.showSample(lastSample);
        replay.setZone(overview.zoneProperty().get());
        status.showReplay(lastSample, upTo.size() - 1, replay.size(), overview.zoneProperty().get());
    }

    // Session menu

    public void togglePause() {
        FxThread.assertFxThread();
        if (session == null) {
            return;
        }
        if (session.isPaused()) {
            session.resume();
        } else {
            session.pause();
        }
        paused.set(session.isPaused());
    }

    public void sampleNow() {
        FxThread.assertFxThread();
        if (session != null) {
            session.sampleNow();
        }
    }

    public void setInterval(Duration d) {
        FxThread.assertFxThread();
        if (session == null) {
            return;
        }
        session.setInterval(d);
        interval.set(d);
    }

    /**
     * Administrative access (sudo) for the probe; takes effect with a sample taken at once, and is
     * remembered for this host (only that it is on: never a password). Until that sample arrives
     * {@link #privilegeProgressProperty()} says what is going on; when sudo is refused the session
     * samples on without it and the notice says why.
     */
    public void setPrivileged(boolean on) {
        FxThread.assertFxThread();
        if (session == null || session.isPrivileged() == on) {
            privileged.set(session != null && session.isPrivileged());
            return;
        }
        session.setPrivileged(on);
        privileged.set(on);
        privilegeProgress.set(on ? "Switching to administrative access: the next sample runs the probe with sudo on "
                + source.get() + "…" : "Switching administrative access off…");
        rememberPrivileged(on);
        session.sampleNow();
    }

    private void rememberPrivileged(boolean on) {
        String host = source.get();
        runner.run(() -> {
            workbench.rememberSudo(host, on);
            return null;
        }, e -> {
            if (!disposed) {
                notice.set(sentence(e));
            }
        });
    }

    // File menu

    /** A file name for a new recording of this session. */
    public String suggestedRecordingName() {
        return "bedside-" + io.bedside.ui.export.ViewExporter.safeName(source.get()) + "-"
                + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(clock)) + ".bedside";
    }

    public void startRecording(Path file) {
        FxThread.assertFxThread();
        if (session == null || recorder != null) {
            return;
        }
        SamplingSession s = session;
        runner.run(() -> workbench.startRecording(s, file), r -> {
            if (disposed) {
                runner.run(() -> {
                    r.stop();
                    return null;
                }, e -> { });
                return;
            }
            recorder = r;
            recording.set(true);
            notice.set("");
            status.showRecording(recordingText());
        }, e -> notice.set("Recording did not start: " + sentence(e)), () -> { });
    }

    public void stopRecording() {
        FxThread.assertFxThread();
        Workbench.Recorder r = recorder;
        if (r == null) {
            return;
        }
        recorder = null;
        recording.set(false);
        status.showRecording("");
        runner.run(() -> {
            r.stop();
            return r;
        }, done -> notice.set("Recorded " + done.samples() + (done.samples() == 1 ? " sample" : " samples")
                        + " to " + done.file() + "."),
                e -> notice.set("The recording may be incomplete: " + sentence(e)), () -> { });
    }

    /** A folder name for an incident report of this session or replay. */
    public String suggestedReportName() {
        return "bedside-report-" + io.bedside.ui.export.ViewExporter.safeName(source.get()) + "-"
                + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(clock));
    }

    /**
     * What a report covers: the whole replayed recording, or the live session's history as far as
     * it goes back (its raw probe outputs, oldest first). Empty before the first sample.
     */
    public Optional<Recording> reportRecording() {
        FxThread.assertFxThread();
        if (replay != null) {
            return Optional.of(replay.replay().recording());
        }
        if (session == null) {
            return Optional.empty();
        }
        List<RawSample> raw = session.rawHistory();
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        // the raw outputs kept are bounded (SamplingSession.RAW_HISTORY_CHARS): the report says when they go back less far
        int kept = session.history().size();
        return Optional.of(new Recording(session.source(), raw.get(0).receivedAt(),
                "Session of " + session.source() + " exported from the window" + (raw.size() < kept
                        ? " (its newest " + raw.size() + " of " + kept + " samples: the host's outputs are too large to keep more)" : ""),
                raw));
    }

    /**
     * Writes the incident report (report.html, report.md, evidence.json) into {@code dir} in the
     * background; the notice says where it went, or why it did not.
     */
    public void exportReport(Path dir, boolean redact) {
        FxThread.assertFxThread();
        Optional<Recording> r = reportRecording();
        if (r.isEmpty()) {
            notice.set("There is no sample to report yet.");
            return;
        }
        if (exportingReport.get()) {
            return;
        }
        Recording recordingToReport = r.get();
        exportingReport.set(true);
        notice.set("Writing the report to " + dir + "…");
        runner.run(() -> workbench.exportReport(recordingToReport, dir, redact), written -> {
            if (!disposed) {
                String text = "Report written to " + written + ": report.html, report.md, evidence.json.";
                notice.set(text);
                writtenReport.set(written.resolve("report.html"));
                // the button to open it goes with this notice, not with the next one
                notice.addListener(new javafx.beans.value.ChangeListener<>() {
                    @Override
                    public void changed(javafx.beans.value.ObservableValue<? extends String> o, String was, String now) {
                        if (!text.equals(now)) {
                            writtenReport.set(null);
                            notice.removeListener(this);
                        }
                    }
                });
            }
        }, e -> {
            if (!disposed) {
                notice.set(e instanceof java.io.IOException ? sentence(e) : "The report was not written: " + sentence(e));
            }
        }, () -> exportingReport.set(false));
    }

    /** Opens the report just written in the desktop's browser; a failure is the notice's one sentence. */
    public void openWrittenReport() {
        FxThread.assertFxThread();
        Path file = writtenReport.get();
        if (file == null) {
            return;
        }
        runner.run(() -> {
            workbench.showDocument(file);
            return file;
        }, f -> { }, e -> {
            if (!disposed) {
                notice.set(sentence(e));
            }
        }, () -> { });
    }

    public javafx.beans.property.ReadOnlyObjectProperty<Path> writtenReportProperty() {
        return writtenReport.getReadOnlyProperty();
    }

    /** Opens a recording in place of this view. */
    public void openRecording(Path file) {
        FxThread.assertFxThread();
        runner.run(() -> workbench.openRecording(file), r -> {
            dispose();
            navigator.showReplay(r);
        }, e -> notice.set(sentence(e)), () -> { });
    }

    /** Closes the session and goes back to the connect screen. */
    public void close() {
        FxThread.assertFxThread();
        dispose();
        navigator.showConnect();
    }

    public void quit() {
        FxThread.assertFxThread();
        dispose();
        navigator.quit();
    }

    public void dismissNotice() {
        FxThread.assertFxThread();
        notice.set("");
    }

    /** Stops the recording, closes the session (in the background) and stops replaying. */
    public void dispose() {
        FxThread.assertFxThread();
        if (disposed) {
            return;
        }
        disposed = true;
        if (recorder != null) {
            Workbench.Recorder r = recorder;
            recorder = null;
            recording.set(false);
            runner.run(() -> {
                r.stop();
                return null;
            }, e -> { });
        }
        if (session != null) {
            SamplingSession s = session;
            s.removeListener(listener);
            runner.run(() -> {
                s.close();
                return null;
            }, e -> { });
        }
        if (replay != null) {
            replay.dispose();
        }
        areaModels.forEach(AreaViewModel::dispose);
        board.dispose();
    }

    /**
     * "This sample was taken without administrative access: kernel-log and shm-attach need root, so
     * ..." when sources of {@code s} needed root; empty when none did.
     */
    static String needsRootText(Sample s) {
        List<String> names = new ArrayList<>();
        for (io.bedside.model.probe.Section x : s.output().sections().values()) {
            if (x.status() == io.bedside.model.probe.SourceStatus.NEEDS_ROOT) {
                names.add(x.name());
            }
        }
        if (names.isEmpty()) {
            return "";
        }
        String list = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        return "Without administrative access " + list + (names.size() == 1 ? " was" : " were")
                + " not read (root only), so the findings that rest on " + (names.size() == 1 ? "it" : "them")
                + " may be incomplete.";
    }

    private String recordingText() {
        Workbench.Recorder r = recorder;
        return r == null ? "" : "REC " + r.samples() + (r.samples() == 1 ? " sample" : " samples");
    }

    /** When the data on screen was sampled, on the host's clock face; now before the first sample. */
    public ZonedDateTime dataTime() {
        return (lastSample == null ? clock.instant() : lastSample.sampledAt()).atZone(overview.zoneProperty().get());
    }

    public Optional<Sample> lastSample() {
        return Optional.ofNullable(lastSample);
    }

    private static String sentence(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() + "." : m.strip().lines().findFirst().orElse(m);
    }

    public OverviewViewModel overview() { return overview; }
    /** The findings board: every playbook's findings on the newest sample. */
    public FindingsBoardModel board() { return board; }
    /** The places of the navigation: the overview, then the playbooks' areas in the registry's order. */
    public List<Area> areas() { return areas; }

    /** The area with {@code id} (a playbook's id, or {@link Area#OVERVIEW}). */
    public Optional<Area> area(String id) {
        return areas.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    /**
     * Opens the area of a finding on the board, with what the finding is about selected there
     * (its process, IPC object, mount...).
     */
    public void openFinding(FindingsBoardModel.Entry e) {
        FxThread.assertFxThread();
        selectArea(e.areaId());
        area(e.areaId()).flatMap(Area::viewModel).ifPresent(m -> m.reveal(e.finding()));
    }

    /**
     * Opens the wizard of {@code fixId} of a finding on the board, on the newest sample, as the
     * finding's own area would; empty when fixes are not available or a wizard is open.
     */
    public Optional<io.bedside.ui.fix.FixWizardViewModel> openFix(FindingsBoardModel.Entry e, String fixId) {
        FxThread.assertFxThread();
        return area(e.areaId()).flatMap(Area::viewModel).flatMap(m -> m.openFix(fixId, e.finding().paramsFor(fixId)));
    }

    /** The view-model of the area with {@code id}; empty for the overview or an unknown id. */
    public Optional<AreaViewModel<?>> areaViewModel(String id) {
        return area(id).flatMap(Area::viewModel);
    }

    /** Shows the area with {@code id}. */
    public void selectArea(String id) {
        FxThread.assertFxThread();
        area.set(area(id).orElseThrow(() -> new IllegalArgumentException("no area " + id)));
    }

    /** The view-model of the area with {@code id}, as the type its contribution makes. */
    public <V extends AreaViewModel<?>> V areaViewModel(String id, Class<V> type) {
        return type.cast(area(id).flatMap(Area::viewModel).orElseThrow(() -> new IllegalArgumentException("no area " + id)));
    }

    public StatusBarViewModel status() { return status; }
    public io.bedside.ui.status.CutOutputBannerViewModel cutBanner() { return cutBanner; }
    public Optional<ReplayController> replay() { return Optional.ofNullable(replay); }
    public Optional<SamplingSession> session() { return Optional.ofNullable(session); }
    public ObservableList<ParseProblem> problems() { return problemsView; }
    public StringBinding problemsTextBinding() { return problemsText; }
    public ObjectProperty<Area> areaProperty() { return area; }
    public ReadOnlyStringProperty sourceProperty() { return source.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty liveProperty() { return live.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty pausedProperty() { return paused.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Duration> intervalProperty() { return interval.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty privilegedProperty() { return privileged.getReadOnlyProperty(); }
    /** Which sources of the sample shown needed root and were not read, in one sentence; empty when none. */
    public ReadOnlyStringProperty needsRootProperty() { return needsRoot.getReadOnlyProperty(); }
    /** What switching administrative access is doing now; empty when idle. */
    public ReadOnlyStringProperty privilegeProgressProperty() { return privilegeProgress.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty recordingProperty() { return recording.getReadOnlyProperty(); }
    public ReadOnlyStringProperty noticeProperty() { return notice.getReadOnlyProperty(); }
    /** Whether there is a sample on screen (live or replayed): what a report or an export needs. */
    public ReadOnlyBooleanProperty hasSampleProperty() { return hasSample.getReadOnlyProperty(); }
    /** Whether a report is being written now. */
    public ReadOnlyBooleanProperty exportingReportProperty() { return exportingReport.getReadOnlyProperty(); }
}
