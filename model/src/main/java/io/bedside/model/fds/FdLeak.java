package io.bedside.model.fds;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One process whose fds grew in every full sample of a run.
 *
 * @param pid       the process
 * @param start     its start time (clock ticks after boot); a new one is another process
 * @param comm      its name, raw host text
 * @param from      when the run began (the host's time of its first full sample)
 * @param to        the latest full sample
 * @param samples   full samples in the run
 * @param fdsFirst  fds at its start
 * @param fdsNow    fds now
 * @param kinds     growth by kind between the first and the latest sample, only kinds that grew, largest first
 * @param soft      RLIMIT_NOFILE soft limit, when known
 * @param hard      ... hard limit
 * @param lineFirst the first sample's raw line of the process
 * @param lineNow   the latest one's
 */
public record FdLeak(int pid, long start, String comm, Instant from, Instant to, int samples, int fdsFirst, int fdsNow,
                     Map<String, Integer> kinds, OptionalLong soft, OptionalLong hard, String lineFirst, String lineNow) {
    public Duration span() {
        return Duration.between(from, to);
    }

    /** Growth per minute over the run, rounded to a tenth; 0 for a run with no span. */
    public double perMinute() {
        long ms = span().toMillis();
        return ms <= 0 ? 0 : Math.round((fdsNow - fdsFirst) * 600_000.0 / ms) / 10.0;
    }

    /** The kind that grew most. */
    public String kind() {
        return kinds.isEmpty() ? "unknown" : kinds.keySet().iterator().next();
    }

    /** Minutes until the soft limit at the current rate; empty when not known or not growing. */
    public OptionalLong minutesToLimit() {
        double rate = perMinute();
        if (soft.isEmpty() || rate <= 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of((long) Math.ceil(Math.max(0, soft.getAsLong() - fdsNow) / rate));
    }
}
