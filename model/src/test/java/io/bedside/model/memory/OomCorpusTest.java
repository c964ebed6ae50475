package io.bedside.model.memory;

import io.bedside.model.Fixtures;
import io.bedside.model.probe.ParseProblem;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OOM-killer excerpts that people posted publicly (issue trackers, Q&amp;A sites, blogs), one file each
 * under {@code fixtures/memory/oom-corpus}; where each came from, the kernel, distribution and log
 * format are in that folder's README. For every excerpt: every victim the post shows is found, with
 * its pid and its name exactly, in order; none is invented (a process the kernel only chose, a
 * systemd or containerd line that mentions a kill, a task-table row); every kill line of the excerpt
 * is the kill line of one kill; every line read is accounted for.
 */
class OomCorpusTest {
    /** A host clock for the excerpts whose stamps have no year (syslog, journalctl -o short). */
    private static final LogClock CLOCK = new LogClock(Optional.empty(), ZoneOffset.UTC, Optional.of(Instant.parse("2026-12-01T00:00:00Z")));
    /** A kill line as the kernel prints it, after whatever stamp and tag the excerpt has. */
    private static final Pattern KILL_LINE = Pattern.compile("(?:^|[\\s:\\]])[Kk]illed process \\d+[ ,]");

    /**
     * @param file    the excerpt
     * @param victims "pid name" of each kill, in the order logged (the name is everything after the first blank)
     * @param spared  "pid name" of processes the kernel chose ({@code Kill process N (x) score S or
     *                sacrifice child}) but did not kill in this excerpt
     */
    record Case(String file, List<String> victims, List<String> spared) {
    }

