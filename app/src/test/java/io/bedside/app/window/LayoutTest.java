package io.bedside.app.window;

import io.bedside.app.recording.BundledRecordings;
import io.bedside.model.port.Prompter;
import io.bedside.model.recording.Replay;
import io.bedside.model.session.SamplingSession;
import io.bedside.ui.areas.WindowAreas;
import io.bedside.ui.connect.BundledRecording;
import io.bedside.ui.fx.BackgroundTaskRunner;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.main.Area;
import io.bedside.ui.main.AreaContribution;
import io.bedside.ui.main.BedsideWindow;
import io.bedside.ui.main.MainView;
import io.bedside.ui.main.MainViewModel;
import io.bedside.ui.main.Workbench;
import io.bedside.ui.replay.ReplayController;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every area at the two window sizes engineers have (a 1366x768 laptop, a 1920x1080 screen), each
 * with the bundled demo recording of its incident replayed at a position where it has findings:
 * no area's content is wider than its viewport, and no label, button or header is cut to "…".
 * A screenshot of each goes to ui/target/screenshots/layout-AREA-WxH.png.
 */
// alone: a JavaFX window test: the robot drives the one toolkit
@org.junit.jupiter.api.parallel.Isolated
@org.junit.jupiter.api.Tag("window")
@ExtendWith(ApplicationExtension.class)
class LayoutTest {
    static {
        if (System.getProperty("headless.geometry") == null) {
            System.setProperty("headless.geometry", "2000x1200-32");
        }
    }

    /** Beside the window's other screenshots (the ui module's); the demos are read here, in app. */
    private static final Path SHOTS = Path.of("..", "ui", "target", "screenshots");
    /** Which demo shows each area with its incident. */
    private static final Map<String, String> DEMO = new LinkedHashMap<>();

    static {
        DEMO.put("Overview", "seed001-shm-leak");
        DEMO.put("IPC", "seed001-shm-leak");
        DEMO.put("Memory", "seed003-oom-kill");
        DEMO.put("Sockets", "seed004-closewait-pipe");
        DEMO.put("Disk", "disk-deleted-log");
        DEMO.put("File descriptors", "fd-leak");
        DEMO.put("CPU", "cpu-throttled");
        DEMO.put("Processes", "procs-zombies-pids");
        DEMO.put("Network limits", "net-ports-exhausted");
    }

