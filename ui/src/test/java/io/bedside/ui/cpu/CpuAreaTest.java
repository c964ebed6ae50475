package io.bedside.ui.cpu;

import io.bedside.model.probe.RawSample;
import io.bedside.model.recording.Recording;
import io.bedside.model.recording.Replay;
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
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static io.bedside.ui.support.FxTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CPU area in the whole window, headless, over the lab's recording of a busy loop starved by
 * a 10% CPU quota (model fixtures cpu/series-lab-throttled, cut from the cpu-throttled demo):
 * the cgroup at the top of the table with its quota and throttling, the finding, then the quota
 * raised to 150% by the fix. Screenshots go to target/screenshots.
 */
@ExtendWith(ApplicationExtension.class)
class CpuAreaTest {
    static {
        FxTestSupport.configureHeadlessScreen();
    }

    private static final String SERIES = "cpu/series-lab-throttled/";

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

    @Test
    void replayOfTheThrottledBusyLoop(FxRobot robot) throws Exception {
        List<RawSample> raw = Fixtures.seriesRaw(SERIES);
        int before = -1;
        for (int i = 0; i < raw.size(); i++) {
            if (raw.get(i).output().contains("\tquota=10000 ")) {
                before = i;
            }
        }
        assertTrue(before > 0 && before < raw.size() - 1, "the series holds samples before and after the fix");
        Replay replay = new Replay(new Recording("lab-cpudemo", raw.get(0).receivedAt(), "CPU quota in the lab", raw));
        onFx(() -> window.showReplay(replay));
        MainViewModel vm = ((MainView) window.currentView()).viewModel();
        FxTestSupport.moveReplay(onFx(() -> vm.replay().orElseThrow()), before);
        onFx(() -> vm.selectArea("cpu"));
        CpuViewModel cpu = vm.areaViewModel("cpu", CpuViewModel.class);
        waitFor("the CPU area", 10_000, () -> onFx(() -> cpu.hasSampleProperty().get() && !cpu.cgroups().isEmpty()));

        CgroupRow top = onFx(() -> cpu.cgroups().get(0));
        assertTrue(top.cgroup().startsWith("/bedside-lab-cpu-"), top.toString());
        assertEquals("10%", top.quota());
        assertTrue(top.throttledPercent() >= 75, top.toString());
        assertTrue(top.basis().startsWith("over the last"), "a minute of samples is there: " + top);
        List<FindingItem> findings = onFx(() -> List.copyOf(cpu.findings()));
        assertTrue(findings.stream().anyMatch(f -> f.id().equals("cpu.throttled")), findings.toString());
        // the view model has its rows before the area's view is in the scene: wait for the table itself
        waitFor("the CPU area's table", 10_000, () -> onFx(() -> stage.getScene().lookup("#cpu-cgroups") != null));
        TableView<?> table = robot.lookup("#cpu-cgroups").queryAs(TableView.class);
        assertEquals(1, onFx(() -> table.getItems().size()));
        assertTrue(onFx(() -> !cpu.stateProperty().get().isEmpty()));
        Path shot = Screenshots.take(stage.getScene(), "cpu-area-throttled");
        assertTrue(Files.size(shot) > 10_000);

        // after the fix: 150%, and the throttled share over the last minute falls
        FxTestSupport.moveReplay(onFx(() -> vm.replay().orElseThrow()), raw.size() - 1);
        waitFor("the raised quota", 10_000, () -> onFx(() -> !cpu.cgroups().isEmpty() && cpu.cgroups().get(0).quota().equals("150%")));
        Screenshots.take(stage.getScene(), "cpu-area-after-fix");
    }
}
