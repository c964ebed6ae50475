package io.bedside.app.recording;

import com.fasterxml.jackson.databind.JsonNode;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.LabCli;
import io.bedside.app.lab.WithLab;
import io.bedside.model.recording.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bedside record} against a lab host, run as its own process (the launcher's JVM command
 * line on the test class path) and killed as a crash or an impatient engineer would kill it:
 * SIGKILL at a random moment after a few samples, and SIGTERM. The file is then diagnosed and
 * reported: it reads, it says it was cut, and it has the samples.
 */
@WithLab
class RecordingCrashLabTest {

    private static Process record(Lab lab, Path file, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dfile.encoding=UTF-8", "-cp", System.getProperty("java.class.path"), "io.bedside.app.Main",
                "record", "-F", lab.sshConfig().toString(), lab.alias(), "--interval", "1s", "--for", "5m", "-o", file.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    /** Waits until the recording being written holds at least {@code n} samples (read as a crash would leave it). */
    private static int waitForSamples(Path file, int n, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            assertTrue(p.isAlive(), "the recorder runs: " + Files.readString(log));
            if (Files.exists(file)) {
                try {
                    int have = RecordingFiles.read(file).samples().size();
                    if (have >= n) {
                        return have;
                    }
                } catch (IOException e) {
                    // no sample yet
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + n + " samples in 90 s: " + Files.readString(log));
    }

    @Test
    void aRecorderKilledWithSigkillLeavesARecordingThatDiagnoseAndReportRead(Lab lab, @TempDir Path tmp) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path file = tmp.resolve("killed.jsonl.gz");
        Path log = tmp.resolve("record.log");
        Process p = record(lab, file, log);
        try {
            waitForSamples(file, 3, p, log);
            // a random moment: mid-sample or between two
            Thread.sleep(random.nextInt(4000));
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertEquals(137, p.exitValue(), "SIGKILL (seed " + seed + ")");

        Recording rec = RecordingFiles.read(file);
        int n = rec.samples().size();
        assertTrue(n >= 3, n + " samples (seed " + seed + ")");
        assertTrue(rec.cut().isPresent(), "a killed recorder never closed the gzip stream");
        assertTrue(rec.samples().stream().allMatch(s -> io.bedside.model.probe.ProbeOutputParser.parse(s.output()).complete()),
                "every sample kept is whole (its end marker, with its own boundary token, arrived)");

        LabCli cli = new LabCli();
        int status = cli.run("diagnose", file.toString());
        assertTrue(status >= 0 && status <= 2, cli.both());
        assertTrue(cli.err().contains("The recording " + file + " ends abruptly after sample " + n
                + " (its recorder was stopped without closing it); the " + n + " samples before are used."), cli.both());
        assertTrue(!cli.both().contains("ZLIB") && !cli.both().contains("Exception"), cli.both());

        Path dir = tmp.resolve("report");
        assertEquals(0, cli.run("report", file.toString(), "-o", dir.toString()), cli.both());
        assertTrue(cli.err().contains("ends abruptly after sample " + n), cli.both());
        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("evidence.json").toFile());
        assertEquals(n, json.path("recording").path("samples").size());
        assertTrue(Files.readString(dir.resolve("report.md"), StandardCharsets.UTF_8).contains("(" + n
                + " samples), the last of them before the recording was cut off."));
    }

    @Test
    void sigtermClosesTheRecordingProperly(Lab lab, @TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("stopped.jsonl.gz");
        Path log = tmp.resolve("record.log");
        Process p = record(lab, file, log);
        try {
            waitForSamples(file, 3, p, log);
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        Recording rec = RecordingFiles.read(file);
        assertTrue(rec.samples().size() >= 3);
        assertTrue(rec.cut().isEmpty(), "closed by the shutdown hook: " + rec.cut());
        // the gzip stream has its trailer: the JDK's own reader takes it whole
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            assertTrue(in.readAllBytes().length > 0);
        }
    }

    /**
     * A host that stops answering during a recording (its sshd sessions stopped with SIGSTOP): the
     * session reports the failure, then announces the reconnect with the same message; the
     * recorder prints it once, and the recording goes on over a new connection.
     */
    @Test
    void aStalledConnectionIsReportedOnceAndTheRecordingGoesOn(Lab lab, @TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("stalled.jsonl.gz");
        LabCli recorder = new LabCli();
        java.util.concurrent.CompletableFuture<Integer> run = java.util.concurrent.CompletableFuture.supplyAsync(() -> recorder.run(
                "record", "-F", lab.sshConfig().toString(), lab.alias(), "--interval", "1s", "--for", "40s", "-o", file.toString()));
        try {
            Thread.sleep(5_000);
            lab.stall();
            assertEquals(0, run.get(120, TimeUnit.SECONDS), recorder.err());
        } finally {
            lab.resume();
        }
        List<String> retries = recorder.err().lines().filter(l -> l.contains("Retrying in")).toList();
        assertTrue(!retries.isEmpty(), "the stall is reported: " + recorder.err());
        assertEquals(retries.stream().distinct().toList(), retries, "each reconnect message once: " + recorder.err());
        Recording rec = RecordingFiles.read(file);
        assertTrue(rec.cut().isEmpty(), "closed properly");
        assertTrue(rec.samples().get(rec.samples().size() - 1).receivedAt().isAfter(rec.samples().get(0).receivedAt().plusSeconds(25)),
                "samples after the reconnect: " + rec.samples().size());
    }
}
