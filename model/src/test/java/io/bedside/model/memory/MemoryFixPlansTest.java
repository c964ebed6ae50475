package io.bedside.model.memory;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import io.bedside.model.fix.FixStep.Kind;
import io.bedside.model.probe.HostileProcesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MemoryFixPlansTest {
    private static final ProcessMemory JAVA = ProcessMemoryParser.row(
            "24607\tS\t1\t1001\t297001\t45420\t0\t1166\t0\tv2:/system.slice/app.service\t-\tjava (worker)\tjava -jar app.jar");

    @Test
    void protectSavesRechecksChangesAndReadsBack() {
        FixPlan plan = MemoryFixPlans.protect(JAVA);
        assertEquals("mem.oom.protect", plan.id());
        assertEquals("Protect java (worker) (pid 24607) from the OOM killer", plan.title());
        assertEquals("pid 24607 (java (worker)): oom_score_adj 0 -> -500 (oom_score now 1166)", plan.summary().get(0));
        List<FixStep> s = plan.steps();
        assertEquals(List.of(Kind.EVIDENCE, Kind.EVIDENCE, Kind.CHANGE, Kind.VERIFY, Kind.CHANGE, Kind.CHANGE, Kind.VERIFY),
                s.stream().map(FixStep::kind).toList());
        assertEquals(List.of("cat /proc/24607/oom_score_adj", "cat /proc/24607/stat", "echo -500 > /proc/24607/oom_score_adj",
                "cat /proc/24607/oom_score_adj"), s.subList(0, 4).stream().map(FixStep::command).toList());
        assertTrue(s.subList(0, 4).stream().allMatch(x -> x.subject().equals("pid 24607")));
        FixStep.Check check = s.get(2).precondition().orElseThrow();
        assertEquals("pid=24607 start=297001 comm=java (worker) adj=0", check.expectedOutput());
        assertTrue(check.command().contains("${s##*)}"), "cut after the last ')': " + check.command());
        assertTrue(check.meaning().contains("not a new process that reused the pid"));
        assertEquals(Optional.of("-500"), s.get(3).expectedOutput());
        assertTrue(s.get(2).needsRoot(), "lowering oom_score_adj needs CAP_SYS_RESOURCE");
        assertFalse(s.get(0).needsRoot());
        assertTrue(plan.reversible());
        assertEquals(List.of("echo 0 > /proc/24607/oom_score_adj", "cat /proc/24607/oom_score_adj"),
                plan.rollback().subList(0, 2).stream().map(FixStep::command).toList());
        assertEquals("pid=24607 start=297001 comm=java (worker) adj=-500",
                plan.rollback().get(0).precondition().orElseThrow().expectedOutput(), "rollback only undoes Bedside's own value");
    }

    @Test
    void persistingIsAnOptionalSystemdDropInWithDaemonReload() {
        FixPlan plan = MemoryFixPlans.protect(JAVA, -300, Optional.of("app.service"));
        List<FixStep> unit = plan.steps().stream().filter(x -> x.subject().equals("unit app.service")).toList();
        assertEquals(3, unit.size());
        assertTrue(unit.stream().allMatch(FixStep::optional), "offered, not done by default");
        FixStep write = unit.get(0);
        FixStep.FileContent file = write.file().orElseThrow();
        assertEquals("/etc/systemd/system/app.service.d/90-bedside-oom.conf", file.path());
        assertEquals("[Service]\nOOMScoreAdjust=-300\n", file.content());
        assertEquals("mkdir -p -- /etc/systemd/system/app.service.d && printf '[Service]\\nOOMScoreAdjust=%s\\n' -300 > "
                + "/etc/systemd/system/app.service.d/90-bedside-oom.conf", write.command());
        assertEquals("LoadState=loaded\ndrop-in=absent", write.precondition().orElseThrow().expectedOutput());
        assertEquals("systemctl daemon-reload", unit.get(1).command());
        assertEquals("[Service]\nOOMScoreAdjust=-300", unit.get(1).precondition().orElseThrow().expectedOutput());
        assertEquals(Optional.of("OOMScoreAdjust=-300"), unit.get(2).expectedOutput());
        FixStep undo = plan.rollback().get(plan.rollback().size() - 1);
        assertTrue(undo.command().startsWith("rm -f -- /etc/systemd/system/app.service.d/90-bedside-oom.conf"));
        assertEquals("[Service]\nOOMScoreAdjust=-300", undo.precondition().orElseThrow().expectedOutput(),
                "only Bedside's own drop-in is removed");
        assertTrue(plan.summary().stream().anyMatch(l -> l.contains("next start")));
        assertEquals(4, MemoryFixPlans.protect(JAVA, -300, Optional.empty()).steps().size(), "without a unit: no drop-in");
    }

    @Test
    void unitNamesAreCheckedAsSystemdDoesAndNeverReachACommandAsAnOption() {
        for (String bad : List.of("-x.service", "--help.service", "-.service", "a b.service", "a;reboot.service", "$(id).service",
                "app", "app.scope", "app@.service", "@app.service", "a\u001b[2Japp.service", "x".repeat(248) + ".service")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MemoryFixPlans.protect(JAVA, -300, Optional.of(bad)), bad);
            assertTrue(e.getMessage().startsWith("'") && e.getMessage().contains("is not the name of a systemd service unit"), e.getMessage());
            assertFalse(e.getMessage().contains("\u001b"), "control characters are shown as \\xHH");
        }
        MemorySnapshot m = MemorySnapshot.from(io.bedside.model.probe.ProbeOutputParser.parse(new MemoryProbeText()
                .process(100, "postgres", 1, 1, 0, "v2:/system.slice/postgresql.service").text()), new ArrayList<>());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MemoryFixPlans.plan(m, Map.of("pid", "100", "unit", "-x.service")))
                .getMessage().startsWith("'-x.service' is not the name of a systemd service unit"), "the operator's unit= too");
        // systemd's escape for '-' is legal in a name and reaches sh quoted, after --
        FixPlan plan = MemoryFixPlans.protect(JAVA, -300, Optional.of("my\\x2dapp.service"));
        List<String> commands = plan.steps().stream().filter(x -> x.subject().startsWith("unit ")).map(FixStep::command).toList();
        assertEquals("mkdir -p -- '/etc/systemd/system/my\\x2dapp.service.d' && printf '[Service]\\nOOMScoreAdjust=%s\\n' -300 > "
                + "'/etc/systemd/system/my\\x2dapp.service.d/90-bedside-oom.conf'", commands.get(0));
        assertEquals("systemctl show -p OOMScoreAdjust -- 'my\\x2dapp.service'", commands.get(2));
        assertTrue(plan.steps().get(4).precondition().orElseThrow().command()
                .startsWith("systemctl show -p LoadState -- 'my\\x2dapp.service'; if [ -e '/etc/systemd/system/my\\x2dapp.service.d/"));
    }

    @Test
    void minus1000IsWarnedAboutAndOutOfRangeIsRefused() {
        FixPlan never = MemoryFixPlans.protect(JAVA, -1000, Optional.empty());
        assertTrue(never.summary().get(1).startsWith("Warning: -1000 means the OOM killer never kills this process"), never.summary().get(1));
        assertTrue(MemoryFixPlans.protect(JAVA, 300, Optional.empty()).summary().get(1).contains("more likely to be killed"));
        for (int bad : new int[] {-1001, 1001, Integer.MIN_VALUE}) {
            assertThrows(IllegalArgumentException.class, () -> MemoryFixPlans.protect(JAVA, bad, Optional.empty()));
        }
        assertThrows(IllegalArgumentException.class, () -> MemoryFixPlans.protect(JAVA, -500, Optional.of("x.service; rm -rf /")));
        assertThrows(IllegalArgumentException.class, () -> MemoryFixPlans.protect(JAVA, -500, Optional.of("session-3.scope")));
        ProcessMemory unknownAdj = ProcessMemoryParser.row("5\tS\t1\t0\t9\t1\t0\t1\t?\t-\t-\tx\t");
        assertThrows(IllegalArgumentException.class, () -> MemoryFixPlans.protect(unknownAdj), "no old value: no rollback");
        ProcessMemory zombie = ProcessMemoryParser.row("6\tZ\t1\t0\t9\t-\t-\t0\t0\t-\t-\tx\t");
        assertThrows(IllegalArgumentException.class, () -> MemoryFixPlans.protect(zombie));
    }

    @Test
    void theCatalogParametersOfTheHeadlessCommand() {
        MemorySnapshot m = MemorySnapshot.from(io.bedside.model.probe.ProbeOutputParser.parse(new MemoryProbeText()
                .process(100, "postgres", 1, 1, 0, "v2:/system.slice/postgresql.service").text()), new ArrayList<>());
        FixPlan p = MemoryFixPlans.plan(m, Map.of("pid", "100"));
        assertTrue(p.steps().stream().anyMatch(s -> s.subject().equals("unit postgresql.service")), "its own unit is offered");
        assertEquals("echo -500 > /proc/100/oom_score_adj", p.steps().get(2).command());
        assertEquals("echo -200 > /proc/100/oom_score_adj",
                MemoryFixPlans.plan(m, Map.of("pid", "100", "adj", "-200", "unit", "none")).steps().get(2).command());
        assertEquals(4, MemoryFixPlans.plan(m, Map.of("pid", "100", "unit", "none")).steps().size());
        assertThrows(IllegalArgumentException.class, () -> MemoryFixPlans.plan(m, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> MemoryFixPlans.plan(m, Map.of("pid", "101")));
        assertThrows(IllegalArgumentException.class, () -> MemoryFixPlans.plan(m, Map.of("pid", "x")));
        assertThrows(IllegalArgumentException.class, () -> MemoryFixPlans.plan(m, Map.of("pid", "100", "adj", "-5000")));
    }

    // ------------------------------------------------------------------ on a real process

    /** Runs a plan's steps the way the fix wizard does: re-check, then change; skip the subject on a mismatch. */
    private static List<String> run(List<FixStep> steps) throws IOException, InterruptedException {
        List<String> log = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (FixStep s : steps) {
            if (s.optional() || skipped.contains(s.subject())) {
                continue;
            }
            if (s.precondition().isPresent()) {
                String now = sh(s.precondition().get().command());
                if (!now.equals(s.precondition().get().expectedOutput())) {
                    skipped.add(s.subject());
                    log.add("skipped: " + now);
                    continue;
                }
            }
            String out = sh(s.command());
            log.add(s.kind() == Kind.VERIFY ? (out.equals(s.expectedOutput().orElseThrow()) ? "verified " + out : "FAILED " + out)
                    : s.kind() + " ok");
        }
        return log;
    }

    private static String sh(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
    }

    /** The row the probe would print for a live process, from its /proc files. */
    private static ProcessMemory probeRow(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        String name = Files.readAllLines(Path.of("/proc/" + pid + "/status")).get(0).substring("Name:\t".length());
        String adj = Files.readString(Path.of("/proc/" + pid + "/oom_score_adj")).trim();
        String score = Files.readString(Path.of("/proc/" + pid + "/oom_score")).trim();
        return ProcessMemoryParser.row(pid + "\t" + after[0] + "\t" + after[1] + "\t0\t" + after[19] + "\t1\t0\t" + score + "\t"
                + adj + "\t-\t-\t" + name + "\t");
    }

    /**
     * A process named with ESC, a carriage return and a byte that is not UTF-8 (prctl, as any user
     * may) is found by the real probe and protected: the re-check prints its name the way the plan
     * expects it, so the change is not skipped as "the host changed".
     */
    @Test
    void onARealProcessWithAHostileName() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")) && Files.isExecutable(Path.of("/usr/bin/python3")),
                "needs Linux /proc and python3");
        var name = new HostileProcesses.Hostile(new byte[] {0x1b, '[', '3', '1', 'm', '\r', (byte) 0xff, 'x'}, new byte[] {'f'});
        try (HostileProcesses started = HostileProcesses.start(HostileProcesses.SPAWNER, List.of(name))) {
            long pid = started.pids().get(0);
            io.bedside.model.probe.ProbeBoundary b = io.bedside.model.probe.ProbeBoundary.fresh();
            Process probe = new ProcessBuilder("/bin/sh", "-s").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            probe.getOutputStream().write(b.wrap(io.bedside.model.probe.ProbeFiles.script()).getBytes(StandardCharsets.UTF_8));
            probe.getOutputStream().close();
            String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(probe.waitFor(120, TimeUnit.SECONDS));
            ProcessMemory row = MemorySnapshot.of(Playbooks.parser().parse("here", java.time.Instant.now(), out, 0, null, b.token()))
                    .processes().get().orElseThrow().processes().stream().filter(r -> r.pid() == pid).findFirst()
                    .orElseThrow();
            assertEquals("\u001b[31m\r\udcffx", row.comm());
            FixPlan plan = MemoryFixPlans.protect(row, 300, Optional.empty());
            assertEquals(List.of("EVIDENCE ok", "EVIDENCE ok", "CHANGE ok", "verified 300"), run(plan.steps()));
        }
    }

    @Test
    void onARealProcessWithSpacesAndParenthesesInItsNameThenExitedThenReused(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")) && Files.isExecutable(Path.of("/bin/sh"))
                && Files.isExecutable(Path.of("/bin/sleep")), "needs Linux /proc, /bin/sh and /bin/sleep");
        Path odd = dir.resolve("we) ird na,me");
        Files.createSymbolicLink(odd, Path.of("/bin/sleep"));
        Process p = new ProcessBuilder(odd.toString(), "60").start();
        try {
            long pid = p.pid();
            ProcessMemory row = probeRow(pid);
            assertEquals("we) ird na,me", row.comm());
            FixPlan plan = MemoryFixPlans.protect(row, 300, Optional.empty());   // raising needs no privilege
            assertEquals(row.startTicks() > 0, true);
            assertEquals("pid=" + pid + " start=" + row.startTicks() + " comm=we) ird na,me adj=" + row.oomScoreAdj().getAsInt(),
                    sh(plan.steps().get(2).precondition().orElseThrow().command()), "the re-check sees the same process");
            assertEquals(List.of("EVIDENCE ok", "EVIDENCE ok", "CHANGE ok", "verified 300"), run(plan.steps()));
            assertEquals("300", Files.readString(Path.of("/proc/" + pid + "/oom_score_adj")).trim());
            assertEquals(List.of("CHANGE ok", "verified " + row.oomScoreAdj().getAsInt()), run(plan.rollback()));

            // the sample is stale: the same pid now belongs to a process that started later (pid reuse)
            ProcessMemory stale = ProcessMemoryParser.row(pid + "\tS\t1\t0\t" + (row.startTicks() - 1) + "\t1\t0\t1\t"
                    + row.oomScoreAdj().getAsInt() + "\t-\t-\twe) ird na,me\t");
            List<String> reused = run(MemoryFixPlans.protect(stale, 400, Optional.empty()).steps());
            assertEquals(List.of("EVIDENCE ok", "EVIDENCE ok", "skipped: pid=" + pid + " start=" + row.startTicks()
                    + " comm=we) ird na,me adj=" + row.oomScoreAdj().getAsInt()), reused);
            assertEquals(row.oomScoreAdj().getAsInt() + "", Files.readString(Path.of("/proc/" + pid + "/oom_score_adj")).trim(),
                    "another process's value is not touched");

            // the process exits between preview and apply
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            List<String> gone = run(plan.steps());
            assertEquals("skipped: pid=" + pid + " gone", gone.get(2));
            assertEquals(3, gone.size(), "nothing after the skip for that pid");
        } finally {
            p.destroyForcibly();
        }
    }
}
