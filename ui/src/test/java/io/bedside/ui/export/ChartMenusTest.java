package io.bedside.ui.export;

import io.bedside.model.recording.Replay;
import io.bedside.ui.fx.BackgroundTaskRunner;
import io.bedside.ui.fx.MarkedLineChart;
import io.bedside.ui.main.Area;
import io.bedside.ui.main.BedsideWindow;
import io.bedside.ui.main.MainView;
import io.bedside.ui.main.MainViewModel;
import io.bedside.ui.support.Fixtures;
import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.Screenshots;
import io.bedside.ui.support.TestFileDialogs;
import io.bedside.ui.support.TestWorkbench;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.PickResult;
import javafx.stage.Stage;
import javafx.stage.Window;
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
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import static io.bedside.ui.support.Fixtures.MEM_FIRST;
import static io.bedside.ui.support.Fixtures.MEM_NEXT;
import static io.bedside.ui.support.Fixtures.MEM_NOTHING_NEW;
import static io.bedside.ui.support.FxTestSupport.onFx;
import static io.bedside.ui.support.FxTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The right-click menu of the charts in the whole window, headless: a real right-click on a
 * chart, "Save chart as PNG…" answered with a temporary file, and the PNG read back; every chart
 * of every area offers the menu; "Copy chart to clipboard" puts the stamped picture there.
 */
