package io.bedside.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The probe captures the model's tests keep (model/src/test/resources/fixtures), their one home. */
public final class ModelFixtures {
    private static final Path HOME = Path.of("..", "model", "src", "test", "resources", "fixtures");

    private ModelFixtures() {
    }

    /** A capture by its name under fixtures/, such as {@code hostile/probe-lab-oom-root-hostile-name.txt}. */
    public static String text(String name) {
        try {
            return Files.readString(HOME.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Missing test fixture " + HOME.resolve(name), e);
        }
    }
}
