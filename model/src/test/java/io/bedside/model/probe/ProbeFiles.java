package io.bedside.model.probe;

import io.bedside.model.playbooks.Playbooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The probe as Bedside sends it, for tests that run it: assembled from the playbooks' fragments
 * (and the secret-masking rules in the resources folder).
 */
public final class ProbeFiles {
    /** The folder of secret-rules.txt, seen from a module's folder. */
    public static final Path DIR = Path.of("../resources/src/main/resources/io/bedside/probe");
    /** The assembled probe without its secret rules (it then shows no command-line argument), as a file to run. */
    public static final Path PROBE = write("probe.sh", Playbooks.probeSource());

    private ProbeFiles() {
    }

    /** The probe with its secret-masking rules in place. */
    public static String script() {
        try {
            return Playbooks.probeScript(Files.readString(DIR.resolve("secret-rules.txt")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(String name, String text) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "probe"));
            Path p = dir.resolve(name).toAbsolutePath();
            Files.writeString(p, text);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
