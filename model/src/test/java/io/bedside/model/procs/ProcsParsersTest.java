package io.bedside.model.procs;

import io.bedside.model.Fixtures;
import io.bedside.model.memory.KernelLog;
import io.bedside.model.memory.KernelLogParser;
import io.bedside.model.memory.LogClock;
import io.bedside.model.probe.ParseProblem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The processes playbook's parsers on real output (fixtures/procs, sources in its README) and on hostile and cut input. */
class ProcsParsersTest {
    private static List<String> lines(String fixture) {
        return Fixtures.text("procs/" + fixture).lines().toList();
    }

    @Test
    void pidLimitsOfThisMachine() {
        List<ParseProblem> problems = new ArrayList<>();
        PidLimits l = PidLimitsParser.parse(lines("pid-limits-debian12-kernel6.18.txt"), problems).orElseThrow();
        assertEquals(32768, l.pidMax().getAsLong());
        assertEquals(192735, l.threadsMax().getAsLong());
        assertTrue(problems.isEmpty());
    }

    @Test
    void pidLimitsRejectWhatIsNotANumberAndNeverMakeItZero() {
        List<ParseProblem> problems = new ArrayList<>();
        PidLimits l = PidLimitsParser.parse(List.of("pid_max=3", "pid_max=", "threads-max=-1", "threads-max=99999999999999999999",
                "pid_max=12x", "@@bedside:end forged"), problems).orElseThrow();
        assertEquals(3, l.pidMax().getAsLong(), "the one plain number (a one-byte read gives this: see the probe's comment)");
        assertTrue(l.threadsMax().isEmpty(), "no threads-max parsed: unknown, not 0");
        assertEquals(5, problems.size());
        PidLimits none = PidLimitsParser.parse(List.of(), new ArrayList<>()).orElseThrow();
        assertTrue(none.pidMax().isEmpty() && none.threadsMax().isEmpty());
    }

    @Test
    void hungTaskLinesAsPeoplePostedThem() {
        List<KernelHang> a = KernelHangParser.parse(lines("hung-task-dmesg-rhel7-kernel3.10-fuse-transcribed.txt"));
        assertEquals(1, a.size());
        assertEquals("cp", a.get(0).comm().orElseThrow());
        assertEquals(48332, a.get(0).tid().getAsInt());
        assertEquals(120, a.get(0).seconds().getAsLong());
        assertEquals(15853, KernelHangParser.parse(lines("hung-task-dmesg-linuxkit-kernel4.9-blobfuse-transcribed.txt")).get(0).tid().getAsInt());
        KernelHang k = KernelHangParser.parse(lines("hung-task-dmesg-arm-kernel3.14-ext4lazyinit-transcribed.txt")).get(0);
        assertEquals("ext4lazyinit", k.comm().orElseThrow());
        assertEquals(305, k.tid().getAsInt());
        List<KernelHang> syn = KernelHangParser.parse(lines("hung-task-synology-fuse-unstamped-transcribed.txt"));
        assertEquals(List.of(15435, 15437, 15442, 15707), syn.stream().map(h -> h.tid().getAsInt()).toList());
        assertEquals("transfer-mgr", syn.get(3).comm().orElseThrow());
    }

    @Test
    void aNameWithColonsAndDigitsIsCutAtTheLastPid() {
        List<KernelHang> h = KernelHangParser.parse(List.of("[ 1.0] INFO: task kworker/u16:2:12345 blocked for more than 122 seconds.",
                "[ 2.0] INFO: task a:1 blocked:77 blocked for more than 240 seconds.",
                "[ 3.0] INFO: task x:99999999999 blocked for more than 120 seconds.",
                "INFO: task no-seconds:12 blocked for more than ever.",
                "nfs: server 10.0.0.5 not responding, still trying",
                "nfs: server 10.0.0.5 OK"));
        assertEquals("kworker/u16:2", h.get(0).comm().orElseThrow());
        assertEquals(12345, h.get(0).tid().getAsInt());
        assertEquals("a:1 blocked", h.get(1).comm().orElseThrow());
        assertEquals(77, h.get(1).tid().getAsInt());
        assertEquals("10.0.0.5", h.get(2).server().orElseThrow(), "a tid beyond int and a line without seconds are left out");
        assertEquals(3, h.size());
    }

    /** The memory playbook's OOM parser skips the hung-task lines that now share its section. */
    @Test
    void theKernelLogParserOfTheMemoryPlaybookIgnoresHungTaskLines() {
        List<String> in = new ArrayList<>();
        in.add("[ 2761.277854] INFO: task cp:48332 blocked for more than 120 seconds.");
        in.add("[ 2761.300000] nfs: server filer-2 not responding, still trying");
        in.add("[ 2800.000001] Out of memory: Killed process 1234 (java) total-vm:100kB, anon-rss:50kB, file-rss:0kB, shmem-rss:0kB");
        List<ParseProblem> problems = new ArrayList<>();
        KernelLog log = KernelLogParser.parse(in, LogClock.UTC, problems).orElseThrow();
        assertEquals(1, log.kills().size(), "the OOM kill is still found");
        assertTrue(log.unrecognized().isEmpty(), "hung-task lines are not unrecognized OOM lines: " + log.unrecognized());
        assertTrue(problems.stream().noneMatch(p -> p.line().contains("blocked") || p.line().contains("nfs:")), problems.toString());
        assertFalse(log.other().stream().anyMatch(l -> l.contains("blocked")));
    }

    @Test
    void cgroupLinesCutOrForgedAreLeftOutWithAProblem() {
        List<ParseProblem> problems = new ArrayList<>();
        CgroupPidsTable t = CgroupPidsParser.parse(List.of(
                "v1\t/bedside-forks\tmax=64 current=64 events_max=1812",
                "v2\t/system.slice/nginx.service\tmax=4915 current=? events_max=?",
                "v1\t/cut",
                "v3\t/x\tmax=1 current=1 events_max=0",
                "v1\trelative\tmax=1 current=1 events_max=0",
                "v1\t/nomax\tmax=max current=1 events_max=0",
                "# scanned=312 finite=298 shown=2"), "v1=/sys/fs/cgroup/pids v2=/sys/fs/cgroup/unified", problems).orElseThrow();
        assertEquals(2, t.cgroups().size());
        assertEquals(4, problems.size());
        assertEquals(1812, t.cgroups().get(0).eventsMax().getAsLong());
        assertTrue(t.cgroups().get(1).current().isEmpty(), "? is unknown, not 0");
        assertEquals(312, t.scanned().getAsLong());
        assertEquals("/sys/fs/cgroup/pids", t.mount("v1").orElseThrow());
        assertEquals("/sys/fs/cgroup/unified", t.mount("v2").orElseThrow());
        CgroupPidsTable none = CgroupPidsParser.parse(List.of(), "v1=- v2=/sys/fs/cgroup", new ArrayList<>()).orElseThrow();
        assertTrue(none.v1Mount().isEmpty());
        assertTrue(none.scanned().isEmpty(), "no trailer (cut): unknown");
    }
}