    static final List<Case> CASES = List.of(
            new Case("dmesg-python2-sacrifice-child.txt", List.of("21518 python2"), List.of()),
            new Case("journal-short-R-sacrifice-child-shmem.txt", List.of("27438 R"), List.of()),
            new Case("messages-rhel7-memcg-ltp-uid.txt", List.of("42452 memcg_test_1", "42453 memcg_test_1", "42474 memcg_test_1",
                    "42471 memcg_test_1", "42468 memcg_test_1"), List.of("42469 memcg_test_1")),
            new Case("messages-rhel7-kernel3.10-memcg-ltp-with-trigger.txt", List.of("42424 memcg_test_1"), List.of()),
            new Case("dmesg-ubuntu20.04-kernel5.4-memcg-uwsgi.txt", List.of("63214 uwsgi"), List.of()),
            new Case("kernlog-ubuntu-memcg-python3-reaper.txt", List.of("15617 python3", "15674 python3", "15623 python3",
                    "15694 python3"), List.of()),
            new Case("kernlog-ubuntu-global-name-in-parens.txt", List.of("15784 python3", "15925 (resolved)", "15783 python3",
                    "15934 (resolved)"), List.of()),
            new Case("syslog-ubuntu-journald-killed-then-kmsg-lines.txt", List.of("401 systemd-journal"), List.of()),
            new Case("dmesg-T-en-rhel7-kernel3.10-memcg-child-of-chosen.txt", List.of("28438 java"), List.of("24572 java")),
            new Case("console-rhel6-kernel2.6.32-sacrifice-child.txt", List.of("28364 sh"), List.of("16929 beam.smp")),
            new Case("messages-centos6.7-kernel2.6.32-uid-mysqld.txt", List.of("11726 mysqld"), List.of()),
            new Case("messages-centos6-kernel2.6.32-uid-java.txt", List.of("26942 java"), List.of()),
            new Case("messages-alios6-kernel2.6.32-uid-redis.txt", List.of("21578 redis-server"), List.of()),
            new Case("messages-rhel6-uid-python2.7.txt", List.of("29591 python2.7"), List.of()),
            new Case("dmesg-rhel6-uid-mysqld.txt", List.of("12166 mysqld"), List.of()),
            new Case("kernlog-ubuntu-java-sacrifice-child.txt", List.of("1312 java"), List.of()),
            new Case("logread-openwrt-kernel4.14-udhcpc.txt", List.of("1350 udhcpc"), List.of()),
            new Case("logread-openwrt-kernel4.14-netifd.txt", List.of("1039 netifd"), List.of()),
            new Case("dmesg-grep-five-kills-uid.txt", List.of("328391 fluvial_facies", "1597132 eclipse.exe", "1595933 rms",
                    "1596142 rms", "1596008 rms"), List.of()),
            new Case("dmesg-T-en-debian-kernel6.16-uwsgi-journald.txt", List.of("3581527 uwsgi"), List.of()),
            new Case("dmesg-T-en-memcg-python3-five.txt", List.of("26901 python3", "5925 python3", "17645 python3", "12906 python3",
                    "32316 python3"), List.of()),
            new Case("dmesg-T-en-constraint-website.txt", List.of("1508765 website20240424"), List.of()),
            new Case("journal-short-ru_RU-kernel5.12-tail.txt", List.of("31525 tail"), List.of()),
            new Case("kernlog-ubuntu18.04-ytmdl-reaper-second-chosen.txt", List.of("15889 ytmdl"), List.of("18946 ytmdl")),
            new Case("dmesg-T-en-lxc-memcg-chosen-no-kill-line.txt", List.of(), List.of("1894591 bundle")),
            new Case("messages-python-task-table-and-kill.txt", List.of("7748 python"), List.of()),
            new Case("messages-centos7-memcg-palo_be-other-pid.txt", List.of("18177 palo_be"), List.of("24984 palo_be")),
            new Case("kernlog-docker-constraint-main-dockerd.txt", List.of("50111 main"), List.of()),
            new Case("syslog-eks-no-hostname-memcg-gunicorn.txt", List.of("2908 gunicorn"), List.of()),
            new Case("journal-nixos-global-nix-env-truncated-constraint.txt", List.of("1055041 nix-env"), List.of()),
            new Case("messages-centos7-uid-node-eight-kills.txt", List.of("799153 node", "799402 node", "799889 node", "799707 node",
                    "799791 node", "800660 node", "800329 node", "801542 node"), List.of()),
            new Case("messages-sle15-kernel5.3-memcg-qemu-trigger-with-slash.txt", List.of("10381 qemu-system-x86"), List.of()),
            new Case("kubectl-describe-node-events-gke-memcg.txt", List.of("821218 prometheus", "789131 app", "788802 node_exporter"),
                    List.of()),
            new Case("dmesg-T-en-digit-grouped-figures.txt", List.of("7899 python"), List.of()),
            new Case("tutorial-bracketed-month-day-time.txt", List.of("14821 php-fpm"), List.of()),
            new Case("dmesg-centos7-task-table-java.txt", List.of("17982 java"), List.of()),
            new Case("messages-no-hostname-chosen-only.txt", List.of(), List.of("17982 java")),
            new Case("messages-centos7-uid-after-name-mongod.txt", List.of("5372 mongod"), List.of()),
            new Case("dmesg-rhel6-kernel2.6.32-influxd-three-kills.txt", List.of("31343 influxd", "9666 influxd", "13749 influxd"),
                    List.of()),
            new Case("kernlog-2014-influxdb-sacrifice-child.txt", List.of("31158 influxdb"), List.of()),
            new Case("messages-centos7-thread-chosen-process-killed.txt", List.of("19079 clickhouse-serv"),
                    List.of("16959 AsyncBlockInput")),
            new Case("journal-systemd-oomd-kills-no-kernel-victim.txt", List.of(), List.of()),
            new Case("journal-fr_FR-no-hostname-systemd-oomd.txt", List.of(), List.of()),
            new Case("journal-centos-stream9-cgroup2-global-tail-systemd-kills.txt", List.of("20227 tail"),
                    List.of("17092 metrics-server")),
            new Case("syslog-lxc-payload-memcg-constraint-only.txt", List.of(), List.of("461754 pt_main_thread")),
            // captured on the build machine (README, second table): one memory cgroup kill, as each command printed it
            capture("capture-dmesg-kernel6.18-memcg-python3.11.txt"),
            capture("capture-dmesg-iso-kernel6.18-memcg-python3.11.txt"),
            capture("capture-dmesg-T-C-kernel6.18-memcg-python3.11.txt"),
            capture("capture-dmesg-T-de_DE-kernel6.18-memcg-python3.11.txt"),
            capture("capture-dmesg-T-fr_FR-kernel6.18-memcg-python3.11.txt"),
            capture("capture-dmesg-T-zh_CN-kernel6.18-memcg-python3.11.txt"),
            capture("capture-dmesg-T-es_ES-kernel6.18-memcg-python3.11.txt"),
            capture("capture-dmesg-T-ru_RU-kernel6.18-memcg-python3.11.txt"),
            capture("capture-dmesg-T-ko_KR-kernel6.18-memcg-python3.11.txt"),
            capture("capture-dmesg-T-pl_PL-kernel6.18-memcg-python3.11.txt"),
            capture("capture-dmesg-T-tr_TR-kernel6.18-memcg-python3.11.txt"),
            capture("capture-dmesg-T-pt_BR-kernel6.18-memcg-python3.11.txt"),
            capture("capture-dmesg-T-nl_NL-kernel6.18-memcg-python3.11.txt")
    );

