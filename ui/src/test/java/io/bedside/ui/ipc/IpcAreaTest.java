package io.bedside.ui.ipc;

import io.bedside.model.recording.Recording;
import io.bedside.model.recording.Replay;
import io.bedside.model.probe.RawSample;
import io.bedside.ui.fix.FixWizardViewModel;
import io.bedside.ui.fix.FixWizardViewModel.Step;
import io.bedside.ui.fix.FixWizardViewModel.Verdict;
import io.bedside.ui.fx.BackgroundTaskRunner;
import io.bedside.ui.main.Area;
import io.bedside.ui.main.BedsideWindow;
import io.bedside.ui.main.MainView;
import io.bedside.ui.main.MainViewModel;
import io.bedside.ui.support.Fixtures;
import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.IpcNamespace;
import io.bedside.ui.support.Screenshots;
import io.bedside.ui.support.TestFileDialogs;
import io.bedside.ui.support.TestFixService;
import io.bedside.ui.support.TestWorkbench;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TitledPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static io.bedside.ui.support.FxTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The IPC area and its fix wizards in the whole window, headless. The live tests run on this
 * machine inside an IPC namespace of their own (SEMMNI lowered to 32 and filled, as in seed 000),
 * through the real probe; the wizard's commands really run there. Screenshots of the area and of
 * every wizard step go to target/screenshots.
 */
@ExtendWith(ApplicationExtension.class)
class IpcAreaTest {
    static {
        FxTestSupport.configureHeadlessScreen();
    }

