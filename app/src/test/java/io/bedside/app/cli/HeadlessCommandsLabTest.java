package io.bedside.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.LabCli;
import io.bedside.app.lab.WithLab;
import io.bedside.app.recording.RecordingFiles;
import io.bedside.model.recording.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The headless commands against a real lab sshd, as a monitoring system would run them. */
@WithLab
class HeadlessCommandsLabTest {
    private final LabCli cli = new LabCli();

    private static void assertOneSentence(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), text);
        assertFalse(text.contains("Exception"), text);
        assertFalse(text.contains("\tat "), text);
    }

    @Test
    void diagnoseJsonFollowsTheMonitoringPluginConvention(Lab lab) throws Exception {
        int status = cli.run("diagnose", "-F", lab.sshConfig().toString(), lab.alias(), "--json");
        JsonNode j = new ObjectMapper().readTree(cli.out());
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
        assertEquals(worst, status, cli.err());
    }

    @Test
    void snapshotJsonUsesTheKernelsFieldNames(Lab lab) throws Exception {
        assertEquals(0, cli.run("snapshot", "-F", lab.sshConfig().toString(), lab.alias(), "--json"), cli.err());
        JsonNode j = new ObjectMapper().readTree(cli.out());
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
        assertEquals(3, cli.run("diagnose", "-o", "ConnectTimeout=3", "nobody@127.0.0.1:1"));
        assertOneSentence(cli.err());
        assertEquals("Could not connect to 127.0.0.1:1: the connection was refused.", cli.err().trim());
    }

    @Test
    void anUnknownHostKeyIsRefusedHeadlessWithItsFingerprint(Lab lab, @TempDir Path tmp) {
        int status = cli.run("diagnose", "-F", "/dev/null", "-o", "UserKnownHostsFile=" + tmp.resolve("kh"),
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "StrictHostKeyChecking=ask",
                "-i", lab.identity().toString(), lab.user() + "@127.0.0.1:" + lab.port());
        assertEquals(3, status);
        assertOneSentence(cli.err());
        assertTrue(cli.err().contains(lab.hostKeyFingerprint()), cli.err());
    }

    @Test
    void recordThenDiagnoseTheRecording(Lab lab, @TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("session.jsonl.gz");
        assertEquals(0, cli.run("record", "-F", lab.sshConfig().toString(), lab.alias(), "--for", "5s",
                "--interval", "1s", "-o", file.toString()), cli.err());
        Recording rec = RecordingFiles.read(file);
        assertTrue(rec.samples().size() >= 3, "samples: " + rec.samples().size());
        assertEquals(lab.alias(), rec.source());
        List<String> hostnames = new ArrayList<>();
        rec.samples().forEach(s -> hostnames.add(s.output().lines().filter(l -> l.startsWith("hostname=")).findFirst().orElse("")));
        assertTrue(hostnames.stream().allMatch(h -> h.equals("hostname=" + lab.hostname())), hostnames.toString());
        assertEquals(0, cli.run("snapshot", file.toString(), "--json"));
        assertEquals(lab.hostname(), new ObjectMapper().readTree(cli.out()).at("/host/hostname").asText());
    }

    @Test
    void thisMachineIsSampledWithoutSsh() throws Exception {
        assertEquals(0, cli.run("snapshot", "local", "--json"), cli.err());
        JsonNode j = new ObjectMapper().readTree(cli.out());
        assertEquals("This machine", j.get("source").asText());
        assertTrue(j.at("/probe/complete").asBoolean());
    }
}
