package io.bedside.app.window;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bedside.app.Sources;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.LabCli;
import io.bedside.app.lab.WithLab;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixReport;
import io.bedside.model.port.Prompter;
import io.bedside.model.sample.Sample;
import io.bedside.model.session.SamplingSession;
import io.bedside.model.session.SessionListener;
import io.bedside.model.session.SessionStatus;
import io.bedside.model.ssh.SshOptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
 * The processes playbook's incidents staged for real in a lab host (lab/incidents/procs-pileup.sh)
 * and diagnosed and fixed through a real sshd with the commands an operator runs: a parent that
 * never reaps (proc.zombies, fixed by proc.signal on the parent), a cgroup filled to its pids.max
 * by a fork loop (proc.pids.exhausted, fixed by raising pids.max, then rolled back), and a thread
 * in D behind a FUSE mount whose daemon never answers (proc.stuck, from a recording).
 */
@WithLab
class ProcsIncidentLabTest {
    private final LabCli cli = new LabCli();

    private static List<JsonNode> findings(JsonNode diag, String id) {
        List<JsonNode> l = new ArrayList<>();
        diag.get("findings").forEach(f -> {
            if (f.get("id").asText().equals(id)) {
                l.add(f);
            }
        });
        return l;
    }

    private JsonNode diagnose(Lab lab, String source) throws Exception {
        if (source == null) {
            cli.run("diagnose", "-F", lab.sshConfig().toString(), lab.alias(), "--sudo", "--json");
        } else {
            cli.run("diagnose", source, "--json");
        }
        return new ObjectMapper().readTree(cli.out());
    }

    @Test
    void aParentThatNeverReapsIsFoundAndEndedItsZombiesReaped(Lab lab) throws Exception {
        String made = LabCli.incident(lab, "procs-pileup.sh", "--zombies", "25");
        try {
            Matcher m = Pattern.compile("parent pid (\\d+) zombies (\\d+)").matcher(made);
            assertTrue(m.find(), made);
            String pid = m.group(1);
            assertEquals("25", m.group(2), made);
            JsonNode diag = diagnose(lab, null);
            JsonNode z = findings(diag, "proc.zombies").stream().flatMap(f -> {
                List<JsonNode> s = new ArrayList<>();
                f.get("subjects").forEach(s::add);
                return s.stream();
            }).filter(s -> s.get("ppid").asText().equals(pid)).findFirst().orElse(null);
            assertNotNull(z, "the parent is reported: " + diag.get("findings"));
            assertEquals("bedside-reaper", z.get("comm").asText());
            assertEquals(25, z.get("zombies").asInt());
            assertTrue(z.get("oldest_age").asLong() >= 0);
            JsonNode f = findings(diag, "proc.zombies").get(0);
            assertTrue(f.get("fixes").toString().contains("\"pid\":\"" + pid + "\""), f.get("fixes").toString());

            String cfg = lab.sshConfig().toString();
            assertEquals(0, cli.run("fix", "-F", cfg, lab.alias(), "proc.signal", "pid=" + pid, "signal=TERM",
                    "--sudo", "--dry-run"), cli.both());
            assertTrue(lab.exec("test -d /proc/" + pid + " && echo alive").contains("alive"), "a dry run signals nothing");
            assertEquals(0, cli.run("fix", "-F", cfg, lab.alias(), "proc.signal", "pid=" + pid, "signal=TERM",
                    "--sudo", "--yes"), cli.both());
            assertTrue(cli.out().contains("Verification: PASSED"), cli.out());
            Thread.sleep(500);
            JsonNode after = diagnose(lab, null);
            assertTrue(findings(after, "proc.zombies").stream().noneMatch(x -> x.get("subjects").toString().contains("\"ppid\":" + pid)),
                    "the zombies went to init and were reaped: " + after.get("findings"));
            assertEquals("0", lab.exec("grep -l '^PPid:[[:space:]]*" + pid + "$' /proc/[0-9]*/status 2>/dev/null | wc -l").trim());
        } finally {
            LabCli.incident(lab, "procs-pileup.sh", "--reset");
        }
    }

