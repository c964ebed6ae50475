package io.bedside.ui.disk;

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
 * The Disk area in the whole window, headless, on two captures of the real probe 24 s apart: a
 * tmpfs filling up behind a deleted log, a spool out of inodes. Screenshots go to target/screenshots.
 */
@ExtendWith(ApplicationExtension.class)
class DiskAreaTest {
    static {
        FxTestSupport.configureHeadlessScreen();
    }

    private static final String FIRST = "disk/probe-tmpfs-filling-1.txt";
    private static final String LAST = "disk/probe-tmpfs-filling-2.txt";

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
    void aFillingDiskShowsItsGaugesGrowthAndTheDeletedLogHoldingIt(FxRobot robot) {
        onFx(() -> window.showReplay(Fixtures.hostReplay("lab-disk", "A disk filling behind a deleted log", FIRST, LAST)));
        MainViewModel vm = ((MainView) window.currentView()).viewModel();
        FxTestSupport.moveReplay(onFx(() -> vm.replay().orElseThrow()), 1);
        onFx(() -> vm.selectArea("disk"));
        DiskViewModel d = vm.areaViewModel("disk", DiskViewModel.class);
        waitFor("the disk area", 10_000, () -> d.hasSampleProperty().get() && !d.fileSystems().isEmpty());
        waitFor("the view", 10_000, () -> robot.lookup("#disk-filesystems").tryQuery().isPresent());

        DiskRows.FsRow top = onFx(() -> d.fileSystems().get(0));
        assertTrue(top.mount().equals("/tmp/bedside-disk-capture/logs") || top.mount().equals("/tmp/bedside-disk-capture/spool"),
                "the fullest first: " + top);
        DiskRows.FsRow logs = onFx(() -> d.fileSystems().stream().filter(r -> r.mount().equals("/tmp/bedside-disk-capture/logs"))
                .findFirst().orElseThrow());
        assertEquals("100 %", logs.usedText());
        assertEquals("full now", logs.toFull());
        assertTrue(logs.growth().startsWith("+"), "grew between the samples: " + logs);
        assertTrue(logs.note().contains("held by deleted files"), logs.note());
        DiskRows.FsRow spool = onFx(() -> d.fileSystems().stream().filter(r -> r.mount().equals("/tmp/bedside-disk-capture/spool"))
                .findFirst().orElseThrow());
        assertEquals("100 % (0 free)", spool.inodesText());
        assertTrue(onFx(() -> d.fileSystems().stream().noneMatch(r -> r.fstype().equals("proc") || r.fstype().startsWith("cgroup")
                || r.fstype().equals("sysfs"))), "no pseudo file system");

        DiskRows.HeldRow held = onFx(() -> d.held().get(0));
        assertEquals("app-logger", held.holder());
        assertEquals("/tmp/bedside-disk-capture/logs/app.log", held.path());
        assertEquals("16.0 MiB", held.held());
        assertTrue(onFx(() -> d.findings().stream().anyMatch(f -> f.id().equals("disk.full"))));
        assertTrue(onFx(() -> d.findings().stream().anyMatch(f -> f.id().equals("disk.inodes.exhausted"))));
        assertTrue(onFx(() -> d.findings().stream().anyMatch(f -> f.id().equals("disk.deleted-open"))));
        TableView<?> t = robot.lookup("#disk-held").queryAs(TableView.class);
        assertEquals(onFx(() -> d.held().size()), onFx(() -> t.getItems().size()));
        Screenshots.take(stage.getScene(), "disk-area-replay");
        onFx(() -> {
            javafx.scene.control.ScrollPane pane = robot.lookup("#disk-view").queryAs(javafx.scene.control.ScrollPane.class);
            pane.setVvalue(1);
        });
        Screenshots.take(stage.getScene(), "disk-area-tables");
    }
}