    private final TestWorkbench workbench = new TestWorkbench(Duration.ofSeconds(2));
    private final BackgroundTaskRunner runner = new BackgroundTaskRunner();
    private final TestFileDialogs dialogs = new TestFileDialogs(Path.of("target", "exports"));
    private BedsideWindow window;
    private Stage stage;
    private IpcNamespace ns;
    private TestFixService service;

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
        if (ns != null) {
            ns.close();
        }
    }

    // ------------------------------------------------------------------ replays

    @Test
    void replayOfSemaphoresFillingUpShowsFindingsGaugesTablesAndCharts(FxRobot robot) {
        onFx(() -> window.showReplay(Fixtures.ipcSeriesReplay()));
        MainViewModel vm = ((MainView) window.currentView()).viewModel();
        FxTestSupport.moveReplay(onFx(() -> vm.replay().orElseThrow()), 8);
        onFx(() -> vm.selectArea("ipc"));
        waitFor("the findings", 10_000, () -> vm.areaViewModel("ipc", IpcViewModel.class).findings().size() >= 3);
        waitFor("the charts", 10_000, () -> vm.areaViewModel("ipc", IpcViewModel.class).charts().series(0).getData().size() == 9);
        waitFor("the area shown", 10_000, () -> robot.lookup("#ipc-sem-table").tryQuery().isPresent());

        assertEquals("32 / 32 (100.0 %)", onFx(() -> robot.lookup("#gauge-semmni").queryAs(Label.class).getText()));
        assertTrue(onFx(() -> robot.lookup("#gauge-semmni-bar").query().getPseudoClassStates().toString().contains("full")));
        assertTrue(onFx(() -> robot.lookup("#gauge-shmmni-bar").query().getPseudoClassStates().toString().contains("warning")));
        TableView<?> sems = robot.lookup("#ipc-sem-table").queryAs(TableView.class);
        assertEquals(32, (int) onFx(() -> sems.getItems().size()));
        assertEquals(IpcView.ROW_HEIGHT, sems.getFixedCellSize());
        Button fix = robot.lookup("#fix-ipc-sem-remove-orphans").queryButton();
        assertTrue(fix.isDisabled(), "a recording cannot be fixed");
        assertEquals("A recording cannot be fixed: fixes need a live session on the host.",
                onFx(() -> vm.areaViewModel("ipc", IpcViewModel.class).fixUnavailableProperty().get()));
        Screenshots.take(stage.getScene(), "ipc-area-replay");

        // scrolled down: the tables and the charts
        onFx(() -> ((ScrollPane) robot.lookup("#ipc-view").query()).setVvalue(1));
        Screenshots.take(stage.getScene(), "ipc-area-replay-charts");

        // the evidence of the critical finding, opened
        onFx(() -> ((ScrollPane) robot.lookup("#ipc-view").query()).setVvalue(0));
        robot.clickOn("#evidence-ipc-sem-exhausted");
        waitFor("the evidence", 5000, () -> robot.lookup("#finding-ipc-sem-exhausted .bs-evidence").query().isVisible());
        Screenshots.take(stage.getScene(), "ipc-finding-evidence");
        // the next position keeps it open
        FxTestSupport.moveReplay(onFx(() -> vm.replay().orElseThrow()), 7);
        waitFor("the previous sample", 10_000, () -> vm.areaViewModel("ipc", IpcViewModel.class).gauge("SEMMNI").get().text().startsWith("29 / 32"));
        assertTrue(onFx(() -> robot.lookup("#finding-ipc-sem-exhausted .bs-evidence").query().isVisible()));
        robot.clickOn("#evidence-ipc-sem-exhausted");

        // grouped by key, the leaked IPC_PRIVATE arrays stand out; picking the group narrows the table
        onFx(() -> vm.areaViewModel("ipc", IpcViewModel.class).groupByProperty().set(GroupBy.KEY));
        onFx(() -> vm.areaViewModel("ipc", IpcViewModel.class).filterProperty().set("orphaned"));
        onFx(() -> vm.areaViewModel("ipc", IpcViewModel.class).sems().selectedGroupProperty().set("0x00000000 (IPC_PRIVATE)"));
        onFx(() -> ((ScrollPane) robot.lookup("#ipc-view").query()).setVvalue(0.45));
        assertEquals("21 of 29 arrays", onFx(() -> vm.areaViewModel("ipc", IpcViewModel.class).sems().countProperty().get()));
        Screenshots.take(stage.getScene(), "ipc-group-by-key");

        // the dark theme
        onFx(() -> window.themeProperty().set(io.bedside.ui.fx.Theme.DARK));
        onFx(() -> vm.areaViewModel("ipc", IpcViewModel.class).groupByProperty().set(GroupBy.NONE));
        onFx(() -> vm.areaViewModel("ipc", IpcViewModel.class).filterProperty().set(""));
        FxTestSupport.moveReplay(onFx(() -> vm.replay().orElseThrow()), 8);
        waitFor("the last sample", 10_000, () -> vm.areaViewModel("ipc", IpcViewModel.class).gauge("SEMMNI").get().text().startsWith("32 / 32"));
        onFx(() -> ((ScrollPane) robot.lookup("#ipc-view").query()).setVvalue(0));
        Screenshots.take(stage.getScene(), "ipc-area-replay-dark");
        onFx(() -> window.themeProperty().set(io.bedside.ui.fx.Theme.LIGHT));
    }

    @Test
    void absentSourcesSayWhy(FxRobot robot) {
        Instant t = Instant.parse("2026-11-23T16:26:17Z");
        Replay hidden = new Replay(new Recording("no-sysctl-host", t, "limits hidden",
                List.of(new RawSample(t, 20, Fixtures.text(Fixtures.IPC_LIMITS_HIDDEN), ""))));
        onFx(() -> window.showReplay(hidden));
        MainViewModel vm = ((MainView) window.currentView()).viewModel();
        onFx(() -> vm.selectArea("ipc"));
        waitFor("the sample", 10_000, () -> vm.areaViewModel("ipc", IpcViewModel.class).hasSampleProperty().get());
        waitFor("the gauges shown", 10_000, () -> robot.lookup("#gauge-semmni-bar").tryQuery().isPresent());
        Label reason = robot.lookup(".bs-absent").queryAllAs(Label.class).stream().filter(Node::isVisible)
                .filter(l -> l.getText().startsWith("Limits not known")).findFirst().orElseThrow();
        assertEquals("Limits not known: ipc-limits not present on this host (/proc/sys/kernel/sem)", reason.getText());
        assertFalse(onFx(() -> robot.lookup("#gauge-semmni-bar").query().isVisible()), "no bar at zero");
        Screenshots.take(stage.getScene(), "ipc-limits-absent");

        Replay nonroot = new Replay(new Recording("as-nobody", t, "no root",
                List.of(new RawSample(t, 20, Fixtures.text(Fixtures.IPC_NONROOT), ""))));
        onFx(() -> window.showReplay(nonroot));
        MainViewModel vm2 = ((MainView) window.currentView()).viewModel();
        onFx(() -> vm2.selectArea("ipc"));
        waitFor("the sample", 10_000, () -> vm2.areaViewModel("ipc", IpcViewModel.class).hasSampleProperty().get());
        waitFor("the tables shown", 10_000, () -> robot.lookup("#ipc-tabs").tryQuery().isPresent());
        onFx(() -> robot.lookup("#ipc-tabs").queryAs(TabPane.class).getSelectionModel().select(1));
        onFx(() -> ((ScrollPane) robot.lookup("#ipc-view").query()).setVvalue(0.5));
        Screenshots.take(stage.getScene(), "ipc-nonroot");
    }

    // ------------------------------------------------------------------ live, with fixes

    /** Seed 000 in the namespace: SEMMNI 32, 8 arrays in use by a live process, 24 leaked. */
    private MainViewModel liveFull(boolean administrativeAccess, OptionalLong loginUid) throws Exception {
        Assumptions.assumeTrue(IpcNamespace.available(), "needs root, unshare, nsenter and perl");
        ns = IpcNamespace.create();
        service = new TestFixService(hostname(), administrativeAccess, ns.transport(), loginUid);
        ns.sh("sysctl -q -w kernel.sem='250 32000 32 32'");
        ns.startHelper("hold", "8");
        ns.helper("leak", "24");
        workbench.thisMachine(ns::transport).offerFixes(service);
        onFx(() -> window.showLive(workbench.openThisMachine()));
        MainViewModel vm = ((MainView) window.currentView()).viewModel();
        onFx(() -> vm.session().orElseThrow().start());
        onFx(() -> vm.selectArea("ipc"));
        waitFor("the findings", 30_000, () -> vm.areaViewModel("ipc", IpcViewModel.class).findings().stream().anyMatch(f -> f.id().equals("ipc.sem.exhausted")));
        waitFor("the fix service", 10_000, () -> vm.areaViewModel("ipc", IpcViewModel.class).canFixBinding().get());
        return vm;
    }

    private static Stage wizardStage() {
        waitFor("the wizard", 10_000, () -> Window.getWindows().stream().anyMatch(IpcAreaTest::isWizard));
        return onFx(() -> (Stage) Window.getWindows().stream().filter(IpcAreaTest::isWizard).findFirst().orElseThrow());
    }

    private static boolean isWizard(Window w) {
        return w instanceof Stage s && s.isShowing() && s.getScene() != null && "fix-wizard".equals(s.getScene().getRoot().getId());
    }

    private static <T extends Node> T in(FxRobot robot, Stage s, String query, Class<T> type) {
        return robot.from(s.getScene().getRoot()).lookup(query).queryAs(type);
    }

    @Test
    void removeOrphansLiveEveryStep(FxRobot robot) throws Exception {
        MainViewModel vm = liveFull(true, OptionalLong.of(0));
        assertEquals("32 / 32 (100.0 %)", onFx(() -> vm.areaViewModel("ipc", IpcViewModel.class).gauge("SEMMNI").get().text()));
        Screenshots.take(stage.getScene(), "ipc-area-live");

        robot.clickOn("#fix-ipc-sem-remove-orphans");
        Stage w = wizardStage();
        assertTrue(onFx(() -> vm.areaViewModel("ipc", IpcViewModel.class).wizardOpenProperty().get()));
        FixWizardViewModel wvm = wizardVm(w);
        assertEquals(24, wvm.chooser(io.bedside.ui.fix.OrphanChooser.class).choices().size(), "the 8 arrays in use are not offered");
        Screenshots.take(w.getScene(), "wizard-1-choose-orphans");

        onFx(() -> in(robot, w, "#wizard-by-pattern", TitledPane.class).setExpanded(true));
        robot.clickOn(in(robot, w, "#wizard-pattern", Node.class)).write("0x0000*");
        waitFor("the matches", 5000, () -> wvm.chooser(io.bedside.ui.fix.OrphanChooser.class).patternMatches().size() == 24);
        Screenshots.take(w.getScene(), "wizard-1-choose-by-pattern");
        onFx(() -> wvm.chooser(io.bedside.ui.fix.OrphanChooser.class).patternProperty().set(""));
        onFx(() -> in(robot, w, "#wizard-by-pattern", TitledPane.class).setExpanded(false));

        robot.clickOn(in(robot, w, "#wizard-next", Button.class));
        waitFor("the preview", 10_000, () -> wvm.stepProperty().get() == Step.PREVIEW);
        assertEquals(72, wvm.preview().size(), "24 x (save, remove, verify)");
        Screenshots.take(w.getScene(), "wizard-2-preview-removal");

        robot.clickOn(in(robot, w, "#wizard-next", Button.class));
        waitFor("the confirmation", 5000, () -> wvm.stepProperty().get() == Step.CONFIRM);
        assertTrue(in(robot, w, "#wizard-apply", Button.class).isDisabled(), "Apply waits for the host's name");
        robot.clickOn(in(robot, w, "#wizard-host", Node.class)).write(hostname());
        waitFor("Apply enabled", 5000, () -> !in(robot, w, "#wizard-apply", Button.class).isDisabled());
        Screenshots.take(w.getScene(), "wizard-3-confirm");

        List<String> before = ns.rows("sem");
        robot.clickOn(in(robot, w, "#wizard-dry-run", Button.class));
        waitFor("the dry run", 30_000, () -> wvm.verdictProperty().get() == Verdict.DRY_RUN);
        assertEquals(before, ns.rows("sem"), "the dry run changed nothing");
        Screenshots.take(w.getScene(), "wizard-4-dry-run");

        robot.clickOn(in(robot, w, "#wizard-back", Button.class));
        waitFor("the confirmation", 5000, () -> wvm.stepProperty().get() == Step.CONFIRM);
        robot.clickOn(in(robot, w, "#wizard-apply", Button.class));
        waitFor("the run", 60_000, () -> wvm.verdictProperty().get() == Verdict.PASSED);
        assertEquals(8, ns.rows("sem").size(), "the 24 leaked arrays are gone, the 8 in use stay");
        assertEquals("VERIFICATION PASSED", onFx(() -> in(robot, w, "#wizard-verdict", Label.class).getText()));
        assertFalse(in(robot, w, "#wizard-rollback", Button.class).isVisible(), "a removal cannot be rolled back");
        assertTrue(onFx(() -> in(robot, w, "#wizard-audit-log", javafx.scene.control.TextField.class).getText()).endsWith(".log"));
        Screenshots.take(w.getScene(), "wizard-4-run-passed");

        // the window sampled again at once: the headroom is back
        waitFor("the new headroom", 20_000, () -> vm.areaViewModel("ipc", IpcViewModel.class).gauge("SEMMNI").get().text().equals("8 / 32 (25.0 %)"));
        robot.clickOn(in(robot, w, "#wizard-close", Button.class));
        waitFor("the wizard gone", 5000, () -> !vm.areaViewModel("ipc", IpcViewModel.class).wizardOpenProperty().get());
        waitFor("no exhaustion", 10_000, () -> vm.areaViewModel("ipc", IpcViewModel.class).findings().stream().noneMatch(f -> f.id().equals("ipc.sem.exhausted")));
        Screenshots.take(stage.getScene(), "ipc-area-after-fix");
    }

    @Test
    void raiseLimitStopsWithoutRootThenAppliesAndRollsBack(FxRobot robot) throws Exception {
        MainViewModel vm = liveFull(false, OptionalLong.empty());

        robot.clickOn("#fix-ipc-sem-raise-limit");
        Stage w = wizardStage();
        FixWizardViewModel wvm = wizardVm(w);
        waitFor("the plan", 10_000, () -> wvm.planProperty().get() != null);
        assertEquals(List.of("old: kernel.sem = 250 32000 32 32", "new: kernel.sem = 250 64000 32 256"), onFx(() -> List.copyOf(wvm.oldNew())));
        Screenshots.take(w.getScene(), "wizard-1-choose-raise-limit");

        robot.clickOn(in(robot, w, "#wizard-next", Button.class));
        waitFor("the preview", 5000, () -> wvm.stepProperty().get() == Step.PREVIEW);
        CheckBox persist = in(robot, w, "#wizard-optional-persist", CheckBox.class);
        assertFalse(persist.isSelected(), "persisting is off by default");
        robot.clickOn(persist);
        waitFor("ticked", 5000, () -> wvm.optionalParts().get(0).isIncluded());
        onFx(() -> {
            var list = in(robot, w, "#wizard-preview-steps", javafx.scene.control.ListView.class);
            list.scrollTo(wvm.preview().size() - 3);
        });
        Screenshots.take(w.getScene(), "wizard-2-preview-persist-diff");
        robot.clickOn(persist);   // not on this machine's /etc
        waitFor("unticked", 5000, () -> !wvm.optionalParts().get(0).isIncluded());

        robot.clickOn(in(robot, w, "#wizard-next", Button.class));
        robot.clickOn(in(robot, w, "#wizard-host", Node.class)).write(hostname());
        waitFor("the host confirmed", 5000, () -> wvm.hostConfirmedBinding().get());
        assertTrue(in(robot, w, "#wizard-apply", Button.class).isDisabled(), "root needed, administrative access off");
        assertFalse(in(robot, w, "#wizard-dry-run", Button.class).isDisabled(), "dry run still allowed");
        assertTrue(onFx(() -> in(robot, w, "#wizard-root-note", Label.class).getText()).contains("administrative access is off"));
        Screenshots.take(w.getScene(), "wizard-3-confirm-needs-root");

        service.administrativeAccess = true;   // switched on in the main window
        robot.clickOn(in(robot, w, "#wizard-check-access", Button.class));
        waitFor("Apply enabled", 5000, () -> !in(robot, w, "#wizard-apply", Button.class).isDisabled());
        robot.clickOn(in(robot, w, "#wizard-apply", Button.class));
        waitFor("the run", 30_000, () -> wvm.verdictProperty().get() == Verdict.PASSED);
        assertEquals("250\t64000\t32\t256", ns.sh("cat /proc/sys/kernel/sem").trim());
        assertTrue(in(robot, w, "#wizard-rollback", Button.class).isVisible());
        Screenshots.take(w.getScene(), "wizard-4-run-raise-limit");
        waitFor("the new limit", 20_000, () -> vm.areaViewModel("ipc", IpcViewModel.class).gauge("SEMMNI").get().text().equals("32 / 256 (12.5 %)"));

        robot.clickOn(in(robot, w, "#wizard-rollback", Button.class));
        waitFor("the rollback", 30_000, () -> wvm.verdictProperty().get() == Verdict.ROLLED_BACK);
        assertEquals("250\t32000\t32\t32", ns.sh("cat /proc/sys/kernel/sem").trim());
        Screenshots.take(w.getScene(), "wizard-4-rolled-back");
    }

    private static FixWizardViewModel wizardVm(Stage w) {
        return onFx(() -> (FixWizardViewModel) w.getScene().getRoot().getProperties().get(FixWizardViewModel.class));
    }

    private static String hostname() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
