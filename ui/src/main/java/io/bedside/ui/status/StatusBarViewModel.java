package io.bedside.ui.status;

import io.bedside.model.sample.Sample;
import io.bedside.model.session.ConnectionState;
import io.bedside.model.session.SessionStatus;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.fx.Units;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * State of the status bar: connection state, what the last sample cost (round trip, probe time
 * on the host, bytes) and how old it is. When the connection drops the last data stays on
 * screen, marked stale. A live session whose next sample is one interval late is stale too, before
 * the session notices anything (a hung probe, a black-holed network, a frozen host): the state says
 * "Stale: last sample 7 s ago" until a sample arrives. The age is measured on this machine's clock
 * from when the last sample arrived, never on the host's. {@link #tick()} is called a few times a
 * second so the switch comes within a fraction of a second.
 */
public final class StatusBarViewModel {
    static final String NONE = "—";
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final Clock clock;
    private final ReadOnlyObjectWrapper<ConnectionState> state = new ReadOnlyObjectWrapper<>(this, "state", ConnectionState.CONNECTING);
    private final ReadOnlyStringWrapper stateText = new ReadOnlyStringWrapper(this, "stateText", ConnectionState.CONNECTING.label());
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper(this, "source", "");
    private final ReadOnlyStringWrapper roundTrip = new ReadOnlyStringWrapper(this, "roundTrip", NONE);
    private final ReadOnlyStringWrapper probeTime = new ReadOnlyStringWrapper(this, "probeTime", NONE);
    /** The host CPU of the last sample and its two costliest sections. */
    private final ReadOnlyStringWrapper hostCpu = new ReadOnlyStringWrapper(this, "hostCpu", NONE);
    /** Every section's cost, for the tooltip. */
    private final ReadOnlyStringWrapper hostCpuDetail = new ReadOnlyStringWrapper(this, "hostCpuDetail", "");
    private final ReadOnlyStringWrapper bytes = new ReadOnlyStringWrapper(this, "bytes", NONE);
    private final ReadOnlyStringWrapper age = new ReadOnlyStringWrapper(this, "age", "no sample yet");
    private final ReadOnlyBooleanWrapper stale = new ReadOnlyBooleanWrapper(this, "stale", false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper recording = new ReadOnlyStringWrapper(this, "recording", "");

    private Optional<Instant> lastSampleAt = Optional.empty();
    private boolean replay;
    /** What the session says: a drop, a failure. */
    private boolean sessionStale;
    /** The session's sampling interval: a sample later than one interval past its due time makes the data stale. */
    private Duration interval = Duration.ofSeconds(2);
    /** The last sample's round trip: a probe slower than the interval sets the pace, not the interval. */
    private long lastRoundTripMillis;

    public StatusBarViewModel(Clock clock) {
        this.clock = clock;
    }

    /** Shows a live session's status. */
    public void update(SessionStatus s) {
        FxThread.assertFxThread();
        replay = false;
        state.set(s.state());
        stateText.set(s.state().label());
        source.set(s.source());
        roundTrip.set(s.roundTripMillis().isPresent() ? s.roundTripMillis().getAsLong() + " ms" : NONE);
        probeTime.set(probeMillis(s.probeNanos()));
        showCost(s.cpuTicks(), s.costs());
        bytes.set(s.bytes().isPresent() ? Units.bytes(s.bytes().getAsLong()) : NONE);
        lastSampleAt = s.lastSampleAt();
        lastRoundTripMillis = s.roundTripMillis().orElse(0);
        boolean dropped = s.state() == ConnectionState.RECONNECTING || s.state() == ConnectionState.FAILED;
        sessionStale = s.stale() || (dropped && lastSampleAt.isPresent());
        message.set(s.message().orElse(""));
        tick();
    }

    /** The session's sampling interval (Session > Interval); it applies at once. */
    public void setInterval(Duration d) {
        FxThread.assertFxThread();
        interval = d;
        tick();
    }

    /**
     * How old the last sample may get before the data on screen is stale: the next one is due
     * one interval after it (or one round trip, when the probe is slower than the interval), and it
     * is stale once it is one more interval late.
     */
    public Duration staleAfter() {
        Duration due = interval.compareTo(Duration.ofMillis(lastRoundTripMillis)) >= 0
                ? interval : Duration.ofMillis(lastRoundTripMillis);
        return due.plus(interval);
    }

    /**
     * Shows a replayed sample: what it cost when it was recorded and where it is in the recording.
     *
     * @param index 0-based position in the recording
     */
    public void showReplay(Sample s, int index, int count, ZoneId zone) {
        FxThread.assertFxThread();
        replay = true;
        state.set(ConnectionState.REPLAY);
        stateText.set(ConnectionState.REPLAY.label());
        source.set(s.source());
        roundTrip.set(s.stats().roundTripMillis() + " ms");
        probeTime.set(probeMillis(s.stats().probeNanos()));
        showCost(s.stats().cpuTicks(), s.output().costs());
        bytes.set(Units.bytes(s.stats().bytes()));
        lastSampleAt = Optional.of(s.sampledAt());
        sessionStale = false;
        stale.set(false);
        message.set("");
        age.set("sample " + (index + 1) + " of " + count + ", recorded " + HMS.format(s.sampledAt().atZone(zone)));
    }

    /** Shows the recording in progress, or nothing for an empty text. */
    public void showRecording(String text) {
        FxThread.assertFxThread();
        recording.set(text);
    }

    /** Ages the last sample and marks it stale when the next one is late; called a few times a second. */
    public void tick() {
        FxThread.assertFxThread();
        if (replay) {
            return;
        }
        Optional<Duration> old = lastSampleAt.map(t -> Duration.between(t, clock.instant()));
        age.set(old.map(StatusBarViewModel::ageText).orElse("no sample yet"));
        // paused: no sample is due, so none is late
        boolean late = state.get() == ConnectionState.LIVE && old.isPresent()
                && old.get().compareTo(staleAfter()) > 0;
        stale.set(sessionStale || late);
        stateText.set(late ? "Stale: last sample " + ageText(old.get()) : state.get().label());
    }

    static String ageText(Duration d) {
        if (d.isNegative() || d.toMillis() < 1000) {
            return "just now";
        }
        return Units.duration(d) + " ago";
    }

    /**
     * The host CPU a sample cost and its costliest sections: "430 ms: ss-tcp 300, kernel-log 60" on
     * the bar (the two costliest), every section that cost a tick in the tooltip.
     */
    private void showCost(OptionalLong ticks, java.util.List<io.bedside.model.probe.SectionCost> costs) {
        if (ticks.isEmpty()) {
            hostCpu.set(NONE);
            hostCpuDetail.set("The probe did not say what it cost the host.");
            return;
        }
        java.util.List<io.bedside.model.probe.SectionCost> top = io.bedside.model.probe.SectionCost.top(costs, 2);
        StringBuilder bar = new StringBuilder(Units.millis(ticks.getAsLong() * 10));
        for (int i = 0; i < top.size(); i++) {
            bar.append(i == 0 ? ": " : ", ").append(top.get(i).name()).append(' ').append(top.get(i).cpuMillis());
        }
        hostCpu.set(bar.toString());
        StringBuilder tip = new StringBuilder("Host CPU the last sample's probe used (user and system, its commands included), "
                + "in clock ticks of 10 ms.");
        java.util.List<io.bedside.model.probe.SectionCost> all = io.bedside.model.probe.SectionCost.top(costs, 12);
        if (all.isEmpty() && !costs.isEmpty()) {
            tip.append("\nNo section cost a whole tick.");
        }
        all.forEach(c -> tip.append("\n").append(c.cpuMillis()).append(" ms  ").append(c.name()));
        hostCpuDetail.set(tip.toString());
    }

    static String probeMillis(OptionalLong nanos) {
        return nanos.isPresent() ? String.format(Locale.ROOT, "%.1f ms", nanos.getAsLong() / 1e6) : NONE;
    }

    public ReadOnlyObjectProperty<ConnectionState> stateProperty() { return state.getReadOnlyProperty(); }
    public ReadOnlyStringProperty stateTextProperty() { return stateText.getReadOnlyProperty(); }
    public ReadOnlyStringProperty sourceProperty() { return source.getReadOnlyProperty(); }
    public ReadOnlyStringProperty roundTripProperty() { return roundTrip.getReadOnlyProperty(); }
    public ReadOnlyStringProperty probeTimeProperty() { return probeTime.getReadOnlyProperty(); }
    public ReadOnlyStringProperty hostCpuProperty() { return hostCpu.getReadOnlyProperty(); }
    public ReadOnlyStringProperty hostCpuDetailProperty() { return hostCpuDetail.getReadOnlyProperty(); }
    public ReadOnlyStringProperty bytesProperty() { return bytes.getReadOnlyProperty(); }
    public ReadOnlyStringProperty ageProperty() { return age.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty staleProperty() { return stale.getReadOnlyProperty(); }
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    public ReadOnlyStringProperty recordingProperty() { return recording.getReadOnlyProperty(); }
}
