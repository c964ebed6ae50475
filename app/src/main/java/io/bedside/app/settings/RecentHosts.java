package io.bedside.app.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Hosts connected to recently, newest first, in {@code ~/.config/bedside/recent-hosts}: only the
 * host text the operator typed, never a secret.
 */
public final class RecentHosts {
    private static final int MAX = 12;
    private final Path file;

    public RecentHosts(Path file) {
        this.file = file;
    }

    public static RecentHosts standard() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return new RecentHosts(base.resolve("bedside").resolve("recent-hosts"));
    }

    /** Where the list is kept. */
    public Path file() {
        return file;
    }

    public synchronized List<String> list() {
        try {
            return Files.isReadable(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::trim).filter(s -> !s.isEmpty()).limit(MAX).toList() : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    public synchronized void add(String host) {
        List<String> l = new ArrayList<>(list());
        l.remove(host);
        l.add(0, host);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, l.subList(0, Math.min(MAX, l.size())), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // recent hosts are a convenience; failing to save them loses nothing else
        }
    }
}