    private static final double[][] SIZES = {{1366, 768}, {1920, 1080}};
    private final BackgroundTaskRunner runner = new BackgroundTaskRunner();
    private Stage stage;
    private int checked;
    /** Buttons in table cells looked at (the memory table's Protect… buttons): the check below is not idle. */
    private static int cellButtons;
    private BedsideWindow window;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = new BedsideWindow(new ReplayOnly(), runner);
        window.show(stage, Optional.empty());
    }

    @AfterEach
    void close() {
        call(() -> {
            stage.hide();
            return null;
        });
        runner.close();
    }

    @Test
    void everyAreaFitsBothSizesWithNoStateCutShort() throws Exception {
        List<String> problems = new ArrayList<>();
        // the recordings are read in the background, the next while the window shows one
        java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(2);
        Map<String, java.util.concurrent.Future<Replay>> replays = new LinkedHashMap<>();
        for (String id : DEMO.values()) {
            replays.computeIfAbsent(id, k -> readers.submit(() -> new Replay(BundledRecordings.open(k))));
        }
        readers.shutdown();
        String shownDemo = null;
        MainViewModel vm = null;
        int areasSeen = 0;
        long t0 = System.nanoTime();
        for (Map.Entry<String, String> e : DEMO.entrySet()) {
            if (!e.getValue().equals(shownDemo)) {
                Replay replay = replays.get(e.getValue()).get();
                call(() -> {
                    window.showReplay(replay);
                    return null;
                });
                vm = call(() -> ((MainView) window.currentView()).viewModel());
                shownDemo = e.getValue();
            }
            MainViewModel main = vm;
            Area area = call(() -> main.areas().stream().filter(a -> a.label().equals(e.getKey())).findFirst().orElseThrow());
            call(() -> {
                main.areaProperty().set(area);
                return null;
            });
            moveToFindings(main, area);
            if (area.id().equals("ipc")) {
                // a shared-memory incident: the IPC area opens on the shared memory table
                String tab = call(() -> ((javafx.scene.control.TabPane) stage.getScene().lookup("#ipc-tabs"))
                        .getSelectionModel().getSelectedItem().getText());
                assertTrue(tab.startsWith("Shared memory"), tab);
            }
            System.out.printf("layout: %s shown after %d ms%n", area.id(), (System.nanoTime() - t0) / 1_000_000);
            areasSeen++;
            for (double[] size : SIZES) {
                String name = "layout-" + area.id() + "-" + (int) size[0] + "x" + (int) size[1];
                call(() -> {
                    stage.setWidth(size[0]);
                    stage.setHeight(size[1]);
                    return null;
                });
                settle(size[0]);
                assertEquals(size[0], call(() -> stage.getScene().getWidth()), 2, "the window is " + name);
                problems.addAll(call(() -> check(name, (MainView) window.currentView())));
                checked++;
                shoot(name);
            }
        }
        for (var w : written) {
            w.get();
        }
        writer.shutdown();
        assertEquals(DEMO.size(), areasSeen);
        assertEquals(DEMO.size() * SIZES.length, checked, "every area was checked at both sizes");
        assertTrue(cellButtons > 0, "the buttons in table cells were looked at");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Moves the replay to a position where the area has findings (the demo's incident), or its middle. */
    private static void moveToFindings(MainViewModel vm, Area area) {
        ReplayController replay = call(() -> vm.replay().orElseThrow());
        int n = call(replay::size);
        int[] tries = {n / 4, n * 2 / 5, n * 3 / 5, n * 4 / 5};
        if (area.viewModel().isEmpty()) {
            move(replay, n * 3 / 5);
            return;
        }
        var avm = area.viewModel().get();
        for (int i : tries) {
            String before = call(() -> avm.sampleTimeProperty().get());
            move(replay, i);
            // the area builds its rows off the FX thread: wait until it shows the new position
            long end = System.currentTimeMillis() + 10_000;
            while (call(() -> avm.sampleTimeProperty().get().equals(before)) && System.currentTimeMillis() < end) {
                sleep(30);
            }
            System.out.printf("layout: %s at %d: %d findings%n", area.id(), i, call(() -> avm.findingCountProperty().get()));
            if (call(() -> avm.findingCountProperty().get() > 0)) {
                return;
            }
        }
        throw new AssertionError(area.label() + ": no position of its demo has findings");
    }

    private static void move(ReplayController replay, int i) {
        call(() -> {
            replay.indexProperty().set(i);
            return null;
        });
        long end = System.currentTimeMillis() + 20_000;
        while (!call(() -> replay.shownProperty().get() == replay.indexProperty().get())) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("the replay did not show position " + i);
            }
            sleep(50);
        }
    }

    /** Waits until the window has its new size, then lets it lay out (a pulse or two). */
    private void settle(double width) {
        long end = System.currentTimeMillis() + 5000;
        while (Math.abs(call(() -> stage.getScene().getWidth()) - width) > 2 && System.currentTimeMillis() < end) {
            sleep(20);
        }
        for (int i = 0; i < 2; i++) {
            sleep(50);
            call(() -> {
                FxThread.assertFxThread();
                return null;
            });
        }
    }

    /** What is wrong with the window as laid out now: overflow and labels cut short. On the FX thread. */
    private static List<String> check(String name, MainView main) {
        main.applyCss();
        main.layout();
        List<String> out = new ArrayList<>();
        ScrollPane page = findPage(main);
        if (page != null) {
            Bounds view = page.getViewportBounds();
            double content = page.getContent().getLayoutBounds().getWidth();
            if (content > view.getWidth() + 1) {
                out.add(name + ": the area is " + Math.round(content) + " px wide in a " + Math.round(view.getWidth()) + " px viewport");
            }
            if (page.getContent() instanceof Parent c) {
                double right = page.localToScene(page.getViewportBounds()).getMinX() + view.getWidth();
                collectOverflow(c, right, name, out);
            }
        } else {
            out.add(name + ": no scrolling page found, the area pane shows " + describeAreaPane(main));
        }
        collectCut(main, name, out);
        System.out.printf("layout: %s content %.0f px, viewport %.0f px%n", name,
                page == null ? -1 : page.getContent().getLayoutBounds().getWidth(), page == null ? -1 : page.getViewportBounds().getWidth());
        return out;
    }

    /** The selected area's page: what the area pane (below the header) shows. */
    private static ScrollPane findPage(Parent root) {
        Parent exportable = (Parent) root.lookup(".bs-exportable");
        Parent areaPane = (Parent) exportable.getChildrenUnmodifiable().get(exportable.getChildrenUnmodifiable().size() - 1);
        Node view = areaPane.getChildrenUnmodifiable().get(0);
        return view instanceof ScrollPane s ? s : null;
    }

    /** Nodes of the page that reach past its viewport's right edge (what a table or a nested pane scrolls is left to it). */
    private static void collectOverflow(Parent p, double right, String name, List<String> out) {
        for (Node n : p.getChildrenUnmodifiable()) {
            if (!n.isVisible() || !n.isManaged()) {
                continue;
            }
            Bounds b = n.localToScene(n.getLayoutBounds());
            if (b.getWidth() > 0 && b.getMaxX() > right + 1) {
                out.add(name + ": " + n.getClass().getSimpleName() + describe(n) + " reaches " + Math.round(b.getMaxX() - right)
                        + " px past the viewport's right edge");
                continue;
            }
            if (n instanceof Parent q && !(n instanceof javafx.scene.control.Control c && c.getSkin() instanceof javafx.scene.control.skin.VirtualContainerBase<?, ?>)
                    && !(n instanceof ScrollPane)) {
                collectOverflow(q, right, name, out);
            }
        }
    }

    private static String describeAreaPane(Parent root) {
        Parent exportable = (Parent) root.lookup(".bs-exportable");
        return exportable.getChildrenUnmodifiable().stream().map(n -> n.getClass().getSimpleName()
                + (n instanceof Parent p ? p.getChildrenUnmodifiable().stream().map(c -> c.getClass().getSimpleName()).toList() : "")).toList().toString();
    }

    private static void collectCut(Parent p, String name, List<String> out) {
        for (Node n : p.getChildrenUnmodifiable()) {
            if (!n.isVisible()) {
                continue;
            }
            if (n instanceof IndexedCell<?> cell) {
                // a cell's text may be cut (the row has a tooltip, the column can widen); a button in it may not
                cell.lookupAll(".button").forEach(b -> {
                    if (b instanceof javafx.scene.control.ButtonBase button && button.isVisible() && cell.getItem() != null) {
                        cellButtons++;
                        checkCut(button, name, out);
                    }
                });
                continue;
            }
            if (n instanceof Labeled l) {
                checkCut(l, name, out);
            }
            if (n instanceof Parent q) {
                collectCut(q, name, out);
            }
        }
    }

    private static void checkCut(Labeled l, String name, List<String> out) {
        if (l.getText() == null || l.getText().isBlank()) {
            return;
        }
        for (Node c : l.getChildrenUnmodifiable()) {
            if (c instanceof Text t && t.isVisible() && !l.getText().equals(t.getText()) && t.getText().contains(l.getEllipsisString())) {
                out.add(name + ": '" + l.getText() + "' shows as '" + t.getText() + "'" + describe(l));
            }
        }
    }

    private static String describe(Node n) {
        StringBuilder b = new StringBuilder(" (");
        for (Node x = n; x != null; x = x.getParent()) {
            if (x.getId() != null) {
                b.append('#').append(x.getId()).append(' ');
                if (x.getId().endsWith("-view")) {
                    break;
                }
            }
        }
        return b.append(n.getClass().getSimpleName()).append(')').toString();
    }

    /** The PNGs are encoded off the FX thread while the test goes on. */
    private final java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor();
    private final List<java.util.concurrent.Future<?>> written = new ArrayList<>();

    private void shoot(String name) throws IOException {
        javafx.scene.image.WritableImage image = call(() -> stage.getScene().snapshot(null));
        Files.createDirectories(SHOTS);
        written.add(writer.submit(() -> {
            ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", SHOTS.resolve(name + ".png").toFile());
            return null;
        }));
    }

    private static <T> T call(Callable<T> c) {
        return FxThread.callAndWait(c);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A window that only replays: what a layout needs. */
    private static final class ReplayOnly implements Workbench {
        @Override
        public List<AreaContribution<?>> areas() {
            return WindowAreas.all();
        }

        @Override
        public Recorder startRecording(SamplingSession session, Path file) throws IOException {
            throw new IOException("not here");
        }

        @Override
        public List<String> sshAliases() {
            return List.of();
        }

        @Override
        public List<String> recentHosts() {
            return List.of();
        }

        @Override
        public List<BundledRecording> bundledRecordings() {
            return List.of();
        }

        @Override
        public SamplingSession openHost(String hostText, Prompter prompter) {
            throw new IllegalArgumentException("This window only replays.");
        }

        @Override
        public SamplingSession openThisMachine() {
            throw new IllegalStateException("This window only replays.");
        }

        @Override
        public Replay openRecording(Path file) throws IOException {
            throw new IOException("not here");
        }

        @Override
        public Replay openBundled(String id) throws IOException {
            return new Replay(BundledRecordings.open(id));
        }

        @Override
        public String version() {
            return "layout";
        }
    }
}
