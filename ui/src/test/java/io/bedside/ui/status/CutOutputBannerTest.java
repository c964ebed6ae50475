package io.bedside.ui.status;

import io.bedside.model.probe.RawSample;
import io.bedside.model.recording.Recording;
import io.bedside.model.recording.Replay;
import io.bedside.ui.fx.BackgroundTaskRunner;
import io.bedside.ui.main.BedsideWindow;
import io.bedside.ui.main.MainView;
import io.bedside.ui.main.MainViewModel;
import io.bedside.ui.support.Fixtures;
import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.Screenshots;
import io.bedside.ui.support.TestFileDialogs;
import io.bedside.ui.support.TestWorkbench;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

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
 * A probe output cut in the middle of proc-fds (the size cap) is a persistent banner over the
 * areas whose sections it lost, for as long as the newest sample is cut; the real window, replaying
 * two real lab captures, the second cut.
 */
@ExtendWith(ApplicationExtension.class)
class CutOutputBannerTest {
    static {
        FxTestSupport.configureHeadlessScreen();
    }

    private final BackgroundTaskRunner runner = new BackgroundTaskRunner();
    private BedsideWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = new BedsideWindow(new TestWorkbench(Duration.ofSeconds(2)), runner,
                new TestFileDialogs(Path.of("target", "exports")), Clock.systemDefaultZone());
        window.show(stage, Optional.empty());
    }

    @AfterEach
    void close() {
        onFx(() -> {
            FxTestSupport.hideWindowsBut(stage);
            stage.hide();
        });
        runner.close();
    }

    private static String banner(FxRobot robot) {
        return onFx(() -> {
            Label l = robot.lookup("#cut-output-text").queryAs(Label.class);
            return l.getParent().isVisible() ? l.getText() : "";
        });
    }

    @Test
    void theAreasACutOutputTouchesShowItUntilACompleteSampleArrives(FxRobot robot) {
        String whole = Fixtures.text("net/probe-lab-ports-t0.txt");
        String next = Fixtures.text("net/probe-lab-ports-t1.txt");
        // the transport's cap hit half-way through the fd walk; the session ends a cut output with a newline
        int fds = next.indexOf("section proc-fds ok");
        int threads = next.indexOf("section proc-threads ok");
        String cut = next.substring(0, fds + (threads - fds) / 2) + "\n";
        RawSample a = new RawSample(Fixtures.hostStart(whole).plusMillis(40), 40, whole, "");
        RawSample b = new RawSample(Fixtures.hostStart(next).plusMillis(40), 40, cut, "");
        // then a light sample: the fd and thread walks skipped, to be carried from the cut full one
        int lineStart = next.lastIndexOf('\n', fds) + 1;
        String marker = next.substring(lineStart, fds);
        int after = next.indexOf(marker + "section net-limits");
        String light = next.substring(0, lineStart) + marker + "section proc-fds skipped light sample\n"
                + marker + "section proc-threads skipped light sample\n" + next.substring(after);
        RawSample c = new RawSample(b.receivedAt().plusSeconds(2), 40, light, "");
        onFx(() -> window.showReplay(new Replay(new Recording("lab-ports", a.receivedAt(), "a cut output", List.of(a, b, c)))));
        MainViewModel vm = ((MainView) window.currentView()).viewModel();
        FxTestSupport.moveReplay(onFx(() -> vm.replay().orElseThrow()), 1);

        onFx(() -> vm.selectArea("sockets"));
        waitFor("the banner over the sockets area", 10_000, () -> !banner(robot).isEmpty());
        String text = banner(robot);
        assertTrue(text.startsWith("The probe output was cut at "), text);
        assertTrue(text.contains("proc-fds was cut short") && text.contains("proc-threads") && text.contains("did not arrive"), text);
        assertTrue(text.matches("The probe output was cut at [0-9.]+ KiB: proc-fds was cut short; fd-deleted and proc-threads"
                + " did not arrive\\. What this area shows from them, and the findings on them, are incomplete\\."), text);
        // and the area does not say all is well beneath it
        assertEquals("No findings in what arrived of this sample: the probe output was cut, so some may be missing.",
                onFx(() -> robot.lookup("#sockets-no-findings").queryAs(javafx.scene.control.Label.class).getText()));
        Screenshots.take(stage.getScene(), "cut-output-banner-sockets");

        onFx(() -> vm.selectArea("net"));
        waitFor("the banner over the network limits area", 5000, () -> banner(robot).contains("net-limits"));
        assertFalse(banner(robot).contains("proc-fds"), "each area names its own sections: " + banner(robot));

        // what was printed before the cut is whole: no banner there
        onFx(() -> vm.selectArea("ipc"));
        waitFor("no banner over IPC", 5000, () -> banner(robot).isEmpty());
        onFx(() -> vm.selectArea("overview"));
        waitFor("no banner over the overview", 5000, () -> banner(robot).isEmpty());

        // the light sample after it is whole, but what it would carry from the cut one is not known
        onFx(() -> vm.selectArea("sockets"));
        FxTestSupport.moveReplay(onFx(() -> vm.replay().orElseThrow()), 2);
        waitFor("the banner after the cut", 10_000, () -> banner(robot).startsWith("The last full sample's"));
        assertEquals("The last full sample's probe output was cut: proc-fds and proc-threads are not known until the next full"
                + " sample. What this area shows from them, and the findings on them, are incomplete.", banner(robot));
        Screenshots.take(stage.getScene(), "cut-output-banner-light-after-cut");
        FxTestSupport.moveReplay(onFx(() -> vm.replay().orElseThrow()), 1);
        waitFor("the banner of the cut one", 10_000, () -> banner(robot).startsWith("The probe output was cut at "));

        // a complete sample: the banner goes
        onFx(() -> vm.selectArea("sockets"));
        waitFor("the banner back", 5000, () -> !banner(robot).isEmpty());
        FxTestSupport.moveReplay(onFx(() -> vm.replay().orElseThrow()), 0);
        waitFor("no banner with a complete sample", 10_000, () -> banner(robot).isEmpty());
        assertEquals("", onFx(() -> vm.cutBanner().textProperty().get()));
    }
}
