package io.bedside.ui.export;

import io.bedside.model.text.HostText;
import io.bedside.ui.fx.FxThread;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

import javax.imageio.ImageIO;
import java.awt.AlphaComposite;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A PNG of any view for the incident ticket: a snapshot of the node with the host and the time
 * of the data stamped in the bottom-right corner, so a picture never leaves without saying what
 * it shows. {@link #render} runs on the FX thread; {@link #write} may run anywhere.
 */
public final class ViewExporter {
    /** Height of the band under the view that carries the stamp, in pixels. */
    public static final int STAMP_BAND = 30;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);
    private static final DateTimeFormatter STAMP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx", Locale.ROOT);

    /** {@code bedside-HOST-VIEW-yyyyMMdd-HHmmss.png}, with anything unsafe in a file name replaced. */
    public String fileName(String host, String view, ZonedDateTime time) {
        return "bedside-" + safeName(host) + "-" + safeName(view) + "-" + FILE_TIME.format(time) + ".png";
    }

    /** The stamp text: {@code HOST · VIEW · 2025-11-24 10:27:01 +01:00}. */
    public String stamp(String host, String view, ZonedDateTime time) {
        return HostText.window(host) + "  ·  " + view + "  ·  " + STAMP_TIME.format(time);
    }

    /** Snapshots {@code node} and stamps it. On the FX thread. */
    public BufferedImage render(Node node, String stamp) {
        FxThread.assertFxThread();
        SnapshotParameters params = new SnapshotParameters();
        params.setFill(background(node));
        WritableImage fx = node.snapshot(params, null);
        BufferedImage image = SwingFXUtils.fromFXImage(fx, null);
        // a band under the view carries the stamp, so it never covers what the view shows
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight() + STAMP_BAND, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(awt(params.getFill() instanceof Color c ? c : Color.WHITE));
            g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
            g.drawImage(image, 0, 0, null);
            drawStamp(g, rgb.getWidth(), rgb.getHeight(), stamp);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    /** Writes the image as PNG, creating the folder when needed. */
    public void write(BufferedImage image, Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("No PNG writer is available in this Java runtime.");
        }
    }

    /** Render and write in one go, on the FX thread. */
    public Path export(Node node, Path file, String stamp) throws IOException {
        write(render(node, stamp), file);
        return file;
    }

    private static void drawStamp(Graphics2D g, int width, int height, String text) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        int pad = 6;
        int w = fm.stringWidth(text) + 2 * pad;
        int h = fm.getHeight() + pad;
        int x = Math.max(0, width - w - 8);
        int y = Math.max(0, height - h - (STAMP_BAND - h) / 2);
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.78f));
        g.setColor(new java.awt.Color(32, 36, 41));
        g.fillRoundRect(x, y, w, h, 8, 8);
        g.setComposite(AlphaComposite.SrcOver);
        g.setColor(java.awt.Color.WHITE);
        g.drawString(text, x + pad, y + pad / 2 + fm.getAscent());
    }

    private static java.awt.Color awt(Color c) {
        return new java.awt.Color((float) c.getRed(), (float) c.getGreen(), (float) c.getBlue());
    }

    /** The window's own background, so transparent parts look as they do on screen (also in dark theme). */
    private static Color background(Node node) {
        if (node.getScene() == null) {
            return Color.WHITE;
        }
        if (node.getScene().getRoot() instanceof Region r && r.getBackground() != null) {
            for (BackgroundFill f : r.getBackground().getFills()) {
                if (f.getFill() instanceof Color c && c.getOpacity() > 0) {
                    return c;
                }
            }
        }
        return node.getScene().getFill() instanceof Color c ? c : Color.WHITE;
    }

    /** A host or view name made safe for a file name. */
    public static String safeName(String s) {
        String out = s.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("-{2,}", "-").replaceAll("^-|-$", "");
        return out.replace(".", "").replace("-", "").isEmpty() ? "view" : out.toLowerCase(Locale.ROOT);
    }
}
