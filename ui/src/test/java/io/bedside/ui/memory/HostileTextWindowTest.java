package io.bedside.ui.memory;

import io.bedside.model.text.HostText;
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
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window on a host whose process name holds an ESC colour sequence, a carriage return, a
 * right-to-left override and a byte that is not UTF-8 (fixture {@code hostile/}): the processes
 * table, the findings and the host facts show them as visible escapes. Screenshot:
 * target/screenshots/hostile-text-processes.png.
 */
@ExtendWith(ApplicationExtension.class)
class HostileTextWindowTest {
    static {
        FxTestSupport.configureHeadlessScreen();
    }

    static final String VISIBLE = "\\x1b[31mred\\x0dok\\u202eexe";

    private final TestWorkbench workbench = new TestWorkbench(Duration.ofSeconds(2));
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
            stage.hide();
        });
        runner.close();
    }

    private static List<String> texts(FxRobot robot, String selector) {
        return onFx(() -> robot.lookup(selector).queryAll().stream()
                .filter(n -> n instanceof Labeled).map(n -> ((Labeled) n).getText()).filter(t -> t != null).toList());
    }

    private static void assertNoRawControl(List<String> texts) {
        for (String t : texts) {
            t.codePoints().forEach(cp -> assertFalse(cp != '\n' && HostText.escaped(cp),
                    () -> "U+" + Integer.toHexString(cp) + " shown raw in: " + t));
        }
    }

    @Test
    void aHostileProcessNameIsShownEscapedInTheTableTheFindingsAndTheFacts(FxRobot robot) {
        onFx(() -> window.showReplay(Fixtures.hostReplay("lab-memdev", "hostile names", "hostile/probe-lab-oom-root-hostile-name.txt")));
        MainViewModel vm = ((MainView) window.currentView()).viewModel();
        onFx(() -> vm.selectArea("memory"));
        waitFor("the memory area", 10_000, () -> vm.areaViewModel("memory", MemoryViewModel.class).hasSampleProperty().get());
        waitFor("the process in the table", 10_000, () -> texts(robot, "#memory-processes .table-cell").stream()
                .anyMatch(t -> t.startsWith(VISIBLE)));
        List<String> cells = texts(robot, "#memory-processes .table-cell");
        assertNoRawControl(cells);
        String cell = cells.stream().filter(t -> t.startsWith(VISIBLE)).findFirst().orElseThrow();
        assertTrue(cell.startsWith("\\x1b[31m"), "the table cell shows \\x1b visibly: " + cell);
        // the findings list names it in its summary
        waitFor("the next-victim finding", 10_000, () -> texts(robot, ".label").stream()
                .anyMatch(t -> t.startsWith("The OOM killer would take " + VISIBLE)));
        assertNoRawControl(texts(robot, ".label"));

        onFx(() -> {
            ScrollPane pane = robot.lookup("#memory-view").queryAs(ScrollPane.class);
            Node target = robot.lookup("#memory-processes").query();
            pane.layout();
            double y = target.localToScene(0, 0).getY() - pane.getContent().localToScene(0, 0).getY();
            double max = pane.getContent().getLayoutBounds().getHeight() - pane.getViewportBounds().getHeight();
            pane.setVvalue(Math.max(0, Math.min(1, (y - 10) / max)));
        });
        Screenshots.take(stage.getScene(), "hostile-text-processes");

        onFx(() -> vm.selectArea("overview"));
        waitFor("the distribution in the host facts", 10_000, () -> texts(robot, ".label").stream()
                .anyMatch(t -> t.equals("Debian\\x1b[2J\\x1b]0;pwned\\x07 12 | x\\u202e")));
        assertNoRawControl(texts(robot, ".label"));
        Screenshots.take(stage.getScene(), "hostile-text-overview");
    }
}
