package io.bedside.ui.sockets;

import io.bedside.ui.fx.BackgroundTaskRunner;
import io.bedside.ui.main.Area;
import io.bedside.ui.main.BedsideWindow;
import io.bedside.ui.main.MainView;
import io.bedside.ui.main.MainViewModel;
import io.bedside.ui.support.Fixtures;
import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.Screenshots;
import io.bedside.ui.support.TestFileDialogs;
import io.bedside.ui.support.TestWorkbench;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import javafx.stage.Window;
import io.bedside.model.sockets.SocketFixPlans;
import io.bedside.model.sockets.SocketRules;
import io.bedside.ui.fix.FixWizardViewModel;
import io.bedside.ui.support.TestFixService;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static io.bedside.ui.support.FxTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sockets area in the whole window, headless, replaying the probes captured in the lab's
 * CLOSE_WAIT drill (seed 004). Screenshots go to target/screenshots.
 */
@ExtendWith(ApplicationExtension.class)
class SocketsAreaTest {
    static {
        FxTestSupport.configureHeadlessScreen();
    }

    private final TestWorkbench workbench = new TestWorkbench(Duration.ofSeconds(2));
    private final BackgroundTaskRunner runner = new BackgroundTaskRunner();
    private final TestFileDialogs dialogs = new TestFileDialogs(Path.of("target", "exports"));
    private BedsideWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = new BedsideWindow(workbench, runner, dialogs, Clock.systemDefaultZone());
        window.show(stage, Optional.empty());
    }

    @AfterEach
    void close() {
        onFx(() -> stage.hide());
        runner.close();
    }

    private static void scrollTo(FxRobot robot, String id) {
        onFx(() -> {
            ScrollPane pane = robot.lookup("#sockets-view").queryAs(ScrollPane.class);
            Node target = robot.lookup(id).query();
            pane.layout();
            double y = target.localToScene(0, 0).getY() - pane.getContent().localToScene(0, 0).getY();
            double max = pane.getContent().getLayoutBounds().getHeight() - pane.getViewportBounds().getHeight();
            pane.setVvalue(Math.max(0, Math.min(1, (y - 10) / max)));
        });
    }

    @Test
    void replayOfTheLabsCloseWaitPileShowsTheChartTableChainAndDrillDown(FxRobot robot) {
        String[] fixtures = {SocketsViewModelTest.T0, SocketsViewModelTest.T1};
        onFx(() -> window.showReplay(Fixtures.hostReplay("lab-sockdev", "CLOSE_WAIT pile in the lab", fixtures)));
        MainViewModel vm = ((MainView) window.currentView()).viewModel();
        FxTestSupport.moveReplay(onFx(() -> vm.replay().orElseThrow()), fixtures.length - 1);
        onFx(() -> vm.selectArea("sockets"));
        SocketsViewModel s = vm.areaViewModel("sockets", SocketsViewModel.class);
        waitFor("the sockets area", 10_000, () -> s.hasSampleProperty().get() && !s.chains().isEmpty());
        waitFor("the view", 10_000, () -> robot.lookup("#sockets-groups").tryQuery().isPresent());

        TableView<?> groups = robot.lookup("#sockets-groups").queryAs(TableView.class);
        assertEquals(SocketsView.ROW_HEIGHT, groups.getFixedCellSize());
        waitFor("the rows", 5000, () -> !groups.getItems().isEmpty());
        assertEquals(5025, onFx(() -> ((SocketGroupRow) groups.getItems().get(0)).pid()));
        assertEquals("Process python3 (pid 5025)", onFx(() -> robot.lookup("#sockets-detail-title").queryAs(Label.class).getText()));
        assertTrue(robot.lookup("#fix-proc-pipe-drain").queryButton().isDisabled(), "a recording cannot be fixed");
        Pane chain = robot.lookup("#sockets-chain-0").queryAs(Pane.class);
        assertTrue(onFx(() -> chain.getChildren().stream().filter(n -> n instanceof Label)
                .anyMatch(n -> ((Label) n).getText().startsWith("reader bedside-reader"))));
        // each box: two lines, the break Bedside's own (it read "205 CLOSE_WAIT\x0asockets" once)
        assertTrue(onFx(() -> chain.getChildren().stream().filter(n -> n instanceof Label)
                .anyMatch(n -> ((Label) n).getText().equals("205 CLOSE_WAIT\nsockets"))));
        assertTrue(onFx(() -> chain.getChildren().stream().filter(n -> n instanceof Label)
                .noneMatch(n -> ((Label) n).getText().contains("\\x0a"))), "no line break shown as an escape");

        scrollTo(robot, "#sockets-chart-states");
        Screenshots.take(stage.getScene(), "sockets-area");
        scrollTo(robot, "#sockets-chains");
        Screenshots.take(stage.getScene(), "sockets-chain");
        scrollTo(robot, "#sockets-detail");
        Screenshots.take(stage.getScene(), "sockets-drilldown");
    }

    @Test
    void theFixButtonOfTheBlockedPipeOpensTheDrainWizardWithPidAndFd2(FxRobot robot) {
        String[] fixtures = {SocketsViewModelTest.T0, SocketsViewModelTest.T1};
        onFx(() -> window.showReplay(Fixtures.hostReplay("lab-sockdev", "CLOSE_WAIT pile in the lab", fixtures)));
        MainViewModel vm = ((MainView) window.currentView()).viewModel();
        FxTestSupport.moveReplay(onFx(() -> vm.replay().orElseThrow()), fixtures.length - 1);
        onFx(() -> vm.selectArea("sockets"));
        SocketsViewModel s = vm.areaViewModel("sockets", SocketsViewModel.class);
        waitFor("the sockets area", 10_000, () -> s.hasSampleProperty().get() && !s.chains().isEmpty());
        // as a live session would: a fix service that only records (runs nothing)
        TestFixService service = new TestFixService("lab-sockdev", true);
        onFx(() -> s.setFixes(Optional.of(service), "", () -> { }));
        waitFor("fixes on", 5000, () -> s.canFixBinding().get());
        // the button on the proc.blocked-on-pipe card (the CLOSE_WAIT card offers the drain too, without an fd)
        String card = "#finding-" + SocketRules.BLOCKED_ON_PIPE.replace('.', '-');
        waitFor("the fix button", 10_000, () -> robot.lookup(card).tryQuery().isPresent()
                && !robot.from(robot.lookup(card).<Node>query()).lookup("#fix-proc-pipe-drain").queryButton().isDisabled());
        scrollTo(robot, card);
        robot.clickOn(robot.from(robot.lookup(card).<Node>query()).lookup("#fix-proc-pipe-drain").queryButton());

        waitFor("the wizard", 10_000, () -> Window.getWindows().stream().anyMatch(SocketsAreaTest::isWizard));
        Stage w = onFx(() -> (Stage) Window.getWindows().stream().filter(SocketsAreaTest::isWizard).findFirst().orElseThrow());
        FixWizardViewModel wvm = onFx(() -> (FixWizardViewModel) w.getScene().getRoot().getProperties().get(FixWizardViewModel.class));
        assertEquals(SocketFixPlans.PIPE_DRAIN, wvm.fixId());
        assertTrue(onFx(() -> s.wizardOpenProperty().get()));
        waitFor("the plan", 10_000, () -> wvm.planProperty().get() != null || !wvm.errorProperty().get().isEmpty());
        assertEquals("", onFx(() -> wvm.errorProperty().get()));
        assertEquals(Map.of("pid", "5025", "fd", "2"), service.planned.get(0));
        String plan = onFx(() -> String.valueOf(wvm.planProperty().get()));
        assertTrue(plan.contains("/proc/5025/fd/2"), plan);
        Screenshots.take(w.getScene(), "sockets-wizard");
        onFx(() -> wvm.requestClose());
    }

    private static boolean isWizard(Window w) {
        return w instanceof Stage st && st.isShowing() && st.getScene() != null && "fix-wizard".equals(st.getScene().getRoot().getId());
    }
}