    @Test
    void aCgroupFilledToItsPidsMaxIsRaisedVerifiedAndRolledBack(Lab lab) throws Exception {
        String made = LabCli.incident(lab, "procs-pileup.sh", "--pids", "16");
        try {
            Matcher m = Pattern.compile("cgroup (v[12]:/\\S+) pids.max 16 pids.current 16").matcher(made);
            assertTrue(m.find(), made);
            String ref = m.group(1);
            JsonNode diag = diagnose(lab, null);
            JsonNode f = findings(diag, "proc.pids.exhausted").stream()
                    .filter(x -> x.get("subjects").toString().contains(ref)).findFirst().orElse(null);
            assertNotNull(f, diag.get("findings").toString());
            assertEquals("critical", f.get("severity").asText());
            JsonNode s = null;
            for (JsonNode x : f.get("subjects")) {
                if (x.get("cgroup").asText().equals(ref)) {
                    s = x;
                }
            }
            assertNotNull(s);
            assertEquals("pids.max", s.get("limit").asText());
            assertEquals(16, s.get("used").asInt());
            assertEquals(16, s.get("max").asInt());
            assertTrue(s.get("refused_forks").asLong() >= 1, s.toString());

            String cfg = lab.sshConfig().toString();
            String file = (ref.startsWith("v1") ? "/sys/fs/cgroup/pids" : "/sys/fs/cgroup") + ref.substring(3) + "/pids.max";
            assertEquals(0, cli.run("fix", "-F", cfg, lab.alias(), "proc.pids.raise-limit", "cgroup=" + ref, "max=32", "--sudo", "--dry-run"),
                    cli.both());
            assertEquals("16", lab.exec("cat " + file).trim(), "a dry run changes nothing");

            // the window's fix port on a live session: apply, verify, roll back
            SshOptions o = new SshOptions(Optional.of(cfg), OptionalInt.empty(), Optional.empty(), List.of(), Optional.empty(), Map.of());
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
                session.setPrivileged(true);
                samples.poll(30, TimeUnit.SECONDS);
                samples.clear();
                session.sampleNow();
                Sample sample = samples.poll(30, TimeUnit.SECONDS);
                assertNotNull(sample);
                AppFixService fixes = new AppFixService(session, Clock.systemUTC());
                FixPlan plan = fixes.plan("proc.pids.raise-limit", sample, Map.of("cgroup", ref, "max", "32"));
                FixReport real = fixes.run(plan, false, false, r -> { });
                assertEquals(FixReport.Verification.PASSED, real.verification(), real.toString());
                assertEquals("32", lab.exec("cat " + file).trim());
                assertTrue(plan.reversible());
                FixReport undo = fixes.rollback(plan, r -> { });
                assertEquals(FixReport.Verification.PASSED, undo.verification(), undo.toString());
                assertEquals("16", lab.exec("cat " + file).trim());
            } finally {
                session.close();
            }
        } finally {
            LabCli.incident(lab, "procs-pileup.sh", "--reset");
        }
    }

    @Test
    void aThreadBehindASilentFuseDaemonIsStuckInARecording(Lab lab) throws Exception {
        String made = LabCli.incident(lab, "procs-pileup.sh", "--stuck", "120");
        Path rec = Files.createTempDirectory("bedside-procs-lab").resolve("stuck.jsonl.gz");
        try {
            Matcher m = Pattern.compile("stuck pid (\\d+) state D wchan (\\S+)").matcher(made);
            assertTrue(m.find(), made);
            String pid = m.group(1);
            assertEquals(0, cli.run("record", "-F", lab.sshConfig().toString(), lab.alias(), "--sudo", "--for", "25s", "-o", rec.toString()),
                    cli.both());
            // diagnose judges one sample; the report runs the rules over the recording's samples, as a replay does
            Path dir = rec.getParent().resolve("report");
            assertEquals(0, cli.run("report", rec.toString(), "-o", dir.toString()), cli.both());
            JsonNode evidence = new ObjectMapper().readTree(dir.resolve("evidence.json").toFile());
            JsonNode f = evidence.findParents("id").stream().filter(x -> x.get("id").asText().equals("proc.stuck")
                    && x.has("subjects") && x.get("subjects").toString().contains("\"pid\":" + pid)).findFirst().orElse(null);
            assertNotNull(f, "proc.stuck for pid " + pid + " in the report's evidence");
            assertTrue(f.get("summary").asText().contains("FUSE"), f.get("summary").asText());
            assertTrue(f.get("subjects").toString().contains("fuse"), f.get("subjects").toString());
            assertTrue(f.get("fixes") == null || f.get("fixes").isEmpty(), "no fix");
        } finally {
            LabCli.incident(lab, "procs-pileup.sh", "--reset");
            Files.deleteIfExists(rec);
        }
    }
}
