package io.bedside.app.recording;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import io.bedside.model.recording.Recording;
import io.bedside.model.recording.Replay;
import io.bedside.model.recording.StoredSamples;
import io.bedside.model.probe.RawSample;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window's replay of a recording file reads only the samples a position shows: each sample read
 * again from the file is the one written, at any position, in any order; a position gets what a
 * replay of the whole recording gives there; a cut last member opens and says so; and a day's
 * recording opens and moves in a small heap.
 */
class StoredRecordingTest {
    /** More than a position's window (450) and its margins, so samples are dropped and read again. */
    static final int N = 700;
    /**
     * Samples of the recording whose positions are compared with a replay of the whole: past the
     * window and what a replay keeps of a short recording, so its edges, a window that no longer
     * starts at the first sample and samples parsed again after they were let go are all seen.
     */
    static final int M = Replay.WINDOW + 70;
    static List<RawSample> base;

    @TempDir
    Path dir;

    @BeforeAll
    static void demo() throws IOException {
        base = DayRecordings.base();
    }

    private static RawSample sample(int i) {
        return DayRecordings.sample(base, i);
    }

    @Test
    void eachSampleReadAgainIsTheOneWrittenInAnyOrder() throws IOException {
        Path gz = dir.resolve("r.jsonl.gz");
        Path plain = dir.resolve("r.jsonl");
        Path oneStream = dir.resolve("one-stream.jsonl.gz");
        DayRecordings.write(N, gz);
        DayRecordings.write(N, plain);
        // a file gzip-compressed in one stream (gzip of a .jsonl): opens, the slow way
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(oneStream))) {
            Files.copy(plain, o);
        }
        // the recorder's file is many gzip members, which gzip reads as one text
        try (var in = new GZIPInputStream(Files.newInputStream(gz))) {
            assertEquals(Files.readString(plain), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertTrue(members(gz) >= N + 1, "a member per sample and the header: " + members(gz));
        Random random = new Random(10);
        for (Path f : List.of(gz, plain, oneStream)) {
            Recording r = RecordingFiles.openStored(f);
            assertTrue(r.samples() instanceof StoredSamples, f.toString());
            assertEquals(N, r.samples().size());
            assertTrue(r.cut().isEmpty());
            assertEquals("A day of the CLOSE_WAIT demo", r.description());
            for (int k = 0; k < 60; k++) {
                int i = k % 3 == 0 ? N - 1 - k : random.nextInt(N);
                assertEquals(sample(i), r.samples().get(i), f + " sample " + i);
            }
            int[] i = {0};
            r.forEach(s -> assertEquals(sample(i[0]++), s));
            assertEquals(N, i[0]);
        }
    }

    /** The gzip members of a file, counted by their headers' magic at each member's start (via gzip's own reader). */
    private static int members(Path gz) throws IOException {
        byte[] b = Files.readAllBytes(gz);
        int n = 0;
        for (int i = 0; i + 3 < b.length; i++) {
            if ((b[i] & 0xff) == 0x1f && (b[i + 1] & 0xff) == 0x8b && b[i + 2] == 8 && b[i + 3] == 0) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aPositionShowsWhatTheWholeRecordingShowsThere() throws IOException {
        Path gz = dir.resolve("r.jsonl.gz");
        DayRecordings.write(M, gz);
        List<Sample> whole = new ArrayList<>();
        Sample previous = null;
        for (int i = 0; i < M; i++) {
            RawSample r = sample(i);
            previous = Playbooks.parser().parse(base.isEmpty() ? "" : RecordingFiles.openStored(gz).source(), r.receivedAt(), r.output(),
                    r.roundTripMillis(), previous);
            whole.add(previous);
        }
        Replay replay = new io.bedside.app.window.AppWorkbench(null, null, null).openRecording(gz);
        assertEquals(M, replay.size());
        assertEquals(1, replay.pinned().length, "only the first sample brings anything the views gather (the demo repeats)");
        // the edges of the window (449, 450, 451), both ends, and back to the start
        for (int at : new int[] {0, 1, Replay.WINDOW - 1, Replay.WINDOW, Replay.WINDOW + 1, M - 1, 3}) {
            List<Sample> upTo = replay.upTo(at);
            // what a live session would hold at that sample: its history's bounds (count and heap)
            io.bedside.model.session.SampleHistory live = new io.bedside.model.session.SampleHistory();
            whole.subList(0, at + 1).forEach(live::add);
            int first = at + 1 - live.size();
            List<Sample> expected = new ArrayList<>();
            if (first > 0) {
                expected.add(whole.get(0));
            }
            expected.addAll(whole.subList(first, at + 1));
            assertEquals(expected.size(), upTo.size(), "at " + at);
            for (int k = 0; k < expected.size(); k++) {
                assertEquals(expected.get(k).sampledAt(), upTo.get(k).sampledAt(), "at " + at);
                assertEquals(expected.get(k).output(), upTo.get(k).output(), "at " + at + ", sample " + k + " parsed as in one pass");
            }
            assertTrue(replay.cached() <= Replay.WINDOW + 40, "kept " + replay.cached());
            assertEquals(whole.get(at).sampledAt(), replay.sampledAt(at));
        }
        // a step forward parses the one new sample; a step back parses none or one
        // (a position before the last window, so what it shows was let go)
        int back = M - Replay.WINDOW - 30;
        replay.upTo(M - 1);
        replay.upTo(back);
        int before = replay.parses();
        replay.upTo(back + 1);
        assertEquals(before + 1, replay.parses(), "a step forward parses one sample");
        replay.upTo(back);
        assertTrue(replay.parses() - before <= 2, "a step back parses at most one more: " + (replay.parses() - before));
        replay.close();
    }

    @Test
    void aCutLastMemberOpensAndSaysSo() throws IOException {
        Path gz = dir.resolve("cut.jsonl.gz");
        DayRecordings.write(20, gz);
        long size = Files.size(gz);
        try (RandomAccessFile f = new RandomAccessFile(gz.toFile(), "rw")) {
            f.setLength(size - 300); // inside the last sample's member
        }
        Recording r = RecordingFiles.openStored(gz);
        assertEquals(19, r.samples().size());
        assertTrue(r.cut().orElseThrow().contains("ends abruptly after sample 19"), r.cut().toString());
        Replay replay = new Replay(r, ((StoredSamples) r.samples()).store());
        assertEquals(sample(18).receivedAt(), replay.upTo(18).get(18).sampledAt());
        assertEquals(sample(18), r.samples().get(18));
    }

    @Test
    void filesThatAreNoRecordingAreRefusedInOneSentenceNamingThem() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.jsonl.gz"));
        assertEquals("The recording " + empty + " is empty: its recorder was stopped before it wrote anything.",
                assertThrows(IOException.class, () -> RecordingFiles.openStored(empty)).getMessage());
        Path text = Files.writeString(dir.resolve("notes.jsonl.gz"), "hello\n");
        assertEquals(text + " is not a Bedside recording (it is not gzip-compressed).",
                assertThrows(IOException.class, () -> RecordingFiles.openStored(text)).getMessage());
        Path missing = dir.resolve("missing.jsonl.gz");
        assertTrue(assertThrows(IOException.class, () -> RecordingFiles.openStored(missing)).getMessage().contains(missing.toString()));
    }

    @Test
    void aRecordingChangedAfterOpeningIsSaidInOneSentence() throws IOException {
        Path gz = dir.resolve("r.jsonl.gz");
        DayRecordings.write(30, gz);
        Recording r = RecordingFiles.openStored(gz);
        Files.write(gz, new byte[] {0x1f, (byte) 0x8b});
        var e = assertThrows(java.io.UncheckedIOException.class, () -> r.samples().get(25));
        assertTrue(e.getMessage().startsWith("The recording " + gz + " changed since it was opened"), e.getMessage());
    }

    /**
     * A day's recording (43,200 samples at 2 s; {@code -Dbedside.replay.samples} changes it) opened the
     * way the window opens it, in a JVM with a 256 MiB heap, moved to its start, middle and end. The
     * file is kept in target/ between runs.
     */
    @Test
    void aDaysRecordingOpensAndMovesInASmallHeap() throws Exception {
        int n = Integer.getInteger("bedside.replay.samples", 3_000);
        String heap = System.getProperty("bedside.replay.heap", "256m");
        Path file = Files.createDirectories(Path.of("target", "replay")).resolve("day-" + n + ".jsonl.gz");
        if (!Files.exists(file)) {
            DayRecordings.write(n, file);
        }
        List<String> cmd = List.of("/usr/bin/time", "-v", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), ReplayHeapProbe.class.getName(), file.toString());
        Path log = Files.createTempFile(dir, "probe", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.MINUTES));
        String out = Files.readString(log);
        System.out.println(out.lines().filter(l -> !l.startsWith("\t") || l.contains("Maximum resident") || l.contains("Elapsed"))
                .reduce("", (a, b) -> a + b + "\n"));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("opened " + n + " samples"), out);
        assertTrue(out.contains("\nok\n"), out);
        assertFalse(out.contains("OutOfMemoryError"), out);
    }
}
