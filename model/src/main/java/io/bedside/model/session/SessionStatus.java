package io.bedside.model.session;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the status bar shows: connection state, round-trip time, probe time on the host, bytes
 * per sample and when the last sample arrived (its age is computed by the viewer).
 *
 * @param message one sentence on the last failure or the next retry, when there is one
 * @param stale   whether the data on screen is older than the connection's last known state
 * @param cpuTicks the host CPU the last sample's probe used (USER_HZ ticks), when it said
 * @param costs   what its sections cost the host ({@link SectionCost}), empty when it did not say
 */
public record SessionStatus(String source, ConnectionState state, OptionalLong roundTripMillis,
                            OptionalLong probeNanos, OptionalLong bytes, Optional<Instant> lastSampleAt,
                            Optional<String> message, boolean stale, OptionalLong cpuTicks,
                            java.util.List<io.bedside.model.probe.SectionCost> costs) {
    public SessionStatus {
        costs = java.util.List.copyOf(costs);
    }

    public SessionStatus(String source, ConnectionState state, OptionalLong roundTripMillis, OptionalLong probeNanos,
                         OptionalLong bytes, Optional<Instant> lastSampleAt, Optional<String> message, boolean stale) {
        this(source, state, roundTripMillis, probeNanos, bytes, lastSampleAt, message, stale, OptionalLong.empty(),
                java.util.List.of());
    }

    public static SessionStatus initial(String source) {
        return new SessionStatus(source, ConnectionState.CONNECTING, OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), Optional.empty(), Optional.empty(), false);
    }

    public SessionStatus with(ConnectionState s, Optional<String> msg, boolean isStale) {
        return new SessionStatus(source, s, roundTripMillis, probeNanos, bytes, lastSampleAt, msg, isStale, cpuTicks, costs);
    }
}
