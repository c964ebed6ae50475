package io.bedside.app.recording;

import io.bedside.model.recording.Recording;
import io.bedside.model.recording.Replay;
import io.bedside.model.probe.RawSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordingFilesTest {

    @Test
    void bundledDemoReplaysThroughTheSameParsers() throws IOException {
        List<BundledRecordings.Demo> demos = BundledRecordings.list();
        assertFalse(demos.isEmpty());
        for (BundledRecordings.Demo d : demos) {
            Replay r = new Replay(BundledRecordings.open(d.id()));
            assertTrue(r.size() >= 10, d.id());
            assertTrue(r.samples().stream().allMatch(s -> s.output().complete() && s.problems().isEmpty()), d.id());
            assertTrue(r.samples().stream().allMatch(s -> s.memory().isPresent()), d.id());
        }
        Replay surge = new Replay(BundledRecordings.open("lab-memory-surge"));
        long min = surge.samples().stream().mapToLong(s -> s.memory().get().orElseThrow().memAvailableKb().getAsLong()).min().orElseThrow();
        long max = surge.samples().stream().mapToLong(s -> s.memory().get().orElseThrow().memAvailableKb().getAsLong()).max().orElseThrow();
        assertTrue(max - min > 2L * 1024 * 1024, "the demo shows a surge of more than 2 GiB: " + (max - min) + " kB");
        assertThrows(IOException.class, () -> BundledRecordings.open("../../etc/passwd"));
        assertThrows(IOException.class, () -> BundledRecordings.open("no-such-demo"));
    }

    @Test
    void bundledIncidentDemosShowTheIncidentAndItsFix() throws IOException {
        assertIncidentThenClear("seed000-semaphores-full", "ipc.sem.exhausted");
        assertIncidentThenClear("seed001-shm-leak", "ipc.shm.exhausted");
        Replay oom = new Replay(BundledRecordings.open("seed003-oom-kill"));
        io.bedside.model.findings.Diagnosis d = new io.bedside.model.findings.Diagnosis(
                io.bedside.model.playbooks.Playbooks.allRules());
        var last = oom.samples().get(oom.size() - 1);
        assertTrue(d.run(last, oom.samples()).stream().filter(f -> f.id().equals("mem.oom.killed"))
                .flatMap(f -> f.subjects().stream())
                .anyMatch(s -> "21639".equals(String.valueOf(s.get("pid"))) && "bedside-victim".equals(s.get("comm"))),
                "the demo's kill of bedside-victim (pid 21639) is reported");
        Replay cw = new Replay(BundledRecordings.open("seed004-closewait-pipe"));
        boolean pile = false;
        boolean blocked = false;
        for (int i = 0; i < cw.size(); i++) {
            for (var f : d.run(cw.samples().get(i), cw.upTo(i))) {
                pile |= f.id().equals("net.closewait.pileup");
                blocked |= f.id().equals("proc.blocked-on-pipe") && "2".equals(String.valueOf(f.subjects().get(0).get("fd")));
            }
        }
        assertTrue(pile && blocked, "the demo shows the CLOSE_WAIT pile-up and the workers blocked on fd 2");
        var end = cw.samples().get(cw.size() - 1);
        assertTrue(d.run(end, cw.samples()).stream().noneMatch(f -> f.id().equals("net.closewait.pileup")),
                "after the drain the pile is gone");
    }

    private static void assertIncidentThenClear(String id, String findingId) throws IOException {
        Replay r = new Replay(BundledRecordings.open(id));
        io.bedside.model.findings.Diagnosis d = new io.bedside.model.findings.Diagnosis(
                io.bedside.model.playbooks.Playbooks.allRules());
        boolean seen = false;
        for (int i = 0; i < r.size(); i++) {
            var s = r.samples().get(i);
            seen |= d.run(s, r.upTo(i)).stream().anyMatch(f -> f.id().equals(findingId)
                    && f.severity() == io.bedside.model.findings.Severity.CRITICAL);
        }
        assertTrue(seen, id + " shows " + findingId);
        var last = r.samples().get(r.size() - 1);
        assertTrue(d.run(last, r.samples()).stream().noneMatch(f -> f.severity() != io.bedside.model.findings.Severity.INFO),
                id + " ends healthy");
    }

    @Test
    void roundTripsAndSurvivesACutOffLastLine(@TempDir Path tmp) throws IOException {
        Recording rec = new Recording("h", Instant.parse("2026-11-23T10:00:00Z"), "d", List.of(
                new RawSample(Instant.parse("2026-11-23T10:00:00Z"), 5, "@@bedside:probe version=1\n@@bedside:end elapsed_ns=1\n", ""),
                new RawSample(Instant.parse("2026-11-23T10:00:02Z"), 6, "second", "warn\n")));
        Path f = tmp.resolve("r.jsonl");
        RecordingFiles.write(rec, f);
        assertEquals(rec, RecordingFiles.read(f));
        Path gz = tmp.resolve("r.jsonl.gz");
        RecordingFiles.write(rec, gz);
        assertEquals(rec, RecordingFiles.read(gz));
        // the app was killed mid-write: the samples before the cut are kept
        String text = Files.readString(f);
        assertTrue(text.endsWith(RecordingFiles.END_LINE), "a closed recording ends with its end mark");
        Files.writeString(f, text.substring(0, text.length() - RecordingFiles.END_LINE.length() - 10));
        assertEquals(1, RecordingFiles.read(f).samples().size());
    }

    @Test
    void notARecordingIsOneSentence(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("x.jsonl");
        Files.writeString(f, "hello\n");
        assertEquals(f + " is not a Bedside recording.", assertThrows(IOException.class, () -> RecordingFiles.read(f)).getMessage());
        assertTrue(assertThrows(IOException.class, () -> RecordingFiles.read(tmp.resolve("missing.jsonl"))).getMessage()
                .endsWith("does not exist or cannot be read."));
    }

    /**
     * A recorder killed with SIGKILL leaves a gzip stream without its trailer, cut wherever the
     * kill fell. Every cut point of a real recorder's file reads: the samples before it, in order,
     * and a sentence that says the recording ends abruptly; never "Unexpected end of ZLIB input stream".
     */
    @Test
    void aGzipRecordingCutAnywhereReadsUpToTheCutAndSaysSo(@TempDir Path tmp) throws IOException {
        Path gz = tmp.resolve("killed.jsonl.gz");
        List<RawSample> written = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(42);
        java.io.Writer w = RecordingFiles.create(gz);
        w.write(RecordingFiles.headerLine("lab-host", Instant.parse("2026-11-23T10:00:00Z"), "killed"));
        w.flush();
        long[] sizeAfter = new long[40];
        for (int i = 0; i < sizeAfter.length; i++) {
            // varied, poorly compressible output, so samples span several deflate blocks
            StringBuilder out = new StringBuilder("@@bedside:probe version=1\n");
            for (int k = 0; k < 50 + random.nextInt(400); k++) {
                out.append(Long.toHexString(random.nextLong())).append(' ').append(k).append('\n');
            }
            RawSample r = new RawSample(Instant.parse("2026-11-23T10:00:00Z").plusSeconds(2L * i), i, out.toString(), "");
            w.write(RecordingFiles.sampleLine(r));
            w.flush();
            written.add(r);
            sizeAfter[i] = Files.size(gz);
        }
        // the process dies here: no close, no gzip trailer
        byte[] bytes = Files.readAllBytes(gz);
        Path copy = tmp.resolve("copy.jsonl.gz");
        Files.write(copy, bytes);
        Recording whole = RecordingFiles.read(copy);
        assertEquals(written, whole.samples(), "every flushed sample is read back");
        assertEquals("The recording " + copy + " ends abruptly after sample 40 (its recorder was stopped without closing it);"
                + " the 40 samples before are used.", whole.cut().orElseThrow(),
                "every sample ended its gzip member, but the end mark a closed recording has is missing");
        int previous = 0;
        for (int cut = 12; cut < bytes.length; cut += 1 + random.nextInt(97)) {
            Files.write(copy, java.util.Arrays.copyOf(bytes, cut));
            int flushed = 0;
            while (flushed < sizeAfter.length && sizeAfter[flushed] <= cut) {
                flushed++;
            }
            if (flushed == 0 && cut < sizeAfter[0] - 8) {   // (in its last 8 bytes only the trailer is lost)
                String msg = assertThrows(IOException.class, () -> RecordingFiles.read(copy)).getMessage();
                assertTrue(msg.startsWith("The recording " + copy + " holds no samples"), msg);
                continue;
            }
            Recording r = RecordingFiles.read(copy);
            int n = r.samples().size();
            assertTrue(n >= flushed && n >= previous, "cut at " + cut + ": " + n + " samples, " + flushed + " were flushed");
            assertEquals(written.subList(0, n), r.samples(), "cut at " + cut);
            assertTrue(r.cut().orElseThrow().contains("ends abruptly after sample " + n + " "), r.cut().orElseThrow());
            previous = n;
        }
        // closed properly: whole, and not called cut
        w.close();
        Recording closed = RecordingFiles.read(gz);
        assertEquals(written, closed.samples());
        assertTrue(closed.cut().isEmpty());
    }

    @Test
    void aFileThatIsNoRecordingOrEmptyIsOneSentenceNamingIt(@TempDir Path tmp) throws IOException {
        Path plain = tmp.resolve("plain.jsonl.gz");
        Files.writeString(plain, "not gzip at all\n");
        assertEquals(plain + " is not a Bedside recording (it is not gzip-compressed).",
                assertThrows(IOException.class, () -> RecordingFiles.read(plain)).getMessage());
        Path empty = tmp.resolve("empty.jsonl.gz");
        Files.write(empty, new byte[0]);
        assertEquals("The recording " + empty + " is empty: its recorder was stopped before it wrote anything.",
                assertThrows(IOException.class, () -> RecordingFiles.read(empty)).getMessage());
        Path dir = Files.createDirectory(tmp.resolve("dir.jsonl"));
        assertTrue(assertThrows(IOException.class, () -> RecordingFiles.read(dir)).getMessage().contains(dir.toString()));
    }

    @Test
    void aStreamedRecordingIsReadAgainOnEveryPass(@TempDir Path tmp) throws IOException {
        Recording rec = BundledRecordings.open("lab-memory-surge");
        Path gz = tmp.resolve("surge.jsonl.gz");
        RecordingFiles.write(rec, gz);
        io.bedside.model.recording.RecordedSamples f = RecordingFiles.open(gz);
        assertEquals(rec.source(), f.source());
        assertEquals(rec.startedAt(), f.startedAt());
        for (int pass = 0; pass < 2; pass++) {
            List<RawSample> seen = new java.util.ArrayList<>();
            var p = f.forEach(seen::add);
            assertEquals(rec.samples(), seen);
            assertEquals(rec.samples().size(), p.samples());
            assertTrue(p.cut().isEmpty());
        }
    }
}
