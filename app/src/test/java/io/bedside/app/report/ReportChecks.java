package io.bedside.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What every report must pass, as a reader and a machine would check it: the three files, the JSON
 * against the schema kept in the repository, the HTML self-contained with its charts, and (when
 * Chromium is installed, required by CI) the HTML rendered by a real browser with its charts drawn.
 */
final class ReportChecks {
    static final List<String> FILES = List.of(ReportWriter.HTML, ReportWriter.MARKDOWN, ReportWriter.JSON);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IPV4 = Pattern.compile("(?<![0-9.])(?:\\d{1,3}\\.){3}\\d{1,3}(?![0-9]|\\.\\d)");
    /** The MemAvailable line's colour in the report's charts. */
    static final int MEM_BLUE = 0x1f6fb2;

    private ReportChecks() {
    }

    static JsonSchema schema() throws IOException {
        try (InputStream in = ReportWriter.class.getResourceAsStream(ReportWriter.SCHEMA)) {
            assertTrue(in != null, "the schema is on the class path at " + ReportWriter.SCHEMA);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(JSON.readTree(in));
        }
    }

    /** All three files are there; the JSON validates; the HTML stands alone and carries its charts. */
    static JsonNode assertComplete(Path dir) throws IOException {
        for (String f : FILES) {
            assertTrue(Files.isRegularFile(dir.resolve(f)) && Files.size(dir.resolve(f)) > 0, f + " written");
        }
        JsonNode json = JSON.readTree(dir.resolve(ReportWriter.JSON).toFile());
        Set<ValidationMessage> errors = schema().validate(json);
        assertTrue(errors.isEmpty(), "evidence.json validates against the schema: " + errors);
        String html = Files.readString(dir.resolve(ReportWriter.HTML));
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.contains("<link") || html.contains("src=\"http") || html.contains("url(http"), "nothing fetched");
        assertEquals(ReportCharts.count(), count(html, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\""),
                "every playbook's charts and the host's load");
        for (io.bedside.model.findings.Playbook p : io.bedside.model.playbooks.Playbooks.all()) {
            for (io.bedside.model.findings.Chart c : p.charts()) {
                assertTrue(html.contains("id=\"chart-" + c.id() + "\""), "the report draws the playbook's chart " + c.id());
            }
        }
        String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
        assertTrue(md.startsWith("# Bedside report: "), md.substring(0, Math.min(80, md.length())));
        return json;
    }

    /** Keeps a copy of the report under target/reports/NAME, to open after the build. */
    static void keep(Path dir, String name) throws IOException {
        Path to = Path.of("target", "reports", name);
        Files.createDirectories(to);
        for (String f : FILES) {
            Files.copy(dir.resolve(f), to.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** No original name is left in any file, and no IPv4 address at all. */
    static void assertRedacted(Path dir, Set<String> originals) throws IOException {
        for (String f : FILES) {
            String text = Files.readString(dir.resolve(f));
            for (String o : originals) {
                Matcher m = Pattern.compile("(?<![A-Za-z0-9_-])" + Pattern.quote(o) + "(?![A-Za-z0-9_-])").matcher(text);
                if (m.find()) {
                    int at = m.start();
                    fail(f + " still says '" + o + "': ..." + text.substring(Math.max(0, at - 60), Math.min(text.length(), at + 60)) + "...");
                }
            }
            Matcher ip = IPV4.matcher(text);
            if (ip.find()) {
                fail(f + " still holds the address " + ip.group() + ": ..."
                        + text.substring(Math.max(0, ip.start() - 60), Math.min(text.length(), ip.end() + 60)) + "...");
            }
        }
    }

    /** Chromium to render with, when installed; CI installs it and sets BEDSIDE_CHROMIUM=required. */
    static Optional<Path> chromium() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(c))) {
                return Optional.of(Path.of(c));
            }
        }
        if ("required".equals(System.getenv("BEDSIDE_CHROMIUM"))) {
            fail("BEDSIDE_CHROMIUM=required but no Chromium is installed (apt-get install -y chromium).");
        }
        return Optional.empty();
    }

    /**
     * Renders report.html in headless Chromium, offline, to {@code png}; checks the browser's DOM
     * has every chart and the picture shows the MemAvailable line. Returns false when Chromium
     * is not installed (and not required).
     */
    static boolean assertRendersInChromium(Path dir, Path png, boolean expectMemoryLine) throws Exception {
        Optional<Path> chrome = chromium();
        if (chrome.isEmpty()) {
            return false;
        }
        Path profile = Files.createTempDirectory("bedside-chromium");
        Files.createDirectories(png.getParent());
        String url = dir.resolve(ReportWriter.HTML).toUri().toString();
        List<String> common = new ArrayList<>(List.of(chrome.get().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars", "--user-data-dir=" + profile));
        String rendered = dumpDom(dir);
        assertEquals(ReportCharts.count(), count(rendered, "class=\"chart\""), "Chromium's DOM has every chart");
        List<String> shot = new ArrayList<>(common);
        shot.addAll(List.of("--window-size=1280,2600", "--screenshot=" + png, url));
        run(shot);
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img != null && img.getWidth() == 1280, "Chromium wrote a screenshot");
        int blue = 0, distinct = 0;
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (near(rgb, MEM_BLUE)) {
                    blue++;
                }
            }
        }
        distinct = colours.size();
        assertTrue(distinct > 50, "the page is not blank (" + distinct + " colours)");
        if (expectMemoryLine) {
            assertTrue(blue > 40, "the MemAvailable line is drawn (" + blue + " blue pixels in " + png + ")");
        }
        return true;
    }

    /** report.html as headless Chromium's DOM after rendering (Chromium must be installed). */
    static String dumpDom(Path dir) throws Exception {
        Path profile = Files.createTempDirectory("bedside-chromium");
        List<String> cmd = new ArrayList<>(List.of(chromium().orElseThrow().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--dump-dom", dir.resolve(ReportWriter.HTML).toUri().toString()));
        return run(cmd);
    }

    private static boolean near(int rgb, int target) {
        int dr = Math.abs(((rgb >> 16) & 0xff) - ((target >> 16) & 0xff));
        int dg = Math.abs(((rgb >> 8) & 0xff) - ((target >> 8) & 0xff));
        int db = Math.abs((rgb & 0xff) - (target & 0xff));
        return dr + dg + db < 40;
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "Chromium finished");
        assertEquals(0, p.exitValue(), "Chromium exit status for " + cmd);
        return new String(out, StandardCharsets.UTF_8);
    }
}
