package io.bedside.ui.main;

import io.bedside.ui.fx.BackgroundTaskRunner;
import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.Screenshots;
import io.bedside.ui.support.TestFileDialogs;
import io.bedside.ui.support.TestWorkbench;
import javafx.scene.Node;
import javafx.scene.control.MenuBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import javafx.stage.Window;
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
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The keyboard and the wheel in the whole window, on a live session of this machine sampled every
 * 30 s (so a sample within seconds is the one F5 asked for): Ctrl+1…9 select the areas in the
 * navigation's order, Ctrl+F focuses the current table's filter and Escape clears it, F5 samples
 * now, Help lists the shortcuts from the menus' accelerators, and the wheel over a table scrolls
 * the page until the table has focus.
 */
@ExtendWith(ApplicationExtension.class)
class KeyboardTest {
    static {
        FxTestSupport.configureHeadlessScreen();
    }

    private final TestWorkbench workbench = new TestWorkbench(Duration.ofSeconds(30));
    private final BackgroundTaskRunner runner = new BackgroundTaskRunner();
    private BedsideWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = new BedsideWindow(workbench, runner, new TestFileDialogs(Path.of("target", "exports")), Clock.systemDefaultZone());
        window.show(stage, Optional.empty());
    }

    /** Processes of the test's own, so the process table is longer than its view on a quiet machine too. */
    private final java.util.List<Process> sleepers = new java.util.ArrayList<>();

    @AfterEach
    void stopSleepers() {
        sleepers.forEach(Process::destroy);
    }

    @AfterEach
    void close() {
        onFx(() -> {
            FxTestSupport.hideWindowsBut(stage);
            stage.hide();
        });
        runner.close();
    }

    private static void shortcut(FxRobot robot, KeyCode key) {
        robot.press(KeyCode.CONTROL, key).release(key, KeyCode.CONTROL);
    }

    @Test
    void keysSelectAreasFilterSampleAndAreListedAndTheWheelScrollsThePage(FxRobot robot) throws java.io.IOException {
        for (int i = 0; i < 40; i++) {
            sleepers.add(new ProcessBuilder("sleep", "600").start());
        }
        robot.clickOn("#connect-this-machine");
        waitFor("the main view", 20_000, () -> window.currentView() instanceof MainView);
        MainView main = (MainView) window.currentView();
        MainViewModel vm = main.viewModel();
        waitFor("the first sample", 20_000, () -> vm.overview().loadSeries().get(0).getData().size() == 1);

        // Ctrl+N selects the area N in the navigation's order, and back to the first
        List<Area> areas = onFx(vm::areas);
        KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5,
                KeyCode.DIGIT6, KeyCode.DIGIT7, KeyCode.DIGIT8, KeyCode.DIGIT9};
        for (int i : new int[]{3, 8, 1}) {
            shortcut(robot, digits[i - 1]);
            int n = i;
            waitFor("area " + i, 5000, () -> vm.areaProperty().get() == areas.get(n - 1));
        }
        assertEquals(9, Math.min(9, areas.size()), "the nine keys all have an area");

        // F5 samples now, well before the 30 s interval
        robot.type(KeyCode.F5);
        waitFor("the sample F5 asked for", 10_000, () -> vm.overview().loadSeries().get(0).getData().size() == 2);

        // Ctrl+F focuses the filter of the current area's table; what is typed filters; Escape clears it
        Area memory = onFx(() -> vm.area("memory").orElseThrow());
        shortcut(robot, digits[areas.indexOf(memory)]);
        waitFor("the memory area's rows", 10_000, () -> !robot.lookup("#memory-processes").queryAs(TableView.class).getItems().isEmpty());
        shortcut(robot, KeyCode.F);
        TextField filter = robot.lookup("#memory-filter").queryAs(TextField.class);
        waitFor("the filter focused", 5000, filter::isFocused);
        robot.write("no-such-process-here");
        waitFor("the table filtered", 5000, () -> robot.lookup("#memory-processes").queryAs(TableView.class).getItems().isEmpty());
        robot.type(KeyCode.ESCAPE);
        assertEquals("", onFx(() -> filter.getText()));
        waitFor("the rows back", 5000, () -> !robot.lookup("#memory-processes").queryAs(TableView.class).getItems().isEmpty());

        // an area whose table had no filter has one now, found the same way
        Area disk = onFx(() -> vm.area("disk").orElseThrow());
        shortcut(robot, digits[areas.indexOf(disk)]);
        shortcut(robot, KeyCode.F);
        waitFor("the disk filter focused", 5000, () -> robot.lookup("#disk-filter").queryAs(TextField.class).isFocused());
        TableView<?> fileSystems = robot.lookup("#disk-filesystems").queryAs(TableView.class);
        waitFor("the file systems", 10_000, () -> !fileSystems.getItems().isEmpty());
        int all = onFx(() -> fileSystems.getItems().size());
        // the filter matches the text of any cell: the mount point of the first row keeps that row
        String mount = onFx(() -> String.valueOf(fileSystems.getColumns().get(0).getCellData(0)));
        robot.write("no-such-mount-here");
        waitFor("no file system left", 5000, () -> fileSystems.getItems().isEmpty());
        robot.type(KeyCode.ESCAPE);
        waitFor("the file systems back", 5000, () -> fileSystems.getItems().size() == all);
        onFx(() -> robot.lookup("#disk-filter").queryAs(TextField.class).setText(mount));
        waitFor("the row of " + mount, 5000, () -> !fileSystems.getItems().isEmpty()
                && String.valueOf(fileSystems.getColumns().get(0).getCellData(0)).contains(mount));
        onFx(() -> robot.lookup("#disk-filter").queryAs(TextField.class).clear());

        // Help > Keyboard shortcuts lists what the menus' accelerators are
        MenuBar bar = robot.lookup("#menu-bar").queryAs(MenuBar.class);
        List<KeyboardMenus.Shortcut> list = onFx(() -> KeyboardMenus.shortcuts(bar));
        assertTrue(list.contains(new KeyboardMenus.Shortcut("Session", "Sample now", "F5")), list.toString());
        assertTrue(list.stream().anyMatch(s -> s.menu().equals("Go") && s.command().equals("Filter the table")), list.toString());
        for (int i = 0; i < Math.min(9, areas.size()); i++) {
            String label = areas.get(i).label();
            KeyCode digit = digits[i];
            String keys = onFx(() -> new javafx.scene.input.KeyCodeCombination(digit, javafx.scene.input.KeyCombination.SHORTCUT_DOWN)
                    .getDisplayText());
            assertTrue(list.contains(new KeyboardMenus.Shortcut("Go", label, keys)), label + " " + keys + " in " + list);
        }
        robot.clickOn("Help").clickOn("Keyboard shortcuts");
        waitFor("the list", 5000, () -> robot.lookup("#shortcuts-grid").tryQuery().isPresent());
        GridPane grid = robot.lookup("#shortcuts-grid").queryAs(GridPane.class);
        assertEquals(list.size() * 3, (int) onFx(() -> grid.getChildren().size()), "a row per shortcut");
        Window dialog = onFx(() -> grid.getScene().getWindow());
        Screenshots.take(dialog.getScene(), "keyboard-shortcuts");
        onFx(dialog::hide);

        theWheelScrollsThePageUntilATableHasFocus(robot, vm);
    }

    /** What a wheel turned down over {@code target} sends: a SCROLL event through the window's dispatch chain. */
    private static void wheelDown(Node target) {
        onFx(() -> {
            javafx.geometry.Point2D p = target.localToScene(5, 5);
            javafx.geometry.Point2D sp = target.localToScreen(5, 5);
            javafx.event.Event.fireEvent(target, new javafx.scene.input.ScrollEvent(javafx.scene.input.ScrollEvent.SCROLL,
                    p.getX(), p.getY(), sp.getX(), sp.getY(), false, false, false, false, false, false, 0, -120, 0, -120,
                    javafx.scene.input.ScrollEvent.HorizontalTextScrollUnits.NONE, 0,
                    javafx.scene.input.ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null));
        });
    }

    /** On the same session (a second one would cost as long again). */
    private void theWheelScrollsThePageUntilATableHasFocus(FxRobot robot, MainViewModel vm) {
        onFx(() -> vm.selectArea("memory"));
        waitFor("the memory area's rows", 20_000, () -> robot.lookup("#memory-processes").queryAs(TableView.class).getItems().size() > 20);
        ScrollPane page = robot.lookup("#memory-view").queryAs(ScrollPane.class);
        TableView<?> table = robot.lookup("#memory-processes").queryAs(TableView.class);
        // bring the table under the pointer: the page scrolled so its top is in view
        onFx(() -> {
            page.layout();
            double y = table.localToScene(0, 0).getY() - page.getContent().localToScene(0, 0).getY();
            double extra = page.getContent().getLayoutBounds().getHeight() - page.getViewportBounds().getHeight();
            page.setVvalue(Math.max(0, Math.min(1, (y - 200) / extra)));
        });
        double before = onFx(page::getVvalue);
        assertTrue(before < 1, "the page can still scroll down");
        Node cell = onFx(() -> table.lookup(".table-row-cell"));
        onFx(() -> assertTrue(!io.bedside.ui.fx.AreaPage.hasFocus(table), "the table has no focus yet: " + table.getScene().getFocusOwner()));
        wheelDown(cell);
        waitFor("the page scrolled", 3000, () -> page.getVvalue() > before);

        // once the table has focus, the wheel scrolls the table, not the page
        Node row = robot.lookup("#memory-processes .table-row-cell").query();
        robot.clickOn(row);
        waitFor("the table focused", 3000, () -> io.bedside.ui.fx.AreaPage.hasFocus(table));
        double pageAt = onFx(page::getVvalue);
        wheelDown(row);
        robot.sleep(300);
        assertEquals(pageAt, onFx(page::getVvalue), 1e-9, "the page stays");
        assertSame(table, onFx(() -> robot.lookup("#memory-processes").queryAs(TableView.class)));
    }
}
