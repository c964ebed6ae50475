package io.bedside.ui.main;

import io.bedside.model.ipc.IpcSnapshot;
import io.bedside.model.sockets.SocketSnapshot;
import io.bedside.model.memory.MemorySnapshot;
import io.bedside.model.findings.Severity;
import io.bedside.model.sample.Sample;
import io.bedside.model.session.SamplingSession;
import io.bedside.ui.findings.FindingItem;
import io.bedside.ui.fx.BackgroundTaskRunner;
import io.bedside.ui.fx.CurrentThreadTaskRunner;
import io.bedside.ui.fx.TaskRunner;
import io.bedside.ui.support.DeferredTaskRunner;
import io.bedside.ui.support.Fixtures;
import io.bedside.ui.support.FxTestSupport;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The machinery the IPC, memory and sockets areas share, on a minimal area whose rows only say
 * which sample they were built from: coalescing, building only while shown, replaying a history.
 */
class AreaViewModelTest {
    private static final Instant T0 = Instant.parse("2026-11-23T16:30:00Z");
    private static Sample base;

    @BeforeAll
    static void fx() {
        FxTestSupport.startFx();
        base = Fixtures.sample(Fixtures.IPC_OBJECTS, T0);   // the host's clock is Etc/UTC
    }

    /** The sample {@code seconds} after T0. */
    private static Sample at(int seconds) {
        return new Sample(base.source(), T0.plusSeconds(seconds), base.hostTime(), base.facts(), base.load(), base.memory(),
                base.memoryPressure(), base.parts(), base.stats(), base.problems(), base.output());
    }

