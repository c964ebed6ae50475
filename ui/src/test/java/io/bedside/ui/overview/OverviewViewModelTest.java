package io.bedside.ui.overview;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import io.bedside.ui.support.Fixtures;
import javafx.scene.chart.XYChart;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The overview's state, fed real probe output; no Stage. */
class OverviewViewModelTest {
    private static final Instant T0 = Instant.parse("2026-11-23T15:48:14Z");

    @BeforeAll
    static void fx() {
        io.bedside.ui.support.FxTestSupport.startFx();
    }

    @Test
    void showsHostFactsLoadMemoryAndPressureOfARealSample() {
        OverviewViewModel vm = new OverviewViewModel();
        onFx(() -> vm.accept(Fixtures.sample(Fixtures.ROOT, T0)));

        assertEquals("", vm.factsAbsenceProperty().get());
        assertEquals("vm", vm.hostnameProperty().get());
        assertEquals("Debian GNU/Linux 12 (bookworm)", vm.distributionProperty().get());
        assertEquals("6.18.44-fc-v657", vm.kernelProperty().get());
        assertEquals("x86_64", vm.machineProperty().get());
        assertEquals("2 online", vm.cpusProperty().get());
        assertEquals("6 min 40 s", vm.uptimeProperty().get());          // 400.38 s
        assertEquals("2026-11-23 15:40:17 UTC", vm.bootTimeProperty().get()); // btime=1795448417
        assertEquals("Etc/UTC (UTC+0000)", vm.timeZoneProperty().get());
        assertEquals("root (uid 0)", vm.userProperty().get());

        assertEquals("0.27", vm.load1Property().get());
        assertEquals("0.23", vm.load5Property().get());
        assertEquals("0.11", vm.load15Property().get());
        assertEquals("1 of 82 tasks", vm.tasksProperty().get());

        assertEquals("23.5 GiB", vm.memTotalProperty().get());           // 24684092 kB
        assertEquals("23.1 GiB (98.2 %)", vm.memAvailableProperty().get());
        assertEquals("none configured", vm.swapProperty().get());
        assertEquals("52.1 MiB (0.4 % of CommitLimit)", vm.committedProperty().get());
        assertEquals("11.8 GiB", vm.commitLimitProperty().get());

        assertEquals("", vm.pressureAbsenceProperty().get());
        assertEquals("0.00 %", vm.someAvg10Property().get());
        assertEquals("0.00 %", vm.someAvg300Property().get());
        assertEquals("0.00 %", vm.fullAvg60Property().get());
        assertEquals("Time on the host (Etc/UTC)", vm.timeAxisLabelProperty().get());
        assertEquals("15:48:10", vm.formatTime(T0.minusSeconds(4).toEpochMilli()));
        assertEquals("", vm.formatTime(T0.toEpochMilli()), "the axis' own end, off the tick grid, is not labelled");
    }

    @Test
    void absentPsiShowsTheReasonAndNoPoints() {
        OverviewViewModel vm = new OverviewViewModel();
        onFx(() -> vm.accept(Fixtures.sample(Fixtures.NO_PSI, T0)));

        String why = "Memory pressure (PSI) not present on this host — needs kernel 4.20+ with PSI enabled";
        assertEquals(why, vm.pressureAbsenceProperty().get());
        assertEquals(why, vm.pressureChartAbsenceProperty().get());
        assertEquals("", vm.someAvg10Property().get(), "no value is made up for an absent source");
        vm.pressureSeries().forEach(s -> assertTrue(s.getData().isEmpty(), "no zero points for an absent source"));
        // the rest of the sample is still shown
        assertEquals("", vm.loadAbsenceProperty().get());
        assertFalse(vm.load1Property().get().isEmpty());
        assertFalse(vm.memTotalProperty().get().isEmpty());
        assertEquals(1, vm.loadSeries().get(0).getData().size());
    }

    @Test
    void sourceThatNeedsRootSaysSoInsteadOfZero() {
        // the probe's own words for /proc/meminfo that only root may read (as on hardened hosts)
        String text = Fixtures.text(Fixtures.ROOT).replaceAll("(?s)@@bedside:section meminfo ok /proc/meminfo\n.*?(?=@@bedside:section pressure-memory)",
                "@@bedside:section meminfo needs-root /proc/meminfo\n");
        Sample s = Playbooks.parser().parse("vm", T0, text, 10);
        OverviewViewModel vm = new OverviewViewModel();
        onFx(() -> vm.accept(s));

        assertEquals("Memory (/proc/meminfo): needs root (/proc/meminfo)", vm.memoryAbsenceProperty().get());
        assertEquals("Memory (/proc/meminfo): needs root (/proc/meminfo)", vm.memoryChartAbsenceProperty().get());
        assertEquals("", vm.memTotalProperty().get());
        vm.memorySeries().forEach(x -> assertTrue(x.getData().isEmpty()));
    }

