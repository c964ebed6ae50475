package io.bedside.model.port;

/**
 * What one run of the probe on the host returned.
 *
 * @param stdout          the probe's standard output (up to the cap)
 * @param stderr          its standard error (up to the cap)
 * @param exitStatus      the exit status, or -1 when the host did not report one
 * @param roundTripMillis from sending the probe until its output was complete
 * @param truncated       whether the output was cut at the size cap
 */
public record ProbeResult(String stdout, String stderr, int exitStatus, long roundTripMillis, boolean truncated) {
}
