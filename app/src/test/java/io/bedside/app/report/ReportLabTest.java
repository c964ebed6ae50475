package io.bedside.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.LabCli;
import io.bedside.app.lab.WithLab;
import io.bedside.app.recording.RecordingFiles;
import io.bedside.model.fix.AppliedFix;
import io.bedside.model.recording.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report of a live lab host, end to end: seed 000 staged for real, a recording running while
 * the remove-orphans fix is applied from another "terminal", then the report of that recording and
 * of the live host. The fix is in both with its verification, the host before and after it, and the
 * audit log of every command; the JSON validates; Chromium renders it; redaction leaves no host
 * name, user or address behind.
 */
@WithLab
class ReportLabTest {

    @Test
    void reportOfARecordedIncidentAndItsFixAndOfTheLiveHost(Lab lab, @TempDir Path tmp) throws Exception {
        LabCli.incident(lab, "sem-exhaustion.sh", "--semmni", "24");
        try {
            String cfg = lab.sshConfig().toString();
            Path file = tmp.resolve("incident.jsonl.gz");
            LabCli recorder = new LabCli();
            CompletableFuture<Integer> recording = CompletableFuture.supplyAsync(() -> recorder.run(
                    "record", "-F", cfg, lab.alias(), "--sudo", "--interval", "1s", "--for", "14s", "-o", file.toString()));
            Thread.sleep(4_000);
            LabCli cli = new LabCli();
            assertEquals(0, cli.run("fix", "-F", cfg, lab.alias(), "ipc.sem.remove-orphans", "--sudo", "--yes"), cli.both());
            assertEquals(0, recording.get(60, TimeUnit.SECONDS), recorder.err());

            // the recording carries the fix it saw applied, with before and after and its audit log
            Recording rec = RecordingFiles.read(file);
            List<AppliedFix> fixes = rec.fixes().stream().filter(f -> f.fixId().equals("ipc.sem.remove-orphans")).toList();
            assertEquals(1, fixes.size(), "the recording carries the fix: " + rec.fixes());
            AppliedFix fix = fixes.get(0);
            assertEquals(lab.hostname(), fix.hostname());
            assertTrue(fix.before().isPresent() && fix.after().isPresent(), "the host before and after");
            assertTrue(fix.audit().stream().anyMatch(e -> e.kind().equals("change") && e.command().contains("ipcrm")
                    && e.exitStatus() == 0), fix.audit().toString());

            Path dir = tmp.resolve("report");
            assertEquals(0, cli.run("report", file.toString(), "-o", dir.toString()), cli.err());
            JsonNode json = ReportChecks.assertComplete(dir);
            JsonNode f = null;
            for (JsonNode x : json.get("fixes")) {
                if (x.get("fix").asText().equals("ipc.sem.remove-orphans")) {
                    f = x;
                }
            }
            assertTrue(f != null, json.get("fixes").toString());
            assertEquals("PASSED", f.get("verification").asText());
            String semmni = null;
            for (JsonNode c : f.get("changes")) {
                if (c.get("what").asText().equals("SEMMNI")) {
                    semmni = c.get("before").asText() + " -> " + c.get("after").asText();
                }
            }
            assertEquals("Semaphore arrays: 24 of 24 (SEMMNI), none free -> Semaphore arrays: 2 of 24 (SEMMNI), 22 free", semmni);
            assertTrue(json.get("auditLog").size() >= fix.audit().size());
            String html = Files.readString(dir.resolve(ReportWriter.HTML));
            assertTrue(html.contains("id=\"fix-ipc.sem.remove-orphans\""));
            assertTrue(html.contains("verified"));
            assertTrue(html.contains("class=\"marker\""), "the fix is marked on the charts");
            String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
            assertTrue(md.contains("| SEMMNI | Semaphore arrays: 24 of 24 (SEMMNI), none free | Semaphore arrays: 2 of 24 (SEMMNI), 22 free |"), md);
            ReportChecks.keep(dir, "lab-incident");
            ReportChecks.assertRendersInChromium(dir, Path.of("target", "screenshots", "report-lab-incident.png").toAbsolutePath(), true);

            // the live host, redacted: the fix comes from this machine's journal
            Path live = tmp.resolve("live");
            assertEquals(0, cli.run("report", "-F", cfg, lab.alias(), "--sudo", "--redact", "-o", live.toString()), cli.err());
            JsonNode lj = ReportChecks.assertComplete(live);
            assertTrue(lj.get("redacted").asBoolean());
            boolean found = false;
            for (JsonNode x : lj.get("fixes")) {
                found |= x.get("fix").asText().equals("ipc.sem.remove-orphans") && x.get("verification").asText().equals("PASSED");
            }
            assertTrue(found, "the live report has the fix from the local journal: " + lj.get("fixes"));
            Set<String> originals = new HashSet<>(List.of(lab.alias(), lab.hostname(), lab.user()));
            ReportChecks.keep(live, "lab-live-redacted");
            ReportChecks.assertRedacted(live, originals);
            assertFalse(Files.readString(live.resolve(ReportWriter.JSON)).contains(lab.password()), "no secret");
        } finally {
            LabCli.incident(lab, "sem-exhaustion.sh", "--reset");
            lab.exec("ipcs -s | awk '$2 ~ /^[0-9]+$/ {print $2}' | xargs -r -n1 ipcrm -s");
        }
    }
}
