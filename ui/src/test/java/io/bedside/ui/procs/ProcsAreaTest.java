package io.bedside.ui.procs;

import io.bedside.ui.fx.BackgroundTaskRunner;
import io.bedside.ui.main.BedsideWindow;
import io.bedside.ui.main.MainView;
import io.bedside.ui.main.MainViewModel;
import io.bedside.ui.support.Fixtures;
import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.Screenshots;
import io.bedside.ui.support.TestFileDialogs;
import io.bedside.ui.support.TestWorkbench;
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
 * The processes area in the whole window, headless, on full samples captured in the lab with the
 * three incidents staged (model fixtures procs/probe-lab-procs-*.txt): a parent with 40 zombies,
 * a cgroup at its pids.max, a thread in D behind a silent FUSE daemon. Screenshots go to
 * target/screenshots.
 */
@ExtendWith(ApplicationExtension.class)
class ProcsAreaTest {
    static {
        FxTestSupport.configureHeadlessScreen();
    }

    static final String[] CAPTURES = {"procs/probe-lab-procs-1.txt", "procs/probe-lab-procs-2.txt", "procs/probe-lab-procs-3.txt"};

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

    @Test
    void theLabsProcessIncidentsShowAsFindingsChartsAndTables(FxRobot robot) {
        onFx(() -> window.showReplay(Fixtures.hostReplay("lab-procsdemo", "Processes in the lab", CAPTURES)));
        MainViewModel vm = ((MainView) window.currentView()).viewModel();
        FxTestSupport.moveReplay(onFx(() -> vm.replay().orElseThrow()), CAPTURES.length - 1);
        onFx(() -> vm.selectArea("procs"));
        ProcsViewModel p = vm.areaViewModel("procs", ProcsViewModel.class);
        waitFor("the processes area", 10_000, () -> p.hasSampleProperty().get() && !p.zombies().isEmpty());
        waitFor("the view", 10_000, () -> robot.lookup("#procs-zombies").tryQuery().isPresent());

        ProcsRows.Row reaper = onFx(() -> p.zombies().stream().filter(r -> r.cells().get(1).equals("bedside-reaper")).findFirst().orElseThrow());
        assertEquals("40", reaper.cells().get(3));
        assertTrue(onFx(() -> p.cgroups().stream().anyMatch(r -> r.cells().get(1).startsWith("/bedside-lab-pids-")
                && r.cells().get(2).equals("16") && r.cells().get(3).equals("16"))), onFx(() -> p.cgroups().toString()));
        assertTrue(onFx(() -> p.stuck().stream().anyMatch(r -> r.cells().get(2).equals("stat") && r.cells().get(3).contains("fuse"))),
                onFx(() -> p.stuck().toString()));
        java.util.List<String> ids = onFx(() -> p.findings().stream().map(f -> f.id()).toList());
        assertTrue(ids.containsAll(java.util.List.of("proc.zombies", "proc.pids.exhausted", "proc.stuck")), ids.toString());
        TableView<?> t = robot.lookup("#procs-zombies").queryAs(TableView.class);
        assertTrue(onFx(() -> t.getItems().size()) >= 1);
        Screenshots.take(stage.getScene(), "procs-area-replay");
        onFx(() -> robot.lookup("#procs-view").queryAs(javafx.scene.control.ScrollPane.class).setVvalue(1));
        Screenshots.take(stage.getScene(), "procs-area-tables");
    }
}