    @Test
    void chartsFollowTheCapturedSeries() {
        OverviewViewModel vm = new OverviewViewModel();
        List<Sample> series = Fixtures.series();
        onFx(() -> series.forEach(vm::accept));

        XYChart.Series<Number, Number> load1 = vm.loadSeries().get(0);
        XYChart.Series<Number, Number> avail = vm.memorySeries().get(0);
        assertEquals(30, load1.getData().size());
        assertEquals(30, avail.getData().size());
        assertEquals(0.12, load1.getData().get(0).getYValue().doubleValue(), 1e-9);
        assertEquals(24348540 / 1024.0, avail.getData().get(0).getYValue().doubleValue(), 1e-6);
        assertEquals(series.get(29).sampledAt().toEpochMilli(), vm.windowEndProperty().get(), 0.5);
        assertEquals(Instant.parse("2026-11-23T15:48:10Z").toEpochMilli(), vm.windowStartProperty().get(), 0.5,
                "69 s in ticks of 10 s, from the whole tick before the first sample at 15:48:14");
        assertEquals(10_000, vm.tickUnitProperty().get(), 0.5);
        assertEquals(1.0, vm.pressureAxisMaxProperty().get(), 1e-9, "an idle host's zero pressure on a 0-1 % axis");
        assertFalse(vm.fewPointsProperty().get());
        assertEquals(30, vm.pressureSeries().get(0).getData().size());
        assertEquals(30, vm.pressureSeries().get(1).getData().size());
    }

    @Test
    void chartWindowDropsTheOldestPointAtTheCap() {
        OverviewViewModel vm = new OverviewViewModel();
        String raw = Fixtures.text(Fixtures.ROOT);
        List<Sample> samples = new ArrayList<>();
        // 1 s apart: 500 samples span 8 min 20 s, so the cap (450), not the 15-minute window, applies
        for (int i = 0; i < 500; i++) {
            samples.add(Playbooks.parser().parse("vm", T0.plusSeconds(i), raw, 10));
        }
        onFx(() -> samples.forEach(vm::accept));

        for (XYChart.Series<Number, Number> s : List.of(vm.loadSeries().get(0), vm.memorySeries().get(0), vm.pressureSeries().get(1))) {
            assertEquals(OverviewViewModel.MAX_POINTS, s.getData().size(), s.getName());
            assertEquals(T0.plusSeconds(50).toEpochMilli(), s.getData().get(0).getXValue().longValue(), "oldest dropped");
            assertEquals(T0.plusSeconds(499).toEpochMilli(), s.getData().get(449).getXValue().longValue());
        }
    }

    @Test
    void chartWindowKeepsFifteenMinutes() {
        OverviewViewModel vm = new OverviewViewModel();
        String raw = Fixtures.text(Fixtures.ROOT);
        // 10 s apart for an hour: only the last 15 minutes stay
        onFx(() -> {
            for (int i = 0; i <= 360; i++) {
                vm.accept(Playbooks.parser().parse("vm", T0.plusSeconds(10L * i), raw, 10));
            }
        });
        var data = vm.loadSeries().get(0).getData();
        assertEquals(91, data.size());
        Instant end = T0.plusSeconds(3600);
        assertEquals(end.minus(Duration.ofMinutes(15)).toEpochMilli(), data.get(0).getXValue().longValue());
        assertEquals(180_000, vm.tickUnitProperty().get(), 0.5, "15 minutes in ticks of 3 minutes");
        long first = data.get(0).getXValue().longValue();
        assertTrue(vm.windowStartProperty().get() <= first && vm.windowStartProperty().get() > first - 180_000,
                "the axis starts on the whole tick before the oldest point");
        assertEquals(0, vm.windowStartProperty().get() % 180_000, 0.5);
    }

    @Test
    void repeatedOrOlderSamplesAreIgnored() {
        OverviewViewModel vm = new OverviewViewModel();
        Sample a = Fixtures.sample(Fixtures.ROOT, T0);
        onFx(() -> {
            vm.accept(a);
            vm.accept(a);
            vm.accept(Fixtures.sample(Fixtures.ROOT, T0.minusSeconds(2)));
        });
        assertEquals(1, vm.loadSeries().get(0).getData().size());
    }

    @Test
    void historyShowsTheLastSampleAndChartsThemAll() {
        OverviewViewModel vm = new OverviewViewModel();
        List<Sample> series = Fixtures.series();
        onFx(() -> vm.showHistory(series.subList(0, 10)));
        assertEquals(10, vm.loadSeries().get(0).getData().size());
        assertEquals("0.75", vm.load1Property().get());   // series/09.txt: 0.75 0.34 0.15
        assertTrue(vm.hasSampleProperty().get());

        onFx(() -> vm.showHistory(series.subList(0, 1)));
        assertEquals(1, vm.loadSeries().get(0).getData().size());
        assertTrue(vm.fewPointsProperty().get(), "a lone point is drawn with a symbol");
        assertTrue(vm.windowEndProperty().get() - vm.windowStartProperty().get() >= 10_000);
    }

    @Test
    void pressureAxisGrowsInSteps() {
        assertEquals(1, OverviewViewModel.niceCeiling(0), 1e-9);
        assertEquals(2, OverviewViewModel.niceCeiling(1.2), 1e-9);
        assertEquals(50, OverviewViewModel.niceCeiling(33), 1e-9);
        assertEquals(100, OverviewViewModel.niceCeiling(97.5), 1e-9);
    }

    @Test
    void refusesCallsOffTheFxThread() {
        OverviewViewModel vm = new OverviewViewModel();
        assertThrows(IllegalStateException.class, () -> vm.accept(Fixtures.sample(Fixtures.ROOT, T0)));
    }
}
