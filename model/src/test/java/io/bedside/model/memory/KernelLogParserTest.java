package io.bedside.model.memory;

import io.bedside.model.Fixtures;
import io.bedside.model.probe.ParseProblem;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelLogParserTest {
    /** The build machine's boot time when the fixtures were captured: 2026-11-23T15:40:17Z. */
    private static final Instant BOOT = Instant.ofEpochSecond(1_795_448_417L);
    private static final LogClock CLOCK = new LogClock(Optional.of(BOOT), ZoneOffset.UTC, Optional.of(Instant.parse("2026-11-23T17:00:00Z")));

    private static KernelLog parse(String fixture, LogClock clock, List<ParseProblem> problems) {
        return KernelLogParser.parse(Fixtures.text("memory/" + fixture).lines().toList(), clock, problems).orElseThrow();
    }

    private static KernelLog clean(String fixture, LogClock clock) {
        List<ParseProblem> problems = new ArrayList<>();
        KernelLog k = parse(fixture, clock, problems);
        assertEquals(List.of(), problems, fixture);
        assertEquals(List.of(), k.unrecognized(), fixture);
        return k;
    }

    /** Every line read ends up in exactly one place: a kill's lines, other OOM lines, or unrecognized. */
    private static void conserved(KernelLog k) {
        int inKills = k.kills().stream().mapToInt(e -> e.lines().size()).sum();
        assertEquals(k.lines(), inKills + k.other().size() + k.unrecognized().size(), "every line is accounted for");
    }

    private static OomEvent kill(KernelLog k, int pid) {
        return k.kills().stream().filter(e -> e.pid() == pid).findFirst().orElseThrow(() -> new AssertionError("no kill of " + pid));
    }

    // ------------------------------------------------------------------ captured, kernel 6.18

    @Test
    void plainDmesgWithWholeReportsGivesEachKillWithItsLinesAndTrigger() {
        KernelLog k = clean("dmesg-debian12-kernel6.18-memcg.txt", CLOCK);
        assertEquals(List.of(24522, 24588, 24607), k.kills().stream().map(OomEvent::pid).toList());
        assertEquals(239, k.lines());
        assertEquals(List.of(), k.other());
        conserved(k);

        OomEvent odd = kill(k, 24522);
        assertEquals("bs) vic,tim x", odd.comm(), "a name with ')', a comma and spaces");
        assertEquals(OptionalLong.of(106192), odd.totalVmKb());
        assertEquals(OptionalLong.of(65152), odd.anonRssKb());
        assertEquals(OptionalLong.of(4168), odd.fileRssKb());
        assertEquals(OptionalLong.of(0), odd.shmemRssKb());
        assertEquals(OptionalLong.of(188), odd.pgtablesKb());
        assertEquals(OptionalInt.of(0), odd.oomScoreAdj());
        assertEquals(OptionalLong.of(0), odd.uid());
        assertEquals(Optional.of("CONSTRAINT_MEMCG"), odd.constraint());
        assertEquals(Optional.of("/bedside-oom"), odd.memcg());
        assertEquals(Optional.of("/bedside-oom"), odd.taskMemcg());
        assertEquals(Optional.of(new OomEvent.MemcgUsage(65536, 65536, 0)), odd.memcgUsage());
        assertEquals("Memory cgroup out of memory", odd.message());
        assertTrue(odd.memcgOom());
        assertEquals(Optional.of(Instant.parse("2026-11-23T16:30:01.578997Z")), odd.time());
        assertEquals(OptionalDouble.of(2984.578997), odd.uptimeSeconds());
        assertEquals("[ 2984.578997]", odd.stamp());
        assertEquals(80, odd.lines().size(), "the whole report: call trace, stats, task table");
        assertTrue(odd.lines().get(0).endsWith("bs) vic,tim x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0"));
        assertEquals(odd.lines().get(79), odd.killLine());

        OomEvent java = kill(k, 24607);
        assertEquals("java (worker)", java.comm());
        assertEquals(OptionalInt.of(500), java.oomScoreAdj());
        assertEquals(OptionalLong.of(41344), java.anonRssKb());
        OomEvent.Trigger t = java.trigger().orElseThrow();
        assertEquals("bs-trigger", t.comm(), "another process's allocation killed java (worker)");
        assertEquals(OptionalInt.of(24611), t.pid());
        assertEquals(Optional.of("0xcc0(GFP_KERNEL)"), t.gfpMask());
        assertEquals(OptionalInt.of(0), t.order());
        assertEquals(OptionalInt.of(0), t.oomScoreAdj());
        assertEquals(Optional.of(Instant.parse("2026-11-23T16:30:09.205443Z")), java.time());
    }

    @Test
    void dmesgTDatesInEnglishGermanAndChineseGiveTheSameKillsAtTheSameSeconds() {
        List<Instant> expected = List.of(Instant.parse("2026-11-23T16:30:01Z"), Instant.parse("2026-11-23T16:30:04Z"),
                Instant.parse("2026-11-23T16:30:09Z"));
        for (String locale : List.of("en_US", "de_DE", "zh_CN")) {
            KernelLog k = clean("dmesg-T-" + locale + "-debian12-kernel6.18.txt", LogClock.UTC);
            assertEquals(List.of(24522, 24588, 24607), k.kills().stream().map(OomEvent::pid).toList(), locale);
            assertEquals(expected, k.kills().stream().map(e -> e.time().orElseThrow()).toList(), locale);
            assertEquals(OptionalDouble.empty(), k.kills().get(0).uptimeSeconds());
            assertEquals("java (worker)", k.kills().get(2).comm(), locale);
            conserved(k);
        }
        assertEquals("[一 11月 23 16:30:09 2026]", clean("dmesg-T-zh_CN-debian12-kernel6.18.txt", LogClock.UTC).kills().get(2).stamp());
    }

    @Test
    void dmesgTIsLocalTimeOfTheHost() {
        LogClock berlin = new LogClock(Optional.empty(), ZoneId.of("Europe/Berlin"), Optional.empty());
        KernelLog k = clean("dmesg-T-de_DE-debian12-kernel6.18.txt", berlin);
        assertEquals(Instant.parse("2026-11-23T15:30:09Z"), k.kills().get(2).time().orElseThrow(), "16:30 CET is 15:30 UTC");
    }

    @Test
    void journalctlFormatsCarryTheirOwnDates() {
        KernelLog iso = clean("journalctl-k-short-iso-systemd252.txt", LogClock.UTC);
        assertEquals(List.of(12040, 12442), iso.kills().stream().map(OomEvent::pid).toList());
        OomEvent java = iso.kills().get(1);
        assertEquals(Instant.parse("2026-11-23T16:42:00Z"), java.time().orElseThrow());
        assertEquals("2026-11-23T16:42:00+0000", java.stamp());
        assertEquals(OptionalInt.of(12442), java.trigger().orElseThrow().pid());
        assertEquals(OptionalInt.of(500), java.oomScoreAdj());
        assertEquals(Optional.of("/bedside-lab-oom-4026532407"), java.memcg());
        assertEquals("bad) name x", iso.kills().get(0).comm(), "the first report was cut: its kill line alone still counts");
        assertEquals(2, iso.kills().get(0).lines().size());
        conserved(iso);

        KernelLog isoPrecise = clean("journalctl-k-short-iso-precise-systemd252.txt", LogClock.UTC);
        assertEquals(Instant.parse("2026-11-23T16:42:00.422093Z"), isoPrecise.kills().get(1).time().orElseThrow());

        KernelLog precise = clean("journalctl-k-short-precise-systemd252.txt", CLOCK);
        assertEquals(Instant.parse("2026-11-23T16:42:00.422093Z"), precise.kills().get(1).time().orElseThrow(),
                "no year in the stamp: the year of the host's clock");
        assertEquals("Nov 23 16:42:00.422093", precise.kills().get(1).stamp());
    }

    @Test
    void aSyslogStampNeedsTheHostsClockForItsYear() {
        List<ParseProblem> problems = new ArrayList<>();
        KernelLog k = parse("journalctl-k-short-precise-systemd252.txt", LogClock.UTC, problems);
        assertEquals(2, k.kills().size(), "the kills are still found");
        assertTrue(k.kills().stream().allMatch(e -> e.time().isEmpty()));
        assertEquals(1, problems.size(), "one problem per reason, not per line");
        assertTrue(problems.get(0).message().contains("no year"), problems.get(0).message());

        // the stamp of last December read in January belongs to last year
        LogClock january = new LogClock(Optional.empty(), ZoneOffset.UTC, Optional.of(Instant.parse("2027-01-02T00:00:00Z")));
        KernelLog late = KernelLogParser.parse(List.of("Dec 31 23:59:58 vm kernel: Out of memory: Killed process 5 (x) total-vm:1kB,"
                + " anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0"), january, problems).orElseThrow();
        assertEquals(Instant.parse("2026-12-31T23:59:58Z"), late.kills().get(0).time().orElseThrow());
    }

    @Test
    void plainDmesgWithoutABootTimeKeepsTheStampButNoTime() {
        List<ParseProblem> problems = new ArrayList<>();
        KernelLog k = parse("dmesg-debian12-kernel6.18-memcg.txt", LogClock.UTC, problems);
        assertEquals(3, k.kills().size());
        assertEquals(Optional.empty(), k.kills().get(0).time());
        assertEquals(OptionalDouble.of(2984.578997), k.kills().get(0).uptimeSeconds());
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).message().contains("boot time"), problems.get(0).message());
    }

    // ------------------------------------------------------------------ transcribed, older kernels

    @Test
    void kernel310KillProcessScoreOrSacrificeChildThenKilledProcessWithoutShmem() {
        KernelLog k = clean("klog-kernel3.10-dmesg-transcribed.txt", CLOCK);
        assertEquals(List.of(2603, 18286), k.kills().stream().map(OomEvent::pid).toList());
        OomEvent global = k.kills().get(0);
        assertEquals("flasherav", global.comm());
        assertEquals(OptionalLong.of(761), global.score());
        assertEquals("Out of memory", global.message());
        assertFalse(global.memcgOom());
        assertEquals(OptionalLong.of(1498536), global.totalVmKb());
        assertEquals(OptionalLong.of(721784), global.anonRssKb());
        assertEquals(OptionalLong.of(4228), global.fileRssKb());
        assertEquals(OptionalLong.empty(), global.shmemRssKb(), "3.10 has no shmem-rss: absent, not 0");
        assertEquals(OptionalInt.empty(), global.oomScoreAdj());
        assertEquals(OptionalLong.empty(), global.uid());
        assertEquals(Optional.empty(), global.constraint(), "no oom-kill: line before 4.19");
        assertEquals(OptionalInt.of(2603), global.trigger().orElseThrow().pid());

        OomEvent memcg = k.kills().get(1);
        assertTrue(memcg.memcgOom());
        assertEquals("Memory cgroup out of memory", memcg.message());
        assertEquals(Optional.of("/docker/4f1a9c"), memcg.memcg(), "from 'killed as a result of limit of'");
        assertEquals(Optional.of("/docker/4f1a9c"), memcg.taskMemcg());
        assertEquals(OptionalLong.of(933), memcg.score());
        assertEquals(Optional.of(new OomEvent.MemcgUsage(2047696, 2047696, 23543)), memcg.memcgUsage());
        assertEquals("java", memcg.trigger().orElseThrow().comm());
        assertEquals(OptionalInt.of(18290), memcg.trigger().orElseThrow().pid(), "a thread of the victim triggered it");
        conserved(k);
    }

    @Test
    void rhel7MessagesWithItsUidBackportAndASyslogYearAndAnUnrecognizedSystemdLine() {
        List<ParseProblem> problems = new ArrayList<>();
        LogClock clock = new LogClock(Optional.empty(), ZoneOffset.UTC, Optional.of(Instant.parse("2026-11-23T17:00:00Z")));
        KernelLog k = parse("klog-rhel7-kernel3.10-messages-transcribed.txt", clock, problems);
        assertEquals(1, k.kills().size());
        OomEvent e = k.kills().get(0);
        assertEquals(21945, e.pid());
        assertEquals("tidb-server", e.comm());
        assertEquals(OptionalLong.of(1000), e.uid(), "RHEL 7.9: 'Killed process N (x), UID 1000, total-vm:...'");
        assertEquals(OptionalLong.of(31303276), e.anonRssKb());
        assertEquals(OptionalLong.of(0), e.shmemRssKb());
        assertEquals(OptionalLong.of(956), e.score());
        assertEquals(OptionalInt.of(21966), e.trigger().orElseThrow().pid());
        assertEquals(Instant.parse("2026-03-14T16:55:03Z"), e.time().orElseThrow());
        assertEquals(14, e.lines().size(), "the call trace and task table are the report's lines");
        assertEquals(List.of("Mar 14 16:55:07 localhost systemd: tidb-4000.service: main process exited, code=killed, status=9/KILL"),
                k.unrecognized(), "outside a report, an unknown line is kept as it is");
        assertEquals(1, problems.size());
        conserved(k);
    }

    @Test
    void kernel415MemoryCgroupWithTaskInAndTheOomReaper() {
        KernelLog k = clean("klog-ubuntu18.04-kernel4.15-transcribed.txt", CLOCK);
        OomEvent e = kill(k, 4240);
        assertEquals(OptionalLong.of(0), e.shmemRssKb());
        assertEquals(Optional.of("/kubepods/burstable/pod3a7f/4f1a"), e.memcg());
        assertEquals(OptionalLong.of(1968), e.score());
        assertEquals(OptionalInt.of(969), e.trigger().orElseThrow().oomScoreAdj());
        assertTrue(e.lines().get(e.lines().size() - 1).contains("oom_reaper: reaped process 4240 (java)"),
                "the reaper's line joins its kill");
        assertEquals(List.of(), k.other());
        conserved(k);
    }

    @Test
    void kernel50HasTheConstraintLineAndStillSacrificesChildren() {
        KernelLog k = clean("klog-ubuntu18.04-kernel5.0-transcribed.txt", CLOCK);
        OomEvent e = kill(k, 3921);
        assertEquals(Optional.of("CONSTRAINT_NONE"), e.constraint());
        assertEquals(Optional.empty(), e.memcg(), "global_oom: no memory cgroup at its limit");
        assertEquals(Optional.of("/user.slice/user-1000.slice/session-3.scope"), e.taskMemcg());
        assertEquals(OptionalLong.of(0), e.uid(), "from the oom-kill: line");
        assertEquals("Out of memory", e.message());
        assertFalse(e.memcgOom());
        conserved(k);
    }

    @Test
    void kernel54AddsUidPgtablesAndOomScoreAdjToTheKillLine() {
        KernelLog k = clean("klog-ubuntu20.04-kernel5.4-transcribed.txt", CLOCK);
        OomEvent e = kill(k, 7770);
        assertEquals(OptionalLong.of(998), e.uid());
        assertEquals(OptionalLong.of(11560), e.pgtablesKb());
        assertEquals(OptionalInt.of(0), e.oomScoreAdj());
        assertEquals(Optional.of("/system.slice/worker.service"), e.taskMemcg());
        assertEquals(OptionalInt.of(7777), e.trigger().orElseThrow().pid(), "another python3 triggered it");
        conserved(k);
    }

    @Test
    void cgroupV2MemoryOomOfAService() {
        KernelLog k = clean("klog-rhel9-kernel5.14-cgroupv2-transcribed.txt", CLOCK);
        OomEvent e = kill(k, 8120);
        assertEquals(Optional.of("/system.slice/nginx.service"), e.memcg());
        assertEquals(Optional.of(new OomEvent.MemcgUsage(262144, 262144, 112)), e.memcgUsage());
        assertEquals(20, e.lines().size());
        conserved(k);
    }

    @Test
    void rsyslogRfc3339KernLogWithTheKernelsOwnStamp() {
        KernelLog k = clean("klog-debian12-kern.log-rfc3339-transcribed.txt", CLOCK);
        OomEvent e = kill(k, 5150);
        assertEquals(Instant.parse("2026-11-20T09:04:58.120530Z"), e.time().orElseThrow(), "+01:00 applied");
        assertEquals(OptionalDouble.of(8123.45731), e.uptimeSeconds());
        assertEquals(OptionalLong.of(1024), e.shmemRssKb());
        assertEquals(OptionalInt.of(200), e.oomScoreAdj());
        assertEquals("postgres", e.trigger().orElseThrow().comm());
        assertEquals(5, e.lines().size());
        conserved(k);
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void malformedLinesAreKeptAsUnrecognizedNeverGuessedAt() {
        List<ParseProblem> problems = new ArrayList<>();
        KernelLog k = parse("klog-malformed.txt", CLOCK, problems);
        assertEquals(List.of(77, 78), k.kills().stream().map(OomEvent::pid).toList());
        assertEquals(Optional.empty(), k.kills().get(0).time(), "an unknown month: the kill is kept, its time is not guessed");
        assertEquals("[Mon Foo 23 16:30:09 2026]", k.kills().get(0).stamp());
        assertEquals("odd month", k.kills().get(0).comm());
        assertEquals(8, k.unrecognized().size());
        assertTrue(k.unrecognized().contains("[  100.600000] Killed process 79 (trunca"));
        assertTrue(k.unrecognized().contains("[  100.000000] Killed process 12 (trunc) total-vm:100kB, anon-rss:"));
        assertTrue(k.unrecognized().contains("[  100.550000] Out of memory: something new in kernel 9.0"));
        assertTrue(k.unrecognized().contains("[  100.300000] CPU: 0 PID: 1 Comm: init Not tainted 6.1.0 #1"));
        assertEquals(9, problems.size(), "8 unrecognized lines and one unplaced time");
        conserved(k);
    }

    @Test
    void emptyInputIsALogWithoutKills() {
        List<ParseProblem> problems = new ArrayList<>();
        KernelLog k = KernelLogParser.parse(List.of(), problems).orElseThrow();
        assertEquals(0, k.lines());
        assertTrue(k.kills().isEmpty() && k.other().isEmpty() && k.unrecognized().isEmpty());
        assertEquals(List.of(), problems);
        KernelLog markers = KernelLogParser.parse(List.of("", "-- No entries --", "-- Boot 7352d98a --"), problems).orElseThrow();
        assertEquals(0, markers.lines(), "journalctl's own markers are not log lines");
    }

    @Test
    void aReportCutOffBeforeItsKillLineIsOtherOomLinesAndTheRestCompletesNextTime() {
        List<String> all = Fixtures.text("memory/dmesg-debian12-kernel6.18-memcg.txt").lines().toList();
        List<String> first = all.subList(0, 40);
        List<String> second = all.subList(40, 80);
        List<ParseProblem> problems = new ArrayList<>();
        KernelLog a = KernelLogParser.parse(first, CLOCK, problems).orElseThrow();
        assertEquals(List.of(), a.kills());
        assertEquals(40, a.other().size(), "the start of a report without its kill is shown, not dropped");
        KernelLog b = KernelLogParser.parse(second, CLOCK, problems).orElseThrow();
        assertEquals(1, b.kills().size(), "the kill line alone is a kill");
        assertEquals(24522, b.kills().get(0).pid());
        assertEquals(Optional.of("CONSTRAINT_MEMCG"), b.kills().get(0).constraint());
        assertFalse(b.unrecognized().isEmpty(), "the middle of a report read without its start is unrecognized");
        conserved(a);
        conserved(b);
    }

    @Test
    void aNameThatLooksLikeTheLinesOwnFieldsIsCutAtTheLastParenthesisBeforeTheFigures() {
        List<ParseProblem> problems = new ArrayList<>();
        KernelLog k = KernelLogParser.parse(List.of(
                "[ 1.000000] x) total-vm:1kB invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
                "[ 1.000001] Memory cgroup out of memory: Killed process 9 (x) total-vm:1kB) total-vm:2048kB, anon-rss:1024kB,"
                        + " file-rss:4kB, shmem-rss:0kB, UID:0 pgtables:8kB oom_score_adj:-17"), CLOCK, problems).orElseThrow();
        OomEvent e = k.kills().get(0);
        assertEquals("x) total-vm:1kB", e.comm());
        assertEquals(OptionalLong.of(2048), e.totalVmKb());
        assertEquals(OptionalInt.of(-17), e.oomScoreAdj());
        assertEquals("x) total-vm:1kB", e.trigger().orElseThrow().comm());
        assertEquals(List.of(), problems);
    }
}
