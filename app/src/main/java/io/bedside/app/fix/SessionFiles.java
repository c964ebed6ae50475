package io.bedside.app.fix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where one session keeps what it must be able to prove afterwards: the audit log of every
 * command run on the host and the evidence saved before changes. Under
 * {@code ~/.local/state/bedside/sessions/HOST-yyyyMMdd-HHmmss/} (XDG_STATE_HOME respected).
 * Nothing secret is ever written here: commands never carry passwords (sudo reads them on stdin).
 */
public final class SessionFiles {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    static final String AUDIT_LOG = "audit.jsonl";
    static final String FIX_JOURNAL = "fixes.jsonl";
    private final Path dir;

    public SessionFiles(Path dir) {
        this.dir = dir;
    }

    public static SessionFiles create(String host, Instant started) throws IOException {
        Path d = root().resolve(safe(host) + "-" + STAMP.format(started));
        Files.createDirectories(d.resolve("evidence"));
        return new SessionFiles(d);
    }

    /** Where every session's folder is: {@code ~/.local/state/bedside/sessions} (XDG_STATE_HOME respected). */
    public static Path root() {
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("bedside").resolve("sessions");
    }

    public Path dir() {
        return dir;
    }

    public Path auditLog() {
        return dir.resolve(AUDIT_LOG);
    }

    /** The fixes this session ran, with their steps, verdict and before/after: {@link FixJournal}. */
    public Path fixJournal() {
        return dir.resolve(FIX_JOURNAL);
    }

    public Path evidence(int n, String subject) throws IOException {
        Files.createDirectories(dir.resolve("evidence"));
        return dir.resolve("evidence").resolve(String.format("%03d-%s.txt", n, safe(subject)));
    }

    /** Saves a whole probe output (the state before or after a fix) to the evidence folder. */
    public Path saveProbeOutput(String name, Instant at, String output) throws IOException {
        Files.createDirectories(dir.resolve("evidence"));
        Path f = dir.resolve("evidence").resolve(safe(name) + ".probe.txt");
        Files.writeString(f, "# probe output received " + at + "\n" + output);
        return f;
    }

    static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]+", "_");
    }
}
