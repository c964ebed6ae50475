package io.bedside.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bedside.app.Sources;
import io.bedside.app.recording.RecordingFiles;
import io.bedside.model.recording.Recording;
import io.bedside.model.probe.RawSample;
import io.bedside.model.text.HostText;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import io.bedside.app.ModelFixtures;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The terminal output of {@code snapshot} and {@code diagnose} for a host whose process name and
 * os-release hold an ESC colour sequence, a carriage return, a right-to-left override and a byte
 * that is not UTF-8 (fixture: {@code hostile/probe-lab-oom-root-hostile-name.txt}): each shown as a
 * visible escape, nothing a terminal would act on.
 */
class HostileTextCliTest {
    static final String FIXTURE = "hostile/probe-lab-oom-root-hostile-name.txt";
    /** The process name as the host holds it. */
    static final String NAME = "\u001b[31mred\rok\u202eexe\udcff";

    @TempDir
    static Path dir;
    static Path recording;

    @BeforeAll
    static void record() throws IOException {
        String probe = ModelFixtures.text(FIXTURE);
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        recording = dir.resolve("hostile.jsonl");
        RecordingFiles.write(new Recording("lab-memdev", t, "hostile names", List.of(new RawSample(t, 12, probe, ""))), recording);
    }

    record Run(int status, String out, byte[] outBytes, String err) {
    }

    static Run run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Args a = Args.parse(List.of(argv));
        HeadlessCommands h = new HeadlessCommands(Sources.system(a.ssh()), new ConsolePrompter(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        int status = switch (argv[0]) {
            case "snapshot" -> h.snapshot(a);
            case "diagnose" -> h.diagnose(a);
            default -> throw new IllegalArgumentException(argv[0]);
        };
        return new Run(status, out.toString(StandardCharsets.UTF_8), out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /** Nothing a terminal acts on: no byte below 0x20 but the newline, no DEL, no C1, no bidi or zero-width character. */
    static void assertTerminalSafe(Run r) {
        for (byte b : r.outBytes()) {
            assertTrue(b == '\n' || (b & 0xff) >= 0x20 && b != 0x7f, () -> "raw byte 0x" + Integer.toHexString(b & 0xff) + " in:\n" + r.out());
        }
        r.out().codePoints().filter(cp -> cp != '\n').forEach(cp ->
                assertFalse(HostText.escaped(cp), () -> "U+" + Integer.toHexString(cp) + " printed raw in:\n" + r.out()));
        assertFalse(r.out().contains("?exe"), "no byte replaced by '?'");
    }

    @Test
    void diagnoseShowsTheProcessNameEscaped() {
        Run r = run("diagnose", recording.toString());
        assertTerminalSafe(r);
        assertTrue(r.out().contains("The OOM killer would take \\x1b[31mred\\x0dok\\u202eexe"), r.out());
        assumeTrue(!r.out().contains("exe\\\\xff"), "the byte \\xff is decoded by the probe framing's WireText (host text escaped on the wire)");
        assertTrue(r.out().contains("The OOM killer would take \\x1b[31mred\\x0dok\\u202eexe\\xff (pid 11313"), r.out());
    }

    @Test
    void snapshotShowsTheDistributionEscaped() {
        Run r = run("snapshot", recording.toString());
        assertTerminalSafe(r);
        assertTrue(r.out().contains("Debian\\x1b[2J\\x1b]0;pwned\\x07 12 | x\\u202e  kernel 6.18.44-fc-v657"), r.out());
    }

    @Test
    void jsonKeepsTheExactTextInEscapesATerminalDoesNotActOn() throws Exception {
        Run snap = run("snapshot", recording.toString(), "--json");
        assertTerminalSafe(snap);
        JsonNode s = new ObjectMapper().readTree(snap.out());
        assertEquals("Debian\u001b[2J\u001b]0;pwned\u0007 12 | x\u202e", s.at("/host/distribution").asText());
        assertTrue(snap.out().contains("Debian\\u001B[2J\\u001B]0;pwned\\u0007 12 | x\\u202E"), snap.out());

        Run diag = run("diagnose", recording.toString(), "--json");
        assertTerminalSafe(diag);
        JsonNode d = new ObjectMapper().readTree(diag.out());
        String victim = null;
        for (JsonNode f : d.get("findings")) {
            if (f.get("summary").asText().startsWith("The OOM killer would take ")) {
                victim = f.get("summary").asText();
            }
        }
        assertTrue(victim != null && victim.startsWith("The OOM killer would take \u001b[31mred\rok\u202eexe"), diag.out());
        assumeTrue(!victim.contains("exe\\xff"), "the byte \\xff is decoded by the probe framing's WireText");
        assertTrue(victim.startsWith("The OOM killer would take " + NAME + " (pid 11313"), victim);
    }
}
