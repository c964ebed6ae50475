package io.bedside.model.probe;

import java.util.OptionalLong;

/**
 * What one sample cost.
 *
 * @param roundTripMillis from sending the probe to its last byte, as seen by Bedside
 * @param probeNanos      the probe's own run time on the host, when it reported it
 * @param cpuTicks        host CPU the probe used, in USER_HZ ticks (1/100 s)
 * @param bytes           bytes of probe output (stdout and stderr)
 */
public record ProbeStats(long roundTripMillis, OptionalLong probeNanos, OptionalLong cpuTicks, long bytes) {
}
