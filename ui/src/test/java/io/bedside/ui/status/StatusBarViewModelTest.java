package io.bedside.ui.status;

import io.bedside.model.session.ConnectionState;
import io.bedside.model.session.SessionStatus;
import io.bedside.ui.support.FxTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status bar's text: costs, age and stale marking; no Stage. */
class StatusBarViewModelTest {
    private static final Instant T0 = Instant.parse("2026-11-23T15:48:14Z");

    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeAll
    static void fx() {
        FxTestSupport.startFx();
    }

    private static SessionStatus live(Instant last) {
        return new SessionStatus("db-07", ConnectionState.LIVE, OptionalLong.of(48), OptionalLong.of(4_120_333),
                OptionalLong.of(5432), Optional.of(last), Optional.empty(), false);
    }

    @Test
    void showsWhatTheLastSampleCost() {
        HandClock clock = new HandClock();
        StatusBarViewModel vm = new StatusBarViewModel(clock);
        onFx(() -> vm.update(live(T0)));

        assertEquals(ConnectionState.LIVE, vm.stateProperty().get());
        assertEquals("Live", vm.stateTextProperty().get());
        assertEquals("db-07", vm.sourceProperty().get());
        assertEquals("48 ms", vm.roundTripProperty().get());
        assertEquals("4.1 ms", vm.probeTimeProperty().get());
        assertEquals("5.3 KiB", vm.bytesProperty().get());
        assertEquals("just now", vm.ageProperty().get());
        assertFalse(vm.staleProperty().get());
    }

    @Test
    void showsTheHostCpuOfTheLastSampleAndItsCostliestSections() {
        StatusBarViewModel vm = new StatusBarViewModel(new HandClock());
        var costs = java.util.List.of(new io.bedside.model.probe.SectionCost(java.util.List.of("host"), 10),
                new io.bedside.model.probe.SectionCost(java.util.List.of("ss-tcp"), 420),
                new io.bedside.model.probe.SectionCost(java.util.List.of("proc-fds", "fd-deleted"), 2090),
                new io.bedside.model.probe.SectionCost(java.util.List.of("uptime"), 0));
        SessionStatus big = new SessionStatus("db-07", ConnectionState.LIVE, OptionalLong.of(2900), OptionalLong.of(2_800_000_000L),
                OptionalLong.of(15_400_000), Optional.of(T0), Optional.empty(), false, OptionalLong.of(254), costs);
        onFx(() -> vm.update(big));
        assertEquals("2,540 ms: proc-fds+fd-deleted 2090, ss-tcp 420", vm.hostCpuProperty().get());
        String tip = vm.hostCpuDetailProperty().get();
        assertTrue(tip.contains("\n2090 ms  proc-fds+fd-deleted\n420 ms  ss-tcp\n10 ms  host"), tip);
        assertFalse(tip.contains("uptime"), "a section that cost no tick is not listed");

        // an older probe that did not say
        onFx(() -> vm.update(live(T0)));
        assertEquals(StatusBarViewModel.NONE, vm.hostCpuProperty().get());
        assertTrue(vm.hostCpuDetailProperty().get().contains("did not say"));
    }

    @Test
    void ageTicksWithTheClock() {
        HandClock clock = new HandClock();
        StatusBarViewModel vm = new StatusBarViewModel(clock);
        onFx(() -> vm.update(live(T0)));

        clock.now = T0.plusSeconds(3);
        onFx(vm::tick);
        assertEquals("3 s ago", vm.ageProperty().get());

        clock.now = T0.plus(Duration.ofMinutes(2).plusSeconds(5));
        onFx(vm::tick);
        assertEquals("2 min 5 s ago", vm.ageProperty().get());

        clock.now = T0.plus(Duration.ofHours(3).plusMinutes(12));
        onFx(vm::tick);
        assertEquals("3 h 12 min ago", vm.ageProperty().get());
    }

    @Test
    void aDroppedConnectionKeepsTheDataAndMarksItStale() {
        HandClock clock = new HandClock();
        StatusBarViewModel vm = new StatusBarViewModel(clock);
        onFx(() -> vm.update(live(T0)));
        clock.now = T0.plusSeconds(9);
        SessionStatus dropped = live(T0).with(ConnectionState.RECONNECTING,
                Optional.of("The connection to db-07 dropped. Retrying in 2 s."), true);
        onFx(() -> vm.update(dropped));

        assertTrue(vm.staleProperty().get());
        assertEquals("Reconnecting", vm.stateTextProperty().get());
        assertEquals("The connection to db-07 dropped. Retrying in 2 s.", vm.messageProperty().get());
        assertEquals("48 ms", vm.roundTripProperty().get(), "the last figures stay");
        assertEquals("9 s ago", vm.ageProperty().get());

        onFx(() -> vm.update(live(T0.plusSeconds(10))));
        assertFalse(vm.staleProperty().get());
        assertEquals("", vm.messageProperty().get());
    }

