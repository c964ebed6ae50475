package io.bedside.model.probe;

import java.time.Instant;

/**
 * The probe output of one sample, as received: what a recording keeps and replays.
 *
 * @param receivedAt      when the output arrived
 * @param roundTripMillis how long the round trip took
 * @param output          the probe's standard output
 * @param errors          its standard error
 */
public record RawSample(Instant receivedAt, long roundTripMillis, String output, String errors) {
}
