package io.bedside.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bedside.app.Sources;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.WithLab;
import io.bedside.app.recording.RecordingFiles;
import io.bedside.model.recording.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The headless commands against a real lab sshd, as a monitoring system would run them. */
@WithLab
class HeadlessCommandsLabTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... argv) {
        Args a = Args.parse(List.of(argv));
        HeadlessCommands h = new HeadlessCommands(Sources.system(a.ssh()), new ConsolePrompter(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return switch (a.positional().get(0)) {
            case "snapshot" -> h.snapshot(a);
            case "diagnose" -> h.diagnose(a);
            case "record" -> h.record(a);
            default -> throw new IllegalArgumentException(a.positional().get(0));
        };
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static void assertOneSentence(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), text);
        assertFalse(text.contains("Exception"), text);
        assertFalse(text.contains("\tat "), text);
    }

    @Test
    void diagnoseJsonFollowsTheMonitoringPluginConvention(Lab lab) throws Exception {
        int status = run("diagnose", "-F", lab.sshConfig().toString(), lab.alias(), "--json");
        JsonNode j = new ObjectMapper().readTree(stdout());
        assertEquals(lab.hostname(), j.get("host").asText());
        assertTrue(j.has("sampledAt"));
        // the lab host shares this machine's kernel and its log (OOM kills other tests caused show
        // up there): the exit status is whatever the worst finding says, and the IPC is clean
        int worst = 0;
        for (JsonNode f : j.get("findings")) {
            worst = Math.max(worst, switch (f.get("severity").asText()) {
                case "critical" -> 2;
                case "warning" -> 1;
                default -> 0;
            });
            assertFalse(f.get("id").asText().startsWith("ipc."), f.toString());
            assertFalse(f.get("summary").asText().isBlank());
        }
        assertEquals(worst, status, stderr());
    }

    @Test
    void snapshotJsonUsesTheKernelsFieldNames(Lab lab) throws Exception {
        assertEquals(0, run("snapshot", "-F", lab.sshConfig().toString(), lab.alias(), "--json"), stderr());
        JsonNode j = new ObjectMapper().readTree(stdout());
        assertEquals(lab.hostname(), j.at("/host/hostname").asText());
        assertEquals(lab.user(), j.at("/host/user").asText());
        assertTrue(j.at("/meminfo/MemTotal").asLong() > 0);
        assertTrue(j.at("/meminfo/MemAvailable").asLong() > 0);
        assertTrue(j.at("/loadavg/total").asInt() > 0);
        // this kernel has PSI: figures, not a status
        assertTrue(j.at("/pressure/memory/some/avg10").isNumber(), j.at("/pressure").toString());
        assertTrue(j.at("/probe/complete").asBoolean());
        assertEquals(0, j.get("problems").size());
    }

    @Test
    void aHostThatIsDownIsUnknownWithOneSentence() {
        assertEquals(3, run("diagnose", "-o", "ConnectTimeout=3", "nobody@127.0.0.1:1"));
        assertOneSentence(stderr());
        assertEquals("Could not connect to 127.0.0.1:1: the connection was refused.", stderr().trim());
    }

    @Test
    void anUnknownHostKeyIsRefusedHeadlessWithItsFingerprint(Lab lab, @TempDir Path tmp) {
        int status = run("diagnose", "-F", "/dev/null", "-o", "UserKnownHostsFile=" + tmp.resolve("kh"),
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "StrictHostKeyChecking=ask",
                "-i", lab.identity().toString(), lab.user() + "@127.0.0.1:" + lab.port());
        assertEquals(3, status);
        assertOneSentence(stderr());
        assertTrue(stderr().contains(lab.hostKeyFingerprint()), stderr());
    }

    @Test
    void recordThenDiagnoseTheRecording(Lab lab, @TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("session.jsonl.gz");
        assertEquals(0, run("record", "-F", lab.sshConfig().toString(), lab.alias(), "--for", "5s",
                "--interval", "1s", "-o", file.toString()), stderr());
        Recording rec = RecordingFiles.read(file);
        assertTrue(rec.samples().size() >= 3, "samples: " + rec.samples().size());
        assertEquals(lab.alias(), rec.source());
        List<String> hostnames = new ArrayList<>();
        rec.samples().forEach(s -> hostnames.add(s.output().lines().filter(l -> l.startsWith("hostname=")).findFirst().orElse("")));
        assertTrue(hostnames.stream().allMatch(h -> h.equals("hostname=" + lab.hostname())), hostnames.toString());
        out.reset();
        assertEquals(0, run("snapshot", file.toString(), "--json"));
        assertEquals(lab.hostname(), new ObjectMapper().readTree(stdout()).at("/host/hostname").asText());
    }

    @Test
    void thisMachineIsSampledWithoutSsh() throws Exception {
        assertEquals(0, run("snapshot", "local", "--json"), stderr());
        JsonNode j = new ObjectMapper().readTree(stdout());
        assertEquals("This machine", j.get("source").asText());
        assertTrue(j.at("/probe/complete").asBoolean());
    }
}
