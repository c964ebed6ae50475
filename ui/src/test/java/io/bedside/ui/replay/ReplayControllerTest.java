package io.bedside.ui.replay;

import io.bedside.model.probe.Sample;
import io.bedside.ui.support.Fixtures;
import io.bedside.ui.support.FxTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

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
        ReplayController c = new ReplayController(Fixtures.seriesReplay(), upTo -> shown.add(upTo.size()));
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
        ReplayController c = new ReplayController(Fixtures.seriesReplay(), upTo -> last.add(upTo.get(upTo.size() - 1)));
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
}
