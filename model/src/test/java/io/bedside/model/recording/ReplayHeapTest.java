package io.bedside.model.recording;

import io.bedside.model.probe.RawSample;
import io.bedside.model.sample.Sample;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replay holds at a position what a live session's history would: the samples up to it that fit
 * the history's heap budget, not {@link Replay#WINDOW} of them whatever their size.
 */
class ReplayHeapTest {
    @Test
    void aPositionHoldsTheSamplesTheHeapBudgetFits() throws Exception {
        String out;
        try (InputStream in = ReplayHeapTest.class.getResourceAsStream("/fixtures/sockets/probe-lab-closewait-pipe-root-t0.txt")) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Instant t0 = Instant.parse("2026-12-07T06:00:00Z");
        List<RawSample> raw = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            raw.add(new RawSample(t0.plusSeconds(2L * i), 5, out, ""));
        }
        Recording rec = new Recording("db-07", t0, "test", raw);
        Replay whole = new Replay(rec, SampleStore.of(raw), Long.MAX_VALUE);
        long each = whole.sample(0).stats().heapBytes();
        assertTrue(each > 0, "the parser measured the sample's heap");
        assertEquals(21, whole.upTo(20).size(), "within the budget every sample up to the position");

        long fiveUpTo30 = 0;
        for (int i = 26; i <= 30; i++) {
            fiveUpTo30 += whole.sample(i).stats().heapBytes();
        }
        Replay bounded = new Replay(rec, SampleStore.of(raw), fiveUpTo30 + whole.sample(25).stats().heapBytes() / 2);
        List<Sample> at30 = bounded.upTo(30);
        assertEquals(6, at30.size(), "the first sample (pinned: the views gather from it) and the five the budget fits");
        assertEquals(t0, at30.get(0).sampledAt());
        assertEquals(t0.plusSeconds(52), at30.get(1).sampledAt());
        assertEquals(t0.plusSeconds(60), at30.get(5).sampledAt(), "up to the position");
        assertTrue(bounded.cached() <= 6, "the replay keeps no more than that: " + bounded.cached());
        long two = whole.sample(38).stats().heapBytes() + whole.sample(39).stats().heapBytes();
        assertEquals(3, new Replay(rec, SampleStore.of(raw), two / 2).upTo(39).size(), "never fewer than two (and the pinned one)");
        assertEquals(2, new Replay(rec, SampleStore.of(raw), two / 3).upTo(39).size(),
                "but one alone when two hold more than twice the budget");
    }
}
