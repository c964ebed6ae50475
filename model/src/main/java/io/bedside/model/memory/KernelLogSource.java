package io.bedside.model.memory;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where the probe's {@code kernel-log} section came from and how far it read, from the section's
 * detail. Sample detail:
 * {@code journalctl cursor=journal:s=5d34...;i=2e6;b=7352...;m=b324046f;t=660f41c4a70ea;x=1161 from=cursor scanned=12}
 *
 * @param via       {@code journalctl}, {@code dmesg}, or the file read ({@code /var/log/kern.log})
 * @param cursor    the cursor to pass to the next probe ({@link KernelLogCursor})
 * @param fromStart true: the section holds all the source still holds; false: only what is new
 *                  since the previous sample's cursor
 * @param scanned   lines the probe read (before keeping the OOM lines)
 * @param deferred  the probe did not read the log: a light sample whose host counted no OOM kill
 *                  since the sample before ({@code deferred=no-new-oom-kill}); what is new waits
 *                  for the next full sample, and the cursor is passed on unchanged
 */
public record KernelLogSource(String via, Optional<KernelLogCursor> cursor, boolean fromStart, OptionalInt scanned,
                              boolean deferred) {

    /** Parses a section detail; the {@code via} word is everything before {@code cursor=}. */
    public static KernelLogSource parse(String detail) {
        String d = detail.trim();
        int c = d.indexOf(" cursor=");
        String via = c < 0 ? d : d.substring(0, c);
        Optional<KernelLogCursor> cursor = Optional.empty();
        boolean fromStart = true;
        OptionalInt scanned = OptionalInt.empty();
        boolean deferred = false;
        if (c >= 0) {
            for (String tok : d.substring(c + 1).split(" ")) {
                if (tok.startsWith("cursor=")) {
                    cursor = KernelLogCursor.of(tok.substring("cursor=".length()));
                } else if (tok.equals("from=cursor")) {
                    fromStart = false;
                } else if (tok.startsWith("deferred=")) {
                    deferred = true;
                } else if (tok.startsWith("scanned=")) {
                    try {
                        scanned = OptionalInt.of(Integer.parseInt(tok.substring("scanned=".length())));
                    } catch (NumberFormatException e) {
                        scanned = OptionalInt.empty();
                    }
                }
            }
        }
        return new KernelLogSource(via, cursor, fromStart, scanned, deferred);
    }
}