    /** The kill staged on the build machine: python3.11 (pid 3012) killed, the sleep beside it (pid 3011) spared. */
    private static Case capture(String file) {
        return new Case(file, List.of("3012 python3.11"), List.of("3011 sleep"));
    }

    private static boolean captured(Case c) {
        return c.file().startsWith("capture-");
    }

    private static List<String> lines(String file) {
        return Fixtures.text("memory/oom-corpus/" + file).lines().toList();
    }

    private static KernelLog parse(String file, List<ParseProblem> problems) {
        return KernelLogParser.parse(lines(file), CLOCK, problems).orElseThrow();
    }

    private static String named(int pid, String comm) {
        return pid + " " + comm;
    }

    @TestFactory
    Stream<DynamicTest> everyVictimIsFoundNamedExactlyAndNoneInvented() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.file(), () -> {
            List<ParseProblem> problems = new ArrayList<>();
            KernelLog k = parse(c.file(), problems);
            assertEquals(c.victims(), k.kills().stream().map(e -> named(e.pid(), e.comm())).toList(), c.file());

            List<String> killLines = lines(c.file()).stream().filter(l -> KILL_LINE.matcher(l).find()).toList();
            assertEquals(killLines, k.kills().stream().map(OomEvent::killLine).toList(), "every kill line is one kill's line");

            int inKills = k.kills().stream().mapToInt(e -> e.lines().size()).sum();
            assertEquals(k.lines(), inKills + k.other().size() + k.unrecognized().size(), "every line is accounted for");

            for (String spared : c.spared()) {
                assertFalse(c.victims().contains(spared), spared);
                assertTrue(k.kills().stream().noneMatch(e -> named(e.pid(), e.comm()).equals(spared)), "never reported killed: " + spared);
            }
        }));
    }

    @Test
    void theCorpusHoldsAtLeastFortyExcerptsAndEveryFileIsInIt() {
        long posted = CASES.stream().filter(c -> !c.file().startsWith("tutorial-") && !captured(c)).count();
        assertTrue(posted >= 40, "excerpts people posted: " + posted);
        String readme = Fixtures.text("memory/oom-corpus/README.md");
        for (Case c : CASES) {
            String source = captured(c) ? "` | captured on the build machine" : "` | http";
            assertTrue(readme.contains("`" + c.file() + source), "the README names the source of " + c.file());
        }
    }

    /**
     * One real memory cgroup kill (kernel 6.18), as raw dmesg, dmesg --time-format iso and dmesg -T
     * in eleven locales printed it: the same kill, the same cgroups, and every dmesg -T and iso stamp
     * placed at the same second; the raw one (seconds after boot, boot time not given) keeps its uptime.
     */
    @TestFactory
    Stream<DynamicTest> theKillCapturedOnTheBuildMachineReadsTheSameInEveryFormatAndLocale() {
        return CASES.stream().filter(OomCorpusTest::captured).map(c -> DynamicTest.dynamicTest(c.file(), () -> {
            List<ParseProblem> problems = new ArrayList<>();
            KernelLog k = parse(c.file(), problems);
            assertEquals(1, k.kills().size());
            OomEvent e = k.kills().get(0);
            assertEquals(Optional.of("CONSTRAINT_MEMCG"), e.constraint());
            assertEquals(Optional.of("/bedside-oomcap-1796585575.slice"), e.memcg());
            assertEquals(Optional.of("/bedside-oomcap-1796585575.slice/worker.scope"), e.taskMemcg());
            assertEquals(OptionalLong.of(0), e.uid());
            assertEquals(OptionalLong.of(64384), e.anonRssKb());
            assertEquals(OptionalLong.of(92232), e.totalVmKb());
            assertEquals("Memory cgroup out of memory", e.message());
            assertTrue(e.memcgOom());
            assertEquals(Optional.empty(), e.chosen(), "6.18 prints no 'Kill process … score' line");
            assertEquals(Optional.of(new OomEvent.MemcgUsage(65536, 65536, 0)), e.memcgUsage(), "memory.limit_in_bytes 64M");
            assertEquals(89, k.lines());
            assertEquals(89, e.lines().size(), "the whole report belongs to the kill");
            assertEquals(List.of(), k.unrecognized());
            if (c.file().startsWith("capture-dmesg-kernel")) {
                assertEquals(Optional.empty(), e.time());
                assertEquals(OptionalDouble.of(7308.156733), e.uptimeSeconds());
                assertTrue(problems.stream().allMatch(p -> p.message().contains("boot time is not known")), problems.toString());
            } else {
                Instant at = c.file().startsWith("capture-dmesg-iso") ? Instant.parse("2026-12-06T19:32:55.156733Z")
                        : Instant.parse("2026-12-06T19:32:55Z");
                assertEquals(Optional.of(at), e.time(), e.stamp());
                assertEquals(List.of(), problems);
            }
        }));
    }

    @Test
    void aChildKilledInPlaceOfTheChosenProcessIsTheVictimAndTheChosenOneIsKept() {
        KernelLog rhel6 = parse("console-rhel6-kernel2.6.32-sacrifice-child.txt", new ArrayList<>());
        OomEvent sh = rhel6.kills().get(0);
        assertEquals(28364, sh.pid());
        assertEquals("sh", sh.comm());
        assertEquals(OptionalLong.of(0), sh.uid(), "'Killed process 28364, UID 0, (sh)'");
        assertEquals(OptionalLong.of(180), sh.anonRssKb());
        assertEquals(Optional.of(new OomEvent.Chosen(16929, "beam.smp", 580)), sh.chosen());
        assertTrue(sh.sacrificedChild());
        assertEquals(OptionalLong.empty(), sh.score(), "the score was the parent's, not the victim's");
        assertEquals("Out of memory", sh.message());
        assertTrue(rhel6.other().stream().anyMatch(l -> l.startsWith("rsyslogd invoked oom-killer")),
                "the next report, cut before its kill, is shown as OOM lines of no kill");

        KernelLog k8s = parse("dmesg-T-en-rhel7-kernel3.10-memcg-child-of-chosen.txt", new ArrayList<>());
        OomEvent java = k8s.kills().get(0);
        assertEquals(Optional.of(new OomEvent.Chosen(24572, "java", 0)), java.chosen());
        assertTrue(java.sacrificedChild());
        assertTrue(java.memcgOom());

        OomEvent clickhouse = parse("messages-centos7-thread-chosen-process-killed.txt", new ArrayList<>()).kills().get(0);
        assertEquals(Optional.of(new OomEvent.Chosen(16959, "AsyncBlockInput", 947)), clickhouse.chosen());
        assertTrue(clickhouse.sacrificedChild());

        KernelLog same = parse("kernlog-ubuntu-java-sacrifice-child.txt", new ArrayList<>());
        assertFalse(same.kills().get(0).sacrificedChild(), "the chosen process itself was killed");
        assertEquals(OptionalLong.of(497), same.kills().get(0).score());
    }

    @Test
    void rhel6KillLinesCarryTheUidBeforeTheName() {
        OomEvent e = parse("messages-centos6.7-kernel2.6.32-uid-mysqld.txt", new ArrayList<>()).kills().get(0);
        assertEquals(OptionalLong.of(498), e.uid());
        assertEquals(OptionalLong.of(7823732), e.totalVmKb());
        assertEquals(OptionalLong.of(768), e.fileRssKb());
        assertEquals(Instant.parse("2026-03-02T17:35:10Z"), e.time().orElseThrow());
        assertEquals(OptionalDouble.of(2858609.598568), e.uptimeSeconds());
    }

    @Test
    void aJournalInRussianPlacesItsKillsInTime() {
        List<ParseProblem> problems = new ArrayList<>();
        OomEvent tail = parse("journal-short-ru_RU-kernel5.12-tail.txt", problems).kills().get(0);
        assertEquals(Instant.parse("2026-07-24T01:20:00Z"), tail.time().orElseThrow(), "'июл' is July");
        assertEquals("июл 24 01:20:00", tail.stamp(), "the host name is not part of the stamp");
        assertTrue(problems.stream().noneMatch(p -> p.message().contains("could not be placed")), problems.toString());
    }

    @Test
    void openWrtLogreadAndSyslogWithoutAHostName() {
        OomEvent udhcpc = parse("logread-openwrt-kernel4.14-udhcpc.txt", new ArrayList<>()).kills().get(0);
        assertEquals(Instant.parse("2020-01-25T09:40:15Z"), udhcpc.time().orElseThrow());
        assertEquals(OptionalDouble.of(22042.60227), udhcpc.uptimeSeconds());
        assertEquals("Sat Jan 25 09:40:15 2020", udhcpc.stamp());

        KernelLog eks = parse("syslog-eks-no-hostname-memcg-gunicorn.txt", new ArrayList<>());
        OomEvent g = eks.kills().get(0);
        assertEquals(Optional.of("CONSTRAINT_MEMCG"), g.constraint());
        assertEquals(Optional.of("/kubepods/burstable/podcb4794b7-954b-4831-81cf-403d83ad22a4"), g.memcg());
        assertEquals(OptionalInt.of(984), g.oomScoreAdj());
    }

    @Test
    void aBracketedStampInAnUnknownFormKeepsTheKillWithoutATime() {
        List<ParseProblem> problems = new ArrayList<>();
        KernelLog k = parse("tutorial-bracketed-month-day-time.txt", problems);
        OomEvent e = k.kills().get(0);
        assertEquals(Optional.empty(), e.time());
        assertEquals("[Mar 24 03:17:42]", e.stamp());
        assertEquals(OptionalLong.of(847), e.score());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().contains("could not be placed"), problems.get(0).message());
    }

    @Test
    void aFrenchJournalIsPlacedAndItsLinesOfOtherProgramsAreKeptAsTheyAre() {
        List<ParseProblem> problems = new ArrayList<>();
        KernelLog k = parse("journal-fr_FR-no-hostname-systemd-oomd.txt", problems);
        assertEquals(List.of(), k.kills());
        assertEquals(9, k.unrecognized().size(), "shown as they are, never read as kills");
        assertTrue(problems.stream().noneMatch(p -> p.message().contains("could not be placed")), problems.toString());
        assertEquals(3, LogStamps.MONTHS.get("mars"));
    }

    @Test
    void digitGroupsInFiguresAreRead() {
        OomEvent e = parse("dmesg-T-en-digit-grouped-figures.txt", new ArrayList<>()).kills().get(0);
        assertEquals(OptionalLong.of(26184840), e.totalVmKb());
        assertEquals(OptionalLong.of(38964), e.pgtablesKb());
        assertEquals(Optional.of("/init.scope"), e.taskMemcg());
    }
}
