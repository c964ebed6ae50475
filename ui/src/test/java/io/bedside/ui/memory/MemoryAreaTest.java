package io.bedside.ui.memory;

import io.bedside.ui.fix.FixWizardViewModel;
import io.bedside.ui.fix.FixWizardViewModel.Step;
import io.bedside.ui.fix.FixWizardViewModel.Verdict;
import io.bedside.ui.fx.BackgroundTaskRunner;
import io.bedside.ui.fx.MarkedLineChart;
import io.bedside.ui.main.Area;
import io.bedside.ui.main.BedsideWindow;
import io.bedside.ui.main.MainView;
import io.bedside.ui.main.MainViewModel;
import io.bedside.ui.support.Fixtures;
import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.LocalShellTransport;
import io.bedside.ui.support.OomCgroup;
import io.bedside.ui.support.Screenshots;
import io.bedside.ui.support.TestFileDialogs;
import io.bedside.ui.support.TestFixService;
import io.bedside.ui.support.TestWorkbench;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
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
import java.util.Optional;
import java.util.OptionalLong;

import static io.bedside.ui.support.Fixtures.MEM_FIRST;
import static io.bedside.ui.support.Fixtures.MEM_NEXT;
import static io.bedside.ui.support.Fixtures.MEM_NOTHING_NEW;
import static io.bedside.ui.support.Fixtures.MEM_USER;
import static io.bedside.ui.support.FxTestSupport.onFx;
import static io.bedside.ui.support.FxTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory area and the mem.oom.protect wizard in the whole window, headless. The replays are
 * the lab's captured OOM kills; the live test runs the real probe on this machine and has the
 * kernel's OOM killer take a process in a memory cgroup of its own while the window watches, and
 * the wizard really changes (and rolls back) the oom_score_adj of a process the test started.
 * Screenshots go to target/screenshots.
 */
@ExtendWith(ApplicationExtension.class)
class MemoryAreaTest {
    static {
        FxTestSupport.configureHeadlessScreen();
    }

