package io.bedside.model.memory;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * What turns a log line's time stamp into an instant.
 *
 * @param bootTime the host's boot time (btime of /proc/stat): plain dmesg stamps
 *                 ({@code [12345.678901]}) are seconds after it. Like {@code dmesg -T}, this is
 *                 off by the time the host spent suspended.
 * @param zone     the host's zone, for stamps in local time without an offset ({@code dmesg -T},
 *                 classic syslog files)
 * @param now      the host's time when the log was read: classic syslog stamps have no year, which
 *                 is taken so that the stamp is not in the future
 */
public record LogClock(Optional<Instant> bootTime, ZoneId zone, Optional<Instant> now) {
    /** UTC, no boot time, no "now": only stamps that carry a date and offset become instants. */
    public static final LogClock UTC = new LogClock(Optional.empty(), ZoneOffset.UTC, Optional.empty());

    public static LogClock of(Instant bootTime, ZoneId zone, Instant now) {
        return new LogClock(Optional.of(bootTime), zone, Optional.of(now));
    }
}
