package io.bedside.model.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the time from launch to the first sample on screen goes, for measuring start-up: with
 * {@code -Dbedside.startupTrace=true} (or the environment's {@code BEDSIDE_STARTUP_TRACE=1}) each
 * step prints one line to standard error the first time it is reached, with the milliseconds since
 * the process started: {@code bedside startup: 1234 ms first sample shown}. With the value
 * {@code exit} the window also quits once the first sample is rendered, so a script can time
 * launches one after another. Off, it costs one volatile read per step.
 */
public final class StartupTrace {
    private static final String MODE = mode();
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();
    private static final Instant STARTED = ProcessHandle.current().info().startInstant().orElse(Instant.now());

    private StartupTrace() {
    }

    private static String mode() {
        String p = System.getProperty("bedside.startupTrace");
        if (p == null || p.isBlank()) {
            p = System.getenv("BEDSIDE_STARTUP_TRACE");
        }
        if (p == null || p.isBlank() || p.equals("0") || p.equalsIgnoreCase("false")) {
            return null;
        }
        return p.equalsIgnoreCase("exit") ? "exit" : "on";
    }

    public static boolean enabled() {
        return MODE != null;
    }

    /** Whether the window should quit after its first sample is rendered. */
    public static boolean exitAfterFirstSample() {
        return "exit".equals(MODE);
    }

    /** Prints {@code step} with the time since the process started, once. */
    public static void mark(String step) {
        if (MODE == null || !SEEN.add(step)) {
            return;
        }
        System.err.println("bedside startup: " + Duration.between(STARTED, Instant.now()).toMillis() + " ms " + step);
    }
}