    private final TestWorkbench workbench = new TestWorkbench(Duration.ofSeconds(2));
    private final BackgroundTaskRunner runner = new BackgroundTaskRunner();
    private final TestFileDialogs dialogs = new TestFileDialogs(Path.of("target", "exports"));
    private BedsideWindow window;
    private Stage stage;
    private OomCgroup hold;
    private OomCgroup oom;

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
        if (hold != null) {
            hold.close();
        }
        if (oom != null) {
            oom.close();
        }
    }

    private MainViewModel replay(String... fixtures) {
        onFx(() -> window.showReplay(Fixtures.hostReplay("lab-memdev", "OOM kills in the lab", fixtures)));
        MainViewModel vm = ((MainView) window.currentView()).viewModel();
        FxTestSupport.moveReplay(onFx(() -> vm.replay().orElseThrow()), fixtures.length - 1);
        onFx(() -> vm.selectArea("memory"));
        waitFor("the memory area", 10_000, () -> vm.areaViewModel("memory", MemoryViewModel.class).hasSampleProperty().get());
        return vm;
    }

    private static void scrollTo(FxRobot robot, String id) {
        onFx(() -> {
            ScrollPane pane = robot.lookup("#memory-view").queryAs(ScrollPane.class);
            Node target = robot.lookup(id).query();
            pane.layout();
            double y = target.localToScene(0, 0).getY() - pane.getContent().localToScene(0, 0).getY();
            double max = pane.getContent().getLayoutBounds().getHeight() - pane.getViewportBounds().getHeight();
            pane.setVvalue(Math.max(0, Math.min(1, (y - 10) / max)));
        });
    }

    // ------------------------------------------------------------------ replays

    @Test
    void replayOfTheLabsOomKillsShowsChartsMarkersProcessesAndTheTimeline(FxRobot robot) {
        MainViewModel vm = replay(MEM_FIRST, MEM_NOTHING_NEW, MEM_NEXT);
        MemoryViewModel m = vm.areaViewModel("memory", MemoryViewModel.class);
        waitFor("the timeline", 10_000, () -> m.timeline().stream().filter(e -> e.kind() == TimelineEvent.Kind.KILL).count() == 10);
        waitFor("the view", 10_000, () -> robot.lookup("#memory-processes").tryQuery().isPresent());

        MarkedLineChart memory = robot.lookup("#memory-chart-memory").queryAs(MarkedLineChart.class);
        MarkedLineChart pressure = robot.lookup("#memory-chart-pressure").queryAs(MarkedLineChart.class);
        waitFor("the markers drawn", 5000, () -> memory.visibleMarkers() == 10 && pressure.visibleMarkers() == 10);
        assertTrue(onFx(memory::visibleLabels).contains("OOM bad) name x"), onFx(memory::visibleLabels).toString());
        assertEquals("No swap is configured on this host (SwapTotal 0 kB).",
                onFx(() -> robot.lookup("#memory-chart-memory-note").queryAs(Label.class).getText()));

        TableView<?> processes = robot.lookup("#memory-processes").queryAs(TableView.class);
        assertEquals("java", onFx(() -> ((ProcessRow) processes.getItems().get(0)).comm()));
        assertEquals(MemoryView.ROW_HEIGHT, processes.getFixedCellSize());
        // the table's cells (and their buttons) come with its next layout pass, after its items
        waitFor("the process rows' cells", 5000, () -> robot.lookup("#protect-11313").tryQuery().isPresent());
        assertTrue(robot.lookup("#protect-11313").queryButton().isDisabled(), "a recording cannot be fixed");
        assertTrue(robot.lookup("#fix-mem-oom-protect").queryButton().isDisabled());
        Screenshots.take(stage.getScene(), "memory-area-replay");

        // a click on a marker's label selects its kill in the timeline
        Label label = onFx(() -> robot.lookup(".bs-marker-label").queryAllAs(Label.class).stream()
                .filter(Node::isVisible).filter(l -> l.getText().equals("OOM bad) name x")).findFirst().orElseThrow());
        robot.clickOn(label);
        waitFor("the kill selected", 5000, () -> m.selectedEventProperty().get() != null
                && m.selectedEventProperty().get().victim().equals("12040 bad) name x"));

        // the timeline, an earlier kill selected: its raw kernel lines
        TableView<?> timeline = robot.lookup("#memory-timeline").queryAs(TableView.class);
        int row = onFx(() -> {
            for (int i = 0; i < timeline.getItems().size(); i++) {
                if (((TimelineEvent) timeline.getItems().get(i)).victim().equals("24607 java (worker)")) {
                    return i;
                }
            }
            return -1;
        });
        onFx(() -> timeline.getSelectionModel().select(row));
        waitFor("its raw lines", 5000, () -> robot.lookup("#memory-raw-lines").queryAs(TextArea.class).getText()
                .contains("Killed process 24607 (java (worker))"));
        assertTrue(onFx(() -> memory.selectedIdProperty().get()).startsWith("kill:24607|"), "its marker is emphasised");
        scrollTo(robot, "#memory-timeline");
        Screenshots.take(stage.getScene(), "memory-timeline");
        scrollTo(robot, "#memory-processes");
        Screenshots.take(stage.getScene(), "memory-processes");

        // the dark theme: markers, the not-sampled stretch and the tables stay readable
        onFx(() -> window.themeProperty().set(io.bedside.ui.fx.Theme.DARK));
        onFx(() -> robot.lookup("#memory-view").queryAs(ScrollPane.class).setVvalue(0));
        assertTrue(onFx(memory::notSampledShown), "the axis reaches back to the first kill, before the first sample");
        Screenshots.take(stage.getScene(), "memory-area-replay-dark");
        onFx(() -> window.themeProperty().set(io.bedside.ui.fx.Theme.LIGHT));
    }

    @Test
    void aKernelLogThatNeedsRootSaysSo(FxRobot robot) {
        MainViewModel vm = replay(MEM_USER);
        waitFor("the view", 10_000, () -> robot.lookup("#memory-kernel-log-absence").tryQuery().isPresent());
        Label absence = robot.lookup("#memory-kernel-log-absence").queryAs(Label.class);
        assertTrue(absence.isVisible());
        assertTrue(absence.getText().startsWith("The kernel log needs root — switch on administrative access"), absence.getText());
        TableView<?> timeline = robot.lookup("#memory-timeline").queryAs(TableView.class);
        assertTrue(timeline.getItems().stream().allMatch(e -> ((TimelineEvent) e).kind() == TimelineEvent.Kind.BOOT),
                "no kill listed: the log was not read");
        assertEquals(absence.getText(), onFx(() -> vm.areaViewModel("memory", MemoryViewModel.class).timelineEmptyProperty().get()));
        Screenshots.take(stage.getScene(), "memory-kernel-log-needs-root");
    }

    // ------------------------------------------------------------------ live: a real OOM kill, a real fix

    @Test
    void liveOomKillAppearsAndProtectRunsEveryStep(FxRobot robot) throws Exception {
        Assumptions.assumeTrue(OomCgroup.available(), "needs root, perl and a memory cgroup controller");
        hold = OomCgroup.create("hold", 96);
        long holder = hold.startHolder("bs-ui-holder", 40, "bedside-ui-demo.service");
        oom = OomCgroup.create("oom", 32);
        TestFixService service = new TestFixService(hostname(), true, new LocalShellTransport(), OptionalLong.of(0));
        workbench.offerFixes(service);
        onFx(() -> window.showLive(workbench.openThisMachine()));
        MainViewModel vm = ((MainView) window.currentView()).viewModel();
        MemoryViewModel m = vm.areaViewModel("memory", MemoryViewModel.class);
        onFx(() -> vm.session().orElseThrow().start());
        onFx(() -> vm.selectArea("memory"));
        waitFor("the holder in the table", 30_000, () -> m.allProcesses().stream().anyMatch(r -> r.pid() == holder));
        ProcessRow h = onFx(() -> m.allProcesses().stream().filter(r -> r.pid() == holder).findFirst().orElseThrow());
        assertEquals("bedside-ui-demo.service", h.unit());
        assertEquals(hold.ref(), h.cgroup());
        assertEquals("96.0 MiB", h.limit());
        assertTrue(h.use().matches("\\d+(\\.\\d)? MiB \\(\\d+\\.\\d %\\)"), h.use());
        waitFor("the fix service", 10_000, () -> m.canFixBinding().get());

        // the kernel's OOM killer takes a process while the window watches
        long victim = oom.oomKill("bs-ui-victim");
        waitFor("the kill in the timeline", 30_000, () -> m.timeline().stream()
                .anyMatch(e -> e.victim().equals(victim + " bs-ui-victim") && e.arrivedLive()));
        TimelineEvent kill = onFx(() -> m.timeline().stream().filter(e -> e.victim().equals(victim + " bs-ui-victim"))
                .findFirst().orElseThrow());
        assertEquals("CONSTRAINT_MEMCG", kill.constraint());
        assertEquals("/" + Path.of(oom.ref().substring(3)).getFileName(), kill.memcg());
        assertTrue(kill.raw().contains("Killed process " + victim + " (bs-ui-victim)"), kill.raw());
        assertTrue(onFx(() -> m.markers().stream().anyMatch(x -> x.id().equals(kill.id()))), "drawn over the charts");
        assertEquals(1, onFx(() -> m.timeline().stream().filter(e -> e.id().equals(kill.id())).count()),
                "later samples do not add it again");
        waitFor("the finding", 20_000, () -> m.findings().stream().anyMatch(f -> f.id().equals("mem.oom.killed")
                && f.summary().contains("bs-ui-victim (pid " + victim + ")")));
        MarkedLineChart chart = robot.lookup("#memory-chart-memory").queryAs(MarkedLineChart.class);
        waitFor("the marker drawn", 10_000, () -> chart.visibleMarkers() >= 1);
        Thread.sleep(500);
        Screenshots.take(stage.getScene(), "memory-area-live");

        // Protect… on the holder's row
        onFx(() -> m.filterProperty().set("bs-ui-holder"));
        scrollTo(robot, "#memory-processes");
        clickProtect(robot, holder);
        Stage w = wizardStage();
        FixWizardViewModel wvm = wizardVm(w);
        waitFor("the choice", 10_000, () -> wvm.chooser(io.bedside.ui.fix.ProtectChooser.class).chosenProcessProperty().get() != null);
        assertEquals(holder, (long) onFx(() -> wvm.chooser(io.bedside.ui.fix.ProtectChooser.class).chosenProcessProperty().get().pid()));
        assertEquals("-500", onFx(() -> wvm.chooser(io.bedside.ui.fix.ProtectChooser.class).adjTextProperty().get()));
        assertTrue(onFx(() -> wvm.chooser(io.bedside.ui.fix.ProtectChooser.class).unitNoteProperty().get()).contains("bedside-ui-demo.service"));
        Screenshots.take(w.getScene(), "wizard-protect-1-choose");

        onFx(() -> wvm.chooser(io.bedside.ui.fix.ProtectChooser.class).adjTextProperty().set("-1000"));
        waitFor("the warning", 5000, () -> in(robot, w, "#wizard-never-kill-confirm", CheckBox.class).isVisible());
        assertTrue(in(robot, w, "#wizard-next", Button.class).isDisabled(), "-1000 waits for the confirmation");
        Screenshots.take(w.getScene(), "wizard-protect-1-never-killed");
        onFx(() -> wvm.chooser(io.bedside.ui.fix.ProtectChooser.class).adjTextProperty().set("1500"));
        waitFor("refused", 5000, () -> in(robot, w, "#wizard-adj-problem", Label.class).isVisible());
        assertTrue(in(robot, w, "#wizard-next", Button.class).isDisabled());
        onFx(() -> wvm.chooser(io.bedside.ui.fix.ProtectChooser.class).adjTextProperty().set("-500"));

        robot.clickOn(in(robot, w, "#wizard-next", Button.class));
        waitFor("the preview", 10_000, () -> wvm.stepProperty().get() == Step.PREVIEW);
        CheckBox dropIn = in(robot, w, "#wizard-optional-unit-bedside-ui-demo-service", CheckBox.class);
        assertFalse(dropIn.isSelected(), "the drop-in is off unless ticked");
        robot.clickOn(dropIn);
        waitFor("ticked", 5000, () -> wvm.optionalParts().get(0).isIncluded());
        onFx(() -> in(robot, w, "#wizard-preview-steps", ListView.class).scrollTo(3));
        Thread.sleep(300);
        Screenshots.take(w.getScene(), "wizard-protect-2-preview-drop-in");
        assertTrue(onFx(() -> wvm.preview().stream().anyMatch(s -> s.diff().contains("+OOMScoreAdjust=-500"))));
        robot.clickOn(dropIn);   // systemd does not run on this machine
        waitFor("unticked", 5000, () -> !wvm.optionalParts().get(0).isIncluded());

        robot.clickOn(in(robot, w, "#wizard-next", Button.class));
        waitFor("the confirmation", 5000, () -> wvm.stepProperty().get() == Step.CONFIRM);
        robot.clickOn(in(robot, w, "#wizard-host", Node.class)).write(hostname());
        waitFor("Apply enabled", 5000, () -> !in(robot, w, "#wizard-apply", Button.class).isDisabled());
        Screenshots.take(w.getScene(), "wizard-protect-3-confirm");

        robot.clickOn(in(robot, w, "#wizard-apply", Button.class));
        waitFor("the run's end", 30_000, () -> !wvm.busyProperty().get() && wvm.verdictProperty().get() != Verdict.RUNNING);
        if (!OomCgroup.canLowerOomScoreAdj()) {
            // this machine's root lacks CAP_SYS_RESOURCE: the kernel refuses, and the wizard says so; nothing changed
            assertEquals(Verdict.FAILED, onFx(() -> wvm.verdictProperty().get()), () -> results(wvm));
            assertTrue(results(wvm).contains("failed echo -500 > /proc/" + holder + "/oom_score_adj"), results(wvm));
            assertEquals("0", OomCgroup.proc(holder, "oom_score_adj"));
            assertFalse(in(robot, w, "#wizard-rollback", Button.class).isVisible(), "no change ran: nothing to roll back");
            Screenshots.take(w.getScene(), "wizard-protect-4-run-refused");
            robot.clickOn(in(robot, w, "#wizard-close", Button.class));
            waitFor("the wizard gone", 5000, () -> !m.wizardOpenProperty().get());
            // raising it needs no privilege: the same wizard, with 300, runs, verifies and rolls back for real
            clickProtect(robot, holder);
            Stage w2 = wizardStage();
            FixWizardViewModel again = wizardVm(w2);
            waitFor("the choice", 10_000, () -> again.chooser(io.bedside.ui.fix.ProtectChooser.class).chosenProcessProperty().get() != null);
            onFx(() -> again.chooser(io.bedside.ui.fix.ProtectChooser.class).adjTextProperty().set("300"));
            robot.clickOn(in(robot, w2, "#wizard-next", Button.class));
            waitFor("the preview", 10_000, () -> again.stepProperty().get() == Step.PREVIEW);
            robot.clickOn(in(robot, w2, "#wizard-next", Button.class));
            robot.clickOn(in(robot, w2, "#wizard-host", Node.class)).write(hostname());
            waitFor("Apply enabled", 5000, () -> !in(robot, w2, "#wizard-apply", Button.class).isDisabled());
            robot.clickOn(in(robot, w2, "#wizard-apply", Button.class));
            waitFor("the run's end", 30_000, () -> !again.busyProperty().get() && again.verdictProperty().get() != Verdict.RUNNING);
            passedAndRolledBack(robot, m, w2, again, holder, "300");
        } else {
            passedAndRolledBack(robot, m, w, wvm, holder, "-500");
        }
    }

    private static void passedAndRolledBack(FxRobot robot, MemoryViewModel m, Stage w, FixWizardViewModel wvm, long holder,
                                            String adj) throws Exception {
        assertEquals(Verdict.PASSED, onFx(() -> wvm.verdictProperty().get()), () -> results(wvm));
        assertEquals(adj, OomCgroup.proc(holder, "oom_score_adj"), "really changed");
        assertTrue(in(robot, w, "#wizard-rollback", Button.class).isVisible());
        Screenshots.take(w.getScene(), "wizard-protect-4-run-passed");
        // the window sampled again at once: the row says so
        waitFor("the new value in the table", 20_000, () -> m.allProcesses().stream()
                .anyMatch(r -> r.pid() == holder && r.adj().equals(adj)));

        robot.clickOn(in(robot, w, "#wizard-rollback", Button.class));
        waitFor("the rollback", 30_000, () -> wvm.verdictProperty().get() == Verdict.ROLLED_BACK);
        assertEquals("0", OomCgroup.proc(holder, "oom_score_adj"), "put back");
        Screenshots.take(w.getScene(), "wizard-protect-4-rolled-back");
        robot.clickOn(in(robot, w, "#wizard-close", Button.class));
        waitFor("the wizard gone", 5000, () -> !m.wizardOpenProperty().get());
    }

    private static String results(FixWizardViewModel wvm) {
        return onFx(() -> wvm.verdictDetailProperty().get() + "\n" + String.join("\n", wvm.results().stream()
                .map(r -> r.outcome() + " " + r.command() + " -> " + r.detail()).toList()));
    }

    /** The Protect… button of a process's row, as shown now (table cells are reused as rows change). */
    /**
     * Clicks the process's Protect… button. A sample that arrives between finding the button and
     * clicking it rebuilds the rows: the button found is then out of the scene (TestFX cannot place
     * the pointer on it), and the new row's button is looked up again, at most twice more.
     */
    private static void clickProtect(FxRobot robot, long pid) {
        for (int attempt = 1; ; attempt++) {
            Button b = protectButton(robot, pid);
            try {
                robot.clickOn(b);
                return;
            } catch (RuntimeException e) {
                if (attempt == 3 || onFx(() -> b.getScene() != null)) {
                    throw e;
                }
            }
        }
    }

    private static Button protectButton(FxRobot robot, long pid) {
        scrollTo(robot, "#memory-processes");
        waitFor("its Protect… button", 10_000, () -> robot.lookup("#protect-" + pid).queryAllAs(Button.class).stream()
                .anyMatch(b -> b.getScene() != null && b.isVisible() && !b.isDisabled()));
        return onFx(() -> robot.lookup("#protect-" + pid).queryAllAs(Button.class).stream()
                .filter(b -> b.getScene() != null && b.isVisible() && !b.isDisabled()).findFirst().orElseThrow());
    }

    private static Stage wizardStage() {
        waitFor("the wizard", 10_000, () -> Window.getWindows().stream().anyMatch(MemoryAreaTest::isWizard));
        return onFx(() -> (Stage) Window.getWindows().stream().filter(MemoryAreaTest::isWizard).findFirst().orElseThrow());
    }

    private static boolean isWizard(Window w) {
        return w instanceof Stage s && s.isShowing() && s.getScene() != null && "fix-wizard".equals(s.getScene().getRoot().getId());
    }

    private static <T extends Node> T in(FxRobot robot, Stage s, String query, Class<T> type) {
        return robot.from(s.getScene().getRoot()).lookup(query).queryAs(type);
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
