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
        Map<Long, String> names = new HashMap<>();
        names.put(0L, "root");
        facts.ifPresent(f -> {
            if (f.uid().isPresent() && f.user().isPresent() && !f.user().get().isBlank()) {
                names.put((long) f.uid().getAsInt(), f.user().get().trim());
            }
        });
        return names;
    }

    static String owner(long uid, Map<Long, String> names) {
        String n = names.get(uid);
        return n == null ? Long.toString(uid) : uid + " (" + n + ")";
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
