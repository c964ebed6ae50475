package io.bedside.model.procs;

import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Severity;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.probe.ProbeFiles;
import io.bedside.model.probe.SourceStatus;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketFixPlans;
import io.bedside.model.sockets.SocketSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The assembled probe run on this machine (no SSH), its output read by the real parsers and
 * rules: the pid limits against /proc/sys, a parent that never reaps 25 children, a cgroup v1
 * pids hierarchy cgroup with a hostile name filled to its pids.max (root only; removed after), and
 * a thread in D on a FUSE mount whose daemon never answers (root only, in a mount namespace of
 * its own). Skipped where there is no /proc or sh.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProcsProbeOnThisMachineTest {
    private final List<Process> started = new ArrayList<>();
    private final List<String> cleanup = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (String c : cleanup) {
            sh(c);
        }
    }

    private static void assumeLinux() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")) && Files.isExecutable(Path.of("/bin/sh")), "needs Linux /proc and sh");
    }

    private static boolean root() throws Exception {
        return sh("id -u").equals("0");
    }

    static String sh(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", command).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), command);
        return out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
    }

    private static String probe(boolean light) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-s").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().write(((light ? "BS_LIGHT=1\n" : "") + ProbeFiles.script()).getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return out;
    }

    private static Sample sample(Sample previous) throws IOException, InterruptedException {
        return Playbooks.parser().parse("local", Instant.now(), probe(previous != null), 1, previous);
    }

    private Process start(String script) throws IOException {
        Process p = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        return p;
    }

    @Test
    void theLimitsAreTheKernelsAndALightSampleCarriesThem() throws Exception {
        assumeLinux();
        Sample full = sample(null);
        PidLimits l = ProcsSnapshot.of(full).limits().get().orElseThrow();
        assertEquals(Long.parseLong(sh("cat /proc/sys/kernel/pid_max")), l.pidMax().getAsLong(), "the whole number, not its first byte");
        assertEquals(Long.parseLong(sh("cat /proc/sys/kernel/threads-max")), l.threadsMax().getAsLong());
        assertTrue(full.load().get().orElseThrow().total() > 10);
        Sample light = sample(full);
        assertEquals(SourceStatus.SKIPPED, io.bedside.model.probe.ProbeOutputParser.parse(probe(true))
                .section(ProcsSnapshot.LIMITS).orElseThrow().status(), "a light sample does not read the limits");
        assertTrue(light.output().carried().containsKey(ProcsSnapshot.LIMITS), "carried from the full sample");
        assertEquals(l.pidMax(), ProcsSnapshot.of(light).limits().get().orElseThrow().pidMax());
        if (Files.exists(Path.of("/proc/pressure/io"))) {
            assertTrue(ProcsSnapshot.of(light).io().isPresent(), "PSI io on every sample");
        }
        assertTrue(full.problems().stream().noneMatch(p -> ProcsSnapshot.SECTIONS.contains(p.source())), full.problems().toString());
    }

    @Test
    void aParentThatNeverReapsIsFoundAndTheOfferedSignalPlanAimsAtIt() throws Exception {
        assumeLinux();
        // the shell forks 25 children that exit after it has become sleep, which never wait()s
        Process parent = start("i=0; while [ $i -lt 25 ]; do sleep 1 & i=$((i+1)); done; exec sleep 120");
        long ppid = parent.pid();
        for (int i = 0; i < 50 && !sh("grep -l '^PPid:[[:space:]]*" + ppid + "$' /proc/[0-9]*/status 2>/dev/null | xargs -r grep -l '^State:[[:space:]]*Z'"
                + " | wc -l").equals("25"); i++) {
            Thread.sleep(100);
        }
        Sample s = sample(null);
        Finding f = new ZombiesRule().evaluate(s, List.of(s)).stream().findFirst().orElseThrow(() -> new AssertionError("no finding"));
        var sub = f.subjects().stream().filter(x -> ((Number) x.get("ppid")).longValue() == ppid).findFirst().orElseThrow();
        assertEquals(25, sub.get("zombies"));
        assertEquals("sleep", sub.get("comm"));
        FixOffer offer = f.fixes().stream().filter(o -> o.fixId().equals(SocketFixPlans.SIGNAL)
                && o.params().get("pid").equals(Long.toString(ppid))).findFirst().orElseThrow();
        FixPlan plan = Playbooks.fix(SocketFixPlans.SIGNAL).orElseThrow().plan().plan(s, offer.params(), java.util.OptionalLong.empty());
        FixStep term = plan.steps().stream().filter(x -> x.kind() == FixStep.Kind.CHANGE).findFirst().orElseThrow();
        assertEquals(term.precondition().orElseThrow().expectedOutput(), sh(term.precondition().orElseThrow().command()),
                "the re-check passes against the live parent");
        sh(term.command());
        assertTrue(parent.waitFor(10, TimeUnit.SECONDS), "TERM ended the parent");
        Thread.sleep(500);
        Sample after = sample(null);
        assertTrue(Zombies.of(after).orElseThrow().stream().noneMatch(z -> z.ppid() == ppid), "its zombies were handed to init and reaped");
    }

    @Test
    void cgroupsWithHostileNamesFilledToTheirPidsMax() throws Exception {
        assumeLinux();
        assumeTrue(root(), "needs root to make a cgroup");
        String mount = sh("awk '$9 == \"cgroup\" && $NF ~ /(^|,)pids(,|$)/ { print $5; exit }' /proc/self/mountinfo");
        assumeTrue(!mount.isEmpty(), "needs a cgroup v1 pids hierarchy");
        // the kernel refuses a newline in a cgroup's name; a TAB, quotes and $(...) it takes
        String tabbed = "bs-test-procs-" + ProcessHandle.current().pid() + "\tv1\tforged\tmax=1";
        String quoted = "bs-test-procs-" + ProcessHandle.current().pid() + " it's $(reboot)";
        Path tab = fill(mount, tabbed);
        Path quo = fill(mount, quoted);
        Sample s = sample(null);
        CgroupPidsTable t = ProcsSnapshot.of(s).cgroups().get().orElseThrow();
        CgroupPids c = t.find("v1:/" + tabbed).orElseThrow(() -> new AssertionError(t.toString()));
        assertEquals(4, c.max());
        assertEquals(4, c.current().getAsLong());
        assertTrue(c.eventsMax().getAsLong() >= 1, "the refused fork is counted");
        assertEquals(2, t.cgroups().stream().filter(x -> x.path().contains("bs-test-procs")).count(), "the names forged no line: " + t);
        Finding f = new PidsExhaustedRule().evaluate(s, List.of(s)).get(0);
        assertEquals(Severity.CRITICAL, f.severity());
        FixOffer tabOffer = f.fixes().stream().filter(o -> o.params().get("cgroup").equals(c.ref())).findFirst().orElseThrow();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ProcsFixPlans.plan(ProcsSnapshot.of(s), tabOffer.params()));
        assertTrue(e.getMessage().contains("control characters"), e.getMessage());

        // the quoted one: the plan's commands run as they are, re-check, change, read-back, rollback
        FixOffer quoOffer = f.fixes().stream().filter(o -> o.params().get("cgroup").equals("v1:/" + quoted)).findFirst().orElseThrow();
        assertEquals("20", quoOffer.params().get("max"), "twice pids.max, at least 16 more");
        FixPlan plan = ProcsFixPlans.plan(ProcsSnapshot.of(s), quoOffer.params());
        FixStep change = plan.steps().stream().filter(x -> x.kind() == FixStep.Kind.CHANGE).findFirst().orElseThrow();
        assertEquals(change.precondition().orElseThrow().expectedOutput(), sh(change.precondition().orElseThrow().command()));
        sh(change.command());
        FixStep verify = plan.steps().get(plan.steps().size() - 1);
        assertEquals(verify.expectedOutput().orElseThrow(), sh(verify.command()));
        assertEquals("20", Files.readString(quo.resolve("pids.max")).trim(), "the real file, not a look-alike");
        assertEquals(plan.rollback().get(0).precondition().orElseThrow().expectedOutput(), sh(plan.rollback().get(0).precondition().orElseThrow().command()));
        sh(plan.rollback().get(0).command());
        assertEquals(plan.rollback().get(1).expectedOutput().orElseThrow(), sh(plan.rollback().get(1).command()));
        assertEquals("4", Files.readString(quo.resolve("pids.max")).trim());
        assertTrue(Files.exists(tab.resolve("pids.max")));
    }

    /** A cgroup NAME under mount with pids.max 4, holding 4 sleeps, one more fork refused; removed after the test. */
    private Path fill(String mount, String name) throws Exception {
        Path dir = Path.of(mount, name);
        Files.createDirectory(dir);
        String q = "'" + dir.toString().replace("'", "'\\''") + "'";
        cleanup.add(0, "for p in $(cat " + q + "/cgroup.procs); do kill -9 $p; done; sleep 0.5; rmdir " + q);
        Files.writeString(dir.resolve("pids.max"), "4\n");
        start("echo $$ > " + q + "/cgroup.procs; sleep 60 & sleep 60 & sleep 60 & exec sleep 60");
        for (int i = 0; i < 50 && !Files.readString(dir.resolve("pids.current")).trim().equals("4"); i++) {
            Thread.sleep(100);
        }
        // a fifth task joins (joining is not limited) and its fork is refused; it exits on that
        sh("sh -c 'echo $$ > \"$1\"/cgroup.procs; /bin/true' sh " + q);
        return dir;
    }

    @Test
    void aThreadWaitingOnAFuseDaemonThatNeverAnswersIsStuck() throws Exception {
        assumeLinux();
        assumeTrue(root() && Files.exists(Path.of("/dev/fuse")) && !sh("command -v python3 && command -v unshare").isEmpty(),
                "needs root, /dev/fuse, python3 and unshare");
        Path mnt = Files.createTempDirectory("bs-fuse");
        cleanup.add("rmdir " + mnt);
        // a FUSE "daemon" that mounts and never reads /dev/fuse: the first request waits for ever (killable D)
        Path daemon = Path.of("../lab/incidents/fuse-silent.py").toAbsolutePath();
        assumeTrue(Files.isRegularFile(daemon), "needs lab/incidents/fuse-silent.py");
        start("exec unshare -m --propagation private sh -c 'python3 " + daemon + " " + mnt + " 120 & i=0;"
                + " while [ $i -lt 100 ] && ! grep -q \" " + mnt + " fuse\" /proc/self/mounts; do sleep 0.1; i=$((i+1)); done; stat " + mnt
                + "/x & wait'");
        String pid = "";
        for (int i = 0; i < 200 && pid.isEmpty(); i++) {
            Thread.sleep(100);
            pid = sh("for p in $(pgrep -x stat); do [ \"$(cut -d' ' -f3 /proc/$p/stat)\" = D ] && echo $p; done | head -1");
        }
        assumeTrue(!pid.isEmpty(), "no thread entered D (FUSE not mountable here)");
        Sample s0 = sample(null);
        Thread.sleep(1000);
        Sample s1 = sample(null);
        Finding f = new StuckRule().evaluate(s1, List.of(s0, s1)).get(0);
        final String p = pid;
        var sub = f.subjects().stream().filter(x -> x.get("pid").toString().equals(p)).findFirst().orElseThrow();
        assertTrue(sub.get("wchan").toString().contains("fuse"), sub.toString());
        assertTrue(f.summary().contains("FUSE"), f.summary());
        assertTrue(f.fixes().isEmpty());
        assertTrue(SocketSnapshot.of(s1).threads().isPresent());
    }
}
