package io.bedside.model.memory;

import io.bedside.model.probe.ParseProblem;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kernel log lines as the parser now receives them (split on '\n' only): a name may hold TAB, CR,
 * ESC, blanks, ')' and text that reads like another OOM line, and must come out byte for byte
 * without inventing a victim. Stamps in the forms and languages the corpus does not cover.
 * Lines here are written from the kernel's format strings (mm/oom_kill.c, lib/dump_stack.c).
 */
class KernelLogNamesAndStampsTest {
    private static final LogClock CLOCK = new LogClock(Optional.of(Instant.parse("2026-11-23T15:00:00Z")), ZoneOffset.UTC,
            Optional.of(Instant.parse("2026-12-01T00:00:00Z")));
    private static final String FIGURES = " total-vm:1000kB, anon-rss:500kB, file-rss:4kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0";

    private static KernelLog parse(List<ParseProblem> problems, String... lines) {
        return KernelLogParser.parse(List.of(lines), CLOCK, problems).orElseThrow();
    }

    private static KernelLog parse(String... lines) {
        return parse(new ArrayList<>(), lines);
    }

    @Test
    void controlCharactersInANameComeOutExactly() {
        String name = "a\tb\rc\u001b[31m";
        KernelLog k = parse(
                "[    5.000000] " + name + " invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
                "[    5.000001] CPU: 0 UID: 0 PID: 42 Comm: " + name + " Not tainted 6.18.44 #1",
                "[    5.000002] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task="
                        + name + ",pid=42,uid=0",
                "[    5.000003] Out of memory: Killed process 42 (" + name + ")" + FIGURES,
                "[    5.000100] oom_reaper: reaped process 42 (" + name + "), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB");
        assertEquals(1, k.kills().size());
        OomEvent e = k.kills().get(0);
        assertEquals(name, e.comm());
        assertEquals(name, e.trigger().orElseThrow().comm());
        assertEquals(OptionalInt.of(42), e.trigger().orElseThrow().pid());
        assertEquals(Optional.of("CONSTRAINT_NONE"), e.constraint());
        assertEquals(5, e.lines().size(), "the reaper's line joins its kill");
        assertEquals(List.of(), k.unrecognized());
    }

    @Test
    void blanksAndTabsAtTheEdgesOfANameAreKept() {
        KernelLog k = parse(
                "[    6.000000] \tx invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
                "[    6.000001] CPU: 1 PID: 43 Comm: \tx Not tainted 6.1.0 #1",
                "[    6.000002] Out of memory: Killed process 44 ( y\r)" + FIGURES,
                "[    6.000003] Out of memory: Killed process 45 (z )" + FIGURES);
        assertEquals(List.of(" y\r", "z "), k.kills().stream().map(OomEvent::comm).toList());
        assertEquals("\tx", k.kills().get(0).trigger().orElseThrow().comm());
        assertEquals(OptionalInt.of(43), k.kills().get(0).trigger().orElseThrow().pid());
    }

    @Test
    void aNameThatReadsLikeAKillLineInventsNoVictim() {
        String fake = "Killed process 1 (systemd)" + FIGURES;
        KernelLog k = parse(
                "[    7.000000] " + fake + " invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
                "[    7.000001] CPU: 0 PID: 46 Comm: " + fake + " Not tainted 6.1.0 #1",
                "[    7.000002] [     46]     0    46     1000      500    40960        0             0 " + fake,
                "[    7.000003] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task="
                        + fake + ",pid=46,uid=0",
                "[    7.000004] Out of memory: Killed process 46 (" + fake + ")" + FIGURES,
                "[    7.000005] oom_reaper: reaped process 46 (" + fake + "), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
                "Nov 23 16:00:00 vm evil[47]: " + fake,
                "Nov 23 16:00:01 vm evil[47]: Out of memory: " + fake,
                "[Mon Nov 23 16:00:02 2026] a kernel: " + fake.substring(0, 10) + " invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0,"
                        + " oom_score_adj=0");
        assertEquals(List.of(46), k.kills().stream().map(OomEvent::pid).toList(), "only the real kill");
        assertEquals(fake, k.kills().get(0).comm());
        assertEquals(OptionalInt.of(46), k.kills().get(0).trigger().orElseThrow().pid());
        assertTrue(k.unrecognized().stream().anyMatch(l -> l.contains("evil[47]")), "another program's line is kept, not read as the kernel's");
        assertTrue(k.other().get(0).contains("a kernel: Killed pro invoked"), "a dmesg -T line has no syslog tag to strip: " + k.other());
    }

