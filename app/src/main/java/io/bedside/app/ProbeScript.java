package io.bedside.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The probe script, bundled in the resources module. */
public final class ProbeScript {
    private static volatile String cached;

    private ProbeScript() {
    }

    public static String text() {
        if (cached == null) {
            try (InputStream in = ProbeScript.class.getResourceAsStream("/io/bedside/probe/probe.sh")) {
                if (in == null) {
                    throw new IllegalStateException("The probe script is missing from the build.");
                }
                cached = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cached;
    }
}
