package io.bedside.model.procs;

import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketFixPlans;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three rules on probe output built in the probe's formats and read by the real parsers. */
class ProcsRulesTest {
    private static final long UP = 3600;   // the builder's host has been up an hour
    private static final long START_NOW = UP * 100;   // start ticks of something started right now

    private static List<Finding> run(Rule3 r, Sample latest, List<Sample> history) {
        return r.rule.evaluate(latest, history);
    }

    private enum Rule3 {
        ZOMBIES(new ZombiesRule()), STUCK(new StuckRule()), PIDS(new PidsExhaustedRule());
        final io.bedside.model.findings.Rule rule;

        Rule3(io.bedside.model.findings.Rule r) {
            rule = r;
        }
    }

    // ------------------------------------------------------------------ zombies

    @Test
    void twentyZombiesOfOneParentAreAFindingNineteenAreNot() {
        Sample nineteen = new ProcsProbeText().process(500, "S", 1, 1000, "reaper-less", "/system.slice/app.service")
                .zombies(500, 19, 600, START_NOW - 100).sample();
        assertTrue(run(Rule3.ZOMBIES, nineteen, List.of()).isEmpty(), "19 young zombies are not a finding");

        Sample twenty = new ProcsProbeText().process(500, "S", 1, 1000, "reaper-less", "/system.slice/app.service")
                .zombies(500, 20, 600, START_NOW - 100).sample();
        List<Finding> f = run(Rule3.ZOMBIES, twenty, List.of());
        assertEquals(1, f.size());
        Finding z = f.get(0);
        assertEquals(ProcsRules.ZOMBIES, z.id());
        assertEquals(Severity.WARNING, z.severity());
        Subject s = z.subjects().get(0);
        assertEquals(500, s.get("ppid"));
        assertEquals("reaper-less", s.get("comm"));
        assertEquals("app.service", s.get("unit"));
        assertEquals(20, s.get("zombies"));
        assertEquals(1L, s.get("oldest_age"), "uptime 3600 s less start 359900 ticks / 100");
        assertEquals(List.of(SocketFixPlans.SIGNAL, SocketFixPlans.RESTART_UNIT), FixOffer.ids(z.fixes()));
        assertEquals(Map.of("pid", "500", "signal", "TERM"), z.fixes().get(0).params());
        assertEquals(Map.of("unit", "app.service"), z.fixes().get(1).params());
    }

    @Test
    void oneZombieOlderThanTenMinutesIsAFinding() {
        Sample young = new ProcsProbeText().process(500, "S", 1, 1000, "app", "/")
                .zombies(500, 1, 600, START_NOW - 599 * 100).sample();
        assertTrue(run(Rule3.ZOMBIES, young, List.of()).isEmpty());
        Sample old = new ProcsProbeText().process(500, "S", 1, 1000, "app", "/")
                .zombies(500, 1, 600, START_NOW - 601 * 100).sample();
        Finding f = run(Rule3.ZOMBIES, old, List.of()).get(0);
        assertEquals(601L, f.subjects().get(0).get("oldest_age"));
        assertEquals(null, f.subjects().get(0).get("unit"), "no unit: none invented");
        assertEquals(List.of(SocketFixPlans.SIGNAL), FixOffer.ids(f.fixes()), "no unit, no restart");
    }

    @Test
    void zombiesOfInitOrAKernelThreadOrTheSessionAreShownButNoFixIsOffered() {
        Sample init = new ProcsProbeText().process(1, "S", 0, 1, "init", "/").zombies(1, 30, 600, 5000).sample();
        Finding f = run(Rule3.ZOMBIES, init, List.of()).get(0);
        assertTrue(f.fixes().isEmpty(), "pid 1 is never signalled: " + f.fixes());
        assertTrue(f.summary().contains("init does not reap"), f.summary());

        // pid 77 is not in the process walk (a kernel thread, which the walk leaves out)
        Sample kthread = new ProcsProbeText().zombies(77, 30, 600, 5000).sample();
        Finding k = run(Rule3.ZOMBIES, kthread, List.of()).get(0);
        assertTrue(k.fixes().isEmpty(), "a kernel thread is never signalled");
        assertEquals("(kernel thread)", k.subjects().get(0).get("comm"));

        // the probe (pid 9000 in the header) runs under sshd 8000: its zombies are not ours to end
        Sample session = new ProcsProbeText().process(8000, "S", 1, 1000, "sshd", "/system.slice/ssh.service")
                .process(9000, "S", 8000, 1000, "sh", "/system.slice/ssh.service").zombies(8000, 25, 600, 5000).sample();
        assertTrue(run(Rule3.ZOMBIES, session, List.of()).get(0).fixes().isEmpty(), "the session's own sshd is never signalled");
    }

