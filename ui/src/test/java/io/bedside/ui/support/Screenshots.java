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

    /**
     * The window with what floats over it (context menus, dialogs it owns) drawn in place, since a
     * scene snapshot leaves other windows out.
     */
    public static Path takeWithPopups(javafx.stage.Window window, String name) {
        java.awt.image.BufferedImage out = FxTestSupport.onFx(() -> {
            Scene main = window.getScene();
            java.awt.image.BufferedImage base = SwingFXUtils.fromFXImage(main.snapshot(null), null);
            java.awt.image.BufferedImage rgb = new java.awt.image.BufferedImage(base.getWidth(), base.getHeight(),
                    java.awt.image.BufferedImage.TYPE_INT_ARGB);
            java.awt.Graphics2D g = rgb.createGraphics();
            g.drawImage(base, 0, 0, null);
            double ox = window.getX() + main.getX();
            double oy = window.getY() + main.getY();
            for (javafx.stage.Window w : javafx.stage.Window.getWindows()) {
                if (w == window || !w.isShowing() || w.getScene() == null || !ownedBy(w, window)) {
                    continue;
                }
                java.awt.image.BufferedImage pop = SwingFXUtils.fromFXImage(w.getScene().snapshot(null), null);
                g.drawImage(pop, (int) Math.round(w.getX() + w.getScene().getX() - ox),
                        (int) Math.round(w.getY() + w.getScene().getY() - oy), null);
            }
            g.dispose();
            return rgb;
        });
        try {
            Files.createDirectories(DIR);
            Path file = DIR.resolve(name + ".png");
            ImageIO.write(out, "png", file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean ownedBy(javafx.stage.Window w, javafx.stage.Window owner) {
        for (javafx.stage.Window x = w; x != null; ) {
            javafx.stage.Window next = x instanceof javafx.stage.PopupWindow p ? p.getOwnerWindow()
                    : x instanceof javafx.stage.Stage s ? s.getOwner() : null;
            if (next == owner) {
                return true;
            }
            x = next;
        }
        return false;
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
