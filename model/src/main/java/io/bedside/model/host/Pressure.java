package io.bedside.model.host;

import java.util.Optional;

/**
 * Pressure stall information for one resource (/proc/pressure/memory), kernel 4.20+.
 *
 * @param some share of time some task stalled
 * @param full share of time all non-idle tasks stalled; absent for cpu on older kernels
 */
public record Pressure(Stall some, Optional<Stall> full) {

    /**
     * One PSI line. Sample: {@code some avg10=0.00 avg60=0.12 avg300=0.05 total=123456}.
     *
     * @param totalMicros total stall time in microseconds
     */
    public record Stall(double avg10, double avg60, double avg300, long totalMicros) {
    }
}
