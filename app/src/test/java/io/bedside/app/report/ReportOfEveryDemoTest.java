package io.bedside.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.bedside.app.recording.BundledRecordings;
import io.bedside.model.recording.Recording;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A report of every demo that ships: the three files, the JSON valid against the schema in the
 * repository, the HTML rendered in headless Chromium with its charts (screenshots in
 * target/screenshots), and a redacted report with no original host name, user or address left.
 */
class ReportOfEveryDemoTest {
    static List<String> demos() {
        return BundledRecordings.list().stream().map(BundledRecordings.Demo::id).toList();
    }

    @ParameterizedTest
    @MethodSource("demos")
    void reportOfTheDemo(String id, @TempDir Path tmp) throws Exception {
        Recording rec = BundledRecordings.open(id);
        Path plain = new ReportWriter("test", java.time.Clock.systemUTC()).write(rec, List.of(), tmp.resolve("plain"), false);
        JsonNode json = ReportChecks.assertComplete(plain);
        assertFalse(json.path("redacted").asBoolean());
        assertEquals(rec.samples().size(), json.path("recording").path("samples").size(), "the whole recording is in the bundle");
        assertEquals(rec.fixes().size(), json.path("fixes").size(), "every fix the recording carries");
        assertTrue(json.path("findings").size() + json.path("earlierFindings").size() > 0, "a demo shows an incident");
        ReportChecks.keep(plain, id);
        String html = Files.readString(plain.resolve(ReportWriter.HTML));
        assertTrue(html.contains("<polyline class=\"series\""), "the charts have lines");
        ReportChecks.assertRendersInChromium(plain, Path.of("target", "screenshots", "report-" + id + ".png").toAbsolutePath(), true);

        Path red = new ReportWriter("test", java.time.Clock.systemUTC()).write(rec, List.of(), tmp.resolve("redacted"), true);
        JsonNode rj = ReportChecks.assertComplete(red);
        assertTrue(rj.path("redacted").asBoolean());
        Set<String> originals = new HashSet<>();
        originals.add(rec.source());
        originals.add(json.path("host").path("hostname").asText());
        String user = json.path("host").path("user").asText("");
        if (!user.isEmpty() && !user.equals("root")) {
            originals.add(user);
        }
        originals.remove("");
        assertFalse(originals.isEmpty());
        ReportChecks.assertRedacted(red, originals);
        assertEquals(json.path("findings").size(), rj.path("findings").size(), "redaction loses no finding");
    }
}
