package io.bedside.ui.main;

import io.bedside.model.recording.Recording;
import io.bedside.model.recording.Replay;
import io.bedside.model.probe.RawSample;
import io.bedside.model.session.SamplingSession;
import io.bedside.ui.fx.BackgroundTaskRunner;
import io.bedside.ui.support.Fixtures;
import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.Screenshots;
import io.bedside.ui.support.TestFileDialogs;
import io.bedside.ui.support.TestWorkbench;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static io.bedside.ui.support.FxTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * File > Export report… in the whole window, headless: the redaction question, the folder, the
 * recording handed to the workbench (live history or the whole replay), and the notice after.
 * The workbench is the test's own and records what it was asked; the folder chooser answers with
 * a temporary folder.
 */
@ExtendWith(ApplicationExtension.class)
class ExportReportTest {
    static {
        FxTestSupport.configureHeadlessScreen();
    }

    private final TestWorkbench workbench = new TestWorkbench(Duration.ofSeconds(1));
    private final BackgroundTaskRunner runner = new BackgroundTaskRunner();
    @TempDir
    Path temp;
    private TestFileDialogs dialogs;
    private BedsideWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        dialogs = new TestFileDialogs(Path.of("target", "exports"));
        window = new BedsideWindow(workbench, runner, dialogs, Clock.systemDefaultZone());
        window.show(stage, Optional.empty());
    }

    @AfterEach
    void close() {
        onFx(() -> {
            FxTestSupport.hideWindowsBut(stage);
            MainView main = window.currentView() instanceof MainView m ? m : null;
            if (main != null) {
                main.viewModel().dispose();
            }
            stage.hide();
        });
        runner.close();
    }

    private static Optional<Window> reportDialog() {
        return Window.getWindows().stream().filter(w -> w.isShowing() && w.getScene() != null
                && w.getScene().getRoot() instanceof DialogPane p && p.lookup("#report-redact") != null).findFirst();
    }

    private static MenuItem reportItem(FxRobot robot) {
        MenuBar bar = robot.lookup(".menu-bar").queryAs(MenuBar.class);
        return bar.getMenus().get(0).getItems().stream().filter(i -> "menu-export-report".equals(i.getId()))
                .findFirst().orElseThrow();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String notice(FxRobot robot) {
        return onFx(() -> robot.lookup("#main-notice").queryAs(Label.class).getText());
    }

    @Test
    void replayReportsTheWholeRecordingRedactedIntoTheChosenFolder(FxRobot robot) {
        Replay replay = Fixtures.seriesReplay();
        onFx(() -> window.showReplay(replay));
        MainViewModel vm = ((MainView) window.currentView()).viewModel();
        // the slider in the middle: the report still covers the whole recording
        FxTestSupport.moveReplay(onFx(() -> vm.replay().orElseThrow()), 10);
        dialogs.reportAnswer = temp;
        MenuItem item = reportItem(robot);
        assertFalse(onFx(item::isDisable), "a replay has samples");
        assertEquals(new javafx.scene.input.KeyCodeCombination(KeyCode.E, javafx.scene.input.KeyCombination.SHORTCUT_DOWN,
                javafx.scene.input.KeyCombination.SHIFT_DOWN), onFx(item::getAccelerator));

        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.E).release(KeyCode.E, KeyCode.SHIFT, KeyCode.CONTROL);
        waitFor("the report dialog", 10_000, () -> reportDialog().isPresent());
        String covers = onFx(() -> robot.lookup("#report-covers").queryAs(Label.class).getText());
        assertTrue(covers.startsWith("The report covers the recording of vm: all 30 samples, from "), covers);
        CheckBox redact = robot.lookup("#report-redact").queryAs(CheckBox.class);
        assertFalse(onFx(redact::isSelected), "not redacted unless asked");
        robot.clickOn("#report-redact");
        assertTrue(onFx(redact::isSelected));
        Screenshots.takeWithPopups(stage, "report-dialog");
        Screenshots.take(onFx(() -> reportDialog().orElseThrow().getScene()), "report-dialog-alone");
        robot.clickOn("#report-choose-folder");

        waitFor("the report call", 10_000, () -> workbench.reports.size() == 1);
        TestWorkbench.ReportCall call = workbench.reports.get(0);
        assertEquals(replay.size(), call.recording().samples().size());
        assertEquals(30, call.recording().samples().size());
        assertEquals(replay.recording(), call.recording());
        assertTrue(call.redact());
        assertTrue(dialogs.lastSuggestedReport.matches("bedside-report-vm-\\d{8}-\\d{6}"), dialogs.lastSuggestedReport);
        assertEquals(temp.resolve(dialogs.lastSuggestedReport), call.dir());
        assertFalse(call.thread().contains("JavaFX Application Thread"), "written off the FX thread: " + call.thread());

        String expected = "Report written to " + call.dir() + ": report.html, report.md, evidence.json.";
        waitFor("the notice", 10_000, () -> notice(robot).equals(expected));
        assertFalse(onFx(item::isDisable), "ready for another report");
        Screenshots.take(stage.getScene(), "report-written");

        // the notice offers to open it; the button goes with the notice
        assertTrue(onFx(() -> robot.lookup("#main-open-report").query().isVisible()));
        robot.clickOn("#main-open-report");
        waitFor("the report opened", 10_000, () -> workbench.documents.size() == 1);
        assertEquals(call.dir().resolve("report.html"), workbench.documents.get(0));
        onFx(() -> {
            vm.dismissNotice();
            return null;
        });
        assertFalse(onFx(() -> robot.lookup("#main-open-report").query().isVisible()), "gone with its notice");
    }

    @Test
    void liveSessionReportsItsRawHistoryFromTheMenu(FxRobot robot) {
        SamplingSession session = workbench.openThisMachine();
        // shown before its first sample: nothing to report yet
        onFx(() -> window.showLive(session));
        MainViewModel vm = ((MainView) window.currentView()).viewModel();
        MenuItem item = reportItem(robot);
        assertTrue(onFx(item::isDisable), "disabled before the first sample");
        session.start();
        waitFor("three samples", 30_000, () -> session.rawHistory().size() >= 3);
        waitFor("enabled", 10_000, () -> !item.isDisable());
        onFx(vm::togglePause);
        waitFor("paused", 5000, session::isPaused);
        // a probe run already under way when paused still lands
        waitFor("no sample in flight", 20_000, () -> vm.status().stateProperty().get()
                == io.bedside.model.session.ConnectionState.PAUSED);
        sleep(1500);
        List<RawSample> raw = session.rawHistory();
        dialogs.reportAnswer = temp;

        robot.clickOn("File").clickOn("Export report…");
        waitFor("the report dialog", 10_000, () -> reportDialog().isPresent());
        String covers = onFx(() -> robot.lookup("#report-covers").queryAs(Label.class).getText());
        assertTrue(covers.startsWith("The report covers the live session of This machine as far as Bedside keeps it: the last "
                + raw.size() + " samples, from "), covers);
        robot.clickOn("#report-choose-folder");

        waitFor("the report call", 10_000, () -> workbench.reports.size() == 1);
        TestWorkbench.ReportCall call = workbench.reports.get(0);
        Recording r = call.recording();
        assertEquals(raw.size(), r.samples().size(), "the whole history");
        assertEquals((int) onFx(() -> vm.overview().loadSeries().get(0).getData().size()), r.samples().size(), "as many as the charts show");
        assertEquals(raw, r.samples());
        assertEquals("This machine", r.source());
        assertEquals(raw.get(0).receivedAt(), r.startedAt());
        assertEquals("Session of This machine exported from the window", r.description());
        assertFalse(call.redact());
        assertTrue(call.dir().getFileName().toString().matches("bedside-report-this-machine-\\d{8}-\\d{6}"), call.dir().toString());
        waitFor("the notice", 10_000, () -> notice(robot).equals(
                "Report written to " + call.dir() + ": report.html, report.md, evidence.json."));
    }

    @Test
    void aFailedReportSaysItsOneSentence(FxRobot robot) {
        workbench.reportFailure = new IOException("Could not write " + temp + "/x/report.html: permission denied.",
                new java.nio.file.AccessDeniedException(temp + "/x/report.html"));
        onFx(() -> window.showReplay(Fixtures.seriesReplay()));
        dialogs.reportAnswer = temp;
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.E).release(KeyCode.E, KeyCode.SHIFT, KeyCode.CONTROL);
        waitFor("the report dialog", 10_000, () -> reportDialog().isPresent());
        robot.clickOn("#report-choose-folder");
        waitFor("the report call", 10_000, () -> workbench.reports.size() == 1);
        waitFor("the failure notice", 10_000, () -> notice(robot).startsWith("Could not write"));
        assertEquals("Could not write " + temp + "/x/report.html: permission denied.", notice(robot));
        Screenshots.take(stage.getScene(), "report-failed");
    }

    @Test
    void cancelWritesNothingAndNoFolderMeansNoReport(FxRobot robot) {
        onFx(() -> window.showReplay(Fixtures.seriesReplay()));
        dialogs.reportAnswer = temp;
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.E).release(KeyCode.E, KeyCode.SHIFT, KeyCode.CONTROL);
        waitFor("the report dialog", 10_000, () -> reportDialog().isPresent());
        robot.clickOn("#report-cancel");
        waitFor("the dialog gone", 5000, () -> reportDialog().isEmpty());
        assertEquals(null, dialogs.lastSuggestedReport, "no folder asked for");

        // the folder chooser cancelled
        dialogs.reportAnswer = null;
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.E).release(KeyCode.E, KeyCode.SHIFT, KeyCode.CONTROL);
        waitFor("the report dialog", 10_000, () -> reportDialog().isPresent());
        robot.clickOn("#report-choose-folder");
        waitFor("the folder asked for", 5000, () -> dialogs.lastSuggestedReport != null);
        sleep(500);
        assertTrue(workbench.reports.isEmpty());
        assertEquals("", notice(robot));
    }
}
