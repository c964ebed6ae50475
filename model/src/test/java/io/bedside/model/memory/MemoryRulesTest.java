package io.bedside.model.memory;

import io.bedside.model.Fixtures;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Rule;
import io.bedside.model.findings.Severity;
import io.bedside.model.sample.Sample;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryRulesTest {
    private static final long BTIME = MemoryProbeText.BTIME;
    private static final String KILL_JAVA = "[ 2992.205443] Memory cgroup out of memory: Killed process 24607 (java (worker)) total-vm:48848kB,"
            + " anon-rss:41344kB, file-rss:4076kB, shmem-rss:0kB, UID:0 pgtables:132kB oom_score_adj:500";
    private static final String CONSTRAINT_JAVA = "[ 2992.205407] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,"
            + "mems_allowed=0,oom_memcg=/bedside-oom,task_memcg=/bedside-oom,task=java (worker),pid=24607,uid=0";
    private static final String KILL_GLOBAL = "[ 8123.457010] Out of memory: Killed process 7770 (python3) total-vm:6012345kB,"
            + " anon-rss:5800123kB, file-rss:1234kB, shmem-rss:0kB, UID:998 pgtables:11560kB oom_score_adj:0";

    /**
     * Runs every rule of {@code rules} over the sample, each rule raising only its own id, and
     * returns their findings in rule order.
     */
    private static List<Finding> run(List<Rule> rules, Sample latest, List<Sample> history) {
        List<Finding> out = new ArrayList<>();
        for (Rule r : rules) {
            for (Finding f : r.evaluate(latest, history)) {
                assertEquals(r.id(), f.id(), r.getClass().getSimpleName() + " raises only its own id");
                out.add(f);
            }
        }
        return out;
    }

    private static List<String> ids(List<Finding> findings) {
        return findings.stream().map(Finding::id).toList();
    }

    private static Finding find(List<Finding> findings, String id) {
        return findings.stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " not in " + ids(findings)));
    }

    private static List<Object> subject(Finding f, String field) {
        return f.subjects().stream().map(m -> m.get(field)).toList();
    }

    // ------------------------------------------------------------------ mem.oom.killed

    @Test
    void everyKillTheLogHoldsNewestFirstWithTheKernelsFields() {
        Sample s = MemoryProbeText.sample(Fixtures.text("memory/probe-lab-oom-root-dmesg-first.txt"));
        List<Finding> f = run(MemoryRules.all(), s, List.of(s));
        Finding killed = find(f, MemoryRules.OOM_KILLED);
        assertEquals(9, killed.subjects().size());
        assertEquals(List.of(11249, 10626, 10601, 10336, 24611, 24607, 24588, 24522, 23810), subject(killed, "pid"));
        Map<String, Object> java = killed.subjects().get(5);
        assertEquals("java (worker)", java.get("comm"));
        assertEquals("2026-11-23T16:30:09.205443Z", java.get("time"));
        assertEquals(41344L, java.get("anon_rss_kb"));
        assertEquals(500, java.get("oom_score_adj"));
        assertEquals("CONSTRAINT_MEMCG", java.get("constraint"));
        assertEquals("/bedside-oom", java.get("memcg"));
        assertEquals("bs-trigger", java.get("trigger_comm"));
        assertEquals(24611, java.get("trigger_pid"));
        assertEquals("memory cgroup", java.get("scope"));
        assertTrue(killed.subjects().stream().allMatch(m -> m.keySet().containsAll(
                List.of("pid", "comm", "time", "anon_rss_kb", "oom_score_adj", "constraint", "memcg"))));
        assertEquals(Severity.CRITICAL, killed.severity(), "the newest kill is minutes old");
        assertTrue(killed.summary().startsWith("The OOM killer killed bedside-hog (pid 11249) at 2026-11-23 16:41:31 UTC"
                + ": its memory cgroup /bedside-lab-hold was at its limit."), killed.summary());
        assertTrue(killed.summary().endsWith(" The kernel log holds 9 kills."), killed.summary());
        assertTrue(killed.summary().matches(".* It held \\d+(\\.\\d)? [KMG]iB of anonymous memory\\. .*"), "in the tables' units: " + killed.summary());
        assertEquals(9 + 1, killed.evidence().size(), "each kill's lines and the vmstat count");
        assertEquals(List.of("oom_kill 9"), killed.evidence().get(9).lines());
        assertTrue(killed.evidence().get(5).lines().contains(KILL_JAVA));
        assertEquals(11313, killed.subjects().get(0).get("now_running_pid"), "a bedside-hog runs again, under another pid");
        assertFalse(killed.subjects().get(5).containsKey("now_running_pid"));
        assertEquals(List.of(MemoryFixPlans.PROTECT), FixOffer.ids(killed.fixes()));
    }

    @Test
    void anOldKillIsAWarningAndARestartedVictimOffersProtection() {
        Instant now = Instant.ofEpochSecond(BTIME + 3 * 86_400);
        Sample s = new MemoryProbeText().btime(BTIME).now(now)
                .process(30001, "java (worker)", 50_000, 700, 0, "v1:/bedside-oom")
                .klog("ok dmesg cursor=dmesg:b:2992.205443:1 from=start scanned=2", CONSTRAINT_JAVA, KILL_JAVA).sample();
        Finding killed = find(run(MemoryRules.all(), s, List.of()), MemoryRules.OOM_KILLED);
        assertEquals(Severity.WARNING, killed.severity(), "three days old, read from the start of the log");
        assertEquals(Boolean.FALSE, killed.subjects().get(0).get("new"));
        assertEquals(30001, killed.subjects().get(0).get("now_running_pid"));
        assertEquals(List.of(new FixOffer(MemoryFixPlans.PROTECT, java.util.Map.of("pid", "30001"))), killed.fixes(),
                "protect offers the process of the killed one's name that runs now, not the dead pid");
    }

    @Test
    void killsAreGatheredFromTheWholeHistoryOnceEachAndANewOneIsCritical() {
        Instant t0 = Instant.ofEpochSecond(BTIME + 3 * 86_400);
        Sample first = new MemoryProbeText().now(t0)
                .klog("ok dmesg cursor=dmesg:b:2992.205443:1 from=start scanned=2", CONSTRAINT_JAVA, KILL_JAVA).sample();
        Sample quiet = new MemoryProbeText().now(t0.plusSeconds(5)).klog("ok dmesg cursor=dmesg:b:2992.205443:1 from=cursor scanned=0").sample();
        // the same kill read again by a source read from the start (e.g. after a cursor the journal no longer knew)
        Sample again = new MemoryProbeText().now(t0.plusSeconds(10))
                .klog("ok dmesg cursor=dmesg:b:2992.205443:1 from=start scanned=1", KILL_JAVA).sample();
        Sample latest = new MemoryProbeText().now(t0.plusSeconds(15))
                .klog("ok dmesg cursor=dmesg:b:8123.457010:1 from=cursor scanned=1", KILL_GLOBAL).sample();
        Finding killed = find(run(MemoryRules.all(), latest, List.of(first, quiet, again, latest)), MemoryRules.OOM_KILLED);
        assertEquals(List.of(7770, 24607), subject(killed, "pid"), "newest first, the repeated one once");
        assertEquals(List.of(true, false), subject(killed, "new"));
        assertEquals(Severity.CRITICAL, killed.severity(), "a kill arrived during the session");
        assertEquals("system", killed.subjects().get(0).get("scope"));
        assertEquals("", killed.subjects().get(0).get("memcg"), "a system-wide OOM: no memory cgroup at its limit");
        assertEquals("unknown", killed.subjects().get(0).get("constraint"), "without the oom-kill line it is not made up");
        assertTrue(killed.summary().contains(": the system was out of memory."), killed.summary());
    }

    @Test
    void noKillsNoFinding() {
        Sample s = new MemoryProbeText().sample();
        assertFalse(ids(run(MemoryRules.all(), s, List.of(s))).contains(MemoryRules.OOM_KILLED));
    }

    @Test
    void aUserWhoCannotReadTheKernelLogIsToldWhyAndWhatToDo() {
        Sample s = MemoryProbeText.sample(Fixtures.text("memory/probe-lab-oom-user.txt"));
        List<Finding> f = run(MemoryRules.all(), s, List.of(s));
        assertFalse(ids(f).contains(MemoryRules.OOM_KILLED), "no kills are shown when the log is not read; none are made up");
        Finding u = find(f, MemoryRules.LOG_UNREADABLE);
        assertEquals(Severity.WARNING, u.severity(), "vmstat counted 9 kills");
        assertEquals("needs-root", u.subjects().get(0).get("status"));
        assertEquals(9L, u.subjects().get(0).get("oom_kill"));
        assertTrue(u.summary().contains("The kernel has OOM-killed 9 processes since boot"), u.summary());
        assertTrue(u.summary().contains("Switch on administrative access (sudo) to read it."), u.summary());
        assertTrue(u.summary().contains("dmesg_restrict=1"), u.summary());

        Sample none = new MemoryProbeText().klogAbsent("needs-root dmesg: kernel.dmesg_restrict=1").sample();
        assertEquals(Severity.INFO, find(run(MemoryRules.all(), none, List.of()), MemoryRules.LOG_UNREADABLE).severity());
    }

    // ------------------------------------------------------------------ mem.pressure

    @Test
    void pressureFromPsiAndFromMemAvailable() {
        Sample calm = new MemoryProbeText().psi(1.0, 0.5).available(4_000_000, 3_000_000).sample();
        assertFalse(ids(run(MemoryRules.all(), calm, List.of())).contains(MemoryRules.PRESSURE));

        Sample some = new MemoryProbeText().psi(12.5, 1.0).sample();
        Finding p = find(run(MemoryRules.all(), some, List.of()), MemoryRules.PRESSURE);
        assertEquals(Severity.WARNING, p.severity());
        assertEquals(List.of("psi memory some avg10"), subject(p, "metric"));
        assertEquals(12.5, p.subjects().get(0).get("value_percent"));
        assertEquals(10.0, p.subjects().get(0).get("warning_percent"));
        assertEquals(List.of("some avg10=12.5 avg60=0.00 avg300=0.00 total=1", "full avg10=1.0 avg60=0.00 avg300=0.00 total=1"),
                p.evidence().get(0).lines());

        Sample full = new MemoryProbeText().psi(50, 25).available(4_000_000, 150_000).sample();
        Finding c = find(run(MemoryRules.all(), full, List.of()), MemoryRules.PRESSURE);
        assertEquals(Severity.CRITICAL, c.severity());
        assertEquals(List.of("psi memory some avg10", "psi memory full avg10", "MemAvailable"), subject(c, "metric"));
        assertEquals(3.8, c.subjects().get(2).get("percent"));
        assertTrue(c.evidence().get(1).lines().contains("MemAvailable:    150000 kB"));
    }

    @Test
    void aHostWithoutPsiIsJudgedByMemAvailableAndSaysSo() {
        Sample s = new MemoryProbeText().noPsi().available(4_000_000, 300_000).sample();
        Finding p = find(run(MemoryRules.all(), s, List.of()), MemoryRules.PRESSURE);
        assertEquals(Severity.WARNING, p.severity(), "7.5% available");
        assertTrue(p.summary().contains("PSI not present on this host"), p.summary());
        assertEquals(1, p.evidence().size(), "meminfo only");
    }

    // ------------------------------------------------------------------ mem.oom.next-victim

    @Test
    void theTopOfTheOomScoreListIsACriticalProcess() {
        Sample s = new MemoryProbeText().available(4_000_000, 3_000_000)
                .process(100, "postgres", 400_000, 900, 0, "v2:/system.slice/postgresql.service")
                .process(200, "backup", 300_000, 400, 0, "v2:/system.slice/backup.service").sample();
        assertFalse(ids(run(MemoryRules.all(), s, List.of())).contains(MemoryRules.NEXT_VICTIM),
                "not critical, 10% of memory: nothing to say");
        Finding f = find(run(MemoryRules.all(Set.of("postgres")), s, List.of()), MemoryRules.NEXT_VICTIM);
        assertEquals(Severity.WARNING, f.severity());
        Map<String, Object> m = f.subjects().get(0);
        assertEquals(100, m.get("pid"));
        assertEquals("postgres", m.get("comm"));
        assertEquals(900, m.get("oom_score"));
        assertEquals(400_000L, m.get("rss_kb"));
        assertEquals("postgresql.service", m.get("unit"));
        assertEquals("host", m.get("scope"));
        assertEquals("it is marked critical", m.get("reason"));
        assertEquals(List.of(MemoryFixPlans.PROTECT), FixOffer.ids(f.fixes()));
        assertEquals(java.util.Map.of("pid", "100"), f.fixes().get(0).params(), "protect offers the next victim's pid");
        assertEquals(3, f.evidence().get(0).lines().size(), "the header and the ranked rows");
        assertTrue(f.summary().startsWith("The OOM killer would take postgres (pid 100, oom_score 900) next: it is marked critical"),
                f.summary());

        Sample shortOfMemory = new MemoryProbeText().available(4_000_000, 100_000)
                .process(100, "postgres", 400_000, 900, 0, "v2:/system.slice/postgresql.service").sample();
        assertEquals(Severity.CRITICAL, find(run(MemoryRules.all(Set.of("postgres")), shortOfMemory, List.of()),
                MemoryRules.NEXT_VICTIM).severity(), "critical and memory is short");
    }

    @Test
    void aProcessHoldingMostOfMemory() {
        Sample s = new MemoryProbeText().available(4_000_000, 1_500_000)
                .process(300, "java", 2_400_000, 1200, 0, "v2:/").process(301, "sshd", 9_000, 300, -1000, "v2:/").sample();
        Finding f = find(run(MemoryRules.all(), s, List.of()), MemoryRules.NEXT_VICTIM);
        assertEquals(Severity.INFO, f.severity());
        assertEquals("it holds 60% of the memory, 2.3 GiB of 3.8 GiB", f.subjects().get(0).get("reason"));
    }

    @Test
    void aMemoryCgroupNearItsLimitHasANextVictimOfItsOwn() {
        Sample s = MemoryProbeText.sample(Fixtures.text("memory/probe-lab-oom-root-dmesg-first.txt"));
        Finding f = find(run(MemoryRules.all(Set.of("bedside-hog")), s, List.of(s)), MemoryRules.NEXT_VICTIM);
        Map<String, Object> hog = f.subjects().get(0);
        assertEquals(11313, hog.get("pid"));
        assertEquals("cgroup v1:/bedside-lab-hold", hog.get("scope"));
        assertEquals(131072L, hog.get("limit_kb"));
        assertEquals(116072L, hog.get("usage_kb"));
        assertEquals(Boolean.TRUE, hog.get("critical"));
        assertTrue(((String) hog.get("reason")).contains("it is marked critical and it holds 79% of the memory"), (String) hog.get("reason"));
        assertTrue(((String) hog.get("reason")).endsWith("is at 89% of its limit"), (String) hog.get("reason"));
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.evidence().stream().anyMatch(e -> e.source().equals(MemorySnapshot.CGROUPS)
                && e.lines().get(0).startsWith("v1\t/bedside-lab-hold\tlimit=134217728")));
    }

    // ------------------------------------------------------------------ host.rebooted

    @Test
    void aRebootWithinTheWindowWithThePreviousBootsEnd() {
        // wtmp: boots 11-19 (shut down 11-20 10:05), 11-20 10:06:30 (no shutdown recorded), 11-23 15:40:17 (running)
        Sample s = new MemoryProbeText().btime(BTIME).now(Instant.ofEpochSecond(BTIME + 3600))
                .boots("ok last -x", Fixtures.text("memory/last-x-iso-util-linux2.38.txt").lines().toArray(String[]::new)).sample();
        Finding f = find(run(MemoryRules.all(), s, List.of(s)), MemoryRules.REBOOTED);
        assertEquals(1, f.subjects().size(), "only the boot within 24 hours");
        Map<String, Object> m = f.subjects().get(0);
        assertEquals("2026-11-23T15:40:17Z", m.get("boot_time"));
        assertEquals("unknown", m.get("previous_boot_end"), "the boot before ended without a shutdown record");
        assertEquals("no shutdown recorded (crash, power loss or reset)", m.get("previous_end"));
        assertEquals("6.1.0-18-amd64", m.get("kernel"));
        assertEquals(Severity.WARNING, f.severity(), "the boot before did not shut down");
        assertTrue(f.summary().startsWith("The host booted at 2026-11-23 15:40:17 UTC; the boot before ended at a time not known,"
                + " no shutdown recorded (crash, power loss or reset)"),
                f.summary());
        assertTrue(f.evidence().get(1).lines().contains("btime=" + BTIME));

        Finding week = find(run(MemoryRules.all(Set.of(), MemoryRules.Thresholds.DEFAULTS, Duration.ofDays(7), Duration.ofHours(1)),
                s, List.of(s)), MemoryRules.REBOOTED);
        assertEquals(List.of("2026-11-23T15:40:17Z", "2026-11-20T10:06:30Z", "2026-11-19T08:00:00Z"), subject(week, "boot_time"));
        assertEquals("2026-11-20T10:05:00Z", week.subjects().get(1).get("previous_boot_end"));
        assertEquals("shut down", week.subjects().get(1).get("previous_end"));
    }

    @Test
    void aRebootSeenDuringTheSessionIsAWarningEvenWithoutBootRecords() {
        Sample before = new MemoryProbeText().btime(BTIME - 86_400 * 5).now(Instant.ofEpochSecond(BTIME - 60)).sample();
        Sample after = new MemoryProbeText().btime(BTIME).now(Instant.ofEpochSecond(BTIME + 120)).sample();
        Finding f = find(run(MemoryRules.all(), after, List.of(before, after)), MemoryRules.REBOOTED);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals(Boolean.TRUE, f.subjects().get(0).get("observed"));
        assertEquals("unknown", f.subjects().get(0).get("previous_end"));
        assertTrue(f.summary().contains("during this session"), f.summary());
    }

    @Test
    void aBootLongAgoIsNoFinding() {
        Sample s = new MemoryProbeText().btime(BTIME).now(Instant.ofEpochSecond(BTIME + 10 * 86_400)).sample();
        assertFalse(ids(run(MemoryRules.all(), s, List.of(s))).contains(MemoryRules.REBOOTED));
    }

    @Test
    void theJournalsFirstEntryDoesNotHideTheRealBootTime() {
        // the journal started late (16:41:56); btime says 15:40:17
        Sample s = MemoryProbeText.sample(Fixtures.text("memory/probe-journal-first.txt"));
        Finding f = find(run(MemoryRules.all(), s, List.of(s)), MemoryRules.REBOOTED);
        assertEquals(1, f.subjects().size());
        assertEquals("2026-11-23T15:40:17Z", f.subjects().get(0).get("boot_time"));
        assertEquals("7352d98ae6334bbebf2a1101fb5764dd", f.subjects().get(0).get("boot_id"));
        assertEquals(Severity.INFO, f.severity());
    }

    // ------------------------------------------------------------------ one rule per id

    @Test
    void oneRulePerFindingIdOfThePlaybookInTheOrderTheFindingsCameOut() {
        List<Rule> rules = MemoryRules.all();
        assertEquals(List.of(MemoryRules.OOM_KILLED, MemoryRules.LOG_UNREADABLE, MemoryRules.PRESSURE, MemoryRules.NEXT_VICTIM,
                MemoryRules.REBOOTED), rules.stream().map(Rule::id).toList());
        assertEquals(Set.copyOf(new MemoryPlaybook().findingIds()), Set.copyOf(ids(rules.stream()
                .map(r -> new Finding(r.id(), Severity.INFO, "", List.of(), List.of(), List.of())).toList())));
        assertEquals(rules.stream().map(Rule::id).toList(), new MemoryPlaybook().rules().stream().map(Rule::id).toList());
        assertEquals(5, rules.stream().map(Object::getClass).distinct().count(), "a class per id");
    }

    /**
     * The figures past a threshold are shared by mem.pressure and mem.oom.next-victim of one rule
     * list and kept for the last sample asked about: threads asking about different samples at
     * once each get their own sample's findings.
     */
    @Test
    void theSharedFiguresFollowTheSampleAskedAboutWhateverTheThread() throws Exception {
        List<Rule> rules = MemoryRules.all(Set.of("postgres"));
        Sample calm = new MemoryProbeText().psi(1.0, 0.5).available(4_000_000, 3_000_000)
                .process(100, "postgres", 400_000, 900, 0, "v2:/system.slice/postgresql.service").sample();
        Sample tight = new MemoryProbeText().psi(50, 25).available(4_000_000, 150_000)
                .process(100, "postgres", 400_000, 900, 0, "v2:/system.slice/postgresql.service").sample();
        List<Finding> calmAlone = run(MemoryRules.all(Set.of("postgres")), calm, List.of());
        List<Finding> tightAlone = run(MemoryRules.all(Set.of("postgres")), tight, List.of());
        assertEquals(Severity.WARNING, find(calmAlone, MemoryRules.NEXT_VICTIM).severity());
        assertEquals(Severity.CRITICAL, find(tightAlone, MemoryRules.NEXT_VICTIM).severity());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> runs = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                Sample s = i % 2 == 0 ? calm : tight;
                List<Finding> expected = i % 2 == 0 ? calmAlone : tightAlone;
                runs.add(pool.submit(() -> run(rules, s, List.of()).equals(expected)));
            }
            for (java.util.concurrent.Future<Boolean> r : runs) {
                assertTrue(r.get(), "a run over one sample gave another sample's findings");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
