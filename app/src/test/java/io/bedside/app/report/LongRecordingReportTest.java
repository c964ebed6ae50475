package io.bedside.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.bedside.app.lab.LabCli;
import io.bedside.app.recording.BundledRecordings;
import io.bedside.app.recording.RecordingFiles;
import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;
import io.bedside.model.recording.Recording;
import io.bedside.model.recording.Replay;
import io.bedside.model.recording.RuleHistory;
import io.bedside.model.probe.RawSample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Long recordings in bounded memory: the rules' bounded history finds what the whole history
 * finds, charts keep their lows and highs however many readings, reports are written whole or not
 * at all (a real full file system: a small tmpfs), and diagnose says UNKNOWN of an empty sample.
 */
class LongRecordingReportTest {
    private static final Pattern EPOCH = Pattern.compile("epoch_ns=(\\d+)");
    private Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            new ProcessBuilder("umount", mounted.toString()).inheritIO().start().waitFor();
        }
    }

    /** What a finding says, for comparing two diagnoses. */
    private static List<String> said(List<Finding> fs) {
        return fs.stream().map(f -> f.id() + " " + f.severity() + " " + f.summary() + " " + f.subjects()).toList();
    }

    @Test
    void theBoundedHistoryFindsWhatTheWholeHistoryFindsInEveryDemo() throws IOException {
        Diagnosis d = new Diagnosis(Playbooks.allRules());
        for (BundledRecordings.Demo demo : BundledRecordings.list()) {
            Replay r = new Replay(BundledRecordings.open(demo.id()));
            RuleHistory h = new RuleHistory();
            for (int i = 0; i < r.size(); i++) {
                Sample s = r.samples().get(i);
                assertEquals(said(d.run(s, r.upTo(i))), said(d.run(s, h.add(s))), demo.id() + " sample " + i);
            }
        }
    }

    /** The OOM demo, then 40 minutes more of its quiet end with the host's clock running: the kill stays reported. */
    @Test
    void aKillFromLongBeforeIsStillReportedAtTheEndOfALongRecording() throws IOException {
        Recording oom = BundledRecordings.open("seed003-oom-kill");
        Recording longer = repeated(oom, 1200, oom.samples().size() - 3);
        Replay r = new Replay(longer);
        RuleHistory h = new RuleHistory();
        List<Sample> kept = List.of();
        for (Sample s : r.samples()) {
            kept = h.add(s);
        }
        assertTrue(h.size() < 500, "the history is bounded: " + h.size());
        Diagnosis d = new Diagnosis(Playbooks.allRules());
        Sample last = r.samples().get(r.size() - 1);
        List<Finding> whole = d.run(last, r.samples());
        assertEquals(said(whole), said(d.run(last, kept)));
        assertTrue(whole.stream().anyMatch(f -> f.id().equals("mem.oom.killed")), said(whole).toString());
    }

    /** The base's samples, then those from index {@code loop} on over and over, to n samples 2 s apart. */
    static Recording repeated(Recording base, int n, int loop) {
        List<RawSample> out = new ArrayList<>();
        RawSample first = base.samples().get(0);
        Matcher m0 = EPOCH.matcher(first.output());
        long epoch0 = m0.find() ? Long.parseLong(m0.group(1)) : 0;
        for (int i = 0; i < n; i++) {
            int size = base.samples().size();
            RawSample b = base.samples().get(i < size ? i : loop + (i - size) % (size - loop));
            long shift = 2_000_000_000L * i;
            out.add(new RawSample(first.receivedAt().plusNanos(shift), b.roundTripMillis(),
                    EPOCH.matcher(b.output()).replaceFirst("epoch_ns=" + (epoch0 + shift)), b.errors()));
        }
        return new Recording(base.source(), base.startedAt(), base.description(), out, base.fixes());
    }

    @Test
    void aChartLineKeepsItsFirstLastLowestAndHighestReadingInBoundedPoints() {
        DownsampledSeries s = new DownsampledSeries();
        Random random = new Random(7);
        int n = 100_003;
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, firstV = 0, lastV = 0;
        for (int i = 0; i < n; i++) {
            double v = i == 31_337 ? 1e6 : i == 77_777 ? -5 : random.nextDouble() * 100;
            if (i == 0) {
                firstV = v;
            }
            lastV = v;
            min = Math.min(min, v);
            max = Math.max(max, v);
            s.add(i * 2.0, v);
        }
        List<double[]> p = s.points();
        assertEquals(n, s.count());
        assertTrue(p.size() <= 4 * DownsampledSeries.BUCKETS + 2, p.size() + " points");
        assertTrue(p.size() >= DownsampledSeries.BUCKETS, p.size() + " points");
        assertArrayEquals(new double[]{0, firstV}, p.get(0));
        assertArrayEquals(new double[]{(n - 1) * 2.0, lastV}, p.get(p.size() - 1));
        assertTrue(p.stream().anyMatch(x -> x[0] == 31_337 * 2.0 && x[1] == 1e6), "the spike is drawn");
        assertTrue(p.stream().anyMatch(x -> x[0] == 77_777 * 2.0 && x[1] == -5), "the trough is drawn");
        assertEquals(max, p.stream().mapToDouble(x -> x[1]).max().orElseThrow());
        assertEquals(min, p.stream().mapToDouble(x -> x[1]).min().orElseThrow());
        for (int i = 1; i < p.size(); i++) {
            assertTrue(p.get(i)[0] > p.get(i - 1)[0], "oldest first");
        }
    }

    /**
     * A full disk while writing: a 1 MiB tmpfs holds the small demo's report but not the large
     * one's evidence. The failure names the folder and the file, leaves no partial file and no
     * temporary folder, and the earlier report in the folder stays as it was.
     */
    @Test
    void aFullDiskLeavesNothingHalfWrittenAndTheEarlierReportIntact(@TempDir Path tmp) throws Exception {
        Path mnt = Files.createDirectory(tmp.resolve("small"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt.toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(p.waitFor() == 0, "needs root to mount a tmpfs: " + said);
        mounted = mnt;
        Path dir = mnt.resolve("report");
        ReportWriter w = new ReportWriter("test", Clock.systemUTC());
        w.write(BundledRecordings.open("lab-memory-surge"), dir, false);
        byte[] html = Files.readAllBytes(dir.resolve(ReportWriter.HTML));
        byte[] json = Files.readAllBytes(dir.resolve(ReportWriter.JSON));
        Recording big = BundledRecordings.open("seed004-closewait-pipe");
        IOException e = assertThrows(IOException.class, () -> w.write(big, dir, false));
        assertTrue(e.getMessage().startsWith("Could not write the report to " + dir + ": no space left on device ("
                + dir.resolve(ReportWriter.JSON) + ")"), e.getMessage());
        try (Stream<Path> left = Files.list(mnt)) {
            assertEquals(List.of(dir), left.toList(), "no temporary folder is left behind");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(3, files.count());
        }
        assertArrayEquals(html, Files.readAllBytes(dir.resolve(ReportWriter.HTML)), "the earlier report is intact");
        assertArrayEquals(json, Files.readAllBytes(dir.resolve(ReportWriter.JSON)), "the earlier report is intact");
        // into a new folder: nothing at all
        Path fresh = mnt.resolve("fresh");
        assertThrows(IOException.class, () -> w.write(big, fresh, false));
        assertFalse(Files.exists(fresh));
        try (Stream<Path> left = Files.list(mnt)) {
            assertEquals(List.of(dir), left.toList());
        }
    }

    @Test
    void aStreamedReportOfAFileEqualsTheReportOfTheRecordingInMemory(@TempDir Path tmp) throws Exception {
        Recording rec = BundledRecordings.open("seed003-oom-kill");
        Path file = tmp.resolve("oom.jsonl.gz");
        RecordingFiles.write(rec, file);
        Clock fixed = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), java.time.ZoneOffset.UTC);
        Path a = new ReportWriter("test", fixed).write(rec, tmp.resolve("a"), true);
        Path b = new ReportWriter("test", fixed).write(RecordingFiles.open(file), (h, f, l) -> List.of(), tmp.resolve("b"), true).dir();
        for (String f : List.of(ReportWriter.HTML, ReportWriter.MARKDOWN, ReportWriter.JSON)) {
            assertEquals(Files.readString(a.resolve(f)), Files.readString(b.resolve(f)), f);
        }
        JsonNode json = ReportChecks.assertComplete(b);
        assertEquals(rec.samples().size(), json.path("recording").path("samples").size());
    }

    @Test
    void diagnoseSaysUnknownOfAnEmptySampleAndReadsACutRecording(@TempDir Path tmp) throws Exception {
        Path empty = tmp.resolve("empty.jsonl");
        RecordingFiles.write(new Recording("h", Instant.parse("2026-11-23T10:00:00Z"), "", List.of(new RawSample(
                Instant.parse("2026-11-23T10:00:00Z"), 5, "@@bedside:probe version=1 uid=0 epoch_ns=1795459853777674550\n"
                + "@@bedside:end elapsed_ns=1\n", ""))), empty);
        LabCli cli = new LabCli();
        assertEquals(3, cli.run("diagnose", empty.toString()), cli.both());
        assertTrue(cli.out().startsWith("BEDSIDE UNKNOWN"), cli.both());
        assertTrue(cli.out().contains("held no readings"), cli.both());

        // a recorder killed mid-sample: the file is read up to the cut, and the cut is said
        Recording surge = BundledRecordings.open("lab-memory-surge");
        Path whole = tmp.resolve("whole.jsonl.gz");
        RecordingFiles.write(surge, whole);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = tmp.resolve("cut.jsonl.gz");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        int status = cli.run("diagnose", cut.toString());
        assertTrue(status >= 0 && status <= 2, cli.both());
        assertTrue(cli.err().contains("The recording " + cut + " ends abruptly after sample "), cli.both());
        assertEquals(0, cli.run("report", cut.toString(), "-o", tmp.resolve("r").toString()), cli.both());
        assertTrue(cli.err().contains("ends abruptly"), cli.both());
        assertTrue(Files.readString(tmp.resolve("r").resolve(ReportWriter.MARKDOWN)).contains("before the recording was cut off"));
    }

    /** A heap too small for the report: one sentence that says how to give it more, no stack trace. */
    @Test
    void runningOutOfMemoryIsOneSentence(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("big.jsonl.gz");
        RecordingFiles.write(BundledRecordings.open("seed004-closewait-pipe"), file);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx12m",
                "-cp", System.getProperty("java.class.path"), "io.bedside.app.Main", "report", file.toString(), "-o",
                tmp.resolve("r").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(3, p.exitValue(), out);
        assertTrue(out.startsWith("Bedside ran out of memory in report of " + file + " (heap "), out);
        assertTrue(out.contains("BEDSIDE_HEAP=4g"), out);
        assertFalse(out.contains("Exception") || out.contains("\tat "), out);
        assertEquals(1, out.strip().lines().count(), out);
        assertFalse(Files.exists(tmp.resolve("r")), "nothing half-written");
    }
}