    @Test
    void kernel2632NamesTheTriggerOnItsPidLine() {
        // the lines of https://github.com/emqx/emqx/issues/356 (2.6.32-431.11.15.el6), the report's order
        KernelLog k = parse(
                "rsyslogd invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, oom_score_adj=0",
                "rsyslogd cpuset=/ mems_allowed=0",
                "Pid: 1205, comm: rsyslogd Not tainted 2.6.32-431.11.15.el6.ucloud.x86_64 #1",
                "Out of memory: Kill process 16929 (beam.smp) score 580 or sacrifice child",
                "Killed process 28364, UID 0, (sh) total-vm:106064kB, anon-rss:180kB, file-rss:4kB");
        OomEvent e = k.kills().get(0);
        assertEquals(OptionalInt.of(1205), e.trigger().orElseThrow().pid());
        assertEquals(OptionalInt.of(0), e.trigger().orElseThrow().oomScoreAdj());
        assertEquals(Optional.of(new OomEvent.Chosen(16929, "beam.smp", 580)), e.chosen());
        assertEquals(5, e.lines().size());
    }

    @Test
    void rhel4And5KillLinesWithACapitalMAndAFullStop() {
        KernelLog k = parse("Out of Memory: Killed process 2592 (mysql).");
        assertEquals(List.of(2592), k.kills().stream().map(OomEvent::pid).toList());
        assertEquals("mysql", k.kills().get(0).comm());
    }

    @Test
    void printkCallerIdsAfterTheStamp() {
        KernelLog k = parse(
                "[  244.945440][ T3106] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0-1,global_oom,"
                        + "task_memcg=/,task=dhclient,pid=4526,uid=0",
                "[  244.946537][ T3106] Out of memory: Killed process 4526 (dhclient) total-vm:20464kB, anon-rss:1112kB, file-rss:0kB,"
                        + " shmem-rss:0kB, UID:0 pgtables:76kB oom_score_adj:0",
                "[  245.000000][    C1] oom_reaper: reaped process 4526 (dhclient), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB");
        OomEvent e = k.kills().get(0);
        assertEquals("dhclient", e.comm());
        assertEquals(Optional.of("CONSTRAINT_NONE"), e.constraint());
        assertEquals(OptionalDouble.of(244.946537), e.uptimeSeconds());
        assertEquals(3, e.lines().size());
    }

    @Test
    void dmesgTInOtherLanguagesIsPlacedAndAnUnknownOneKeepsTheKill() {
        String kill = " Out of memory: Killed process 9 (x)" + FIGURES;
        List<String> lines = List.of(
                "[Di Okt  3 12:00:01 2026]" + kill,        // de_DE
                "[mar. déc.  8 12:00:02 2026]" + kill,     // fr_FR
                "[mié dic  9 12:00:03 2026]" + kill,       // es_ES
                "[śro lis 18 12:00:04 2026]" + kill,       // pl_PL (listopad)
                "[ср нояб. 18 12:00:05 2026]" + kill,      // ru_RU as CLDR spells it
                "[qua set 16 12:00:06 2026]" + kill,       // pt_PT
                "[Zz Qqq 16 12:00:07 2026]" + kill,        // a language Bedside does not know
                "[16.09.2026 12:00:08]" + kill);           // a layout Bedside does not know
        List<ParseProblem> problems = new ArrayList<>();
        KernelLog k = KernelLogParser.parse(lines, CLOCK, problems).orElseThrow();
        assertEquals(8, k.kills().size(), "no line is lost");
        List<Optional<Instant>> times = k.kills().stream().map(OomEvent::time).toList();
        assertEquals(List.of(Optional.of(Instant.parse("2026-10-03T12:00:01Z")), Optional.of(Instant.parse("2026-12-08T12:00:02Z")),
                Optional.of(Instant.parse("2026-12-09T12:00:03Z")), Optional.of(Instant.parse("2026-11-18T12:00:04Z")),
                Optional.of(Instant.parse("2026-11-18T12:00:05Z")), Optional.of(Instant.parse("2026-09-16T12:00:06Z")),
                Optional.empty(), Optional.empty()), times);
        assertEquals("[Zz Qqq 16 12:00:07 2026]", k.kills().get(6).stamp());
        assertEquals("[16.09.2026 12:00:08]", k.kills().get(7).stamp());
        assertEquals(2, problems.size(), "one problem per reason: " + problems);
    }

    @Test
    void monthWordsOfTwoLanguagesThatDisagreeAreNotGuessed() {
        // Finnish "marraskuu" (November) and others: every word in the table means one month only
        LogStamps.MONTHS.forEach((word, month) -> assertTrue(month >= 1 && month <= 12, word));
        assertEquals(3, LogStamps.MONTHS.get("mar"));
        assertEquals(11, LogStamps.MONTHS.get(LogStamps.key("nov.")));
        assertEquals(7, LogStamps.MONTHS.get("июл"));
        assertEquals(12, LogStamps.MONTHS.get("déc"));
        assertEquals(10, LogStamps.MONTHS.get("okt"));
        assertEquals(5, LogStamps.MONTHS.get("5月"));
    }
}
