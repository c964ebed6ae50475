package io.bedside.ui.overview;

import io.bedside.model.host.HostFacts;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host's time zone, so that times on screen match the host's own logs (dmesg -T,
 * /var/log/messages). From the zone name when the host names one, else from the offset in
 * {@code date +%Z%z} (e.g. {@code CET+0100}).
 */
public final class HostZone {
    private static final Pattern OFFSET = Pattern.compile("([+-])(\\d{2})(\\d{2})$");

    private HostZone() {
    }

    public static Optional<ZoneId> of(HostFacts facts) {
        if (facts.timezoneName().isPresent()) {
            try {
                return Optional.of(ZoneId.of(facts.timezoneName().get().trim()));
            } catch (DateTimeException e) {
                // fall through to the offset
            }
        }
        return facts.timezone().flatMap(HostZone::parseOffset);
    }

    static Optional<ZoneId> parseOffset(String zone) {
        Matcher m = OFFSET.matcher(zone.trim());
        if (!m.find()) {
            return Optional.empty();
        }
        int h = Integer.parseInt(m.group(2));
        int min = Integer.parseInt(m.group(3));
        int sign = m.group(1).equals("-") ? -1 : 1;
        try {
            return Optional.of(ZoneOffset.ofHoursMinutes(sign * h, sign * min));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
