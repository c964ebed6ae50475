package io.bedside.ui.support;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes what a scene shows to target/screenshots/NAME.png, for a person to look at. */
public final class Screenshots {
    public static final Path DIR = Path.of("target", "screenshots");

    private Screenshots() {
    }

    public static Path take(Scene scene, String name) {
        WritableImage img = FxTestSupport.onFx(() -> scene.snapshot(null));
        try {
            Files.createDirectories(DIR);
            Path file = DIR.resolve(name + ".png");
            ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
