package io.bedside.app.cpu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bedside.app.ProbeScript;
import io.bedside.app.Sources;
import io.bedside.app.fix.FixExecutor;
import io.bedside.app.fix.SessionFiles;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.LabCli;
import io.bedside.app.lab.WithLab;
import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixReport;
import io.bedside.model.playbooks.FixCatalog;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.port.HostTransport;
import io.bedside.model.port.ProbeResult;
import io.bedside.model.port.Prompter;
import io.bedside.model.probe.ProbeBoundary;
import io.bedside.model.sample.Sample;
import io.bedside.model.ssh.SshOptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A busy loop starved by its cgroup's CPU quota, staged for real in a lab host (lab/incidents/cpu-throttle.sh),
 * found through a real sshd, its quota raised by {@code bedside fix} (dry run, then for real, verified by
 * reading it back) and put back by the plan's rollback through the same executor.
 */
@WithLab
class CpuThrottleLabTest {
    private final LabCli cli = new LabCli();

    private static Sample sample(HostTransport t, Sample previous) throws Exception {
        ProbeBoundary b = ProbeBoundary.fresh();
        ProbeResult r = t.run(b.wrap(ProbeScript.text()), true, Duration.ofSeconds(60));
        return Playbooks.parser().parse("lab", Instant.now(), r.stdout(), r.roundTripMillis(), previous);
    }

    private static String quotaFile(String cgroup) {
        Path v2 = Path.of("/sys/fs/cgroup" + cgroup + "/cpu.max");
        return Files.exists(v2) ? v2.toString() : "/sys/fs/cgroup/cpu" + cgroup + "/cpu.cfs_quota_us";
    }

    private static String read(String file) throws Exception {
        return Files.readString(Path.of(file)).trim();
    }

    private static String cgroupName(String made) {
        Matcher m = Pattern.compile("busy pid \\d+ cgroup /(\\S+)").matcher(made);
        assertTrue(m.find(), made);
        return m.group(1);
    }

    @Test
    void theThrottledCgroupIsFoundAndItsQuotaRaisedThenPutBack(Lab lab) throws Exception {
        String made = LabCli.incident(lab, "cpu-throttle.sh", "--quota", "10");
        try {
            assertTrue(cgroupName(made).startsWith("bedside-lab-cpu-"), made);
            Matcher m = Pattern.compile("busy pid (\\d+) cgroup (\\S+) quota 10%").matcher(made);
            assertTrue(m.find(), made);
            String cgroup = m.group(2);
            String file = quotaFile(cgroup);
            boolean v2 = file.endsWith("cpu.max");
            String tenPercent = v2 ? "10000 100000" : "10000";
            Thread.sleep(2500);

            // diagnose: one sample, so since the cgroup began, and said so
            String cfg = lab.sshConfig().toString();
            int status = cli.run("diagnose", "-F", cfg, lab.alias(), "--sudo", "--json");
            assertTrue(status >= 1, cli.both());
            JsonNode diag = new ObjectMapper().readTree(cli.out());
            JsonNode throttled = null;
            for (JsonNode f : diag.get("findings")) {
                if (f.get("id").asText().equals("cpu.throttled") && f.get("subjects").get(0).get("cgroup").asText().equals(cgroup)) {
                    throttled = f;
                }
            }
            assertNotNull(throttled, made + "\n" + diag.get("findings"));
            assertEquals("warning", throttled.get("severity").asText());
            JsonNode s = throttled.get("subjects").get(0);
            assertEquals("limit", s.get("kind").asText());
            assertEquals(10000, s.get("quota").asLong());
            assertEquals(100000, s.get("period").asLong());
            assertTrue(s.get("throttled_pct").asDouble() >= 80, s.toString());
            assertTrue(s.get("throttled_seconds").asDouble() > 0.5, s.toString());
            assertTrue(s.get("unit").isNull(), "a cgroup of no systemd unit: " + s);
            assertEquals("since-start", s.get("basis").asText());
            assertTrue(throttled.get("summary").asText().contains("since the cgroup began"), throttled.toString());
            assertTrue(throttled.get("fixes").toString().contains("cpu.raise-quota"), throttled.toString());
            assertTrue(throttled.get("fixes").toString().contains("20%"), throttled.toString());

            Sources sources = Sources.system(new SshOptions(Optional.of(cfg), OptionalInt.empty(), Optional.empty(), List.of(),
                    Optional.empty(), Map.of()));
            try (HostTransport t = sources.open(lab.alias(), Prompter.REFUSE_ALL)) {
                // two samples a few seconds apart: the throttling between them, not since the start
                Sample first = sample(t, null);
                Thread.sleep(6000);
                Sample second = sample(t, first);
                Finding window = new Diagnosis(Playbooks.allRules()).run(second, List.of(first)).stream()
                        .filter(f -> f.id().equals("cpu.throttled") && f.subjects().get(0).get("cgroup").equals(cgroup))
                        .findFirst().orElseThrow(() -> new AssertionError("no cpu.throttled between two samples"));
                assertEquals("window", window.subjects().get(0).get("basis"), window.toString());
                assertTrue((Double) window.subjects().get(0).get("throttled_pct") >= 75, window.toString());
                assertTrue(window.subjects().get(0).get("usage_cpus") instanceof Double u && u > 0.05 && u < 0.15,
                        "a 10% quota lets it use about a tenth of a CPU: " + window);

                // the plan as made before the change: its rollback restores what was there then
                FixPlan before = FixCatalog.plan("cpu.raise-quota", second, Map.of("cgroup", cgroup, "quota", "20%"), OptionalLong.of(0));

                assertEquals(0, cli.run("fix", "-F", cfg, lab.alias(), "cpu.raise-quota", "cgroup=" + cgroup, "quota=20%", "--sudo",
                        "--dry-run"), cli.both());
                assertTrue(cli.out().contains("Dry run complete"), cli.out());
                assertEquals(tenPercent, read(file), "a dry run changes nothing");

                assertEquals(0, cli.run("fix", "-F", cfg, lab.alias(), "cpu.raise-quota", "cgroup=" + cgroup, "quota=20%", "--sudo",
                        "--yes"), cli.both());
                assertTrue(cli.out().contains("Verification: PASSED"), cli.out());
                assertEquals(v2 ? "20000 100000" : "20000", read(file));

                // a second run is refused by its own plan (20% is not more than 20%), not applied twice
                assertEquals(3, cli.run("fix", "-F", cfg, lab.alias(), "cpu.raise-quota", "cgroup=" + cgroup, "quota=20%", "--sudo",
                        "--yes"), cli.both());

                List<String> steps = new ArrayList<>();
                FixReport undo = new FixExecutor(t, SessionFiles.create("lab", Instant.now()), Clock.systemUTC(), "root", lab.alias())
                        .rollback(before, true, false, r -> steps.add(r.outcome() + " " + r.step().description()));
                assertEquals(FixReport.Verification.PASSED, undo.verification(), steps.toString());
                assertEquals(tenPercent, read(file));
            }
        } finally {
            LabCli.incident(lab, "cpu-throttle.sh", "--reset");
        }
        assertTrue(Files.notExists(Path.of("/sys/fs/cgroup/cpu" + "/bedside-lab-cpu-x").getParent().resolve(cgroupName(made)))
                && Files.notExists(Path.of("/sys/fs/cgroup").resolve(cgroupName(made))), "the cgroup is gone");
    }
}
