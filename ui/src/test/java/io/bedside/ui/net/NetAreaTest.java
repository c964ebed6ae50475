package io.bedside.ui.net;

import io.bedside.ui.fx.BackgroundTaskRunner;
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
import java.util.Optional;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static io.bedside.ui.support.FxTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network limits area in the whole window, headless, replaying probes captured in the lab
 * (net-limits.sh in a jump lab's tgt host): a client that used up a narrowed port range, a
 * server that never calls accept(), and a conntrack table filled to 93% in the host's namespace. Screenshots go to target/screenshots.
 */
@ExtendWith(ApplicationExtension.class)
class NetAreaTest {
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

    private NetViewModel replay(String title, String... fixtures) {
        onFx(() -> window.showReplay(Fixtures.hostReplay("lab-netcap-tgt", title, fixtures)));
        MainViewModel vm = ((MainView) window.currentView()).viewModel();
        FxTestSupport.moveReplay(onFx(() -> vm.replay().orElseThrow()), fixtures.length - 1);
        onFx(() -> vm.selectArea("net"));
        NetViewModel n = vm.areaViewModel("net", NetViewModel.class);
        waitFor("the network limits area", 10_000, () -> n.hasSampleProperty().get() && !n.findings().isEmpty());
        return n;
    }

    private static void scrollTo(FxRobot robot, String id) {
        onFx(() -> {
            ScrollPane pane = robot.lookup("#net-view").queryAs(ScrollPane.class);
            Node target = robot.lookup(id).query();
            pane.layout();
            double y = target.localToScene(0, 0).getY() - pane.getContent().localToScene(0, 0).getY();
            double max = pane.getContent().getLayoutBounds().getHeight() - pane.getViewportBounds().getHeight();
            pane.setVvalue(Math.max(0, Math.min(1, (y - 10) / max)));
        });
    }

    @Test
    void aUsedUpPortRangeShowsTheTupleAndTheFinding(FxRobot robot) {
        NetViewModel n = replay("Port range used up in the lab", "net/probe-lab-ports-t0.txt", "net/probe-lab-ports-t1.txt");
        assertEquals("net.ports.exhausted", n.findings().get(0).id());
        TableView<?> tuples = robot.lookup("#net-tuples").queryAs(TableView.class);
        waitFor("the tuples", 5000, () -> !tuples.getItems().isEmpty());
        NetRows.TupleRow top = onFx(() -> (NetRows.TupleRow) tuples.getItems().get(0));
        assertEquals(32, top.inUse());
        assertEquals("100%", top.useText());
        assertTrue(top.remote().endsWith(":7000"), top.remote());
        String limits = onFx(() -> robot.lookup("#net-limits").queryAs(Label.class).getText());
        assertTrue(limits.contains("ip_local_port_range 32768-32799 (32 usable)"), limits);
        assertTrue(robot.lookup("#fix-net-ports-widen-range").queryButton().isDisabled(), "a recording cannot be fixed");
        Screenshots.take(stage.getScene(), "net-area-ports");
        scrollTo(robot, "#net-tuples");
        Screenshots.take(stage.getScene(), "net-area-ports-tuples");
    }

    @Test
    void aConntrackTableFilledInTheLabsNamespaceShowsTheFindingAndTheReadOnlyLimit(FxRobot robot) {
        NetViewModel n = replay("Conntrack table 93% full in the lab", "net/probe-lab-conntrack-t0.txt", "net/probe-lab-conntrack-t1.txt");
        assertTrue(n.findings().stream().anyMatch(f -> f.id().equals("net.conntrack.full")), n.findings().toString());
        String limits = onFx(() -> robot.lookup("#net-limits").queryAs(Label.class).getText());
        assertTrue(limits.contains("conntrack 244224 of 262144 (nf_conntrack_max read-only in this namespace)"), limits);
        assertTrue(robot.lookup("#fix-net-conntrack-raise-limit").queryButton().isDisabled(), "a recording cannot be fixed");
        Screenshots.take(stage.getScene(), "net-area-conntrack");
    }

    @Test
    void aServerThatNeverAcceptsShowsItsFullQueueAndOwner(FxRobot robot) {
        NetViewModel n = replay("Accept queue full in the lab", "net/probe-lab-listen-t0.txt", "net/probe-lab-listen-t1.txt");
        assertTrue(n.findings().stream().anyMatch(f -> f.id().equals("net.listen.overflow")), n.findings().toString());
        TableView<?> listeners = robot.lookup("#net-listeners").queryAs(TableView.class);
        waitFor("the listeners", 5000, () -> !listeners.getItems().isEmpty());
        NetRows.ListenerRow top = onFx(() -> (NetRows.ListenerRow) listeners.getItems().get(0));
        assertTrue(top.full(), top.toString());
        assertEquals(8, top.backlog());
        assertTrue(top.owners().startsWith("python3 ("), top.owners());
        scrollTo(robot, "#net-chart-listen");
        Screenshots.take(stage.getScene(), "net-area-listen");
        scrollTo(robot, "#net-listeners");
        Screenshots.take(stage.getScene(), "net-area-listeners");
    }
}
