package io.bedside.app.window;

import io.bedside.app.Sources;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.WithLab;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixReport;
import io.bedside.model.fix.StepResult;
import io.bedside.model.port.Prompter;
import io.bedside.model.port.TransportException;
import io.bedside.model.sample.Sample;
import io.bedside.model.session.SamplingSession;
import io.bedside.model.session.SessionListener;
import io.bedside.model.session.SessionStatus;
import io.bedside.model.ssh.SshOptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window's fix port, as the app implements it, on a live session to a lab host with seed 000 staged. */
@WithLab
class AppFixServiceLabTest {

    private static Sample nextSample(BlockingQueue<Sample> q) throws InterruptedException {
        q.clear();
        Sample s = q.poll(30, TimeUnit.SECONDS);
        assertNotNull(s, "a sample arrived");
        return s;
    }

    @Test
    void removesOnlyTheOrphansThroughTheLiveSessionWithSudo(Lab lab) throws Exception {
        Process inc = new ProcessBuilder(lab.script().getParent().resolve("incidents/sem-exhaustion.sh").toString(),
                Long.toString(lab.nsPid()), "--semmni", "16").redirectErrorStream(true).start();
        String made = new String(inc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(inc.waitFor(120, TimeUnit.SECONDS) && inc.exitValue() == 0, made);
        SshOptions o = new SshOptions(Optional.of(lab.sshConfig().toString()), OptionalInt.empty(), Optional.empty(),
                List.of(), Optional.empty(), Map.of());
        SamplingSession session = Sources.system(o).session(lab.alias(), Prompter.REFUSE_ALL);
        BlockingQueue<Sample> samples = new LinkedBlockingQueue<>();
        session.addListener(new SessionListener() {
            @Override
            public void onSample(Sample sample) {
                samples.add(sample);
            }

            @Override
            public void onStatus(SessionStatus status) {
            }
        });
        try {
            session.start();
            AppFixService fixes = new AppFixService(session, Clock.systemUTC());
            Sample first = nextSample(samples);
            assertEquals(lab.hostname(), fixes.hostName());
            // administrative access off: owners cannot be checked, so there is nothing to remove yet
            assertTrue(!fixes.administrativeAccess());
            assertThrows(IllegalArgumentException.class, () -> fixes.plan("ipc.sem.remove-orphans", first, Map.of()));

            session.setPrivileged(true);
            session.sampleNow();
            Sample s = nextSample(samples);
            assertTrue(fixes.administrativeAccess());
            FixPlan plan = fixes.plan("ipc.sem.remove-orphans", s, Map.of());
            assertTrue(plan.needsRoot());
            List<StepResult> seen = new ArrayList<>();
            FixReport dry = fixes.run(plan, true, false, seen::add);
            assertEquals(FixReport.Verification.NOT_RUN, dry.verification());
            assertEquals(16, lab.exec("cat /proc/sysvipc/sem").lines().count() - 1, "a dry run changes nothing");

            FixReport real = fixes.run(plan, false, false, seen::add);
            assertEquals(FixReport.Verification.PASSED, real.verification(), real.toString());
            assertEquals(2, lab.exec("cat /proc/sysvipc/sem").lines().count() - 1, "only the live service's arrays remain");
            List<String> audit = Files.readAllLines(fixes.auditLog());
            assertTrue(audit.stream().anyMatch(l -> l.contains("ipcrm -s") && l.contains("\"exitStatus\":0")
                    && l.contains("(sudo)")), audit.toString());
            assertTrue(audit.stream().noneMatch(l -> l.contains(lab.password())), "no secret in the audit log");

            // raise the limit, then roll it back
            FixPlan raise = fixes.plan("ipc.sem.raise-limit", nextSample(samples), Map.of());
            assertEquals(FixReport.Verification.PASSED, fixes.run(raise, false, false, r -> { }).verification());
            assertEquals("256", lab.exec("cat /proc/sys/kernel/sem").trim().split("\\s+")[3], "16 + 128 rounded up to a multiple of 128");
            assertTrue(raise.reversible());
            FixReport undo = fixes.rollback(raise, r -> { });
            assertEquals(FixReport.Verification.PASSED, undo.verification(), undo.toString());
            assertEquals("16", lab.exec("cat /proc/sys/kernel/sem").trim().split("\\s+")[3]);

            // File > Export report of this live session: the three fixes (not the dry run) with before and after
            nextSample(samples);
            java.util.List<io.bedside.model.probe.RawSample> raw = session.rawHistory();
            assertEquals(session.history().size(), raw.size(), "a raw output for every sample in the history");
            io.bedside.model.recording.Recording rec = new io.bedside.model.recording.Recording(session.source(),
                    raw.get(0).receivedAt(), "Session exported from the window", raw);
            java.nio.file.Path dir = Files.createTempDirectory("bedside-window-report");
            AppWorkbench workbench = new AppWorkbench(Sources.system(o), io.bedside.app.ssh.SshResolver.system(),
                    new io.bedside.app.settings.RecentHosts(dir.resolve("recent")));
            workbench.exportReport(rec, dir.resolve("report"), false);
            com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(dir.resolve("report/evidence.json").toFile());
            List<String> ran = new ArrayList<>();
            json.get("fixes").forEach(f -> ran.add(f.get("fix").asText() + " " + f.get("verification").asText()));
            assertEquals(List.of("ipc.sem.remove-orphans PASSED", "ipc.sem.raise-limit PASSED", "ipc.sem.raise-limit.rollback PASSED"),
                    ran, "the fixes of this session, in order, without the dry run");
            assertTrue(json.get("fixes").get(0).get("changes").toString()
                    .contains("Semaphore arrays: 16 of 16 (SEMMNI), none free"), json.get("fixes").get(0).get("changes").toString());
            assertTrue(json.get("auditLog").toString().contains("ipcrm -s"));
            assertTrue(!Files.readString(dir.resolve("report/report.html")).contains(lab.password()), "no secret in the report");
        } finally {
            session.close();
            new ProcessBuilder(lab.script().getParent().resolve("incidents/sem-exhaustion.sh").toString(),
                    Long.toString(lab.nsPid()), "--reset").start().waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDroppedConnectionIsOneSentence(Lab lab) {
        SshOptions o = new SshOptions(Optional.of(lab.sshConfig().toString()), OptionalInt.empty(), Optional.empty(),
                List.of(), Optional.empty(), Map.of());
        SamplingSession session = Sources.system(o).session(lab.alias(), Prompter.REFUSE_ALL);
        AppFixService fixes = new AppFixService(session, Clock.systemUTC());
        TransportException e = assertThrows(TransportException.class, () -> fixes.run(
                new FixPlan("x", "x", List.of(), List.of(), List.of()), true, false, r -> { }));
        assertTrue(e.getMessage().contains("is down"), e.getMessage());
        session.close();
    }
}
