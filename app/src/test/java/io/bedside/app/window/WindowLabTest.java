package io.bedside.app.window;

import io.bedside.app.Sources;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.WithLab;
import io.bedside.app.settings.RecentHosts;
import io.bedside.app.ssh.SshConnector;
import io.bedside.app.ssh.SshResolver;
import io.bedside.app.transport.SshTransport;
import io.bedside.model.ssh.SshOptions;
import io.bedside.ui.fx.BackgroundTaskRunner;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.main.BedsideWindow;
import io.bedside.ui.main.MainView;
import io.bedside.ui.main.MainViewModel;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real window, wired as the app wires it, attached to a lab host through a real sshd: the
 * unknown host key is accepted in the dialog, the overview charts the host live, and the view
 * exports as PNG.
 */
// alone: it times how soon a stalled host turns Stale
@org.junit.jupiter.api.parallel.Isolated
@WithLab
@org.junit.jupiter.api.Tag("window")
@ExtendWith(ApplicationExtension.class)
class WindowLabTest {
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

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void close() throws Exception {
        call(() -> {
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
        BufferedImage img = SwingFXUtils.fromFXImage(call(() -> scene.snapshot(null)), null);
        writePng(img, f);
        return f;
    }

    @Test
    void attachesToALabHostAcceptsItsKeyInTheWindowAndChartsItLive(Lab lab, FxRobot robot) throws Exception {
        Path knownHosts = tmp.resolve("known_hosts");
        SshOptions options = new SshOptions(Optional.of(lab.sshConfig().toString()), OptionalInt.empty(), Optional.empty(),
                List.of(), Optional.empty(), Map.of("UserKnownHostsFile", knownHosts.toString(),
                "GlobalKnownHostsFile", "/dev/null", "StrictHostKeyChecking", "ask"));
        Sources sources = new Sources(new SshConnector(SshResolver.system()), options, SshTransport.DEFAULT_CAP);
        AppWorkbench workbench = new AppWorkbench(sources, SshResolver.system(), new RecentHosts(tmp.resolve("recent")));
        BedsideWindow window = new BedsideWindow(workbench, runner);
        call(() -> {
            window.show(stage, Optional.empty());
            return null;
        });
        robot.clickOn("#connect-host").write(lab.alias());
        shot(stage.getScene(), "app-connect-typed");
        robot.clickOn("#connect-button");

        waitFor("the host key dialog", 20_000, () -> !robot.lookup("#hostkey-fingerprint").queryAll().isEmpty());
        assertEquals(lab.hostKeyFingerprint(),
                call(() -> robot.lookup("#hostkey-fingerprint").queryTextInputControl().getText()));
        Scene dialog = call(() -> robot.lookup("#hostkey-fingerprint").query().getScene());
        shot(dialog, "app-hostkey-dialog");
        robot.clickOn("#hostkey-trust");

        waitFor("the main view", 30_000, () -> window.currentView() instanceof MainView);
        MainViewModel vm = call(() -> ((MainView) window.currentView()).viewModel());
        waitFor("the lab's hostname", 20_000, () -> lab.hostname().equals(vm.overview().hostnameProperty().get()));
        waitFor("three points on the memory chart", 30_000,
                () -> vm.overview().memorySeries().get(0).getData().size() >= 3);
        assertTrue(Files.readString(knownHosts).contains(String.valueOf(lab.port())) || Files.readString(knownHosts).startsWith("|1|"),
                "the accepted key was appended to known_hosts");
        assertEquals(List.of(lab.alias()), new RecentHosts(tmp.resolve("recent")).list());
        Path overview = shot(stage.getScene(), "app-overview-lab-host");

        // export: Ctrl+Shift+S writes a PNG of the current view
        Path png = call(() -> ((MainView) window.currentView()).exportTo(tmp.resolve("export.png")));
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img.getWidth() > 800 && img.getHeight() > 500, img.getWidth() + "x" + img.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 50, "the export has content: " + colours.size() + " colours");
        assertTrue(Files.size(overview) > 10_000);

        // File > Export report, as the menu runs it: the app's writer, off the FX thread, the notice says where
        Path reportDir = tmp.resolve("window-report");
        call(() -> {
            vm.exportReport(reportDir, true);
            return null;
        });
        waitFor("the report written", 30_000, () -> vm.noticeProperty().get().startsWith("Report written to "));
        for (String f : List.of("report.html", "report.md", "evidence.json")) {
            assertTrue(Files.size(reportDir.resolve(f)) > 1000, f);
        }
        String html = Files.readString(reportDir.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("host-1"), "charts, and the host redacted");
        assertFalse(html.contains(lab.hostname()), "redacted: no hostname left");

        // a stall (the host's sshd sessions stopped): the window says Stale once the next sample
        // is one interval late, long before the session notices, and Live again when samples return
        double interval = call(() -> vm.intervalProperty().get().toMillis()) / 1000.0;
        int before = call(() -> vm.overview().memorySeries().get(0).getData().size());
        waitFor("a fresh sample", 10_000, () -> vm.overview().memorySeries().get(0).getData().size() > before);
        assertEquals("Live", call(() -> robot.lookup("#status-state").queryLabeled().getText()));
        long stalled = System.nanoTime();
        lab.stall();
        double staleAfter;
        try {
            waitFor("the state to say Stale", 15_000,
                    () -> robot.lookup("#status-state").queryLabeled().getText().startsWith("Stale"));
            staleAfter = (System.nanoTime() - stalled) / 1e9;
            assertTrue(call(() -> robot.lookup("#main-stale").query().isVisible()), "the header's STALE badge shows too");
            assertTrue(call(() -> robot.lookup("#status-state").queryLabeled().getText()
                    .matches("Stale: last sample \\d+ s ago")), "the age is shown");
            shot(stage.getScene(), "app-stale-during-stall");
        } finally {
            lab.resume();
        }
        System.out.println("[stale] the window said Stale " + staleAfter + " s after the stall (interval " + interval + " s)");
        assertTrue(staleAfter >= interval, "not stale before one interval: " + staleAfter + " s");
        assertTrue(staleAfter <= 2 * interval + 1, "stale within two intervals and a second: " + staleAfter + " s");
        waitFor("Live again", 20_000, () -> "Live".equals(robot.lookup("#status-state").queryLabeled().getText()));
        assertFalse(call(() -> vm.status().staleProperty().get()));
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
    }

    @Test
    void opensTheBundledDemoFromTheConnectScreen(FxRobot robot) throws Exception {
        AppWorkbench workbench = new AppWorkbench(Sources.system(SshOptions.none()), SshResolver.system(),
                new RecentHosts(tmp.resolve("recent2")));
        BedsideWindow window = new BedsideWindow(workbench, runner);
        call(() -> {
            window.show(stage, Optional.empty());
            return null;
        });
        waitFor("the demo in the list", 10_000, () -> !robot.lookup("#connect-recordings .button").queryAll().isEmpty());
        shot(stage.getScene(), "app-connect-screen");
        robot.clickOn(robot.lookup("#connect-recordings .button").queryButton());
        waitFor("the replay", 20_000, () -> window.currentView() instanceof MainView);
        MainViewModel vm = call(() -> ((MainView) window.currentView()).viewModel());
        var replay = call(() -> vm.replay().orElseThrow());
        call(() -> {
            replay.pause();
            replay.indexProperty().set(replay.size() - 1);
            return null;
        });
        waitFor("the whole demo charted", 10_000, () -> vm.overview().memorySeries().get(0).getData().size() == replay.size());
        assertEquals("lab-devlab", call(() -> vm.overview().hostnameProperty().get()));
        shot(stage.getScene(), "app-demo-replay");
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
