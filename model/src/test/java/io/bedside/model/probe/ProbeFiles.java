package io.bedside.model.probe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The probe as Bedside sends it, assembled from the resources folder for tests that run it. */
public final class ProbeFiles {
    /** The folder of probe.sh and secret-rules.txt, seen from a module's folder. */
    public static final Path DIR = Path.of("../resources/src/main/resources/io/bedside/probe");
    public static final Path PROBE = DIR.resolve("probe.sh");

    private ProbeFiles() {
    }

    /** probe.sh with its secret-masking rules in place. */
    public static String script() {
        try {
            return ProbeScriptAssembly.assemble(Files.readString(PROBE), Files.readString(DIR.resolve("secret-rules.txt")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
