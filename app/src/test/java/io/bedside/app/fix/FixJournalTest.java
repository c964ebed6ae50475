package io.bedside.app.fix;

import io.bedside.app.recording.RecordingFiles;
import io.bedside.model.fix.AppliedFix;
import io.bedside.model.fix.FixReport;
import io.bedside.model.recording.Recording;
import io.bedside.model.probe.RawSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FixJournalTest {
    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    private static AppliedFix fix(String id, String host, Instant at, boolean dry) {
        return new AppliedFix(id, "Title of " + id, host, "ops@" + host + ":22", "ops", at, at.plusSeconds(3), dry,
                dry ? FixReport.Verification.NOT_RUN : FixReport.Verification.PASSED, List.of("line 1"),
                List.of(new AppliedFix.Step("change", "Remove x", "ipcrm -s 5", "done", 0, "Done.")),
                Optional.of(new RawSample(at, 5, "@@bedside:probe version=1\n", "")), Optional.empty(), List.of());
    }

    @Test
    void findsTheHostsFixesInTheWindowWithTheirAuditLog(@TempDir Path root) throws Exception {
        SessionFiles a = new SessionFiles(root.resolve("db-07-20261123-100000"));
        SessionFiles b = new SessionFiles(root.resolve("web-1-20261123-100000"));
        FixJournal.append(a, fix("ipc.sem.remove-orphans", "db-07", T.plusSeconds(10), false));
        FixJournal.append(a, fix("ipc.sem.remove-orphans", "db-07", T.plusSeconds(20), true));   // a dry run
        FixJournal.append(a, fix("ipc.sem.raise-limit", "db-07", T.plusSeconds(4000), false));  // outside the window
        FixJournal.append(b, fix("ipc.sem.remove-orphans", "web-1", T.plusSeconds(10), false)); // another host
        AuditLog log = new AuditLog(a.auditLog());
        log.record(T.plusSeconds(11), "ops@db-07:22", "ops (sudo)", "ipc.sem.remove-orphans", "change", "ipcrm -s 5", 0, "ok", false);
        log.record(T.plusSeconds(30), "ops@db-07:22", "ops (sudo)", "ipc.sem.remove-orphans", "change", "ipcrm -s 6", 0, "ok", false);
        // the app was killed in the middle of a line
        Files.writeString(a.fixJournal(), "{\"fix\":\"cut", java.nio.file.StandardOpenOption.APPEND);

        List<AppliedFix> found = FixJournal.find(root, "db-07", T, T.plusSeconds(3600));
        assertEquals(1, found.size(), found.toString());
        AppliedFix f = found.get(0);
        assertEquals("ipc.sem.remove-orphans", f.fixId());
        assertEquals(1, f.audit().size(), "only the commands within its start and finish");
        assertEquals("ipcrm -s 5", f.audit().get(0).command());
        assertTrue(f.before().isPresent() && f.after().isEmpty());
        assertEquals(List.of(), FixJournal.find(root.resolve("nowhere"), "db-07", T, T.plusSeconds(3600)));
    }

    @Test
    void aRecordingKeepsItsFixesThroughWriteAndRead(@TempDir Path dir) throws Exception {
        AppliedFix f = fix("proc.pipe.drain", "db-07", T.plusSeconds(5), false);
        Recording rec = new Recording("db-07", T, "d", List.of(new RawSample(T.plusSeconds(1), 4, "@@bedside:probe version=1\n", "")),
                List.of(f));
        Path file = dir.resolve("r.jsonl.gz");
        RecordingFiles.write(rec, file);
        Recording back = RecordingFiles.read(file);
        assertEquals(1, back.samples().size());
        assertEquals(List.of(f), back.fixes());
    }
}
