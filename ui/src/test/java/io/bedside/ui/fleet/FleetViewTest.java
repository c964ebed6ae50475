package io.bedside.ui.fleet;

import io.bedside.model.findings.FleetGroup;

import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Severity;
import io.bedside.model.port.Prompter;
import io.bedside.model.recording.Replay;
import io.bedside.model.session.SamplingSession;
import io.bedside.ui.connect.BundledRecording;
import io.bedside.ui.connect.ConnectView;
import io.bedside.ui.fx.BackgroundTaskRunner;
import io.bedside.ui.main.AreaContribution;
import io.bedside.ui.main.BedsideWindow;
import io.bedside.ui.main.Workbench;
import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.Screenshots;
import io.bedside.ui.support.TestFileDialogs;
import io.bedside.ui.support.TestWorkbench;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static io.bedside.ui.support.FxTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fleet view in the whole window, headless: reached from the connect screen's "Sweep a
 * fleet…", its rows fill in as hosts answer (results delivered from another thread, as a sweep's
 * threads do), the findings are grouped across hosts, a group filters the table, the orders sort
 * it, a hostile host name from the inventory stays in its own cell, Stop and Re-sweep, and a host
 * (an unreachable one) opens in a window of its own that says why it cannot connect.
 * Screenshots go to target/screenshots.
 */
@ExtendWith(ApplicationExtension.class)
class FleetViewTest {
    static {
        FxTestSupport.configureHeadlessScreen();
    }

    /** A name an inventory could hold: a newline with a forged row after it, a bidi override, an ESC. */
    static final String HOSTILE = "evil\nCRITICAL db-99: ipc.sem.exhausted\u202e\u001b[2J";