    @Test
    void aHostileParentNameIsKeptAsItsBytesAndForgesNoOffer() {
        // the probe escapes host text: a name with a newline and a TAB arrives as \x0a and \x09
        Sample s = new ProcsProbeText().process(500, "S", 1, 1000, "evil\\x0a600\\x09Z", "/")
                .zombies(500, 20, 600, 5000).sample();
        Finding f = run(Rule3.ZOMBIES, s, List.of()).get(0);
        assertEquals("evil\n600\tZ", f.subjects().get(0).get("comm"));
        assertEquals(20, f.subjects().get(0).get("zombies"), "the name forged no zombie line");
        assertEquals("500", f.fixes().get(0).params().get("pid"));
    }

    @Test
    void criticalWhenTheZombiesHoldFivePercentOfPidMax() {
        Sample s = new ProcsProbeText().limits("pid_max=1000", "threads-max=63000").process(500, "S", 1, 1000, "app", "/")
                .zombies(500, 50, 600, 5000).sample();
        assertEquals(Severity.CRITICAL, run(Rule3.ZOMBIES, s, List.of()).get(0).severity());
    }

    // ------------------------------------------------------------------ stuck

    private static ProcsProbeText dHost(Instant at, long start) {
        return new ProcsProbeText().now(at).process(700, "S", 1, start, "backup", "/")
                .thread(700, 700, 'S', "do_select", "backup").thread(700, 701, 'D', "request_wait_answer", "backup-io");
    }

    @Test
    void aThreadInDInTwoFullSamplesIsStuckOneSampleIsNot() {
        Instant t0 = Instant.ofEpochSecond(ProcsProbeText.BTIME + 3600);
        Sample s0 = dHost(t0, 1000).sample();
        assertTrue(run(Rule3.STUCK, s0, List.of(s0)).isEmpty(), "one sample in D is not stuck");
        Sample s1 = dHost(t0.plusSeconds(10), 1000).pressureIo(42.5, 40.1).sample();
        List<Finding> f = run(Rule3.STUCK, s1, List.of(s0, s1));
        assertEquals(1, f.size());
        Finding st = f.get(0);
        assertEquals(Severity.WARNING, st.severity(), "no hung-task line: a warning");
        assertTrue(st.fixes().isEmpty(), "no fix");
        Subject sub = st.subjects().get(0);
        assertEquals(700, sub.get("pid"));
        assertEquals(701, sub.get("tid"));
        assertEquals("backup-io", sub.get("comm"));
        assertEquals("request_wait_answer", sub.get("wchan"));
        assertEquals(t0.toString(), sub.get("since"));
        assertTrue(st.summary().contains("FUSE"), st.summary());
        assertTrue(st.summary().contains("some 42.5%"), st.summary());
        assertTrue(st.summary().contains("No fix from here"), st.summary());
    }

    @Test
    void aNewProcessWithTheSamePidIsNotTheSameStuckThread() {
        Instant t0 = Instant.ofEpochSecond(ProcsProbeText.BTIME + 3600);
        Sample s0 = dHost(t0, 1000).sample();
        Sample s1 = dHost(t0.plusSeconds(10), 2000).sample();
        assertTrue(run(Rule3.STUCK, s1, List.of(s0, s1)).isEmpty(), "pid reused (another start time): not the same thread");
    }

    @Test
    void aLightSampleInBetweenNeitherCountsNorBreaksTheRun() {
        Instant t0 = Instant.ofEpochSecond(ProcsProbeText.BTIME + 3600);
        Sample s0 = dHost(t0, 1000).sample();
        Sample light = dHost(t0.plusSeconds(2), 1000).light().after(s0);
        assertTrue(run(Rule3.STUCK, light, List.of(s0, light)).isEmpty(), "the light sample carries s0's walk: still one full sample");
        Sample s2 = dHost(t0.plusSeconds(10), 1000).after(light);
        Finding f = run(Rule3.STUCK, s2, List.of(s0, light, s2)).get(0);
        assertEquals(2, f.subjects().get(0).get("samples"));
    }

