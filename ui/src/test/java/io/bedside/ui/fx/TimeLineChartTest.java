package io.bedside.ui.fx;

import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.Screenshots;
import javafx.scene.Scene;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window's charts leave a gap where no sample was taken (a stall, a reconnect, a pause, a hole
 * in a recording) instead of drawing a line across it; drawn by JavaFX in a real stage.
 */
@ExtendWith(ApplicationExtension.class)
class TimeLineChartTest {
    static {
        FxTestSupport.configureHeadlessScreen();
    }

    private static final Instant T0 = Instant.parse("2026-12-07T03:10:00Z");
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void close() {
        onFx(() -> stage.hide());
    }

    /** Samples every {@code every} from T0 for {@code n}, skipping the times in [holeFrom, holeTo). */
    private static void fill(TimeWindow w, Duration every, int n, Duration holeFrom, Duration holeTo) {
        List<Instant> at = new ArrayList<>();
        List<List<OptionalDouble>> ys = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Duration d = every.multipliedBy(k);
            if (d.compareTo(holeFrom) >= 0 && d.compareTo(holeTo) < 0) {
                continue;
            }
            at.add(T0.plus(d));
            ys.add(List.of(OptionalDouble.of(40 + 20 * Math.sin(k / 5.0)), OptionalDouble.of(20 + (k % 7))));
        }
        w.replace(at, ys);
    }

    private TimeLineChart show(TimeWindow w, String name, String title) {
        return onFx(() -> {
            TimeLineChart chart = TimeCharts.setUp(new TimeLineChart(TimeCharts.timeAxis(w),
                            TimeCharts.valueAxis("%", null, 0, false)), w, "gap-chart", title,
                    w.series(), List.of(), null);
            stage.setScene(new Scene(new StackPane(chart), 900, 360));
            Theme.LIGHT.apply();
            stage.getScene().getStylesheets().add(Theme.bedsideStylesheet());
            stage.show();
            chart.layout();
            Screenshots.take(stage.getScene(), name);
            return chart;
        });
    }

    private static long moves(XYChart.Series<Number, Number> s) {
        return ((Path) s.getNode()).getElements().stream().filter(e -> e instanceof MoveTo).count();
    }

    private static long lines(XYChart.Series<Number, Number> s) {
        return ((Path) s.getNode()).getElements().stream().filter(e -> e instanceof LineTo).count();
    }

    @Test
    void aStallOfALiveSessionIsAGapNotALine() {
        TimeWindow w = onFx(() -> new TimeWindow(Duration.ofMinutes(15), 450, List.of("busy", "iowait")));
        onFx(() -> {
            w.setZone(ZoneOffset.UTC);
            w.setExpectedInterval(Duration.ofSeconds(2));
            // 2 s samples for 3 min, none from 60 s to 100 s (a 40 s stall)
            fill(w, Duration.ofSeconds(2), 90, Duration.ofSeconds(60), Duration.ofSeconds(100));
        });
        TimeLineChart chart = show(w, "chart-gap-stall", "CPU busy, live every 2 s, a stall at 03:11");
        onFx(() -> {
            for (XYChart.Series<Number, Number> s : w.series()) {
                assertEquals(2, moves(s), "the line starts again after the stall, and only there");
                assertEquals(s.getData().size() - 1, lines(s), "every other step is drawn (the path repeats its first point)");
            }
            assertEquals(1, chart.gaps().size());
            assertEquals(T0.plusSeconds(58).toEpochMilli(), chart.gaps().get(0)[0]);
            assertEquals(T0.plusSeconds(100).toEpochMilli(), chart.gaps().get(0)[1]);
            assertEquals(1, chart.shadedGaps());
        });

        // samples arrive again at the expected pace: nothing else is a gap
        onFx(() -> w.append(T0.plusSeconds(180), List.of(OptionalDouble.of(50), OptionalDouble.of(21))));
        onFx(() -> {
            chart.layout();
            assertEquals(1, chart.gaps().size());
            assertEquals(2, moves(w.series(0)));
        });
    }

    @Test
    void aReplayJudgesGapsByItsOwnSpacingAndASlowProbeIsNoGap() {
        TimeWindow w = onFx(() -> new TimeWindow(Duration.ofMinutes(15), 450, List.of("busy", "iowait")));
        onFx(() -> {
            w.setZone(ZoneOffset.UTC);
            // a recording taken every 10 s (no interval known) with a 60 s hole
            fill(w, Duration.ofSeconds(10), 40, Duration.ofSeconds(150), Duration.ofSeconds(210));
        });
        TimeLineChart chart = show(w, "chart-gap-replay", "CPU busy, a recording taken every 10 s with a hole at 03:12");
        onFx(() -> {
            assertEquals(1, chart.gaps().size(), "the hole; 10 s steps are the recording's pace");
            assertEquals(2, moves(w.series(0)));
        });

        // live at a 1 s interval, but each probe takes 3 s: the pace is 3 s and nothing is a gap
        onFx(() -> {
            w.setExpectedInterval(Duration.ofSeconds(1));
            fill(w, Duration.ofSeconds(3), 60, Duration.ZERO, Duration.ZERO);
            chart.layout();
            assertTrue(chart.gaps().isEmpty());
            assertEquals(1, moves(w.series(0)));
        });
    }

    @Test
    void aStackedChartIsCoveredWhereNoSampleWasTaken() {
        TimeWindow w = onFx(() -> new TimeWindow(Duration.ofMinutes(15), 450, List.of("CLOSE_WAIT", "ESTABLISHED")));
        onFx(() -> {
            w.setZone(ZoneOffset.UTC);
            w.setExpectedInterval(Duration.ofSeconds(2));
            fill(w, Duration.ofSeconds(2), 90, Duration.ofSeconds(60), Duration.ofSeconds(100));
        });
        TimeStackedAreaChart chart = onFx(() -> {
            TimeStackedAreaChart c = TimeCharts.setUp(new TimeStackedAreaChart(TimeCharts.timeAxis(w),
                            TimeCharts.valueAxis("sockets", null, 0, true)), w, "gap-stacked", "TCP sockets by state, a stall at 03:11",
                    w.series(), List.of(), null);
            stage.setScene(new Scene(new StackPane(c), 900, 360));
            Theme.LIGHT.apply();
            stage.getScene().getStylesheets().add(Theme.bedsideStylesheet());
            stage.show();
            c.layout();
            Screenshots.take(stage.getScene(), "chart-gap-stacked");
            return c;
        });
        onFx(() -> {
            assertEquals(1, chart.gaps().size());
            assertEquals(1, chart.coveredGaps());
        });
    }

    @Test
    void theThresholdIsTwoAndAHalfIntervals() {
        List<List<Long>> xs = List.of(List.of(0L, 2000L, 4000L, 6000L, 11_000L, 16_001L));
        assertEquals(5000, TimeLineChart.threshold(xs, 2000), 1e-9);
        List<long[]> gaps = TimeLineChart.stretches(xs, 5000);
        assertEquals(1, gaps.size(), "5 s is not past 2.5 intervals; 5.001 s is");
        assertEquals(11_000L, gaps.get(0)[0]);
        assertEquals(Double.POSITIVE_INFINITY, TimeLineChart.threshold(List.of(List.of(0L, 9000L)), 0),
                "two points of a replay say nothing about its pace");

        // the interval changed from 1 s to 10 s: the median is still 1 s, but steps followed by steps as long are the new pace
        List<Long> changed = new java.util.ArrayList<>();
        for (long t = 0; t <= 60_000; t += 1000) {
            changed.add(t);
        }
        for (long t = 70_000; t <= 120_000; t += 10_000) {
            changed.add(t);
        }
        double th = TimeLineChart.threshold(List.of(changed), 0);
        assertEquals(2500, th, 1e-9);
        assertEquals(List.of(), TimeLineChart.stretches(List.of(changed), th), "a new pace is no gap");
        changed.add(170_000L);
        List<long[]> outage = TimeLineChart.stretches(List.of(changed), th);
        assertEquals(1, outage.size(), "the newest step, 5 intervals of 10 s, is a gap");
        assertEquals(120_000L, outage.get(0)[0]);
        // a connection that flaps: two outages with one sample between are two gaps, not a pace
        List<Long> flaps = new java.util.ArrayList<>(List.of(0L, 2000L, 4000L, 6000L, 46_000L, 86_000L, 88_000L, 90_000L));
        assertEquals(2, TimeLineChart.stretches(List.of(flaps), TimeLineChart.threshold(List.of(flaps), 2000)).size());
    }
}
