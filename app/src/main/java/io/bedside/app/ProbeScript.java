package io.bedside.app;

import io.bedside.model.playbooks.Playbooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The probe script, assembled from the playbooks' fragments with the secret-masking rules bundled in the resources module. */
public final class ProbeScript {
    private static volatile String cached;

    private ProbeScript() {
    }

    public static String text() {
        if (cached == null) {
            cached = Playbooks.probeScript(resource("secret-rules.txt"));
        }
        return cached;
    }

    /** The secret-masking rules the probe and the reports' second pass share. */
    public static String secretRules() {
        return resource("secret-rules.txt");
    }

    private static String resource(String name) {
        try (InputStream in = ProbeScript.class.getResourceAsStream("/io/bedside/probe/" + name)) {
            if (in == null) {
                throw new IllegalStateException("The probe's " + name + " is missing from the build.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
