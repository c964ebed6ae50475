package io.bedside.app.bench;

import io.bedside.app.recording.BundledRecordings;
import io.bedside.app.recording.RecordingFiles;
import io.bedside.model.recording.Recording;
import io.bedside.model.probe.RawSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A day's recording through {@code diagnose} and {@code report}, each run as its own JVM with the
 * heap the {@code bedside} launcher gives it, timed and measured with {@code /usr/bin/time -v}
 * (peak RSS). The recording is the CLOSE_WAIT demo's samples repeated every 2 s, host clock and
 * all, to {@code -Dbedside.bench.samples} samples (43,200: 24 hours). Run with
 * {@code ./mvnw -pl app -am test -Dtest=LongRecordingBenchmark -Dbedside.bench=true -Dsurefire.failIfNoSpecifiedTests=false};
 * figures go to stdout and app/target/benchmarks/long-recording-N.md; {@code -Dbedside.bench.commands=diagnose}
 * runs one command only.
 */
// alone: a benchmark
@org.junit.jupiter.api.parallel.Isolated
@EnabledIfSystemProperty(named = "bedside.bench", matches = "true")
class LongRecordingBenchmark {
    private static final Pattern EPOCH = Pattern.compile("epoch_ns=(\\d+)");
    private static final Duration INTERVAL = Duration.ofSeconds(2);

    @Test
    void aDayOfSamplesThroughDiagnoseAndReport() throws Exception {
        int n = Integer.getInteger("bedside.bench.samples", 43_200);
        String heap = launcherHeap();
        Path dir = Files.createDirectories(Path.of("target", "benchmarks"));
        Path file = dir.resolve("long-" + n + ".jsonl.gz");
        if (!Files.exists(file)) {
            synthesize(n, file);
        }
        List<String> lines = new ArrayList<>();
        lines.add("# A " + n + "-sample recording (" + Files.size(file) / (1024 * 1024) + " MiB gzip) at the launcher's heap (-Xmx" + heap + ")");
        lines.add("");
        lines.add("| command | exit | wall s | peak RSS MiB |");
        lines.add("|---|---|---|---|");
        List<String> commands = List.of(System.getProperty("bedside.bench.commands", "diagnose,report").split(","));
        Path out = dir.resolve("long-report");
        List<Run> runs = new ArrayList<>();
        for (String c : commands) {
            Run run = c.equals("report") ? run(heap, "report", file.toString(), "-o", out.toString()) : run(heap, c, file.toString());
            lines.add(run.row(c));
            runs.add(run);
            Files.write(dir.resolve("long-recording-" + n + ".md"), lines, StandardCharsets.UTF_8);
        }
        lines.forEach(System.out::println);
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            assertTrue(run.exit >= 0 && run.exit <= (commands.get(i).equals("report") ? 0 : 2), commands.get(i) + " exit " + run.exit + ": " + run.output);
            assertFalse(run.output.contains("Exception"), run.output);
        }
    }

    /** The -Xmx the launcher script passes to the JVM ({@code -Dbedside.bench.heap} overrides it; "default": none). */
    static String launcherHeap() throws IOException {
        String script = Files.readString(Path.of("..", "bedside"));
        Matcher m = Pattern.compile("BEDSIDE_HEAP:-(\\w+)").matcher(script);
        return System.getProperty("bedside.bench.heap", m.find() ? m.group(1) : "default");
    }

    /** The CLOSE_WAIT demo's samples over and over, 2 s apart, the host's clock in step. */
    static void synthesize(int n, Path file) throws IOException {
        Recording demo = BundledRecordings.open("seed004-closewait-pipe");
        List<RawSample> base = demo.samples();
        Instant start = base.get(0).receivedAt();
        long epoch0 = epochNanos(base.get(0).output());
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        try (java.io.Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(
                new java.util.zip.GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            w.write(io.bedside.app.json.RecordJson.JSON.writeValueAsString(io.bedside.app.json.RecordJson.JSON.createObjectNode()
                    .put("format", RecordingFiles.FORMAT).put("version", 1).put("source", demo.source())
                    .put("startedAt", start.toString()).put("description", "A day of the CLOSE_WAIT demo")) + "\n");
            for (int i = 0; i < n; i++) {
                RawSample b = base.get(i % base.size());
                long shift = INTERVAL.toNanos() * i;
                String out = EPOCH.matcher(b.output()).replaceFirst("epoch_ns=" + (epoch0 + shift));
                RawSample s = new RawSample(start.plusNanos(shift), b.roundTripMillis(), out, b.errors());
                w.write(io.bedside.app.json.RecordJson.JSON.writeValueAsString(io.bedside.app.json.RecordJson.rawSample(s)) + "\n");
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static long epochNanos(String output) {
        Matcher m = EPOCH.matcher(output);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    record Run(int exit, double wallSeconds, long peakRssKb, String output) {
        String row(String what) {
            return String.format(Locale.ROOT, "| %s | %d | %.1f | %d |", what, exit, wallSeconds, peakRssKb / 1024);
        }
    }

    /** {@code java -Xmx<heap> io.bedside.app.Main ARGS} under {@code /usr/bin/time -v}, as the launcher runs it. */
    static Run run(String heap, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-v",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap.equals("default") ? "-Dbedside.bench=default-heap" : "-Xmx" + heap, "-Dfile.encoding=UTF-8", "-cp", System.getProperty("java.class.path"), "io.bedside.app.Main"));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("bench", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.MINUTES), "finished within an hour");
        String text = Files.readString(log);
        Files.delete(log);
        Matcher rss = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)").matcher(text);
        Matcher wall = Pattern.compile("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\): (?:(\\d+):)?(\\d+):(\\d+(?:\\.\\d+)?)").matcher(text);
        assertTrue(rss.find() && wall.find(), text);
        double seconds = (wall.group(1) == null ? 0 : Integer.parseInt(wall.group(1)) * 3600)
                + Integer.parseInt(wall.group(2)) * 60 + Double.parseDouble(wall.group(3));
        int exit = p.exitValue();
        String own = text.substring(0, text.indexOf("\tCommand being timed"));
        return new Run(exit, seconds, Long.parseLong(rss.group(1)), own);
    }
}
