package io.bedside.ui.fix;

import io.bedside.model.host.HostFacts;
import io.bedside.model.port.TransportException;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Words the wizard's steps share: owners, times, one sentence from an error. */
final class WizardText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private WizardText() {
    }

    /** uid to name: root, and the login user when the host said who that is. */
    static Map<Long, String> names(Optional<HostFacts> facts) {
        return HostFacts.userNames(facts);
    }

    static String owner(long uid, Map<Long, String> names) {
        return io.bedside.model.findings.Owner.of(uid, names).show();
    }

    static String time(long epochSeconds, ZoneId zone) {
        return TIME.format(Instant.ofEpochSecond(epochSeconds).atZone(zone));
    }

    static String sentence(Throwable e) {
        if (e instanceof TransportException || e instanceof IllegalArgumentException) {
            String m = e.getMessage();
            if (m != null && !m.isBlank()) {
                return m.strip().lines().findFirst().orElse(m);
            }
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() + "." : m.strip().lines().findFirst().orElse(m);
    }
}
