package io.bedside.model.memory;

import io.bedside.model.Fixtures;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeOutputParser;
import io.bedside.model.probe.Section;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessAndCgroupParsersTest {
    private static final String H = ProcessMemoryParser.HEADER;

    private static Section section(String fixture, String name) {
        return ProbeOutputParser.parse(Fixtures.text("memory/" + fixture)).section(name).orElseThrow();
    }

    // ------------------------------------------------------------------ procs-mem

    @Test
    void capturedProcessTableWithANameOfSpacesAndParentheses() {
        List<ParseProblem> problems = new ArrayList<>();
        ProcessMemoryTable t = ProcessMemoryParser.parse(section("probe-lab-oom-root-dmesg-first.txt", "procs-mem").lines(), problems)
                .orElseThrow();
        assertEquals(List.of(), problems);
        assertTrue(t.processes().size() > 20, "every process of the machine");
        assertTrue(t.kernelThreads().getAsInt() > 10, "kernel threads are counted, not listed");
        assertEquals(OptionalInt.of(0), t.exited());

        ProcessMemory svc = t.pid(11250).orElseThrow();
        assertEquals("my (svc) x)", svc.comm());
        assertEquals("S", svc.state());
        assertEquals(1, svc.ppid());
        assertEquals(OptionalLong.of(0), svc.uid());
        assertEquals(367480, svc.startTicks());
        assertEquals(OptionalLong.of(21192), svc.rssKb());
        assertEquals(OptionalLong.of(0), svc.swapKb());
        assertEquals(OptionalInt.of(666), svc.oomScore());
        assertEquals(OptionalInt.of(0), svc.oomScoreAdj());
        assertEquals(Optional.of(new CgroupRef(1, "/bedside-lab-hold")), svc.cgroup());
        assertEquals(Optional.of("/"), svc.systemdCgroup());
        assertEquals("my (svc) x)", svc.cmdline());

        ProcessMemory hog = t.pid(11313).orElseThrow();
        assertEquals("bedside-hog", hog.comm());
        assertEquals(OptionalInt.of(669), hog.oomScore());
        List<ProcessMemory> ranked = t.byOomScore();
        for (int i = 1; i < ranked.size(); i++) {
            assertTrue(ranked.get(i - 1).oomScore().getAsInt() >= ranked.get(i).oomScore().getAsInt(), "highest oom_score first");
        }
        assertTrue(ranked.indexOf(hog) < ranked.indexOf(svc), "the hog (669) dies before my (svc) x) (666)");
    }

    @Test
    void badRowsAreProblemsAndTheRestIsKept() {
        List<ParseProblem> problems = new ArrayList<>();
        List<String> lines = List.of(H,
                "10\tS\t1\t1000\t500\t2048\t16\t700\t-200\tv2:/system.slice/db.service\t-\tpostgres\t/usr/bin/postgres -D /data",
                "11\tZ\t10\t1000\t600\t-\t-\t0\t0\tv2:/system.slice/db.service\t-\tdefunct) x\t",
                "12\tS\t1\t?\t700\t?\t?\t?\t?\t?\t?\ttab\\there\\\\x\tcmd with\ttab",
                "13\tS\t1\t0\t800\t10\t0\t5\t0\tv2:/a\\tb\t-\tok\t",
                "14\tS\t1\t0\t800\t10\t0\t5\t1001\tv2:/\t-\tadj-too-big\t",
                "15\tS\t1\t0\t800\t10\t0\t5\t0\tv2:/\t-\tshort",
                "x\tS\t1\t0\t800\t10\t0\t5\t0\tv2:/\t-\tbad-pid\t",
                "16\tS\t1\t0\t800\t10\t0\t5\t0\tv3:/x\t-\tbad-cgroup\t",
                "17\tS\t1\t0\t800\t10\t0\t5\t0\tv2:/\t-\t\t",
                "10\tS\t1\t0\t800\t10\t0\t5\t0\tv2:/\t-\tdup\t",
                "# kernel_threads=87 exited=2");
        ProcessMemoryTable t = ProcessMemoryParser.parse(lines, problems).orElseThrow();
        assertEquals(List.of(10, 11, 13), t.processes().stream().map(ProcessMemory::pid).toList());
        assertEquals(7, problems.size(), problems.toString());
        assertEquals(OptionalInt.of(87), t.kernelThreads());
        assertEquals(OptionalInt.of(2), t.exited());

        ProcessMemory db = t.pid(10).orElseThrow();
        assertEquals(Optional.of("db.service"), db.unit());
        assertEquals(OptionalInt.of(-200), db.oomScoreAdj());
        assertEquals("/usr/bin/postgres -D /data", db.cmdline());
        ProcessMemory zombie = t.pid(11).orElseThrow();
        assertTrue(zombie.zombie());
        assertEquals(OptionalLong.empty(), zombie.rssKb(), "'-': the kernel has no RSS for a zombie; not 0");
        assertEquals("defunct) x", zombie.comm());
        assertEquals("", zombie.cmdline());
        assertEquals(Optional.of(new CgroupRef(2, "/a\tb")), t.pid(13).orElseThrow().cgroup(), "escaped TAB in a path");
        assertFalse(t.byOomScore().contains(zombie), "a zombie is not a victim");
        assertTrue(problems.stream().anyMatch(p -> p.message().contains("14 fields")), "a row with a TAB in its cmdline does not parse");
    }

    @Test
    void kernelEscapesInTheNameAreUndone() {
        List<ParseProblem> problems = new ArrayList<>();
        ProcessMemoryTable t = ProcessMemoryParser.parse(List.of(H,
                "20\tS\t1\t0\t1\t1\t0\t1\t0\t-\t-\ttab\\there\\\\x\\nnl\\101\t"), problems).orElseThrow();
        assertEquals(List.of(), problems);
        assertEquals("tab\there\\x\nnlA", t.pid(20).orElseThrow().comm());
        assertEquals(Optional.empty(), t.pid(20).orElseThrow().cgroup());
    }

    @Test
    void aTableWithoutItsHeaderIsNotUsed() {
        List<ParseProblem> problems = new ArrayList<>();
        assertEquals(Optional.empty(), ProcessMemoryParser.parse(List.of("1\tS\t0\t0\t1\t1\t0\t1\t0\t-\t-\tinit\t"), problems));
        assertEquals(1, problems.size());
        assertEquals(Optional.empty(), ProcessMemoryParser.parse(List.of(), problems), "empty: not even the header");
        assertEquals(2, problems.size());
    }

    @Test
    void theUnitComesFromTheSystemdCgroupAndNeverFromAUserManager() {
        ProcessMemory p = ProcessMemoryParser.row("1\tS\t0\t0\t1\t1\t0\t1\t0\tv1:/\t/system.slice/nginx.service\tnginx\t");
        assertEquals(Optional.of("nginx.service"), p.unit(), "v1: the name=systemd path names the unit");
        ProcessMemory user = ProcessMemoryParser.row("2\tS\t0\t1000\t1\t1\t0\t1\t0\tv2:/user.slice/user-1000.slice/user@1000.service/app.slice/x.service\t-\tx\t");
        assertEquals(Optional.empty(), user.unit(), "a user manager's unit is out of a system drop-in's reach");
        ProcessMemory scope = ProcessMemoryParser.row("3\tS\t0\t0\t1\t1\t0\t1\t0\tv2:/user.slice/user-0.slice/session-3.scope\t-\tbash\t");
        assertEquals(Optional.empty(), scope.unit());
    }

    // ------------------------------------------------------------------ cgroup-mem

    @Test
    void capturedV1CgroupsWithTheirLimitsAndTheBindingLimit() {
        Section s = section("probe-lab-oom-root-dmesg-first.txt", "cgroup-mem");
        List<ParseProblem> problems = new ArrayList<>();
        CgroupMemoryTable t = CgroupMemoryParser.parse(s.lines(), s.detail(), problems).orElseThrow();
        assertEquals(List.of(), problems);
        assertEquals(Optional.of("/sys/fs/cgroup/memory"), t.v1Mount());
        assertEquals(Optional.of("/sys/fs/cgroup/unified"), t.v2Mount());
        CgroupMemory hold = t.get(new CgroupRef(1, "/bedside-lab-hold")).orElseThrow();
        assertEquals(OptionalLong.of(134217728), hold.limit().orElseThrow().bytes());
        assertEquals(OptionalLong.of(118857728), hold.usageBytes());
        assertEquals(OptionalLong.of(1), hold.oomKills());
        assertEquals(OptionalLong.of(0), hold.failcnt());
        assertEquals(OptionalLong.of(134217728), hold.swapLimit().orElseThrow().bytes());
        assertEquals(Optional.empty(), hold.high(), "v1 has no memory.high");
        CgroupMemory root = t.get(new CgroupRef(1, "/")).orElseThrow();
        assertTrue(root.limit().orElseThrow().unlimited(), "9223372036854771712 is v1's 'no limit'");

        CgroupMemoryTable.Binding b = t.binding(new CgroupRef(1, "/bedside-lab-hold")).orElseThrow();
        assertEquals(new CgroupRef(1, "/bedside-lab-hold"), b.at());
        assertEquals(134217728, b.bytes());
        assertEquals(0.886, b.fill().orElseThrow(), 0.001);
        assertEquals(Optional.empty(), t.binding(new CgroupRef(1, "/process_api")), "no limit anywhere up the tree");
    }

    @Test
    void transcribedV2CgroupsAndALimitSetHigherUpTheTree() {
        List<ParseProblem> problems = new ArrayList<>();
        List<String> lines = new ArrayList<>(Fixtures.text("memory/cgroup-mem-v2-transcribed.txt").lines().toList());
        CgroupMemoryTable t = CgroupMemoryParser.parse(lines, "v2=/sys/fs/cgroup v1=-", problems).orElseThrow();
        assertEquals(List.of(), problems);
        assertEquals(Optional.empty(), t.v1Mount());
        CgroupMemory nginx = t.get(new CgroupRef(2, "/system.slice/nginx.service")).orElseThrow();
        assertEquals(OptionalLong.of(268435456), nginx.limit().orElseThrow().bytes());
        assertTrue(nginx.high().orElseThrow().unlimited());
        assertEquals(OptionalLong.of(0), nginx.swapLimit().orElseThrow().bytes());
        assertEquals(OptionalLong.of(3), nginx.oomKills());
        assertEquals(OptionalLong.of(7), nginx.oomEvents());
        assertTrue(t.get(new CgroupRef(2, "/user.slice/user-1000.slice/session-3.scope")).orElseThrow().missing());
        CgroupMemory root = t.get(new CgroupRef(2, "/")).orElseThrow();
        assertEquals(Optional.empty(), root.limit(), "the root has no memory.max: not known, not 'unlimited'");
        assertEquals(Optional.empty(), t.binding(new CgroupRef(2, "/system.slice/postgresql.service")));

        // a child without a limit of its own is bound by its parent's
        lines.add("v2\t/system.slice/nginx.service/worker\tmax=max current=1000");
        CgroupMemoryTable t2 = CgroupMemoryParser.parse(lines, "", problems).orElseThrow();
        CgroupMemoryTable.Binding b = t2.binding(new CgroupRef(2, "/system.slice/nginx.service/worker")).orElseThrow();
        assertEquals(new CgroupRef(2, "/system.slice/nginx.service"), b.at());
        assertEquals(268435456, b.bytes());
    }

    @Test
    void badCgroupLinesAreProblems() {
        List<ParseProblem> problems = new ArrayList<>();
        CgroupMemoryTable t = CgroupMemoryParser.parse(List.of("v3\t/x\tmax=1", "v2 /x max=1", "v2\tnoslash\tmax=1",
                "v2\t/ok\tmax=12 current=abc", "v2\t/bad\tjunk", "v2\t/ok\tmax=5"), problems).orElseThrow();
        assertEquals(1, t.cgroups().size());
        assertEquals(OptionalLong.of(12), t.get(new CgroupRef(2, "/ok")).orElseThrow().limit().orElseThrow().bytes());
        assertEquals(OptionalLong.empty(), t.get(new CgroupRef(2, "/ok")).orElseThrow().usageBytes(), "current=abc is not read as 0");
        assertEquals(6, problems.size(), problems.toString());
    }

    @Test
    void vmstatOomKill() {
        List<ParseProblem> problems = new ArrayList<>();
        assertEquals(Optional.of(9L), VmstatOomParser.parse(section("probe-lab-oom-root-dmesg-first.txt", "vmstat-oom").lines(), problems));
        assertEquals(Optional.empty(), VmstatOomParser.parse(List.of("oom_kill x"), problems));
        assertEquals(Optional.empty(), VmstatOomParser.parse(List.of(), problems));
        assertEquals(3, problems.size());
    }
}
