package io.bedside.model.probe;

import java.util.OptionalLong;

/**
 * What one sample cost.
 *
 * @param roundTripMillis from sending the probe to its last byte, as seen by Bedside
 * @param probeNanos      the probe's own run time on the host, when it reported it
 * @param cpuTicks        host CPU the probe used, in USER_HZ ticks (1/100 s)
 * @param bytes           bytes of probe output (stdout and stderr)
 * @param heapBytes       the heap the parsed sample holds, estimated when it was parsed
 *                        ({@code io.bedside.model.sample.HeapEstimate}); 0 when not estimated
 */
public record ProbeStats(long roundTripMillis, OptionalLong probeNanos, OptionalLong cpuTicks, long bytes, long heapBytes) {
    public ProbeStats(long roundTripMillis, OptionalLong probeNanos, OptionalLong cpuTicks, long bytes) {
        this(roundTripMillis, probeNanos, cpuTicks, bytes, 0);
    }

    /** This with {@code heap} as the parsed sample's heap. */
    public ProbeStats withHeapBytes(long heap) {
        return new ProbeStats(roundTripMillis, probeNanos, cpuTicks, bytes, heap);
    }
}