@ExtendWith(ApplicationExtension.class)
class ChartMenusTest {
    static {
        FxTestSupport.configureHeadlessScreen();
    }

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private final TestWorkbench workbench = new TestWorkbench(Duration.ofSeconds(1));
    private final BackgroundTaskRunner runner = new BackgroundTaskRunner();
    @TempDir
    Path temp;
    private TestFileDialogs dialogs;
    private BedsideWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        dialogs = new TestFileDialogs(temp);
        window = new BedsideWindow(workbench, runner, dialogs, Clock.systemDefaultZone());
        window.show(stage, Optional.empty());
    }

    @AfterEach
    void close() {
        onFx(() -> {
            FxTestSupport.hideWindowsBut(stage);
            if (window.currentView() instanceof MainView m) {
                m.viewModel().dispose();
            }
            stage.hide();
        });
        runner.close();
    }

    private static Optional<ContextMenu> chartMenu() {
        return Window.getWindows().stream().filter(w -> w instanceof ContextMenu c && c.isShowing()
                && ChartMenus.MENU_ID.equals(c.getId())).map(w -> (ContextMenu) w).findFirst();
    }

    @Test
    void rightClickSavesTheChartStampedWithHostViewAndTime(FxRobot robot) throws Exception {
        onFx(() -> window.showReplay(Fixtures.hostReplay("db-07", "OOM kills in the lab", MEM_FIRST, MEM_NOTHING_NEW, MEM_NEXT)));
        MainView main = (MainView) window.currentView();
        MainViewModel vm = main.viewModel();
        FxTestSupport.moveReplay(onFx(() -> vm.replay().orElseThrow()), 2);
        onFx(() -> vm.selectArea("memory"));
        waitFor("the memory area", 10_000, () -> vm.areaViewModel("memory", io.bedside.ui.memory.MemoryViewModel.class).hasSampleProperty().get());
        // the area's view is built on first show: wait for its chart before looking it up
        waitFor("the memory chart", 10_000, () -> robot.lookup("#memory-chart-memory").tryQuery().isPresent());
        MarkedLineChart chart = robot.lookup("#memory-chart-memory").queryAs(MarkedLineChart.class);
        waitFor("the markers drawn", 5000, () -> chart.visibleMarkers() == 10);

        // a real right-click on the plot, away from the marker lines
        Point2D at = onFx(() -> {
            Node plot = chart.lookup(".chart-plot-background");
            Bounds b = plot.localToScreen(plot.getBoundsInLocal());
            return new Point2D(b.getMinX() + b.getWidth() * 0.5, b.getMinY() + b.getHeight() * 0.8);
        });
        robot.moveTo(at).clickOn(javafx.scene.input.MouseButton.SECONDARY);
        waitFor("the chart's menu", 5000, () -> chartMenu().isPresent());
        List<String> items = onFx(() -> chartMenu().orElseThrow().getItems().stream().map(MenuItem::getText).toList());
        assertEquals(List.of("Save chart as PNG…", "Copy chart to clipboard"), items);
        Screenshots.takeWithPopups(stage, "chart-context-menu");

        ZonedDateTime dataTime = onFx(vm::dataTime);
        // its size as it was saved: the notice that follows may take room from the view
        double w = onFx(chart::getWidth);
        double h = onFx(chart::getHeight);
        String expectedName = "bedside-db-07-memory-mib-" + FILE_TIME.format(dataTime) + ".png";
        robot.clickOn("#" + ChartMenus.SAVE_ID);
        Path png = temp.resolve(expectedName);
        waitFor("the PNG " + png, 10_000, () -> Files.exists(png) && Files.size(png) > 5_000);
        assertEquals(expectedName, dialogs.lastSuggestedPng);
        waitFor("the notice", 5000, () -> robot.lookup("#main-notice").queryAs(Label.class).getText()
                .equals("Saved " + png + "."));
        Files.copy(png, Files.createDirectories(Screenshots.DIR).resolve("chart-saved.png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(Math.ceil(w), image.getWidth(), 1.0, "the chart alone, not the view");
        assertEquals(Math.ceil(h) + ViewExporter.STAMP_BAND, image.getHeight(), 1.0, "the chart and the stamp band");
        // the stamp sits in the bottom-right corner of the band: dark box, white text
        Set<Integer> corner = colours(image, image.getWidth() - 260, image.getHeight() - ViewExporter.STAMP_BAND,
                image.getWidth(), image.getHeight());
        assertTrue(corner.size() > 10, "the stamp band's corner carries text, not one colour: " + corner.size());
        // the band's left end is empty background: the stamp does not fill it
        assertEquals(1, colours(image, 0, image.getHeight() - ViewExporter.STAMP_BAND + 2, 40, image.getHeight() - 2).size());
        assertTrue(colours(image, 0, 0, image.getWidth(), image.getHeight() - ViewExporter.STAMP_BAND).size() > 50,
                "the chart is in the picture");
        assertEquals("Memory (MiB)", onFx(() -> main.chartMenus().view(chart)), "the view the stamp names");
    }

    @Test
    void everyChartOfEveryAreaOffersTheMenu(FxRobot robot) {
        // each area with a recording that fills it; the request as the platform sends it on a right-click
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, Supplier<Replay>> replays = new LinkedHashMap<>();
        replays.put("overview", Fixtures::seriesReplay);
        replays.put("ipc", Fixtures::ipcSeriesReplay);
        replays.put("memory", () -> Fixtures.hostReplay("lab-memdev", "OOM kills", MEM_FIRST, MEM_NOTHING_NEW, MEM_NEXT));
        replays.put("sockets", () -> Fixtures.hostReplay("lab-sockdev", "CLOSE_WAIT pile",
                "sockets/probe-lab-closewait-pipe-root-t0.txt", "sockets/probe-lab-closewait-pipe-root-t1.txt"));
        replays.put("disk", () -> Fixtures.hostReplay("lab-disk", "A disk filling behind a deleted log",
                "disk/probe-tmpfs-filling-1.txt", "disk/probe-tmpfs-filling-2.txt"));
        replays.put("fds", () -> Fixtures.hostReplay("lab-fddemo", "fd leak", "fds/probe-lab-fdleak-root-t1.txt",
                "fds/probe-lab-fdleak-root-t2.txt", "fds/probe-lab-fdleak-root-t3.txt", "fds/probe-lab-fdleak-root-t4.txt",
                "fds/probe-lab-fdleak-root-t5.txt"));
        replays.put("procs", () -> Fixtures.hostReplay("lab-procsdemo", "Processes in the lab", "procs/probe-lab-procs-1.txt",
                "procs/probe-lab-procs-2.txt", "procs/probe-lab-procs-3.txt"));
        replays.put("net", () -> Fixtures.hostReplay("lab-netcap-tgt", "Port range used up", "net/probe-lab-ports-t0.txt",
                "net/probe-lab-ports-t1.txt"));
        replays.put("cpu", () -> {
            var raw = Fixtures.seriesRaw("cpu/series-lab-throttled/");
            return new Replay(new io.bedside.model.recording.Recording("lab-cpudemo", raw.get(0).receivedAt(), "CPU quota", raw));
        });
        for (Map.Entry<String, Supplier<Replay>> e : replays.entrySet()) {
            Replay replay = e.getValue().get();
            onFx(() -> window.showReplay(replay));
            MainView main = (MainView) window.currentView();
            MainViewModel vm = main.viewModel();
            assertEquals(replays.keySet(), onFx(() -> vm.areas().stream().map(Area::id).collect(java.util.stream.Collectors.toSet())),
                    "a recording for every area");
            Area a = onFx(() -> vm.area(e.getKey()).orElseThrow());
            FxTestSupport.moveReplay(onFx(() -> vm.replay().orElseThrow()), replay.size() - 1);
            onFx(() -> vm.areaProperty().set(a));
            waitFor(a + " charts", 10_000, () -> !charts(main.exportableNode()).isEmpty());
            String time = FILE_TIME.format(onFx(vm::dataTime));
            String host = replay.recording().source();
            for (XYChart<?, ?> c : onFx(() -> charts(main.exportableNode()))) {
                onFx(() -> {
                    Bounds b = c.getLayoutBounds();
                    Point2D s = c.localToScreen(b.getCenterX(), b.getCenterY());
                    Event.fireEvent(c, new ContextMenuEvent(ContextMenuEvent.CONTEXT_MENU_REQUESTED, b.getCenterX(),
                            b.getCenterY(), s.getX(), s.getY(), false, new PickResult(c, b.getCenterX(), b.getCenterY())));
                });
                waitFor("the menu of " + c.getTitle(), 5000, () -> chartMenu().isPresent()
                        && chartMenu().get().getOwnerNode() == c);
                String name = onFx(() -> main.chartMenus().fileName(c));
                assertTrue(name.startsWith("bedside-" + host + "-" + a.label().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "-")
                        && name.endsWith("-" + time + ".png"), name);
                names.put(a.label() + ": " + c.getTitle(), name);
                onFx(() -> chartMenu().orElseThrow().hide());
            }
        }
        // three overview charts, the four IPC charts, the two memory charts and the sockets chart
        assertEquals(3, names.keySet().stream().filter(k -> k.startsWith("Overview: ")).count(), names.toString());
        assertEquals(4, names.keySet().stream().filter(k -> k.startsWith("IPC: ")).count(), names.toString());
        assertEquals(2, names.keySet().stream().filter(k -> k.startsWith("Memory: ")).count(), names.toString());
        assertEquals(1, names.keySet().stream().filter(k -> k.startsWith("Sockets: ")).count(), names.toString());
        assertTrue(names.get("Overview: MemAvailable and swap used").startsWith("bedside-vm-overview-memavailable-and-swap-used-"),
                names.toString());
        assertTrue(names.get("Sockets: TCP sockets by state (stacked)").startsWith(
                "bedside-lab-sockdev-sockets-tcp-sockets-by-state-stacked-"), names.toString());
        assertEquals(names.size(), new HashSet<>(names.values()).size(), "each chart its own name: " + names);
    }

    @Test
    void copyPutsTheStampedChartOnTheClipboard(FxRobot robot) {
        onFx(() -> window.showReplay(Fixtures.seriesReplay()));
        MainView main = (MainView) window.currentView();
        // the first position's samples are read off the FX thread: measure once they are shown
        waitFor("the first sample shown", 10_000, () -> main.viewModel().replay().orElseThrow().shownProperty().get() == 0);
        XYChart<?, ?> chart = onFx(() -> charts(main.exportableNode()).get(0));
        // its height as it was copied (the notice that follows takes room from the charts), once the
        // layout has settled: the first sample's rows and notes land after its chart points
        double[] last = {-1, 0};   // the height last polled, and how many polls in a row saw it
        waitFor("the chart's layout settled", 10_000, () -> {
            double now = chart.getHeight();
            last[1] = now == last[0] ? last[1] + 1 : 0;
            last[0] = now;
            return last[1] >= 4;   // unchanged for 400 ms
        });
        double h = onFx(chart::getHeight);
        robot.rightClickOn(chart);
        waitFor("the chart's menu", 5000, () -> chartMenu().isPresent());
        robot.clickOn("#" + ChartMenus.COPY_ID);
        waitFor("the notice", 5000, () -> robot.lookup("#main-notice").queryAs(Label.class).getText()
                .equals("Copied the chart \u201cOverview \u00b7 Load average\u201d to the clipboard."));
        javafx.scene.image.Image copied = onFx(() -> javafx.scene.input.Clipboard.getSystemClipboard().getImage());
        assertNotNull(copied, "an image on the clipboard");
        assertEquals(Math.ceil(h) + ViewExporter.STAMP_BAND, copied.getHeight(), 1.0);
        assertFalse(chartMenu().isPresent(), "the menu closed");
    }

    @Test
    void rightClickOutsideAChartOpensNoChartMenu(FxRobot robot) {
        onFx(() -> window.showReplay(Fixtures.seriesReplay()));
        robot.rightClickOn("#main-title");
        robot.sleep(300);
        assertFalse(onFx(() -> chartMenu().isPresent()));
    }

    private static List<XYChart<?, ?>> charts(Node root) {
        List<XYChart<?, ?>> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, List<XYChart<?, ?>> out) {
        if (!n.isVisible()) {
            return;
        }
        if (n instanceof XYChart<?, ?> c) {
            if (!out.contains(c)) {
                out.add(c);
            }
            return;
        }
        if (n instanceof javafx.scene.Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                collect(child, out);
            }
        }
    }

    private static Set<Integer> colours(BufferedImage image, int x0, int y0, int x1, int y1) {
        Set<Integer> colours = new HashSet<>();
        for (int y = Math.max(0, y0); y < Math.min(image.getHeight(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(image.getWidth(), x1); x++) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours;
    }
}
