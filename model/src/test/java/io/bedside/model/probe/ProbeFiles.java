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

    /**
     * The probe run on this machine by /bin/sh (dash here), its script on stdin after
     * {@code prelude} (variable assignments, as a session puts them), as a light sample or a full
     * one: its output, as Bedside reads it (bytes as Latin-1, so none is lost).
     */
    public static String run(String prelude, boolean light) {
        try {
            return exec(prelude + Files.readString(PROBE), light);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #run}, a full sample of the probe with its secret-masking rules ({@link #script()}): command lines shown, masked. */
    public static String runWithSecretRules(String prelude) {
        return exec(prelude + script(), false);
    }

    private static String exec(String script, boolean light) {
        try {
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-s").redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("BS_LIGHT", light ? "1" : "0");
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                in.write(script.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("the probe did not end in 180 s");
            }
            return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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