    private final BackgroundTaskRunner runner = new BackgroundTaskRunner();
    private final ScriptedInventory inventory = new ScriptedInventory(Path.of("/tmp/fleet/hosts.ini"), List.of(
            new FleetHost("db-01", "deploy@10.0.0.1:2222"),
            new FleetHost("db-02", "deploy@10.0.0.2"),
            new FleetHost("web-01", "web-01"),
            new FleetHost("down-01", TestWorkbench.UNREACHABLE),
            new FleetHost(HOSTILE, "10.0.0.9")));
    private final FleetWorkbench workbench = new FleetWorkbench(new TestWorkbench(Duration.ofSeconds(2)), inventory);
    private BedsideWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = new BedsideWindow(workbench, runner, new TestFileDialogs(Path.of("target", "exports")), Clock.systemDefaultZone())
                .withInventoryChooser(owner -> Optional.of(inventory.file()));
        window.show(stage, Optional.empty());
    }

    @AfterEach
    void close() {
        onFx(() -> {
            for (BedsideWindow w : window.hostWindows()) {
                w.quit();
            }
            stage.hide();
        });
        runner.close();
    }

    private static Finding finding(String id, Severity s, String summary) {
        return new Finding(id, s, summary, List.of(), List.of(), List.of());
    }

    @Test
    void rowsFillInLiveGroupFilterSortAndAHostOpensInItsOwnWindow(FxRobot robot) {
        assertTrue(onFx(() -> window.currentView() instanceof ConnectView));
        robot.clickOn("#connect-sweep-fleet");
        waitFor("the sweep started", 10_000, () -> inventory.sweeps.size() == 1);
        FleetView view = onFx(() -> (FleetView) window.currentView());
        FleetViewModel vm = view.viewModel();
        assertEquals(5, onFx(() -> vm.shownRows().size()));
        assertEquals("0/5 answered, 0 unknown", onFx(() -> vm.progressProperty().get()));
        assertTrue(onFx(() -> vm.shownRows().stream().allMatch(r -> r.word().equals("waiting"))));
        assertTrue(onFx(() -> stage.getTitle()).startsWith("Fleet: hosts.ini — 5 hosts"), onFx(() -> stage.getTitle()));

        // results arrive one by one from another thread; each shows at once
        ScriptedInventory.Run sweep = inventory.sweeps.get(0);
        Finding sem = finding("ipc.sem.exhausted", Severity.CRITICAL, "All 128 semaphore arrays (SEMMNI) are in use.");
        Finding shm = finding("ipc.shm.orphans", Severity.WARNING, "12 shared memory segments have no process attached.");
        sweep.answer(new FleetResult(inventory.host("db-02"), 2, List.of(sem, shm), Optional.empty(), 1830));
        waitFor("db-02's row", 5_000, () -> vm.rows().stream().anyMatch(r -> r.host().name().equals("db-02") && r.status() == 2));
        assertEquals("1/5 answered, 0 unknown", onFx(() -> vm.progressProperty().get()));
        assertEquals("db-02", onFx(() -> vm.shownRows().get(0).host().name()), "a CRITICAL host comes first");
        Screenshots.take(stage.getScene(), "fleet-sweep-in-progress");

        sweep.answer(new FleetResult(inventory.host("down-01"), 3, List.of(),
                Optional.of(TestWorkbench.UNREACHABLE_MESSAGE), 12));
        sweep.answer(new FleetResult(inventory.host("web-01"), 0, List.of(), Optional.empty(), 640));
        sweep.answer(new FleetResult(inventory.host(HOSTILE), 2, List.of(
                finding("ipc.sem.exhausted", Severity.CRITICAL, "A name with\na newline: \u001b[31mred")), Optional.empty(), 2400));
        sweep.answer(new FleetResult(inventory.host("db-01"), 1, List.of(shm), Optional.empty(), 950));
        sweep.done();
        waitFor("the end of the sweep", 5_000, () -> !vm.runningProperty().get());
        assertTrue(onFx(() -> vm.progressProperty().get()).startsWith("5/5 answered, 1 unknown · done in "),
                onFx(() -> vm.progressProperty().get()));

        // worst first: CRITICAL (by name), UNKNOWN, WARNING, OK
        assertEquals(List.of("db-02", HOSTILE, "down-01", "db-01", "web-01"), names(vm));
        // grouped as the sweep's summary groups them
        List<FleetGroup> groups = onFx(() -> List.copyOf(vm.groups()));
        assertEquals(2, groups.size(), groups.toString());
        assertEquals("ipc.sem.exhausted on 2 of 5 hosts", groups.get(0).headline());
        assertEquals(List.of("db-02", HOSTILE), groups.get(0).hosts());
        assertEquals("ipc.shm.orphans on 2 of 5 hosts", groups.get(1).headline());

        // the hostile name: one row of its own, its cell in the visible form, no forged row
        TableView<FleetRow> table = view.table();
        List<String> hostCells = cellTexts(robot, table, 1);
        assertEquals(5, hostCells.size(), hostCells.toString());
        String shown = hostCells.get(1);
        assertEquals("evil\\x0aCRITICAL db-99: ipc.sem.exhausted\\u202e\\x1b[2J", shown);
        assertFalse(hostCells.contains("CRITICAL db-99: ipc.sem.exhausted"), "no row was forged");
        List<String> findingCells = cellTexts(robot, table, 5);
        assertTrue(findingCells.get(1).contains("A name with\\x0aa newline: \\x1b[31mred"), findingCells.toString());
        assertTrue(findingCells.get(2).contains("connection refused"), findingCells.toString());
        List<String> groupTexts = robot.lookup("#fleet-groups .label").queryAllAs(Label.class).stream().map(Label::getText).toList();
        assertTrue(groupTexts.stream().anyMatch(t -> t.contains("db-02, evil\\x0aCRITICAL")), groupTexts.toString());
        assertTrue(groupTexts.stream().noneMatch(t -> t.contains("\n") || t.contains("\u202e") || t.contains("\u001b")), groupTexts.toString());
        Screenshots.take(stage.getScene(), "fleet-sweep-done");

        // the status word is coloured by a style class of its own
        List<String> critical = onFx(() -> robot.lookup(".bs-fleet-critical").queryAll().stream()
                .map(n -> ((TableCell<?, ?>) n).getText()).toList());
        assertEquals(List.of("CRITICAL", "CRITICAL"), critical);

        // a group filters the table to its hosts
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup("#fleet-groups .list-cell").nth(1).queryAs(Node.class));
        waitFor("the filter by finding", 5_000, () -> vm.shownRows().size() == 2);
        assertEquals(List.of("db-02", "db-01"), names(vm));
        assertEquals("ipc.shm.orphans", onFx(() -> vm.findingFilterProperty().get()));
        Screenshots.take(stage.getScene(), "fleet-filtered-by-finding");
        robot.clickOn("#fleet-all-hosts");
        waitFor("every host again", 5_000, () -> vm.shownRows().size() == 5);

        // text filter and the orders
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#fleet-filter").write("refused");
        waitFor("the text filter", 5_000, () -> vm.shownRows().size() == 1);
        assertEquals(List.of("down-01"), names(vm));
        onFx(() -> vm.textFilterProperty().set(""));
        onFx(() -> vm.orderProperty().set(FleetViewModel.Order.NAME));
        assertEquals(List.of("db-01", "db-02", "down-01", HOSTILE, "web-01"), names(vm));
        onFx(() -> vm.orderProperty().set(FleetViewModel.Order.TIME));
        assertEquals(List.of(HOSTILE, "db-02", "db-01", "web-01", "down-01"), names(vm));
        onFx(() -> vm.orderProperty().set(FleetViewModel.Order.WORST_FIRST));

        // Re-sweep: every row waits again; Stop: the late answers of the stopped sweep are ignored
        robot.clickOn("#fleet-resweep");
        waitFor("the second sweep", 5_000, () -> inventory.sweeps.size() == 2);
        ScriptedInventory.Run second = inventory.sweeps.get(1);
        waitFor("rows waiting", 5_000, () -> vm.rows().stream().allMatch(r -> r.status() == -1) && vm.groups().isEmpty());
        second.answer(new FleetResult(inventory.host("web-01"), 0, List.of(), Optional.empty(), 300));
        waitFor("web-01 again", 5_000, () -> vm.progressProperty().get().startsWith("1/5"));
        robot.clickOn("#fleet-stop");
        waitFor("stopped", 5_000, () -> !vm.runningProperty().get());
        assertTrue(second.cancelled);
        second.answer(new FleetResult(inventory.host("db-01"), 2, List.of(sem), Optional.empty(), 300));
        FxTestSupport.onFx(() -> { });
        assertEquals("1/5 answered, 0 unknown · stopped", onFx(() -> vm.progressProperty().get()));
        assertTrue(onFx(() -> vm.rows().stream().filter(r -> r.status() >= 0).count()) == 1, "the stopped sweep's late answer is ignored");

        // one click opens a host in its own window, reached as the inventory says; an unreachable
        // host opens too and says why, as the connect screen does
        robot.clickOn("#fleet-resweep");
        waitFor("the third sweep", 5_000, () -> inventory.sweeps.size() == 3);
        inventory.sweeps.get(2).answer(new FleetResult(inventory.host("down-01"), 3, List.of(),
                Optional.of(TestWorkbench.UNREACHABLE_MESSAGE), 12));
        waitFor("down-01 answered", 5_000, () -> vm.rows().stream().anyMatch(r -> r.status() == 3));
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#fleet-open-down-01");
        waitFor("a window for down-01", 5_000, () -> window.hostWindows().size() == 1);
        assertEquals(List.of("down-01"), inventory.opened);
        BedsideWindow host = onFx(() -> window.hostWindows().get(0));
        waitFor("its connection error", 15_000, () -> host.currentView() instanceof ConnectView c
                && c.viewModel().errorProperty().get().equals(TestWorkbench.UNREACHABLE_MESSAGE));
        assertTrue(onFx(() -> window.currentView() instanceof FleetView), "the fleet stays in its own window");
        Screenshots.take(host.stage().getScene(), "fleet-opened-unreachable-host");
    }

    @Test
    void aBadInventoryIsOneSentence(FxRobot robot) {
        inventory.failure = new IOException("/tmp/fleet/hosts.ini line 3: a quote is not closed.");
        onFx(() -> window.showFleet(inventory.file()));
        FleetViewModel vm = onFx(() -> ((FleetView) window.currentView()).viewModel());
        waitFor("the error", 5_000, () -> !vm.errorProperty().get().isEmpty());
        assertEquals("/tmp/fleet/hosts.ini line 3: a quote is not closed.", onFx(() -> vm.errorProperty().get()));
        assertTrue(inventory.sweeps.isEmpty());
        assertTrue(onFx(() -> robot.lookup("#fleet-resweep").queryButton().isDisabled()));
        robot.clickOn("#fleet-back");
        waitFor("the connect screen", 5_000, () -> window.currentView() instanceof ConnectView);
    }

    private static List<String> names(FleetViewModel vm) {
        return onFx(() -> vm.shownRows().stream().map(r -> r.host().name()).toList());
    }

    /** The texts the table's cells of column {@code col} show, top to bottom. */
    @SuppressWarnings("unchecked")
    private static List<String> cellTexts(FxRobot robot, TableView<FleetRow> table, int col) {
        return onFx(() -> {
            table.layout();
            List<TableCell<FleetRow, ?>> cells = new ArrayList<>();
            for (Node n : table.lookupAll(".table-cell")) {
                TableCell<FleetRow, ?> c = (TableCell<FleetRow, ?>) n;
                if (c.getTableColumn() == table.getColumns().get(col) && !c.isEmpty() && c.getTableRow() != null
                        && c.getTableRow().getItem() != null && c.isVisible()) {
                    cells.add(c);
                }
            }
            cells.sort(java.util.Comparator.comparingInt(TableCell::getIndex));
            return cells.stream().map(c -> c.getText() != null ? c.getText()
                    : c.getGraphic() instanceof javafx.scene.text.Text t ? t.getText() : null).toList();
        });
    }

    /** An inventory whose sweeps the test answers, host by host, from its own thread. */
    static final class ScriptedInventory implements FleetInventory {
        private final Path file;
        private final List<FleetHost> hosts;
        final List<Run> sweeps = new CopyOnWriteArrayList<>();
        final List<String> opened = new CopyOnWriteArrayList<>();
        volatile IOException failure;

        ScriptedInventory(Path file, List<FleetHost> hosts) {
            this.file = file;
            this.hosts = hosts;
        }

        FleetHost host(String name) {
            return hosts.stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow();
        }

        @Override
        public Path file() {
            return file;
        }

        @Override
        public List<FleetHost> hosts() {
            return hosts;
        }

        @Override
        public Sweeping sweep(boolean sudo, Consumer<FleetResult> onResult, Runnable onDone) {
            Run r = new Run(onResult, onDone);
            sweeps.add(r);
            return r;
        }

        @Override
        public SamplingSession open(FleetHost host, boolean sudo, Prompter prompter) {
            opened.add(host.name());
            return inner.openHost(host.address(), prompter);
        }

        private TestWorkbench inner = new TestWorkbench(Duration.ofSeconds(2));

        /** One sweep, answered from the test thread (not the FX thread), as a sweep's threads do. */
        static final class Run implements Sweeping {
            private final Consumer<FleetResult> onResult;
            private final Runnable onDone;
            volatile boolean cancelled;

            Run(Consumer<FleetResult> onResult, Runnable onDone) {
                this.onResult = onResult;
                this.onDone = onDone;
            }

            void answer(FleetResult r) {
                assertFalse(javafx.application.Platform.isFxApplicationThread(), "answered from another thread");
                onResult.accept(r);
            }

            void done() {
                onDone.run();
            }

            @Override
            public void cancel() {
                cancelled = true;
            }
        }
    }

    /** The test workbench, with the inventory above for the fleet view. */
    static final class FleetWorkbench implements Workbench {
        private final TestWorkbench d;
        private final ScriptedInventory inventory;

        FleetWorkbench(TestWorkbench d, ScriptedInventory inventory) {
            this.d = d;
            this.inventory = inventory;
        }

        @Override
        public FleetInventory openInventory(Path file) throws IOException {
            if (inventory.failure != null) {
                throw inventory.failure;
            }
            return inventory;
        }

        @Override public List<AreaContribution<?>> areas() { return d.areas(); }
        @Override public List<String> sshAliases() { return d.sshAliases(); }
        @Override public List<String> recentHosts() { return d.recentHosts(); }
        @Override public List<BundledRecording> bundledRecordings() { return d.bundledRecordings(); }
        @Override public SamplingSession openHost(String hostText, Prompter prompter) { return d.openHost(hostText, prompter); }
        @Override public SamplingSession openThisMachine() { return d.openThisMachine(); }
        @Override public Replay openRecording(Path file) throws IOException { return d.openRecording(file); }
        @Override public Replay openBundled(String id) throws IOException { return d.openBundled(id); }
        @Override public Recorder startRecording(SamplingSession session, Path file) { return d.startRecording(session, file); }
        @Override public String version() { return d.version(); }
    }
}
