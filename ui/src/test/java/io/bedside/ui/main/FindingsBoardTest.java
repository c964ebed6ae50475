package io.bedside.ui.main;

import io.bedside.model.findings.Severity;
import io.bedside.ui.fx.BackgroundTaskRunner;
import io.bedside.ui.ipc.IpcViewModel;
import io.bedside.ui.support.Fixtures;
import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.Screenshots;
import io.bedside.ui.support.TestFileDialogs;
import io.bedside.ui.support.TestWorkbench;
import javafx.scene.Node;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The findings board on the first screen, over captured incidents replayed in the whole window:
 * every playbook's findings are there without opening an area, worst first, filed under their
 * area with the time they were first seen; the navigation counts each area's findings although
 * the area was never shown; a click opens the area with the subject selected.
 */
@ExtendWith(ApplicationExtension.class)
class FindingsBoardTest {
    static {
        FxTestSupport.configureHeadlessScreen();
    }

    private final TestWorkbench workbench = new TestWorkbench(Duration.ofSeconds(2));
    private final BackgroundTaskRunner runner = new BackgroundTaskRunner();
    private BedsideWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = new BedsideWindow(workbench, runner, new TestFileDialogs(Path.of("target", "exports")), Clock.systemUTC());
        window.show(stage, Optional.empty());
    }

    @AfterEach
    void closeWindow() {
        onFx(() -> stage.hide());
        runner.close();
    }

    @Test
    void semaphoresRunningOutAreOnTheFirstScreenAndOneClickAway(FxRobot robot) {
        onFx(() -> window.showReplay(Fixtures.ipcSeriesReplay()));
        MainViewModel vm = onFx(() -> ((MainView) window.currentView()).viewModel());
        FindingsBoardModel board = vm.board();
        assertEquals(Area.OVERVIEW, onFx(() -> vm.areaProperty().get().id()), "the window opens on the overview");
        waitFor("the first sample's findings", 10_000, () -> board.hasSampleProperty().get());
        String firstTime = onFx(() -> board.sampleTimeProperty().get());

        FxTestSupport.moveReplay(onFx(() -> vm.replay().orElseThrow()), 8);
        waitFor("SEMMNI full on the board", 10_000, () -> board.entries().stream()
                .anyMatch(e -> e.finding().id().equals("ipc.sem.exhausted")));
        FindingsBoardModel.Entry top = onFx(() -> board.entries().get(0));
        assertEquals(Severity.CRITICAL, top.finding().severity(), "worst first: " + onFx(() -> board.entries().toString()));
        assertEquals("ipc", top.areaId());
        assertEquals("IPC", top.areaLabel());
        assertTrue(top.sinceText().matches("since \\d\\d:\\d\\d:\\d\\d"), top.sinceText());
        assertFalse(firstTime.isEmpty());

        // the IPC area was never shown, and its count is in the navigation all the same
        assertEquals(onFx(() -> (int) board.entries().stream().filter(e -> e.areaId().equals("ipc")).count()),
                onFx(() -> board.countProperty("ipc").get()));
        assertEquals(Severity.CRITICAL, onFx(() -> board.worstProperty("ipc").get()));
        waitFor("the IPC badge", 5_000, () -> robot.lookup("#nav-ipc .bs-nav-count-critical").tryQuery().isPresent());
        assertEquals(0, onFx(() -> vm.areaViewModel("ipc", IpcViewModel.class).rowBuilds()),
                "the board does not build the hidden area's tables");

        Label summary = onFx(() -> robot.lookup("#board-ipc-sem-exhausted .bs-finding-summary").queryAs(Label.class));
        assertTrue(onFx(() -> summary.getText().contains("SEMMNI")), onFx(summary::getText));
        Path shot = Screenshots.take(stage.getScene(), "board-semaphores");
        assertTrue(shot.toFile().length() > 10_000);

        robot.clickOn("#board-open-ipc-sem-exhausted");
        waitFor("the IPC area", 5_000, () -> vm.areaProperty().get().id().equals("ipc"));
        waitFor("the finding revealed", 10_000,
                () -> robot.lookup("#finding-ipc-sem-exhausted").tryQuery()
                        .map(n -> n.getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals("revealed")))
                        .orElse(false));
        Screenshots.take(stage.getScene(), "board-semaphores-opened");
        assertEquals(io.bedside.ui.ipc.IpcViewModel.Table.SEMAPHORES,
                onFx(() -> vm.areaViewModel("ipc", IpcViewModel.class).tableProperty().get()));

        // a warning about shared memory, opened from the board, shows the shared memory table
        // although the area's own default is the worst finding's (semaphores)
        onFx(() -> vm.selectArea(Area.OVERVIEW));
        FindingsBoardModel.Entry shm = onFx(() -> board.entries().stream()
                .filter(e -> e.finding().id().startsWith("ipc.shm.")).findFirst().orElseThrow());
        onFx(() -> vm.openFinding(shm));
        waitFor("the shared memory table", 5_000, () -> vm.areaViewModel("ipc", IpcViewModel.class).tableProperty().get()
                == io.bedside.ui.ipc.IpcViewModel.Table.SHARED_MEMORY);
    }

    @Test
    void anOomKillIsFiledUnderMemoryAndOpensWithTheNextVictimSelected(FxRobot robot) {
        onFx(() -> window.showReplay(Fixtures.hostReplay("lab-memdev", "OOM kills", Fixtures.MEM_FIRST, Fixtures.MEM_NOTHING_NEW,
                Fixtures.MEM_NEXT)));
        MainViewModel vm = onFx(() -> ((MainView) window.currentView()).viewModel());
        FindingsBoardModel board = vm.board();
        FxTestSupport.moveReplay(onFx(() -> vm.replay().orElseThrow()), 2);
        waitFor("the kills on the board", 10_000, () -> board.entries().stream()
                .anyMatch(e -> e.finding().id().equals("mem.oom.killed")));
        List<FindingsBoardModel.Entry> entries = onFx(() -> List.copyOf(board.entries()));
        for (int i = 1; i < entries.size(); i++) {
            assertTrue(entries.get(i - 1).finding().severity().compareTo(entries.get(i).finding().severity()) >= 0,
                    "worst first: " + entries);
        }
        FindingsBoardModel.Entry killed = entries.stream().filter(e -> e.finding().id().equals("mem.oom.killed")).findFirst().orElseThrow();
        assertEquals("memory", killed.areaId());
        Screenshots.take(stage.getScene(), "board-oom");

        Optional<FindingsBoardModel.Entry> victim = entries.stream()
                .filter(e -> !e.finding().subjectValues("pid").isEmpty() && e.finding().id().startsWith("mem."))
                .filter(e -> !e.finding().id().equals("mem.oom.killed")).findFirst();
        FindingsBoardModel.Entry open = victim.orElse(killed);
        onFx(() -> vm.openFinding(open));
        waitFor("the memory area", 5_000, () -> vm.areaProperty().get().id().equals("memory"));
        if (victim.isPresent()) {
            String pid = victim.get().finding().subjectValues("pid").get(0);
            waitFor("the process row of pid " + pid + " selected", 10_000, () -> robot.lookup(".table-view").queryAll().stream()
                    .map(n -> (TableView<?>) n)
                    .anyMatch(t -> t.getSelectionModel().getSelectedItem() instanceof io.bedside.ui.findings.AboutFinding a
                            && a.isAbout(victim.get().finding())));
        }
        Node card = onFx(() -> robot.lookup("#finding-" + open.finding().id().replace('.', '-')).query());
        assertNotNull(card);
        Screenshots.take(stage.getScene(), "board-oom-opened");
    }
}
