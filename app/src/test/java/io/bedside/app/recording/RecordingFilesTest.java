package io.bedside.app.recording;

import io.bedside.model.recording.Recording;
import io.bedside.model.recording.Replay;
import io.bedside.model.session.RawSample;
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
                io.bedside.model.findings.Playbooks.allRules());
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
                io.bedside.model.findings.Playbooks.allRules());
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
        Files.writeString(f, text.substring(0, text.length() - 10));
        assertEquals(1, RecordingFiles.read(f).samples().size());
    }

    @Test
    void notARecordingIsOneSentence(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("x.jsonl");
        Files.writeString(f, "hello\n");
        assertEquals("x.jsonl is not a Bedside recording.", assertThrows(IOException.class, () -> RecordingFiles.read(f)).getMessage());
        assertTrue(assertThrows(IOException.class, () -> RecordingFiles.read(tmp.resolve("missing.jsonl"))).getMessage()
                .endsWith("does not exist or cannot be read."));
    }
}