    @Test
    void beforeTheFirstSampleNothingIsMadeUp() {
        StatusBarViewModel vm = new StatusBarViewModel(new HandClock());
        onFx(() -> vm.update(SessionStatus.initial("db-07")));
        assertEquals("Connecting", vm.stateTextProperty().get());
        assertEquals("—", vm.roundTripProperty().get());
        assertEquals("—", vm.probeTimeProperty().get());
        assertEquals("—", vm.bytesProperty().get());
        assertEquals("no sample yet", vm.ageProperty().get());
        assertFalse(vm.staleProperty().get());
    }

    @Test
    void aLiveSessionTurnsStaleOnceTheNextSampleIsOneIntervalLate() {
        HandClock clock = new HandClock();
        StatusBarViewModel vm = new StatusBarViewModel(clock);
        onFx(() -> vm.setInterval(Duration.ofSeconds(2)));
        onFx(() -> vm.update(live(T0)));

        // due at 2 s, one interval late at 4 s: still live at 4 s
        for (long ms : new long[] {250, 1999, 2500, 3999, 4000}) {
            clock.now = T0.plusMillis(ms);
            onFx(vm::tick);
            assertFalse(vm.staleProperty().get(), "stale after only " + ms + " ms");
            assertEquals("Live", vm.stateTextProperty().get());
        }
        clock.now = T0.plusMillis(4250);
        onFx(vm::tick);
        assertTrue(vm.staleProperty().get(), "a sample one interval late makes the data stale");
        assertEquals(ConnectionState.LIVE, vm.stateProperty().get(), "the session itself has not noticed");
        assertEquals("Stale: last sample 4 s ago", vm.stateTextProperty().get());

        clock.now = T0.plusSeconds(7);
        onFx(vm::tick);
        assertEquals("Stale: last sample 7 s ago", vm.stateTextProperty().get());

        // a sample arrives: live again at once
        onFx(() -> vm.update(live(T0.plusSeconds(7))));
        assertFalse(vm.staleProperty().get());
        assertEquals("Live", vm.stateTextProperty().get());
    }

    @Test
    void aChangedIntervalAppliesAtOnce() {
        HandClock clock = new HandClock();
        StatusBarViewModel vm = new StatusBarViewModel(clock);
        onFx(() -> vm.setInterval(Duration.ofSeconds(10)));
        onFx(() -> vm.update(live(T0)));
        clock.now = T0.plusSeconds(6);
        onFx(vm::tick);
        assertFalse(vm.staleProperty().get(), "6 s is on time at a 10 s interval");

        onFx(() -> vm.setInterval(Duration.ofSeconds(1)));
        assertTrue(vm.staleProperty().get(), "6 s is four intervals late at 1 s");
        assertEquals("Stale: last sample 6 s ago", vm.stateTextProperty().get());
    }

    @Test
    void aProbeSlowerThanTheIntervalSetsThePace() {
        HandClock clock = new HandClock();
        StatusBarViewModel vm = new StatusBarViewModel(clock);
        onFx(() -> vm.setInterval(Duration.ofSeconds(1)));
        // the last probe took 3 s: the next sample is due 3 s after the last
        SessionStatus slow = new SessionStatus("db-07", ConnectionState.LIVE, OptionalLong.of(3000), OptionalLong.empty(),
                OptionalLong.of(64L << 20), Optional.of(T0), Optional.empty(), false);
        onFx(() -> vm.update(slow));
        clock.now = T0.plusMillis(3900);
        onFx(vm::tick);
        assertFalse(vm.staleProperty().get());
        clock.now = T0.plusMillis(4100);
        onFx(vm::tick);
        assertTrue(vm.staleProperty().get());
    }

    @Test
    void pausedIsNotStale() {
        HandClock clock = new HandClock();
        StatusBarViewModel vm = new StatusBarViewModel(clock);
        onFx(() -> vm.update(live(T0).with(ConnectionState.PAUSED, Optional.empty(), false)));
        clock.now = T0.plusSeconds(120);
        onFx(vm::tick);
        assertFalse(vm.staleProperty().get());
        assertEquals("Paused", vm.stateTextProperty().get());
        assertEquals("2 min ago", vm.ageProperty().get());
    }
}
