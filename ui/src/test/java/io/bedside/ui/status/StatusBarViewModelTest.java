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
}
