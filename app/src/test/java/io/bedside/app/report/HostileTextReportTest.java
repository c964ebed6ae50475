package io.bedside.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.bedside.model.recording.Recording;
import io.bedside.model.probe.RawSample;
import io.bedside.model.text.HostText;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bedside.app.ModelFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Markdown and HTML report of a host whose process name holds an ESC colour sequence, a
 * carriage return, a right-to-left override and a byte that is not UTF-8, and whose command line
 * holds a pipe (fixture: {@code hostile/probe-lab-oom-root-hostile-name.txt}).
 */
class HostileTextReportTest {
    static final String FIXTURE = "hostile/probe-lab-oom-root-hostile-name.txt";
    static final String VISIBLE = "\\x1b[31mred\\x0dok\\u202eexe";

    @TempDir
    static Path tmp;
    static Path dir;

    @BeforeAll
    static void write() throws IOException {
        String probe = ModelFixtures.text(FIXTURE);
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        List<RawSample> samples = List.of(new RawSample(t, 12, probe, ""), new RawSample(t.plusSeconds(2), 12, probe, ""));
        dir = new ReportWriter().write(new Recording("lab-memdev", t, "hostile names", samples), tmp.resolve("report"), false);
        ReportChecks.keep(dir, "hostile-text");
    }

    static void assertNothingRaw(String file, String text) {
        int line = 1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (cp == '\n') {
                line++;
            } else if (cp != '\t') { // the field separator of raw probe lines in evidence blocks
                int at = line;
                assertFalse(HostText.escaped(cp), () -> file + " line " + at + " holds U+" + Integer.toHexString(cp) + " raw");
            }
            i += Character.charCount(cp);
        }
    }

    @Test
    void everyFileIsValidAndHoldsNoControlOrBidiCharacter() throws Exception {
        JsonNode json = ReportChecks.assertComplete(dir);
        for (String f : ReportChecks.FILES) {
            byte[] bytes = Files.readAllBytes(dir.resolve(f));
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString(); // throws if not UTF-8
            assertNothingRaw(f, text);
        }
        // evidence.json keeps the exact name
        boolean found = false;
        for (JsonNode f : json.path("findings")) {
            found |= f.path("summary").asText().startsWith("The OOM killer would take \u001b[31mred\rok\u202eexe");
        }
        assertTrue(found, "evidence.json holds the exact name");
    }

    /** Escaping for Markdown and HTML comes before the report's redaction and secret masking: both must still find their text. */
    @Test
    void redactionAndSecretMaskingStillWorkOnEscapedText() throws Exception {
        String probe = ModelFixtures.text(FIXTURE);
        String changed = probe.replace("user=root", "user=svc_app").replace(" --queue=a|b", " --queue=a|b --password=hunter2");
        assertTrue(changed.contains("--password=hunter2") && changed.contains("user=svc_app"));
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        Path out = new ReportWriter().write(new Recording("lab-memdev", t, "d", List.of(new RawSample(t, 12, changed, ""))),
                tmp.resolve("redacted"), true);
        for (String f : ReportChecks.FILES) {
            String text = Files.readString(out.resolve(f));
            assertFalse(text.contains("hunter2"), f + " masks the password");
            assertFalse(text.contains("svc_app") || text.contains("svc\\_app"), f + " redacts the user name");
            assertFalse(text.contains("lab-memdev"), f + " redacts the host name");
        }
    }

    @Test
    void markdownShowsTheNameEscapedAndKeepsItsTablesWhole() throws Exception {
        String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
        assertTrue(md.contains("The OOM killer would take \\\\x1b\\[31mred\\\\x0dok\\\\u202eexe"), md);
        // every table row has as many cells as its header: a '|' in host text is escaped
        List<String> table = new ArrayList<>();
        for (String l : (md + "\n").split("\n", -1)) {
            if (l.startsWith("|")) {
                table.add(l);
            } else if (!table.isEmpty()) {
                int cells = cells(table.get(0));
                for (String row : table) {
                    assertEquals(cells, cells(row), () -> "row\n" + row + "\nunder header\n" + table.get(0));
                }
                table.clear();
            }
        }
        assertTrue(md.contains("| Debian\\\\x1b\\[2J\\\\x1b\\]0;pwned\\\\x07 12 \\| x\\\\u202e |"), "the pipe in the distribution is escaped");
        assertTrue(md.contains("exe\\\\xff --queue=a|b\n"), "the raw probe line in a fenced block needs no escape for its pipe");
        assumeTrue(!md.contains("exe\\\\\\\\xff"), "the byte \\xff is decoded by the probe framing's WireText");
        assertTrue(md.contains("\\\\u202eexe\\\\xff"), md);
    }

    private static int cells(String row) {
        int n = 0;
        for (int i = 0; i < row.length(); i++) {
            if (row.charAt(i) == '|' && (i == 0 || row.charAt(i - 1) != '\\')) {
                n++;
            }
        }
        return n;
    }

    @Test
    void htmlShowsTheNameEscapedAndChromiumRendersItSo() throws Exception {
        String html = Files.readString(dir.resolve(ReportWriter.HTML));
        assertTrue(html.contains("The OOM killer would take " + VISIBLE), "summary");
        assertTrue(html.contains("Debian\\x1b[2J\\x1b]0;pwned\\x07 12 | x\\u202e"), "os-release");
        Path png = Path.of("target", "reports", "hostile-text", "report.png").toAbsolutePath();
        if (ReportChecks.assertRendersInChromium(dir, png, true)) {
            String dom = ReportChecks.dumpDom(dir);
            assertTrue(dom.contains("The OOM killer would take " + VISIBLE), "Chromium's DOM shows the escapes");
        }
    }
}
