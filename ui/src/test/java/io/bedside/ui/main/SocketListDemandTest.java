package io.bedside.ui.main;

import io.bedside.model.net.NetPlaybook;
import io.bedside.model.session.SamplingSession;
import io.bedside.model.sockets.SocketPlaybook;
import io.bedside.ui.fx.BackgroundTaskRunner;
import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.TestFileDialogs;
import io.bedside.ui.support.TestWorkbench;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static io.bedside.ui.support.FxTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window asks its live session for the whole TCP list only while the Sockets area shows it
 * (issue 16): every other area, the board and the charts do with the hot states and the host's
 * counts. The real window (headless) on a live session of this machine.
 */
@ExtendWith(ApplicationExtension.class)
class SocketListDemandTest {
    static {
        FxTestSupport.configureHeadlessScreen();
    }

    private final TestWorkbench workbench = new TestWorkbench(Duration.ofSeconds(1));
    private final BackgroundTaskRunner runner = new BackgroundTaskRunner();
    private BedsideWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = new BedsideWindow(workbench, runner, new TestFileDialogs(Path.of("target", "exports")), Clock.systemDefaultZone());
        window.show(stage, Optional.empty());
    }

    @AfterEach
    void close() {
        onFx(() -> {
            FxTestSupport.hideWindowsBut(stage);
            if (window.currentView() instanceof MainView m) {
                m.viewModel().dispose();
            }
            stage.hide();
        });
        runner.close();
    }

    @Test
    void theTcpListIsWantedWhileTheSocketsAreaShows() {
        SamplingSession session = workbench.openThisMachine();
        assertTrue(session.isTcpListWanted(), "a session reads the list unless told otherwise (record, diagnose)");
        onFx(() -> window.showLive(session));
        MainViewModel vm = ((MainView) window.currentView()).viewModel();
        assertFalse(session.isTcpListWanted(), "the overview does with the counts");
        session.start();
        waitFor("a sample", 30_000, () -> !session.history().isEmpty());

        onFx(() -> vm.selectArea(SocketPlaybook.ID));
        assertTrue(session.isTcpListWanted(), "the Sockets area lists every socket");
        onFx(() -> vm.selectArea(NetPlaybook.ID));
        assertFalse(session.isTcpListWanted(), "the network limits area reads the tuples, counted on the host");
        onFx(() -> vm.selectArea(SocketPlaybook.ID));
        assertTrue(session.isTcpListWanted());
    }
}
