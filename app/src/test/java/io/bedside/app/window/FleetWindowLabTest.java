package io.bedside.app.window;

import io.bedside.app.Sources;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.LabCli;
import io.bedside.app.lab.WithLab;
import io.bedside.app.settings.RecentHosts;
import io.bedside.app.ssh.SshConnector;
import io.bedside.app.ssh.SshResolver;
import io.bedside.app.transport.SshTransport;
import io.bedside.model.ssh.SshOptions;
import io.bedside.ui.findings.FindingItem;
import io.bedside.model.findings.FleetGroup;
import io.bedside.ui.fleet.FleetRow;
import io.bedside.ui.fleet.FleetView;
import io.bedside.ui.fleet.FleetViewModel;
import io.bedside.ui.fx.BackgroundTaskRunner;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.main.AreaViewModel;
import io.bedside.ui.main.BedsideWindow;
import io.bedside.ui.main.MainView;
import io.bedside.ui.main.MainViewModel;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TableRow;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real window's fleet view, wired as the app wires it, sweeping an Ansible inventory of a
 * lab host with seed 000 staged (semaphore arrays full in its own IPC namespace) under three
 * names, beside a host that is down: the rows fill in (three CRITICAL with ipc.sem.exhausted, one
 * UNKNOWN that says the connection was refused), the finding is grouped across the three and
 * filters the table, and a double click opens one of them in a window of its own, attached
 * through the real sshd with the inventory's port and user, whose IPC area shows the finding.
 */
// alone: a JavaFX window test: the robot drives the one toolkit
@org.junit.jupiter.api.parallel.Isolated
@WithLab
@org.junit.jupiter.api.Tag("window")
@ExtendWith(ApplicationExtension.class)
class FleetWindowLabTest {
    static {
        if (System.getProperty("headless.geometry") == null) {
            System.setProperty("headless.geometry", "1600x1000-32");
        }
    }

    private static final Path SHOTS = Path.of("target", "screenshots");
    @TempDir
    static Path tmp;
    private final BackgroundTaskRunner runner = new BackgroundTaskRunner();
    private Stage stage;
    private BedsideWindow window;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void close() {
        call(() -> {
            if (window != null) {
                for (BedsideWindow w : window.hostWindows()) {
                    w.quit();
                }
            }
            stage.hide();
            return null;
        });
        runner.close();
    }

    private static <T> T call(Callable<T> c) {
        return FxThread.callAndWait(c);
    }

