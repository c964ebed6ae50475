package io.bedside.ui.fds;

import io.bedside.ui.findings.FindingItem;
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
import java.util.List;
import java.util.Optional;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static io.bedside.ui.support.FxTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The File descriptors area in the whole window, headless, on the full samples of the lab's fd-leak
 * demo (model fixtures fds/probe-lab-fdleak-root-t1..t5): the leaker's growth, the leak and the
 * near-limit findings, the table with its gauge, and after the fix the limit of 1024. Screenshots go
 * to target/screenshots.
 */
@ExtendWith(ApplicationExtension.class)
class FdsAreaTest {
    static {
        FxTestSupport.configureHeadlessScreen();
    }

    private static final String[] FULL = {"fds/probe-lab-fdleak-root-t1.txt", "fds/probe-lab-fdleak-root-t2.txt",
            "fds/probe-lab-fdleak-root-t3.txt", "fds/probe-lab-fdleak-root-t4.txt", "fds/probe-lab-fdleak-root-t5.txt"};

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
        onFx(() -> {
            FxTestSupport.hideWindowsBut(stage);
            stage.hide();
        });
        runner.close();
    }

    private FdsViewModel replayAt(int position) {
        onFx(() -> window.showReplay(Fixtures.hostReplay("lab-fddemo", "fd leak in the lab", FULL)));
        MainViewModel vm = ((MainView) window.currentView()).viewModel();
        FxTestSupport.moveReplay(onFx(() -> vm.replay().orElseThrow()), position);
        onFx(() -> vm.selectArea("fds"));
        FdsViewModel f = vm.areaViewModel("fds", FdsViewModel.class);
        waitFor("the fd area", 10_000, () -> f.hasSampleProperty().get());
        return f;
    }

    @Test
    void theLeakerIsALeakNearItsLimitAndFirstInTheTable(FxRobot robot) {
        FdsViewModel f = replayAt(3);
        waitFor("the findings", 10_000, () -> onFx(() -> f.findings().size()) == 2);
        List<String> ids = onFx(() -> f.findings().stream().map(FindingItem::id).toList());
        assertEquals(List.of("proc.fd.leak", "proc.fd.near-limit"), ids, "the worst first: the leak is critical (it reaches 256 within the half hour)");
        waitFor("the table", 10_000, () -> robot.lookup("#fds-processes").tryQuery().isPresent());
        TableView<?> t = robot.lookup("#fds-processes").queryAs(TableView.class);
        FdProcessRow top = onFx(() -> (FdProcessRow) t.getItems().get(0));
        assertEquals("bedside-leaker", top.comm());
        assertEquals(237, top.fds());
        assertEquals(256, top.soft());
        assertTrue(top.leaking());
        assertEquals(237 - 71, top.growth(), "since the first full sample of the replay");
        assertTrue(top.grownKinds().startsWith("+"), top.grownKinds());
        assertTrue(top.grownKinds().indexOf("socket") < top.grownKinds().indexOf("pipe"), "sockets grew most: " + top.grownKinds());
        String table = onFx(() -> robot.lookup("#fds-system-table").queryAs(Label.class).getText());
        assertTrue(table.startsWith("Open files of the system: ") && table.contains("of fs.file-max 2,466,248"), table);
        Screenshots.take(stage.getScene(), "fds-area-leak");
    }

    @Test
    void afterTheFixTheLimitIs1024AndNothingIsNearIt(FxRobot robot) {
        FdsViewModel f = replayAt(4);
        waitFor("the rows", 10_000, () -> !onFx(() -> f.allRows().isEmpty()));
        FdProcessRow leaker = onFx(() -> f.allRows().stream().filter(r -> r.comm().equals("bedside-leaker")).findFirst().orElseThrow());
        assertEquals(1024, leaker.soft());
        assertFalse(onFx(() -> f.findings().stream().anyMatch(i -> i.id().equals("proc.fd.near-limit"))));
        Screenshots.take(stage.getScene(), "fds-area-after-fix");
    }
}
