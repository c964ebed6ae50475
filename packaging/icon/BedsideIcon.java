import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws Bedside's icon: a bedside monitor's pulse trace on a dark rounded square. Vector drawing
 * scaled to any size, so every size is drawn, not resampled.
 *
 * <pre>
 *   java packaging/icon/BedsideIcon.java packaging/icon
 * </pre>
 *
 * writes into that directory:
 * <ul>
 *   <li>{@code bedside.png}: 256x256, the Linux icon (jpackage --icon, the desktop entry);
 *   <li>{@code bedside.icns}: macOS icon, PNG entries 16 to 1024 (jpackage --type dmg --icon);
 *   <li>{@code bedside.ico}: Windows icon, PNG entries 16, 32, 48, 256 (jpackage --type msi --icon).
 * </ul>
 * Only java.desktop is needed (headless AWT); no display.
 */
public final class BedsideIcon {

  private static final Color BG_TOP = new Color(0x1b, 0x34, 0x4d);
  private static final Color BG_BOTTOM = new Color(0x0b, 0x17, 0x24);
  private static final Color GRID = new Color(0x3d, 0xdc, 0x84, 38);
  private static final Color TRACE = new Color(0x3d, 0xdc, 0x84);
  private static final Color GLOW = new Color(0x3d, 0xdc, 0x84, 60);
  private static final Color RIM = new Color(255, 255, 255, 28);

  private BedsideIcon() {
  }

  public static void main(String[] args) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Path dir = Path.of(args.length > 0 ? args[0] : ".");
    Files.createDirectories(dir);
    Files.write(dir.resolve("bedside.png"), png(256));

    // icns: big-endian; 'icns' + total length, then (OSType, length incl. 8-byte header, PNG data)
    Map<String, Integer> icnsTypes = new LinkedHashMap<>();
    icnsTypes.put("icp4", 16);
    icnsTypes.put("icp5", 32);
    icnsTypes.put("icp6", 64);
    icnsTypes.put("ic07", 128);
    icnsTypes.put("ic08", 256);
    icnsTypes.put("ic09", 512);
    icnsTypes.put("ic10", 1024);
    ByteArrayOutputStream entries = new ByteArrayOutputStream();
    DataOutputStream e = new DataOutputStream(entries);
    for (Map.Entry<String, Integer> t : icnsTypes.entrySet()) {
      byte[] data = png(t.getValue());
      e.writeBytes(t.getKey());
      e.writeInt(8 + data.length);
      e.write(data);
    }
    ByteArrayOutputStream icns = new ByteArrayOutputStream();
    DataOutputStream i = new DataOutputStream(icns);
    i.writeBytes("icns");
    i.writeInt(8 + entries.size());
    entries.writeTo(icns);
    Files.write(dir.resolve("bedside.icns"), icns.toByteArray());

    // ico: little-endian ICONDIR, one ICONDIRENTRY per size, PNG-compressed images (Vista and later)
    int[] icoSizes = {16, 32, 48, 256};
    byte[][] images = new byte[icoSizes.length][];
    for (int k = 0; k < icoSizes.length; k++) {
      images[k] = png(icoSizes[k]);
    }
    int offset = 6 + 16 * icoSizes.length;
    int total = offset;
    for (byte[] img : images) {
      total += img.length;
    }
    ByteBuffer ico = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    ico.putShort((short) 0).putShort((short) 1).putShort((short) icoSizes.length);
    for (int k = 0; k < icoSizes.length; k++) {
      int s = icoSizes[k];
      ico.put((byte) (s >= 256 ? 0 : s)).put((byte) (s >= 256 ? 0 : s)); // 0 means 256
      ico.put((byte) 0).put((byte) 0);                                     // no palette, reserved
      ico.putShort((short) 1).putShort((short) 32);                        // planes, bits per pixel
      ico.putInt(images[k].length).putInt(offset);
      offset += images[k].length;
    }
    for (byte[] img : images) {
      ico.put(img);
    }
    Files.write(dir.resolve("bedside.ico"), ico.array());
  }

  /** The icon at {@code size} x {@code size}, as PNG bytes. */
  static byte[] png(int size) throws IOException {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = img.createGraphics();
    try {
      draw(g, size);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  /** Draws in a 256-unit coordinate system scaled to {@code size}. */
  static void draw(Graphics2D g, int size) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.scale(size / 256.0, size / 256.0);
    boolean small = size < 48;

    // the screen: a dark rounded square with a faint rim
    RoundRectangle2D screen = new RoundRectangle2D.Double(8, 8, 240, 240, 56, 56);
    g.setPaint(new GradientPaint(0, 8, BG_TOP, 0, 248, BG_BOTTOM));
    g.fill(screen);
    g.setColor(RIM);
    g.setStroke(new BasicStroke(3f));
    g.draw(new RoundRectangle2D.Double(9.5, 9.5, 237, 237, 53, 53));

    // the monitor's grid, left out where it would only be noise
    if (!small) {
      g.setColor(GRID);
      g.setStroke(new BasicStroke(2f));
      java.awt.Shape old = g.getClip();
      g.clip(screen);
      for (int x = 48; x < 248; x += 40) {
        g.drawLine(x, 8, x, 248);
      }
      for (int y = 48; y < 248; y += 40) {
        g.drawLine(8, y, 248, y);
      }
      g.setClip(old);
    }

    // the pulse: baseline, P wave, QRS spike, T wave, baseline to the live dot
    Path2D trace = new Path2D.Double();
    double base = 140;
    trace.moveTo(30, base);
    trace.lineTo(70, base);
    trace.curveTo(76, base - 14, 88, base - 14, 94, base);
    trace.lineTo(104, base);
    trace.lineTo(112, base + 16);
    trace.lineTo(128, 52);
    trace.lineTo(144, 200);
    trace.lineTo(154, base);
    trace.lineTo(164, base);
    trace.curveTo(172, base - 24, 188, base - 24, 196, base);
    trace.lineTo(212, base);

    float width = small ? 20f : 12f;
    g.setColor(GLOW);
    g.setStroke(new BasicStroke(width + 14f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(trace);
    g.setColor(TRACE);
    g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(trace);

    // the live point at the end of the trace
    double r = small ? 16 : 12;
    g.setColor(GLOW);
    g.fill(new Ellipse2D.Double(220 - r - 8, base - r - 8, 2 * r + 16, 2 * r + 16));
    g.setColor(Color.WHITE);
    g.fill(new Ellipse2D.Double(220 - r, base - r, 2 * r, 2 * r));
  }
}
