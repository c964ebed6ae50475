package io.bedside.ui.sockets;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketSnapshot;
import io.bedside.ui.fx.BackgroundTaskRunner;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.support.Fixtures;
import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.Screenshots;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static io.bedside.ui.support.FxTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process holding 100,000 sockets (the CLOSE_WAIT pile of issue 5's benchmark, python3 pid 5025)
 * drilled into in the real sockets view: its fd table has 100,000 rows. Selecting it, scrolling that
 * table from the first row to the last, and the samples that keep arriving while it is shown must
 * not stall the FX thread; the last row must be reachable and be the last fd. Prints its figures
 * (the detail's build, each scroll step, the worst wait of the FX thread) for the closing note.
 */
@ExtendWith(ApplicationExtension.class)
class SocketsDetailScrollTest {
    static {
        FxTestSupport.configureHeadlessScreen();
    }

    private static final int SOCKETS = 100_000;
    /**
     * The longest the FX thread may not answer: a frozen window, not a slow frame. Generous: on the
     * 2-core test machine the parses of the next samples and collections share the CPUs with it.
     */
    private static final long MAX_STALL_MILLIS = 1000;
    private static final int STEPS = 50;

    private final BackgroundTaskRunner runner = new BackgroundTaskRunner();
    private Stage stage;
    private SocketsViewModel vm;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        vm = new SocketsViewModel(runner);
        stage.setScene(new Scene(new SocketsView(vm), 1366, 768));
        stage.show();
    }

    @AfterEach
    void close() {
        onFx(() -> stage.hide());
        runner.close();
    }

    @Test
    void aHundredThousandRowFdTableScrollsWithoutAStall(FxRobot robot) throws Exception {
        String base = Fixtures.text(SocketsViewModelTest.T0);
        Sample first = parse(base, 0);
        onFx(() -> vm.accept(first));
        waitFor("python3's 100,000 sockets", 60_000, () -> vm.allGroups().stream().anyMatch(r -> r.pid() == 5025 && r.closeWait() == SOCKETS));

        // the FX thread is pinged every 20 ms from here on: the worst wait is the worst stall
        AtomicLong worst = new AtomicLong();
        AtomicBoolean pinging = new AtomicBoolean(true);
        Thread pinger = new Thread(() -> {
            while (pinging.get()) {
                long t0 = System.nanoTime();
                FxThread.callAndWait(() -> null);
                worst.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fx-pinger");
        pinger.setDaemon(true);
        pinger.start();
        try {
            // the chain's process is drilled into with the first sample; a click elsewhere and back
            // builds its 100,000 rows on the FX thread, once
            onFx(() -> vm.selectedPidProperty().set(5027));
            long select = onFxTimed(() -> vm.selectedPidProperty().set(5025));
            waitFor("the fd table filled", 30_000, () -> robot.lookup("#sockets-detail-fds").tryQuery().isPresent()
                    && ((TableView<?>) robot.lookup("#sockets-detail-fds").query()).getItems().size() >= SOCKETS);
            @SuppressWarnings("unchecked")
            TableView<ProcessDetail.FdRow> fds = robot.lookup("#sockets-detail-fds").queryAs(TableView.class);
            int rows = onFx(() -> fds.getItems().size());

            long worstFilling = worst.getAndSet(0);
            // from the first row to the last in STEPS jumps, each laid out as a frame would be
            List<Long> steps = new ArrayList<>();
            for (int k = 0; k <= STEPS; k++) {
                int row = (int) ((long) (rows - 1) * k / STEPS);
                steps.add(onFxTimed(() -> {
                    fds.scrollTo(row);
                    fds.layout();
                }));
            }
            ProcessDetail.FdRow last = onFx(() -> fds.getItems().get(fds.getItems().size() - 1));

            long worstScrolling = worst.getAndSet(0);
            // samples keep arriving while the process is drilled into: each rebuilds its detail
            long applyBefore = onFx(() -> vm.maxApplyNanos());
            String shownAt = onFx(() -> vm.sampleTimeProperty().get());
            for (int k = 1; k <= 3; k++) {
                Sample s = parse(base, k);
                onFx(() -> vm.accept(s));
                Thread.sleep(1000);
            }
            waitFor("a later sample shown", 60_000, () -> !onFx(() -> vm.sampleTimeProperty().get()).equals(shownAt));
            Thread.sleep(2000);   // the last one built and shown (samples that came faster are coalesced)
            long apply = onFx(() -> vm.maxApplyNanos()) / 1_000_000;
            pinging.set(false);
            pinger.join(5000);
            long worstSampling = worst.get();
            onFx(() -> {
                // the page scrolled to the drill-down, its fd table at its last rows
                javafx.scene.control.ScrollPane page = (javafx.scene.control.ScrollPane) stage.getScene().getRoot();
                page.layout();
                double y = fds.localToScene(0, 0).getY() - page.getContent().localToScene(0, 0).getY();
                double max = page.getContent().getLayoutBounds().getHeight() - page.getViewportBounds().getHeight();
                page.setVvalue(Math.max(0, Math.min(1, (y - 200) / max)));
                fds.scrollTo(fds.getItems().size() - 1);
            });
            Screenshots.take(stage.getScene(), "sockets-100000-fds-scrolled-to-the-end");

            long maxStep = steps.stream().mapToLong(Long::longValue).max().orElseThrow();
            System.out.printf(Locale.ROOT, "sockets detail: %d fd rows; selecting the process again %d ms on the FX thread; scroll steps %s ms"
                            + " (worst %d); a sample's update at most %d ms on the FX thread (%d before); worst FX stall %d ms while the table"
                            + " filled, %d while it scrolled, %d while samples arrived%n",
                    rows, select, steps, maxStep, apply, applyBefore / 1_000_000, worstFilling, worstScrolling, worstSampling);
            var held5025 = SocketSnapshot.of(first).fds().get().orElseThrow().process(5025).orElseThrow().fds();
            int held = held5025.size();
            assertTrue(held > SOCKETS, "python3 holds its 100,000 sockets and the fds of the capture: " + held);
            assertEquals(held, rows, "a row per fd");
            assertEquals(String.format(Locale.ROOT, "Open fds (%,d)", held),
                    onFx(() -> robot.lookup("#sockets-detail-fds-title").queryAs(javafx.scene.control.Label.class).getText()));
            assertEquals(held5025.get(held5025.size() - 1).fd(), last.fd(), "the last row is the process's last fd: " + last);
            assertTrue(onFx(() -> fds.getItems().stream().anyMatch(r -> r.fd() == 1000 + SOCKETS - 1)), "the 100,000th socket's fd is a row");
            long stall = Math.max(worstFilling, Math.max(worstScrolling, worstSampling));
            assertTrue(stall < MAX_STALL_MILLIS, "the FX thread stalled for " + stall + " ms");
        } finally {
            pinging.set(false);
        }
    }

    private static Sample parse(String base, int second) {
        String text = SocketsTableLoadTest.probeOutput(base, second);
        return Playbooks.parser().parse("lab-sockdev", Fixtures.hostStart(text).plusMillis(40), text, 40);
    }

    /** Runs {@code work} on the FX thread; how long it took there, in milliseconds. */
    private static long onFxTimed(Runnable work) {
        return onFx(() -> {
            long t0 = System.nanoTime();
            work.run();
            return (System.nanoTime() - t0) / 1_000_000;
        });
    }
}
