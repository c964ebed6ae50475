package io.bedside.ui.replay;

import io.bedside.model.sample.Sample;
import io.bedside.ui.fx.CurrentThreadTaskRunner;
import io.bedside.ui.fx.TaskRunner;
import io.bedside.ui.support.Fixtures;
import io.bedside.ui.support.FxTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayControllerTest {
    @BeforeAll
    static void fx() {
        FxTestSupport.startFx();
    }

    @Test
    void eachPositionShowsTheSamplesUpToIt() {
        List<Integer> shown = new ArrayList<>();
        ReplayController c = new ReplayController(Fixtures.seriesReplay(), new CurrentThreadTaskRunner(), upTo -> shown.add(upTo.size()));
        onFx(c::start);
        onFx(() -> c.indexProperty().set(9));
        onFx(c::stepBack);
        assertEquals(List.of(1, 10, 9), shown);
        onFx(() -> c.indexProperty().set(500));
        assertEquals(29, c.indexProperty().get(), "clamped to the last sample");
    }

    @Test
    void playingStopsAtTheEndAndStartsOverFromThere() {
        List<Sample> last = new ArrayList<>();
        ReplayController c = new ReplayController(Fixtures.seriesReplay(), new CurrentThreadTaskRunner(), upTo -> last.add(upTo.get(upTo.size() - 1)));
        onFx(() -> {
            c.start();
            c.indexProperty().set(27);
            c.play();
        });
        assertTrue(c.playingProperty().get());
        onFx(c::advance);
        onFx(c::advance);
        assertEquals(29, c.indexProperty().get());
        assertFalse(c.playingProperty().get(), "stops at the end");
        onFx(c::play);
        assertEquals(0, c.indexProperty().get(), "play at the end starts over");
        onFx(c::dispose);
        assertTrue(c.positionTextProperty().get().startsWith("Sample 1 of 30  ·  2026-11-23 15:48:14"));
    }

    /** Reading a position runs on the task runner; positions asked for meanwhile wait, and only the newest is shown. */
    @Test
    void aPositionIsReadOffTheFxThreadAndOnlyTheNewestIsShown() {
        List<Runnable> pending = new ArrayList<>();
        List<Boolean> readOnFx = new ArrayList<>();
        TaskRunner held = new TaskRunner() {
            @Override
            public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError, Runnable onFinally) {
                pending.add(() -> {
                    T result;
                    try {
                        readOnFx.add(javafx.application.Platform.isFxApplicationThread());
                        result = work.call();
                    } catch (Exception e) {
                        onFx(() -> onError.accept(e));
                        return;
                    }
                    onFx(() -> onSuccess.accept(result));
                });
            }
        };
        List<Integer> shown = new ArrayList<>();
        ReplayController c = new ReplayController(Fixtures.seriesReplay(), held, upTo -> shown.add(upTo.size()));
        onFx(c::start);
        onFx(() -> {
            c.indexProperty().set(5);
            c.indexProperty().set(9);
            c.indexProperty().set(12);
        });
        assertEquals(1, pending.size(), "one read at a time: the first position's");
        assertEquals("Sample 13 of 30", c.positionTextProperty().get().substring(0, 15), "the text follows the slider at once");
        pending.remove(0).run();             // position 0 read: it is stale, so position 12 is read next
        assertEquals(List.of(), shown, "a stale position is not shown");
        assertEquals(1, pending.size());
        pending.remove(0).run();
        assertEquals(List.of(13), shown, "only the newest position is shown");
        assertEquals(12, c.shownProperty().get(), "the position shown follows once read");
        assertEquals(List.of(false, false), readOnFx, "the samples were read away from the FX thread");
        onFx(() -> c.indexProperty().set(20));
        onFx(c::dispose);
        pending.remove(0).run();
        assertEquals(List.of(13), shown, "a read that ends after dispose is dropped");
    }
}
