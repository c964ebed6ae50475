package io.bedside.app.window;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bedside.app.Sources;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.LabCli;
import io.bedside.app.lab.WithLab;
import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixReport;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.port.Prompter;
import io.bedside.model.sample.Sample;
import io.bedside.model.session.SamplingSession;
import io.bedside.model.session.SessionListener;
import io.bedside.model.session.SessionStatus;
import io.bedside.model.ssh.SshOptions;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * File descriptors running out, staged for real in a lab host (lab/incidents/fd-leak.sh): a process
 * leaking sockets and pipes under a soft limit of 256 (hard 4096), watched by a live session through
 * the lab's sshd until it is a leak and near its limit, its limit raised to 1024 by the fix the CLI
 * and the window run (dry run, the change, verification, rollback); and the machine's fs.file-max
 * lowered for a moment under a table a process of uid 65534 filled until ENFILE, found by
 * {@code diagnose} and raised by {@code fix}. Every change is undone in finally by the script's --reset.
 */
@WithLab
class FdIncidentLabTest {
    private final LabCli cli = new LabCli();

    private static Finding find(List<Finding> fs, String id) {
        return fs.stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " in " + fs.stream().map(Finding::id).toList()));
    }

    private static Subject subject(Finding f, int pid) {
        return f.subjects().stream().filter(s -> Integer.valueOf(pid).equals(s.get("pid"))).findFirst()
                .orElseThrow(() -> new AssertionError("no pid " + pid + " in " + f.subjects()));
    }

    @Test
    void aLeakingProcessIsALeakThenNearItsLimitAndTheLimitIsRaisedAndRolledBack(Lab lab) throws Exception {
        String made = LabCli.incident(lab, "fd-leak.sh", "--rate", "4");
        try {
            Matcher m = Pattern.compile("leaker pid (\\d+)").matcher(made);
            assertTrue(m.find(), made);
            int pid = Integer.parseInt(m.group(1));
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
                session.setPrivileged(true);
                session.start();
                AppFixService fixes = new AppFixService(session, Clock.systemUTC());
                // watch it grow: full samples every 10 s, light ones between
                Instant until = Instant.now().plus(Duration.ofSeconds(48));
                Finding leak = null;
                Sample latest = null;
                while (Instant.now().isBefore(until)) {
                    latest = samples.poll(30, TimeUnit.SECONDS);
                    assertNotNull(latest, "a sample arrived");
                }
                List<Finding> fs = new Diagnosis(Playbooks.allRules()).run(latest, session.history());
                leak = find(fs, "proc.fd.leak");
                Subject l = subject(leak, pid);
                assertEquals("bedside-leaker", l.get("comm"));
                assertEquals("socket", l.get("fd_kind"), "sockets grow most");
                @SuppressWarnings("unchecked")
                Map<String, Integer> kinds = (Map<String, Integer>) l.get("fd_kinds");
                assertTrue(kinds.containsKey("pipe") && kinds.get("socket") > kinds.get("pipe"), kinds.toString());
                assertTrue((int) l.get("fds_now") - (int) l.get("fds_first") >= 100, l.toString());
                assertTrue((int) l.get("samples") >= 3, l.toString());
                double perMinute = (double) l.get("per_minute");
                assertTrue(perMinute > 150 && perMinute < 400, "4 a second, give or take the sleeps: " + perMinute);
                assertEquals(Severity.CRITICAL, leak.severity(), "at ~240/min it reaches 256 within the half hour");

                // it stops at 235 of 256: near the limit (92%, a warning)
                Sample s = null;
                for (int i = 0; i < 30; i++) {
                    session.sampleNow();
                    s = samples.poll(30, TimeUnit.SECONDS);
                    var p = io.bedside.model.sockets.SocketSnapshot.of(s).fds().get().flatMap(t -> t.process(pid));
                    if (p.isPresent() && p.get().fdCount().isPresent() && p.get().fdCount().getAsInt() >= 234
                            && !s.output().carried().containsKey("proc-fds")) {
                        break;
                    }
                    Thread.sleep(2000);
                }
                Finding near = find(new Diagnosis(Playbooks.allRules()).run(s, session.history()), "proc.fd.near-limit");
                Subject n = subject(near, pid);
                assertEquals(256L, n.get("limit"));
                assertEquals(4096L, n.get("hard_limit"));
                assertTrue((long) n.get("percent") >= 90, n.toString());
                // this process's own severity: another process on this shared machine may be nearer its limit
                assertEquals(Severity.WARNING.token(), n.get("severity"), n.toString());
                FixOffer offer = near.fixes().stream().filter(f -> f.fixId().equals("proc.fd.raise-limit")).findFirst().orElseThrow();
                Map<String, String> leakers = Map.of("pid", Integer.toString(pid), "nofile", "1024:4096");
                if (!offer.params().get("pid").equals(Integer.toString(pid))) {
                    // the rule offers the raise for its worst process; on this shared machine that can be another lab
                    // test's (seed 004's server runs at its soft limit): the leaker's is what the rule makes for it
                    System.err.println("FdIncidentLabTest: the finding's raise is for pid " + offer.params().get("pid")
                            + ", nearer its limit; the leaker's own is checked");
                    var leaker = io.bedside.model.sockets.SocketSnapshot.of(s).fds().get().flatMap(t -> t.process(pid)).orElseThrow();
                    var nrOpen = s.part(io.bedside.model.fds.FdsSnapshot.class).table().get()
                            .flatMap(t -> t.nrOpen().isPresent() ? Optional.of(t.nrOpen().getAsLong()) : Optional.empty());
                    assertEquals(Optional.of("1024:4096"), io.bedside.model.fds.FdsFixPlans.proposedNofile(leaker, nrOpen));
                    offer = new FixOffer("proc.fd.raise-limit", leakers);
                }
                assertEquals(leakers, offer.params());

                // the CLI previews and dry-runs the same plan
                String cfg = lab.sshConfig().toString();
                assertEquals(0, cli.run("fix", "-F", cfg, lab.alias(), "proc.fd.raise-limit", "pid=" + pid, "nofile=1024:4096",
                        "--sudo", "--dry-run"), cli.both());
                assertTrue(lab.exec("grep 'open files' /proc/" + pid + "/limits").contains(" 256 "), "a dry run changes nothing");

                FixPlan plan = fixes.plan("proc.fd.raise-limit", s, offer.params());
                FixReport dry = fixes.run(plan, true, false, r -> { });
                assertEquals(FixReport.Verification.NOT_RUN, dry.verification());
                FixReport real = fixes.run(plan, false, false, r -> { });
                assertEquals(FixReport.Verification.PASSED, real.verification(), real.toString());
                assertTrue(lab.exec("grep 'open files' /proc/" + pid + "/limits").matches("(?s)Max open files +1024 +4096 .*"),
                        "the kernel took it");
                FixReport undo = fixes.rollback(plan, r -> { });
                assertEquals(FixReport.Verification.PASSED, undo.verification(), undo.toString());
                assertTrue(lab.exec("grep 'open files' /proc/" + pid + "/limits").matches("(?s)Max open files +256 +4096 .*"));
            } finally {
                session.close();
            }
        } finally {
            LabCli.incident(lab, "fd-leak.sh", "--reset");
        }
    }

    @Test
    void aNearlyFullSystemTableIsFoundAndFileMaxRaised(Lab lab) throws Exception {
        String before = lab.exec("cat /proc/sys/fs/file-max").trim();
        try {
            String made = LabCli.incident(lab, "fd-leak.sh", "--file-max", "--margin", "10000");
            assertTrue(made.contains("met ENFILE"), made);
            String cfg = lab.sshConfig().toString();
            cli.run("diagnose", "-F", cfg, lab.alias(), "--sudo", "--json");
            JsonNode diag = new ObjectMapper().readTree(cli.out());
            JsonNode table = null;
            for (JsonNode f : diag.get("findings")) {
                if (f.get("id").asText().equals("fd.system.exhausted")) {
                    table = f;
                }
            }
            assertNotNull(table, made + "\n" + diag.get("findings"));
            JsonNode sub = table.get("subjects").get(0);
            long max = sub.get("file_max").asLong();
            assertTrue(made.contains(" to " + max + " "), made + " / " + sub);
            assertTrue(sub.get("file_nr").asLong() >= max * 90 / 100, sub.toString());
            assertEquals("warning", table.get("severity").asText(), "the opener left 4% free");
            assertEquals(0, cli.run("fix", "-F", cfg, lab.alias(), "fd.raise-file-max", "--sudo", "--yes"), cli.both());
            assertTrue(cli.out().contains("Verification: PASSED"), cli.out());
            long raised = Long.parseLong(lab.exec("cat /proc/sys/fs/file-max").trim());
            assertTrue(raised >= 2 * max, raised + " after " + max);
        } finally {
            LabCli.incident(lab, "fd-leak.sh", "--reset");
            assertEquals(before, lab.exec("cat /proc/sys/fs/file-max").trim(), "the machine's fs.file-max is back");
        }
    }
}