    private static void waitFor(String what, long millis, Callable<Boolean> cond) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (Boolean.TRUE.equals(call(cond))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private static Path shot(Scene scene, String name) throws Exception {
        Files.createDirectories(SHOTS);
        Path f = SHOTS.resolve(name + ".png");
        writePng(SwingFXUtils.fromFXImage(call(() -> scene.snapshot(null)), null), f);
        return f;
    }

    @Test
    void sweepsAnInventoryLiveFiltersByTheFindingAndOpensAHostInItsOwnWindow(Lab lab, FxRobot robot) throws Exception {
        String at = "ansible_host=127.0.0.1 ansible_port=" + lab.port() + " ansible_user=" + lab.user();
        Path inv = tmp.resolve("hosts.ini");
        Files.writeString(inv, """
                # seed 000 on one lab host, reached under three names
                [db]
                db-01 %s
                db-02 %s
                db-03 %s
                [broken]
                down-01 ansible_host=127.0.0.1 ansible_port=1
                """.formatted(at, at, at));
        // the operator's ssh setup: their key, their known_hosts, never a key accepted silently
        SshOptions options = new SshOptions(Optional.empty(), OptionalInt.empty(), Optional.empty(),
                List.of(lab.identity().toString()), Optional.empty(), Map.of("UserKnownHostsFile", lab.knownHosts().toString(),
                "GlobalKnownHostsFile", "/dev/null", "StrictHostKeyChecking", "yes"));
        Sources sources = new Sources(new SshConnector(SshResolver.system()), options, SshTransport.DEFAULT_CAP);
        AppWorkbench workbench = new AppWorkbench(sources, SshResolver.system(), new RecentHosts(tmp.resolve("recent")));

        LabCli.incident(lab, "sem-exhaustion.sh", "--semmni", "24");
        try {
            window = new BedsideWindow(workbench, runner).withInventoryChooser(owner -> Optional.of(inv));
            call(() -> {
                window.show(stage, Optional.empty());
                return null;
            });
            // the connect screen's "Sweep a fleet…" opens the inventory (the chooser answers with the file)
            robot.clickOn("#connect-sweep-fleet");
            waitFor("the fleet view", 10_000, () -> window.currentView() instanceof FleetView);
            FleetViewModel vm = call(() -> ((FleetView) window.currentView()).viewModel());
            waitFor("every host answered", 90_000, () -> !vm.runningProperty().get() && vm.progressProperty().get().startsWith("4/4"));
            assertTrue(call(() -> vm.progressProperty().get()).startsWith("4/4 answered, 1 unknown · done in "),
                    call(() -> vm.progressProperty().get()));

            List<FleetRow> rows = call(() -> List.copyOf(vm.shownRows()));
            assertEquals(List.of("db-01", "db-02", "db-03", "down-01"), rows.stream().map(r -> r.host().name()).toList(),
                    "worst first: CRITICAL before UNKNOWN");
            for (FleetRow r : rows.subList(0, 3)) {
                assertEquals("CRITICAL", r.word(), r.toString());
                assertTrue(r.has("ipc.sem.exhausted"), r.summary());
                assertEquals(lab.user() + "@127.0.0.1:" + lab.port(), r.host().address());
            }
            FleetRow down = rows.get(3);
            assertEquals("UNKNOWN", down.word());
            assertTrue(down.error().orElseThrow().contains("refused"), down.summary());

            List<FleetGroup> groups = call(() -> List.copyOf(vm.groups()));
            FleetGroup sem = groups.stream().filter(g -> g.id().equals("ipc.sem.exhausted")).findFirst().orElseThrow();
            assertEquals("ipc.sem.exhausted on 3 of 4 hosts: db-01, db-02, db-03", sem.text());
            // worst and most widespread first (this busy machine may add cpu.pressure beside it)
            assertEquals(io.bedside.model.findings.Severity.CRITICAL, groups.get(0).severity(), groups.toString());
            shot(stage.getScene(), "app-fleet-swept");

            // a click on the group shows only its hosts
            WaitForAsyncUtils.waitForFxEvents();
            Node semCell = call(() -> robot.lookup("#fleet-groups .list-cell").queryAll().stream()
                    .filter(n -> n instanceof javafx.scene.control.ListCell<?> c && c.getItem() instanceof FleetGroup g
                            && g.id().equals("ipc.sem.exhausted")).findFirst().orElseThrow());
            robot.clickOn(semCell);
            waitFor("the filter by finding", 5_000, () -> vm.shownRows().size() == 3);
            assertEquals("ipc.sem.exhausted", call(() -> vm.findingFilterProperty().get()));
            assertTrue(call(() -> vm.shownRows().stream().allMatch(r -> r.has("ipc.sem.exhausted"))));
            shot(stage.getScene(), "app-fleet-filtered");

            // a double click opens db-02 in a window of its own, attached as the connect screen would
            WaitForAsyncUtils.waitForFxEvents();
            Node db02 = call(() -> robot.lookup(".table-row-cell").queryAll().stream()
                    .filter(n -> n instanceof TableRow<?> tr && tr.getItem() instanceof FleetRow fr && fr.host().name().equals("db-02"))
                    .findFirst().orElseThrow());
            robot.doubleClickOn(db02);
            waitFor("a window for db-02", 10_000, () -> window.hostWindows().size() == 1);
            BedsideWindow host = call(() -> window.hostWindows().get(0));
            waitFor("db-02 live", 60_000, () -> host.currentView() instanceof MainView);
            MainViewModel main = call(() -> ((MainView) host.currentView()).viewModel());
            assertEquals("db-02", call(() -> main.sourceProperty().get()));
            waitFor("the lab's hostname", 30_000, () -> lab.hostname().equals(main.overview().hostnameProperty().get()));
            call(() -> {
                main.selectArea("ipc");
                return null;
            });
            AreaViewModel<?> ipc = call(() -> main.area("ipc").orElseThrow().viewModel().orElseThrow());
            try {
                waitFor("the finding in its IPC area", 30_000, () -> ipc.findings().stream().map(FindingItem::id)
                        .anyMatch("ipc.sem.exhausted"::equals));
            } catch (AssertionError e) {
                shot(host.stage().getScene(), "app-fleet-opened-host-failed");
                throw new AssertionError(e.getMessage() + "; the area shows " + call(() -> ipc.findings().stream()
                        .map(FindingItem::id).toList()), e);
            }
            WaitForAsyncUtils.waitForFxEvents();
            Thread.sleep(500);
            shot(host.stage().getScene(), "app-fleet-opened-host");
            assertTrue(call(() -> window.currentView() instanceof FleetView), "the fleet stays in its window");
        } finally {
            LabCli.incident(lab, "sem-exhaustion.sh", "--reset");
        }
    }

    /** Writes a PNG through a stream held in memory: ImageIO's temp-file cache depends on java.io.tmpdir, which tests in parallel share. */
    private static void writePng(java.awt.image.RenderedImage img, Path file) throws java.io.IOException {
        ImageIO.setUseCache(false);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (java.io.OutputStream o = Files.newOutputStream(file)) {
            ImageIO.write(img, "png", o);
        }
    }
}
