package io.bedside.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bedside.app.recording.BundledRecordings;
import io.bedside.model.recording.Recording;
import io.bedside.model.probe.RawSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportWriterTest {
    private static final String SEED = "seed000-semaphores-full";
    private static final List<String> FILES = List.of(ReportWriter.HTML, ReportWriter.MARKDOWN, ReportWriter.JSON);

    @Test
    void writesTheThreeFiles(@TempDir Path dir) throws Exception {
        Recording rec = BundledRecordings.open(SEED);
        Path out = new ReportWriter().write(rec, dir, false);
        for (String f : FILES) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        String html = Files.readString(out.resolve(ReportWriter.HTML));
        assertTrue(html.contains("ipc.sem.exhausted"));
        assertTrue(html.contains("<svg"));
        assertTrue(html.contains("<polyline"), "the chart has a line");
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.contains("<link"), "no external stylesheets");
        assertTrue(html.contains("lab-devlab"), "the hostname is there without redaction");

        String md = Files.readString(out.resolve(ReportWriter.MARKDOWN));
        assertTrue(md.contains("ipc.sem.exhausted"));

        JsonNode json = new ObjectMapper().readTree(out.resolve(ReportWriter.JSON).toFile());
        assertTrue(json.path("findings").isArray());
        assertFalse(json.path("findings").isEmpty());
        assertEquals(rec.samples().size(), json.path("recording").path("samples").size());
        assertEquals("lab-devlab", json.path("host").path("hostname").asText());
        // the last sample is after the fix; the exhaustion is reported as seen earlier in the recording
        boolean found = false;
        for (JsonNode f : json.path("earlierFindings")) {
            if (f.path("id").asText().equals("ipc.sem.exhausted")) {
                found = true;
                assertFalse(f.path("evidence").isEmpty());
            }
        }
        assertTrue(found);
    }

    @Test
    void redactsHostsUsersAndAddresses(@TempDir Path dir) throws Exception {
        Path out = new ReportWriter().write(BundledRecordings.open(SEED), dir, true);
        for (String f : FILES) {
            String text = Files.readString(out.resolve(f));
            assertFalse(text.contains("lab-devlab"), f);
            // the user name as a word (the lab's own process names, bedside-lab-sem..., are not it)
            assertFalse(java.util.regex.Pattern.compile("(?<![A-Za-z0-9_-])bedside-lab(?![A-Za-z0-9_-])").matcher(text).find(), f);
            assertFalse(text.contains("127.0.0.1"), f);
        }
        String html = Files.readString(out.resolve(ReportWriter.HTML));
        assertTrue(html.contains("host-"), "hostname replaced by a placeholder");
        assertTrue(html.contains("ipc.sem.exhausted"), "findings survive redaction");
        JsonNode json = new ObjectMapper().readTree(out.resolve(ReportWriter.JSON).toFile());
        assertFalse(json.path("findings").isEmpty());
        String host = json.path("host").path("hostname").asText();
        assertTrue(host.startsWith("host-"), host);
        assertTrue(html.contains(host) && Files.readString(out.resolve(ReportWriter.MARKDOWN)).contains(host),
                "same placeholder in every file");
    }

    @Test
    void redactsTheUserFactAndAddressesInRawOutput(@TempDir Path dir) throws Exception {
        Recording seed = BundledRecordings.open(SEED);
        List<RawSample> samples = seed.samples().stream()
                .map(s -> new RawSample(s.receivedAt(), s.roundTripMillis(),
                        s.output().replace("user=root", "user=bedside-lab") + "\n# peer 127.0.0.1 and ::1\n", s.errors()))
                .toList();
        Recording rec = new Recording(seed.source(), seed.startedAt(), "recorded via 127.0.0.1 by bedside-lab", samples);
        Path plain = new ReportWriter().write(rec, dir.resolve("plain"), false);
        assertTrue(Files.readString(plain.resolve(ReportWriter.HTML)).contains("bedside-lab"));
        Path out = new ReportWriter().write(rec, dir.resolve("redacted"), true);
        for (String f : FILES) {
            String text = Files.readString(out.resolve(f));
            assertFalse(text.contains("lab-devlab"), f);
            // the user name as a word (the lab's own process names, bedside-lab-sem..., are not it)
            assertFalse(java.util.regex.Pattern.compile("(?<![A-Za-z0-9_-])bedside-lab(?![A-Za-z0-9_-])").matcher(text).find(), f);
            assertFalse(text.contains("127.0.0.1"), f);
            assertTrue(text.contains("user-1"), f);
            assertTrue(text.contains("ip-1"), f);
        }
        JsonNode json = new ObjectMapper().readTree(out.resolve(ReportWriter.JSON).toFile());
        assertEquals("user-1", json.path("host").path("user").asText());
    }

    @Test
    void redactorIsConsistentAndLeavesOtherTextAlone() {
        Redactor r = new Redactor(true);
        r.addHost("db-07");
        r.addUser("alice");
        String a = r.apply("db-07 alice 10.0.0.5 fe80::1 [::1]:22 10.0.0.5 Foo::bar 12:34:56 uid 1000 (alice) db-07x");
        assertEquals("host-1 user-1 ip-3 ip-1 [ip-2]:22 ip-3 Foo::bar 12:34:56 uid 1000 (user-1) db-07x", a);
        assertEquals("ip-1 host-1", r.apply("fe80::1 db-07"));
        assertEquals("10.0.0.5", new Redactor(false).apply("10.0.0.5"));
    }

    @Test
    void escapesHtml() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", ReportWriter.esc("<a href=\"x\">&'"));
    }

    @Test
    void aFolderThatCannotBeWrittenIsOneSentence(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> new ReportWriter().write(BundledRecordings.open(SEED), file, false));
        assertEquals("Could not write the report to " + file + ": " + file + " is a file, not a folder.", e.getMessage());
        assertEquals("x", Files.readString(file), "nothing was lost");
        assertTrue(io.bedside.app.Sources.isRecording(dir.resolve("typo.jsonl.gz").toString()),
                "a missing recording is a recording that is missing, not a host");
        assertFalse(io.bedside.app.Sources.isRecording("db-07"));
    }
}
