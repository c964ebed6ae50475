package io.bedside.app.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hosts the operator switched administrative access (sudo) on for, so the window opens them
 * with it on next time: {@code sudo-hosts} beside the recent hosts, one host text a line, as typed.
 * Only the host's name is kept: never a password, never whether sudo asked for one.
 */
public final class SudoHosts {
    private static final int MAX = 200;
    private final Path file;

    public SudoHosts(Path file) {
        this.file = file;
    }

    /** The file beside {@code recent}'s. */
    public static SudoHosts beside(RecentHosts recent) {
        return new SudoHosts(recent.file().resolveSibling("sudo-hosts"));
    }

    /** Whether sudo was last switched on for {@code host} (compared as typed, without case). */
    public synchronized boolean contains(String host) {
        String h = key(host);
        return list().stream().anyMatch(x -> key(x).equals(h));
    }

    public synchronized List<String> list() {
        try {
            return Files.isReadable(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::trim).filter(s -> !s.isEmpty()).toList() : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Remembers whether sudo is on for {@code host}.
     *
     * @throws IOException with one sentence as its message when the file cannot be written
     */
    public synchronized void set(String host, boolean on) throws IOException {
        String h = host.trim();
        if (h.isEmpty() || h.contains("\n") || h.contains("\r")) {
            return;
        }
        List<String> l = new ArrayList<>(list());
        l.removeIf(x -> key(x).equals(key(h)));
        if (on) {
            l.add(0, h);
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, l.subList(0, Math.min(MAX, l.size())), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IOException("Could not remember administrative access for " + h + " in " + file + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ".", e);
        }
    }

    private static String key(String host) {
        return host.trim().toLowerCase(Locale.ROOT);
    }
}