    private static List<Sample> range(int from, int to) {
        List<Sample> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(at(i));
        }
        return out;
    }

    /** What one build of the test area yields: the sample it was built from, what was shown before. */
    record Rows(Sample latest, int historySize, Sample historyFirst, Rows previous) {
    }

    /** An area whose rows name their sample, and which records every call the machinery makes. */
    static final class TestArea extends AreaViewModel<Rows> {
        final List<Sample> built = new CopyOnWriteArrayList<>();
        final List<Boolean> builtOnFx = new CopyOnWriteArrayList<>();
        final List<Boolean> chartedOnFx = new CopyOnWriteArrayList<>();
        final List<Sample> shownSamples = new ArrayList<>();
        final List<Boolean> shownOnFx = new ArrayList<>();
        final List<Sample> gathered = new ArrayList<>();
        volatile Instant failAt;
        int forgotten;
        int cleared;
        int chartUpdates;

        TestArea(TaskRunner runner) {
            super(runner, List.of(new io.bedside.model.findings.Chart("test.seconds", "Seconds", "s",
                    List.of(io.bedside.model.findings.Chart.Line.of("seconds", s -> OptionalDouble.empty())))),
                    "The test area could not be built");
        }

        @Override
        protected List<OptionalDouble> chartValues(Sample s) {
            chartedOnFx.add(Platform.isFxApplicationThread());
            return List.of(OptionalDouble.of(s.sampledAt().getEpochSecond() - T0.getEpochSecond()));
        }

        @Override
        protected Rows buildRows(Sample latest, List<Sample> history, ZoneId zone, Rows shown) {
            builtOnFx.add(Platform.isFxApplicationThread());
            if (latest.sampledAt().equals(failAt)) {
                throw new IllegalStateException("the rows broke\nsecond line");
            }
            built.add(latest);
            return new Rows(latest, history.size(), history.get(0), shown);
        }

        @Override
        protected List<FindingItem> findingsOf(Rows rows) {
            long s = rows.latest().sampledAt().getEpochSecond() - T0.getEpochSecond();
            return List.of(new FindingItem("test.at-" + s, Severity.WARNING, "built from second " + s, "", 0, List.of()));
        }

        @Override
        protected void showRows(Rows rows, Sample latest) {
            assertSame(rows, shown(), "the rows are shown() while they are shown");
            shownOnFx.add(Platform.isFxApplicationThread());
            shownSamples.add(latest);
        }

        @Override
        protected void clearRows() {
            cleared++;
        }

        @Override
        protected void gather(Sample s) {
            gathered.add(s);
        }

        @Override
        protected void forgetHistory() {
            forgotten++;
            gathered.clear();
        }

        @Override
        protected void chartsUpdated() {
            chartUpdates++;
        }

        int points() {
            return charts().series(0).getData().size();
        }

        double lastPoint() {
            var d = charts().series(0).getData();
            return d.get(d.size() - 1).getYValue().doubleValue();
        }
    }

    @Test
    void samplesArrivingWhileABuildRunsMakeOneBuildOfTheNewest() {
        DeferredTaskRunner runner = new DeferredTaskRunner();
        TestArea area = new TestArea(runner);
        onFx(() -> area.accept(at(0)));                // a build starts
        onFx(() -> range(1, 6).forEach(area::accept)); // five more while it runs: they wait
        assertEquals(1, area.builds());
        assertEquals(1, runner.waiting(), "never a queue of builds");

        onFx(runner::runAll);                          // the first ends; the next takes the five at once
        assertEquals(List.of(at(0)), area.shownSamples);
        assertEquals(2, area.builds());
        onFx(runner::runAll);
        assertEquals(List.of(at(0), at(5)), area.built, "one build, of the newest");
        assertEquals(List.of(at(0), at(5)), area.shownSamples);
        assertEquals(0, runner.waiting(), "nothing new, nothing built");
        assertEquals(2, area.builds());
        assertEquals(2, area.rowBuilds());

        assertEquals(6, onFx(area::points), "every sample still has its point");
        assertEquals(5.0, onFx(area::lastPoint));
        assertEquals(at(0), onFx(() -> area.shown().previous().latest()), "the build compared against the rows shown");
        assertEquals(6, onFx(() -> area.shown().historySize()), "the rules see every sample kept");
        assertEquals("2026-11-23 16:30:05", area.sampleTimeProperty().get());
        assertEquals("Times are on the host's clock (Etc/UTC).", area.timesNoteProperty().get());
        assertEquals(List.of("test.at-5"), onFx(() -> area.findings().stream().map(FindingItem::id).toList()));
        assertTrue(area.hasSampleProperty().get());
    }

    @Test
    void aSampleNoNewerThanTheLastIsDropped() {
        TestArea area = new TestArea(new CurrentThreadTaskRunner());
        onFx(() -> area.accept(at(5)));
        onFx(() -> area.accept(at(5)));
        onFx(() -> area.accept(at(3)));
        assertEquals(1, area.builds());
        assertEquals(1, onFx(area::points));
    }

    @Test
    void aHiddenAreaBuildsNoRowsUntilShownThenOnlyTheNewest() {
        TestArea area = new TestArea(new CurrentThreadTaskRunner());
        onFx(() -> area.setActive(false));
        onFx(() -> range(0, 4).forEach(area::accept));
        assertEquals(List.of(), area.built, "no rows while hidden");
        assertEquals(0, area.rowBuilds());
        assertEquals(4, onFx(area::points), "the charts keep going");
        assertEquals(4, area.chartUpdates);
        assertEquals(4, area.gathered.size(), "every sample is gathered, also while hidden");
        assertFalse(area.hasSampleProperty().get());
        assertTrue(onFx(() -> area.findings().isEmpty()));

        onFx(() -> area.setActive(true));
        assertEquals(List.of(at(3)), area.built, "shown: the rows of the newest");
        assertEquals(4, onFx(area::points), "no point twice");
        assertEquals(List.of("test.at-3"), onFx(() -> area.findings().stream().map(FindingItem::id).toList()));
        onFx(() -> area.setActive(true));
        onFx(() -> area.setActive(false));
        onFx(() -> area.setActive(true));
        assertEquals(1, area.rowBuilds(), "nothing new, nothing built");
    }

    @Test
    void hiddenWhileABuildRunsTheNextBuildsOnlyPointsAndShowingBuildsTheRows() {
        DeferredTaskRunner runner = new DeferredTaskRunner();
        TestArea area = new TestArea(runner);
        onFx(() -> area.accept(at(0)));
        onFx(() -> area.setActive(false));
        onFx(() -> area.accept(at(1)));
        onFx(runner::runAll);                          // the rows of 0 (asked for while shown); then 1's point only
        onFx(runner::runAll);
        assertEquals(List.of(at(0)), area.built);
        assertEquals(2, onFx(area::points));
        onFx(() -> area.setActive(true));
        onFx(runner::runAll);
        assertEquals(List.of(at(0), at(1)), area.built);
        assertEquals(2, onFx(area::points));
        assertEquals("2026-11-23 16:30:01", area.sampleTimeProperty().get());
    }

    @Test
    void attachReplaysTheHistoryAndTheSliderReplacesIt() {
        TestArea area = new TestArea(new CurrentThreadTaskRunner());
        onFx(() -> area.accept(at(100)));              // what was shown before
        onFx(() -> area.showHistory(range(0, 5)));
        assertEquals(1, area.forgotten);
        assertEquals(range(0, 5), area.gathered, "gathered from the history, not from before");
        assertEquals(5, onFx(area::points), "the charts hold the history, not what was there");
        assertEquals(4.0, onFx(area::lastPoint));
        assertEquals(List.of(at(100), at(4)), area.built, "one build, of the history's last");
        assertEquals(5, onFx(() -> area.shown().historySize()));
        assertEquals(List.of("test.at-4"), onFx(() -> area.findings().stream().map(FindingItem::id).toList()));

        onFx(() -> area.showHistory(range(0, 2)));     // the slider moves back
        assertEquals(2, onFx(area::points));
        assertEquals(at(1), onFx(() -> area.shown().latest()));
        assertEquals("2026-11-23 16:30:01", area.sampleTimeProperty().get());
        onFx(() -> area.accept(at(2)));                // and on from there
        assertEquals(3, onFx(area::points));
        assertEquals(3, onFx(() -> area.shown().historySize()));

        onFx(() -> area.showHistory(List.of()));       // nothing recorded yet: nothing shown
        assertEquals(1, area.cleared);
        assertEquals(0, onFx(area::points));
        assertFalse(area.hasSampleProperty().get());
        assertEquals("", area.sampleTimeProperty().get());
        assertTrue(onFx(() -> area.findings().isEmpty()));
        assertNull(onFx(area::shown));
    }

    @Test
    void theRulesSeeAtMostTheSessionsHistory() {
        TestArea area = new TestArea(new CurrentThreadTaskRunner());
        onFx(() -> area.showHistory(range(0, SamplingSession.HISTORY + 5)));
        Rows shown = onFx(area::shown);
        assertEquals(SamplingSession.HISTORY, shown.historySize());
        assertEquals(at(5), shown.historyFirst(), "the oldest are dropped");
    }

    @Test
    void theRulesSeeAtMostTheSamplesTheSessionsHeapBudgetHolds() {
        TestArea area = new TestArea(new CurrentThreadTaskRunner());
        long quarter = SamplingSession.HISTORY_HEAP / 4;
        List<Sample> big = range(0, 20).stream().map(s -> new Sample(s.source(), s.sampledAt(), s.hostTime(), s.facts(), s.load(),
                s.memory(), s.memoryPressure(), s.parts(), s.stats().withHeapBytes(quarter), s.problems(), s.output())).toList();
        onFx(() -> area.showHistory(big.subList(0, 10)));
        assertEquals(4, onFx(() -> area.shown().historySize()), "four samples of a quarter of the budget each");
        assertEquals(at(6).sampledAt(), onFx(() -> area.shown().historyFirst().sampledAt()));
        for (Sample s : big.subList(10, 20)) {
            onFx(() -> area.accept(s));
        }
        assertEquals(4, onFx(() -> area.shown().historySize()), "live samples too");
        assertEquals(at(16).sampledAt(), onFx(() -> area.shown().historyFirst().sampledAt()));
    }

    @Test
    void aHistoryArrivingWhileABuildRunsReplacesThePointsWaiting() {
        DeferredTaskRunner runner = new DeferredTaskRunner();
        TestArea area = new TestArea(runner);
        onFx(() -> area.accept(at(100)));
        onFx(() -> area.accept(at(101)));              // waits
        onFx(() -> area.showHistory(range(0, 3)));     // replaces it
        onFx(runner::runAll);
        onFx(runner::runAll);
        assertEquals(List.of(at(100), at(2)), area.built);
        assertEquals(3, onFx(area::points));
        assertEquals(2.0, onFx(area::lastPoint));
    }

    @Test
    void afterDisposeLateResultsAreDroppedAndNothingMoreIsBuilt() {
        DeferredTaskRunner runner = new DeferredTaskRunner();
        TestArea area = new TestArea(runner);
        onFx(() -> area.accept(at(0)));
        onFx(() -> area.accept(at(1)));
        onFx(area::dispose);
        onFx(runner::runAll);
        assertEquals(0, runner.waiting());
        assertEquals(List.of(), area.shownSamples);
        assertFalse(area.hasSampleProperty().get());
        onFx(() -> area.accept(at(2)));
        onFx(() -> area.showHistory(range(0, 3)));
        assertEquals(1, area.builds());
    }

    @Test
    void aFailedBuildSaysSoAndTheNextSampleBuildsAgain() {
        TestArea area = new TestArea(new CurrentThreadTaskRunner());
        area.failAt = T0.plusSeconds(1);
        onFx(() -> area.accept(at(0)));
        onFx(() -> area.accept(at(1)));
        assertEquals("The test area could not be built: the rows broke", area.noticeProperty().get());
        assertEquals(at(0), onFx(() -> area.shown().latest()), "what was shown stays");
        onFx(() -> area.accept(at(2)));
        assertEquals(at(2), onFx(() -> area.shown().latest()));
        onFx(area::dismissNotice);
        assertEquals("", area.noticeProperty().get());
    }

    @Test
    void rowsAndPointsAreBuiltOffTheFxThreadAndShownOnIt() {
        try (BackgroundTaskRunner runner = new BackgroundTaskRunner()) {
            TestArea area = new TestArea(runner);
            onFx(() -> area.showHistory(range(0, 3)));
            onFx(() -> area.accept(at(3)));
            FxTestSupport.waitFor("the newest sample shown", 10_000,
                    () -> area.shown() != null && area.shown().latest().equals(at(3)) && area.points() == 4);
            assertTrue(area.builtOnFx.stream().noneMatch(b -> b), "rows built off the FX thread");
            assertTrue(area.chartedOnFx.stream().noneMatch(b -> b), "points made off the FX thread");
            assertTrue(onFx(() -> area.shownOnFx.stream().allMatch(b -> b)), "shown on the FX thread");
        }
    }
}
