package io.bedside.ui.main;

import io.bedside.ui.fx.Theme;
import io.bedside.model.recording.Recording;
import io.bedside.model.recording.Replay;
import io.bedside.model.net.NetPlaybook;
import io.bedside.model.session.ConnectionState;
import io.bedside.model.session.SamplingSession;
import io.bedside.model.sockets.SocketPlaybook;
import io.bedside.model.sockets.SocketSnapshot;
import io.bedside.model.probe.RawSample;
import io.bedside.ui.connect.ConnectView;
import io.bedside.ui.fx.BackgroundTaskRunner;
import io.bedside.ui.support.Fixtures;
import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.Screenshots;
import io.bedside.ui.support.TestFileDialogs;
import io.bedside.ui.support.TestWorkbench;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static io.bedside.ui.support.FxTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole window, headless: the connect screen, a live session on this machine running the
 * real probe, export, themes and replay. Screenshots go to target/screenshots for a person to
 * look at.
 */
@ExtendWith(ApplicationExtension.class)
class BedsideWindowTest {
    static {
        FxTestSupport.configureHeadlessScreen();
    }

    private final TestWorkbench workbench = new TestWorkbench(Duration.ofSeconds(1));
    private final BackgroundTaskRunner runner = new BackgroundTaskRunner();
    private final Path exports = Path.of("target", "exports");
    private final TestFileDialogs dialogs = new TestFileDialogs(exports);
    private BedsideWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = new BedsideWindow(workbench, runner, dialogs, Clock.systemDefaultZone());
        window.show(stage, Optional.empty());
    }

    @AfterEach
    void closeWindow() {
        onFx(() -> stage.hide());
        runner.close();
    }

    @Test
    void connectScreenListsHostsAndRecordings(FxRobot robot) {
        waitFor("the lists", 5000, () -> robot.lookup("#connect-recordings").queryAs(ListView.class).getItems().size() == 1);
        assertEquals(List.of("db-07", "web-prod-1", "bastion"), robot.lookup("#connect-aliases").queryAs(ListView.class).getItems());
        assertEquals(List.of("deploy@db-07:2222"), robot.lookup("#connect-recent").queryAs(ListView.class).getItems());
        Screenshots.take(stage.getScene(), "connect-screen");
    }

    @Test
    void badHostTextShowsOneSentence(FxRobot robot) {
        robot.clickOn("#connect-host").write("no such host").type(KeyCode.ENTER);
        waitFor("the error", 5000, () -> !robot.lookup("#connect-error").queryAs(Label.class).getText().isEmpty());
        assertEquals("'no such host' is not a host: use an alias, host, user@host or user@host:port.",
                robot.lookup("#connect-error").queryAs(Label.class).getText());
        assertTrue(window.currentView() instanceof ConnectView);
        Screenshots.take(stage.getScene(), "connect-error");
    }

    @Test
    void aRecordingGivenOnTheCommandLineOpensFromTheConnectScreen(FxRobot robot) {
        // the test workbench refuses every file, as the app does a file that is no recording
        onFx(() -> {
            window.openRecording(Path.of("notes.jsonl.gz"));
            return null;
        });
        waitFor("the error", 10_000, () -> !robot.lookup("#connect-error").queryAs(Label.class).getText().isEmpty());
        assertEquals("notes.jsonl.gz is not a Bedside recording.", robot.lookup("#connect-error").queryAs(Label.class).getText());
        assertTrue(window.currentView() instanceof ConnectView);
    }

    @Test
    void unreachableHostShowsTheTransportsSentenceAndStops(FxRobot robot) {
        robot.clickOn("#connect-host").write(TestWorkbench.UNREACHABLE).type(KeyCode.ENTER);
        waitFor("the error", 10_000, () -> !robot.lookup("#connect-error").queryAs(Label.class).getText().isEmpty());
        assertEquals(TestWorkbench.UNREACHABLE_MESSAGE, robot.lookup("#connect-error").queryAs(Label.class).getText(),
                "the session's retry note is dropped: the connect screen does not retry");
        assertFalse(((ConnectView) window.currentView()).viewModel().busyProperty().get());
        Screenshots.take(stage.getScene(), "connect-unreachable");
    }

    @Test
    void thisMachineGoesLiveChartsSamplesAndExports(FxRobot robot) throws Exception {
        robot.clickOn("#connect-this-machine");
        waitFor("the main view", 20_000, () -> window.currentView() instanceof MainView);
        MainView main = (MainView) window.currentView();
        MainViewModel vm = main.viewModel();
        waitFor("five samples on the load chart", 30_000, () -> vm.overview().loadSeries().get(0).getData().size() >= 5);

        assertEquals(ConnectionState.LIVE, onFx(() -> vm.status().stateProperty().get()));
        assertTrue(onFx(() -> vm.status().roundTripProperty().get()).endsWith(" ms"));
        assertTrue(onFx(() -> vm.status().probeTimeProperty().get()).matches("\\d+\\.\\d ms"));
        assertTrue(onFx(() -> vm.status().bytesProperty().get()).endsWith("KiB"));
        assertFalse(onFx(() -> vm.overview().hostnameProperty().get()).isEmpty());
        assertEquals(5, Math.min(5, vm.overview().memorySeries().get(0).getData().size()));
        Screenshots.take(stage.getScene(), "overview-live");

        // Export view as PNG (Ctrl+Shift+S): a real PNG with the view in it
        String name = onFx(main::suggestedPngName);
        assertTrue(name.matches("bedside-this-machine-overview-\\d{8}-\\d{6}\\.png"), name);
        Files.deleteIfExists(exports.resolve(name));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.S).release(KeyCode.S, KeyCode.SHIFT, KeyCode.CONTROL);
        Path png = exports.resolve(name);
        waitFor("the PNG", 10_000, () -> Files.size(png.getParent()) >= 0 && Files.exists(png) && Files.size(png) > 10_000);
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 800 && image.getHeight() > 500, image.getWidth() + "x" + image.getHeight());
        assertTrue(distinctColours(image) > 200, "the PNG shows the view, not a blank area");

        // Pause stops the samples; the status bar says so
        onFx(vm::togglePause);
        waitFor("paused", 5000, () -> vm.status().stateProperty().get() == ConnectionState.PAUSED);
        // a sample already on its way when Pause was pressed still arrives (its probe was running)
        Thread.sleep(1500);
        int points = onFx(() -> vm.overview().loadSeries().get(0).getData().size());
        Thread.sleep(2500);
        assertEquals(points, (int) onFx(() -> vm.overview().loadSeries().get(0).getData().size()));
        onFx(vm::togglePause);
        waitFor("live again", 5000, () -> vm.status().stateProperty().get() == ConnectionState.LIVE);

        // record: the REC badge counts samples until stopped
        onFx(() -> vm.startRecording(exports.resolve(vm.suggestedRecordingName())));
        waitFor("recording", 5000, () -> vm.recordingProperty().get());
        waitFor("a recorded sample", 10_000, () -> vm.status().recordingProperty().get().matches("REC [1-9]\\d* samples?"));
        onFx(vm::stopRecording);
        waitFor("the recording notice", 5000, () -> vm.noticeProperty().get().startsWith("Recorded "));
        assertEquals("", onFx(() -> vm.status().recordingProperty().get()));

        // dark theme
        onFx(() -> window.themeProperty().set(Theme.DARK));
        Thread.sleep(300);
        Screenshots.take(stage.getScene(), "overview-live-dark");
        onFx(() -> window.themeProperty().set(Theme.LIGHT));

        // the IPC area shows this machine's IPC tables; a place a playbook fills later says what will appear there
        onFx(() -> vm.selectArea("ipc"));
        assertTrue(robot.lookup("#ipc-view").tryQuery().isPresent());
        waitFor("the IPC tables", 10_000, () -> vm.areaViewModel("ipc", io.bedside.ui.ipc.IpcViewModel.class).hasSampleProperty().get());
        Screenshots.take(stage.getScene(), "area-ipc");
        onFx(() -> vm.selectArea("memory"));
        assertTrue(robot.lookup("#memory-view").tryQuery().isPresent());
        waitFor("the memory area", 10_000, () -> vm.areaViewModel("memory", io.bedside.ui.memory.MemoryViewModel.class).hasSampleProperty().get());
        onFx(() -> vm.selectArea("sockets"));
        assertTrue(robot.lookup("#sockets-view").tryQuery().isPresent());
    }

    @Test
    void bundledRecordingReplaysWithASlider(FxRobot robot) {
        waitFor("the recordings", 5000, () -> robot.lookup("#connect-recordings").queryAs(ListView.class).getItems().size() == 1);
        robot.clickOn("Open");
        waitFor("the replay", 10_000, () -> window.currentView() instanceof MainView);
        MainViewModel vm = ((MainView) window.currentView()).viewModel();
        assertEquals(ConnectionState.REPLAY, onFx(() -> vm.status().stateProperty().get()));
        assertEquals("0.12", onFx(() -> vm.overview().load1Property().get()));
        assertEquals(1, (int) onFx(() -> vm.overview().loadSeries().get(0).getData().size()));

        onFx(() -> robot.lookup("#replay-slider").queryAs(Slider.class).setValue(20));
        // the replay reads the position off the FX thread: the views show it once it is read
        waitFor("sample 21 shown", 10_000, () -> vm.overview().loadSeries().get(0).getData().size() == 21);
        assertEquals("Sample 21 of 30  ·  2026-11-23 15:49:04", onFx(() -> robot.lookup("#replay-position").queryAs(Label.class).getText()));
        assertEquals("sample 21 of 30, recorded 15:49:04", onFx(() -> vm.status().ageProperty().get()));
        Screenshots.take(stage.getScene(), "replay");
    }

    @Test
    void hostWithoutPsiSaysWhyInsteadOfAnEmptyChart(FxRobot robot) {
        String raw = Fixtures.text(Fixtures.NO_PSI);
        Instant t = Instant.parse("2026-11-23T15:50:00Z");
        List<RawSample> samples = List.of(new RawSample(t, 11, raw, ""), new RawSample(t.plusSeconds(2), 12, raw, ""),
                new RawSample(t.plusSeconds(4), 10, raw, ""));
        Replay replay = new Replay(new Recording("old-kernel-host", t, "no PSI", samples));
        onFx(() -> window.showReplay(replay));
        MainViewModel vm = ((MainView) window.currentView()).viewModel();
        FxTestSupport.moveReplay(onFx(() -> vm.replay().orElseThrow()), 2);
        // the overview is built off the FX thread: wait for the reason to show
        waitFor("the reason", 10_000, () -> robot.lookup(".bs-chart-absent").queryAllAs(Label.class).stream()
                .anyMatch(Label::isVisible));
        Label reason = onFx(() -> robot.lookup(".bs-chart-absent").queryAllAs(Label.class).stream()
                .filter(Label::isVisible).findFirst().orElseThrow());
        assertEquals("Memory pressure (PSI) not present on this host — needs kernel 4.20+ with PSI enabled", reason.getText());
        Screenshots.take(stage.getScene(), "overview-no-psi");
    }

    @Test
    void connectingShowsProgressAndCanBeCancelled(FxRobot robot) {
        robot.clickOn("#connect-host").write(TestWorkbench.SLOW).type(KeyCode.ENTER);
        ConnectView view = (ConnectView) window.currentView();
        waitFor("progress", 5000, () -> view.viewModel().busyProperty().get()
                && robot.lookup("#connect-progress").queryAs(Label.class).getText().equals("Connecting to slow.test…"));
        Screenshots.take(stage.getScene(), "connect-progress");
        robot.clickOn("#connect-cancel");
        waitFor("idle", 5000, () -> !view.viewModel().busyProperty().get());
        assertEquals("", onFx(() -> robot.lookup("#connect-error").queryAs(Label.class).getText()));
        assertFalse(onFx(() -> robot.lookup("#connect-button").queryButton().isDisabled()), "ready to connect again");
    }

    @Test
    void aDroppedConnectionKeepsTheLastDataMarkedStale(FxRobot robot) {
        robot.clickOn("#connect-host").write(TestWorkbench.FLAKY).type(KeyCode.ENTER);
        waitFor("the main view", 20_000, () -> window.currentView() instanceof MainView);
        MainViewModel vm = ((MainView) window.currentView()).viewModel();
        waitFor("stale", 20_000, () -> vm.status().staleProperty().get());
        assertTrue(onFx(() -> robot.lookup("#main-stale").queryAs(Label.class).isVisible()));
        assertTrue(onFx(() -> robot.lookup("#status-stale").queryAs(Label.class).isVisible()));
        assertFalse(onFx(() -> vm.overview().hostnameProperty().get()).isEmpty(), "the last data stays");
        // first the drop, then the failed reconnect, each in the session's own words
        waitFor("the reconnect failure", 20_000,
                () -> vm.status().messageProperty().get().startsWith("Could not connect to flaky.test port 22: no route to host."));
        assertTrue(onFx(() -> vm.status().staleProperty().get()));
        Screenshots.take(stage.getScene(), "overview-stale");
    }

    @Test
    void parseProblemsOfTheLastSampleAreListed(FxRobot robot) {
        // the real output cut short inside /proc/meminfo, as when a connection drops mid-sample
        String raw = Fixtures.text(Fixtures.ROOT);
        String cut = raw.substring(0, raw.indexOf("Active(anon):"));
        Instant t = Instant.parse("2026-11-23T15:50:00Z");
        Replay replay = new Replay(new Recording("db-07", t, "cut", List.of(new RawSample(t, 40, cut, ""))));
        onFx(() -> window.showReplay(replay));
        MainViewModel vm = ((MainView) window.currentView()).viewModel();
        assertTrue(onFx(() -> vm.problems().size()) >= 2);
        assertTrue(onFx(() -> vm.problems().stream().anyMatch(p -> p.message().contains("truncated"))));
        robot.clickOn("#problems-toggle");
        assertTrue(onFx(() -> robot.lookup("#problems-table").query().isVisible()));
        Screenshots.take(stage.getScene(), "problems");
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    /**
     * The window asks its live session for the whole TCP list only while the Sockets area shows it
     * (issue 16): every other area, the board and the charts do with the hot states and the host's
     * counts.
     */
    @Test
    void theTcpListIsWantedWhileTheSocketsAreaShows() {
        SamplingSession session = workbench.openThisMachine();
        assertTrue(session.wantsList(SocketSnapshot.TCP_LIST.name()), "a session reads the list unless told otherwise (record, diagnose)");
        onFx(() -> window.showLive(session));
        MainViewModel vm = ((MainView) window.currentView()).viewModel();
        try {
            assertFalse(session.wantsList(SocketSnapshot.TCP_LIST.name()), "the overview does with the counts");
            session.start();
            waitFor("a sample", 30_000, () -> !session.history().isEmpty());

            onFx(() -> vm.selectArea(SocketPlaybook.ID));
            assertTrue(session.wantsList(SocketSnapshot.TCP_LIST.name()), "the Sockets area lists every socket");
            onFx(() -> vm.selectArea(NetPlaybook.ID));
            assertFalse(session.wantsList(SocketSnapshot.TCP_LIST.name()), "the network limits area reads the tuples, counted on the host");
            onFx(() -> vm.selectArea(SocketPlaybook.ID));
            assertTrue(session.wantsList(SocketSnapshot.TCP_LIST.name()));
        } finally {
            onFx(() -> {
                FxTestSupport.hideWindowsBut(stage);
                vm.dispose();
            });
        }
    }
}