    @Test
    void theKernelsHungTaskLineMakesItCriticalAndDatesIt() {
        Instant t0 = Instant.ofEpochSecond(ProcsProbeText.BTIME + 3600);
        Sample s0 = dHost(t0, 1000).klog("[ 3590.123456] INFO: task backup-io:701 blocked for more than 120 seconds.",
                "[ 3590.123500] nfs: server filer-2 not responding, still trying").sample();
        Sample s1 = dHost(t0.plusSeconds(10), 1000).sample();
        Finding f = run(Rule3.STUCK, s1, List.of(s0, s1)).get(0);
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals(t0.minusSeconds(120).toString(), f.subjects().get(0).get("since"));
        assertEquals(120L, f.subjects().get(0).get("blocked_seconds"));
        assertTrue(f.evidence().stream().anyMatch(e -> e.lines().stream().anyMatch(l -> l.contains("filer-2"))), "the NFS line is shown");
    }

    // ------------------------------------------------------------------ pids

    @Test
    void tasksAtNinetyPercentOfPidMaxAreAWarningNinetyEightCritical() {
        assertTrue(run(Rule3.PIDS, new ProcsProbeText().loadavg(29490).sample(), List.of()).isEmpty(), "89.99%");
        Finding w = run(Rule3.PIDS, new ProcsProbeText().loadavg(29492).sample(), List.of()).get(0);
        assertEquals(Severity.WARNING, w.severity());
        Subject s = w.subjects().get(0);
        assertEquals("kernel.pid_max", s.get("limit"));
        assertEquals(29492L, s.get("used"));
        assertEquals(32768L, s.get("max"));
        assertTrue(s.containsKey("cgroup"));
        assertEquals(Map.of("limit", "kernel.pid_max", "value", "65536"), w.fixes().get(0).params());
        Finding c = run(Rule3.PIDS, new ProcsProbeText().loadavg(32200).sample(), List.of()).get(0);
        assertEquals(Severity.CRITICAL, c.severity());
    }

    @Test
    void threadsMaxCountsToo() {
        Finding f = run(Rule3.PIDS, new ProcsProbeText().limits("pid_max=4194304", "threads-max=1000").loadavg(950).sample(), List.of()).get(0);
        assertEquals("kernel.threads-max", f.subjects().get(0).get("limit"));
        assertEquals("kernel.threads-max", f.fixes().get(0).params().get("limit"));
    }

    @Test
    void unreadLimitsAreNoFindingAndNoZero() {
        Sample s = new ProcsProbeText().status(ProcsSnapshot.LIMITS, "needs-root /proc/sys/kernel").loadavg(32760).sample();
        assertTrue(run(Rule3.PIDS, s, List.of()).isEmpty());
        assertFalse(ProcsSnapshot.of(s).limits().isPresent());
    }

    @Test
    void aFullCgroupIsCriticalAndARefusingOneToo() {
        Sample full = new ProcsProbeText().cgroup("v1\t/bedside-forks\tmax=64 current=64 events_max=1812").sample();
        Finding f = run(Rule3.PIDS, full, List.of()).get(0);
        assertEquals(Severity.CRITICAL, f.severity());
        Subject s = f.subjects().get(0);
        assertEquals("pids.max", s.get("limit"));
        assertEquals("v1:/bedside-forks", s.get("cgroup"));
        assertEquals(64L, s.get("used"));
        assertEquals(64L, s.get("max"));
        assertEquals(Map.of("cgroup", "v1:/bedside-forks", "max", "128"), f.fixes().get(0).params());

        Sample before = new ProcsProbeText().cgroup("v2\t/app.slice\tmax=100 current=50 events_max=3").sample();
        Sample after = new ProcsProbeText().cgroup("v2\t/app.slice\tmax=100 current=52 events_max=9").sample();
        assertTrue(run(Rule3.PIDS, before, List.of()).isEmpty(), "50% and no refusal seen grow: nothing");
        Finding r = run(Rule3.PIDS, after, List.of(before, after)).get(0);
        assertEquals(Severity.CRITICAL, r.severity(), "forks refused since the sample before");
        Sample same = new ProcsProbeText().cgroup("v2\t/app.slice\tmax=100 current=52 events_max=9").sample();
        assertTrue(run(Rule3.PIDS, same, List.of(before, after, same)).isEmpty(), "old refusals only: nothing new");
    }

    @Test
    void aHostileCgroupPathIsDecodedOnceAndForgesNoLine() {
        Sample s = new ProcsProbeText().cgroup("v1\t/a\\x0av1\\x09/b\\x09max=1\tmax=10 current=10 events_max=0").sample();
        CgroupPidsTable t = ProcsSnapshot.of(s).cgroups().get().orElseThrow();
        assertEquals(1, t.cgroups().size());
        assertEquals("/a\nv1\t/b\tmax=1", t.cgroups().get(0).path());
        assertEquals(10, t.cgroups().get(0).max());
    }
}
