package io.bedside.model.memory;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One boot of the host, from the journal ({@code journalctl --list-boots}) or from wtmp
 * ({@code last -x reboot shutdown}).
 *
 * @param start  when it booted (the journal: its first entry, a few seconds after the kernel started)
 * @param end    when it ended, as far as the source knows (see {@code how})
 * @param how    how it ended
 * @param bootId the journal's boot id
 * @param index  the journal's index (0 = this boot, -1 = the one before, ...)
 * @param kernel the kernel release (wtmp)
 * @param line   the source's line
 */
public record Boot(Instant start, Optional<Instant> end, End how, Optional<String> bootId, OptionalInt index,
                   Optional<String> kernel, String line) {

    public enum End {
        /** This is the running boot. */
        RUNNING,
        /** A shutdown was recorded (wtmp "system down"): the host was shut down or rebooted on purpose. */
        SHUTDOWN,
        /** Another boot followed without a shutdown record: a crash, a power loss or a hard reset. */
        NO_SHUTDOWN_RECORD,
        /** The journal's last entry of that boot: it ended after this, how is not known. */
        LAST_ENTRY,
        /** Not known. */
        UNKNOWN;

        public String phrase() {
            return switch (this) {
                case RUNNING -> "running";
                case SHUTDOWN -> "shut down";
                case NO_SHUTDOWN_RECORD -> "no shutdown recorded (crash, power loss or reset)";
                case LAST_ENTRY -> "last journal entry";
                case UNKNOWN -> "unknown";
            };
        }
    }
}
