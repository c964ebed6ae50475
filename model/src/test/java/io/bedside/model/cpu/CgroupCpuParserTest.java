package io.bedside.model.cpu;

import io.bedside.model.probe.ParseProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probe's cgroup walk over real cgroup trees (fixtures/cpu/README.md), and its parser. */
class CgroupCpuParserTest {
    private static CgroupCpuTable parse(List<String> lines, String detail, List<ParseProblem> problems) {
        return CgroupCpuParser.parse(lines, detail, problems).orElseThrow();
    }

    @Test
    void v1OfThisMachineWithCpuacctMountedApart() throws Exception {
        Path root = CgroupWalk.fixture("v1-kernel-6.18");
        List<String> lines = CgroupWalk.run(root.resolve("cpu").toString(), "", root.resolve("cpuacct").toString());
        List<ParseProblem> problems = new ArrayList<>();
        CgroupCpuTable t = parse(lines, "v2=- v2root=- v1=" + root.resolve("cpu") + " v1root=/ acct=-", problems);
        assertEquals(List.of(), problems);
        // the root and the parent have no quota (-1): only the busy service is printed
        assertEquals(1, t.cgroups().size(), lines.toString());
        assertEquals(OptionalLong.of(3), t.looked());
        CgroupCpu c = t.cgroups().get(0);
        assertEquals("v1", c.version());
        assertEquals("/bedside-lab-busy/busy.service", c.path());
        assertEquals(Optional.of("busy.service"), c.unit());
        assertEquals(20000, c.quotaUsec());
        assertEquals(OptionalLong.of(100000), c.periodUsec());
        assertEquals(OptionalLong.of(42), c.nrPeriods());
        assertEquals(OptionalLong.of(39), c.nrThrottled());
        assertEquals(OptionalLong.of(2646333), c.throttledUsec(), "throttled_time is ns in v1");
        assertEquals(OptionalLong.of(817907), c.usageUsec(), "cpuacct.usage from the cpuacct hierarchy, ns to µs");
        assertEquals(Optional.of(20.0), c.quotaPercent());
    }

    @Test
    void v2KubernetesPodAndContainerFromAPublicIssue() throws Exception {
        Path root = CgroupWalk.fixture("v2-k0s-4954");
        List<String> lines = CgroupWalk.run("", root.toString(), "");
        List<ParseProblem> problems = new ArrayList<>();
        CgroupCpuTable t = parse(lines, "v2=" + root + " v2root=/ v1=- v1root=- acct=-", problems);
        assertEquals(List.of(), problems);
        assertEquals(2, t.cgroups().size(), "kubepods.slice says max: no quota");
        CgroupCpu pod = t.find("v2", "/kubepods.slice/kubepods-pod2fdafb62_3de2_43e6_900a_eda4bf1982db.slice").orElseThrow();
        assertEquals(400000, pod.quotaUsec());
        assertEquals(OptionalLong.of(7607), pod.nrPeriods());
        assertEquals(OptionalLong.of(4174), pod.nrThrottled());
        assertEquals(OptionalLong.of(3322148518L), pod.throttledUsec());
        assertEquals(OptionalLong.of(8099091679L), pod.usageUsec());
        assertEquals(Optional.empty(), pod.unit(), "a slice is not a service or scope");
        CgroupCpu scope = t.cgroups().stream().filter(c -> c.path().endsWith(".scope")).findFirst().orElseThrow();
        assertEquals(Optional.of("cri-containerd-d30a5394062be7df6b9d9297e4fb6e30561e1c5f949e66acded795d17f05528b.scope"), scope.unit());
        assertEquals(OptionalLong.of(496), scope.nrThrottled());
    }

    @Test
    void v2WithoutBurstCounters() throws Exception {
        Path root = CgroupWalk.fixture("v2-netdata-12595");
        List<ParseProblem> problems = new ArrayList<>();
        CgroupCpuTable t = parse(CgroupWalk.run("", root.toString(), ""), "v2=" + root, problems);
        CgroupCpu c = t.find("/system.slice/example.service").orElseThrow();
        assertEquals(OptionalLong.of(7), c.nrPeriods());
        assertEquals(OptionalLong.of(3), c.nrThrottled());
        assertEquals(OptionalLong.of(139381), c.throttledUsec());
        assertEquals(Optional.of(50.0), c.quotaPercent());
        assertEquals(List.of(), problems);
    }

    /** A cgroup name is host text: tabs, ESC, backslashes and field-like text stay inside the path. */
    @Test
    void hostileNamesCannotForgeAFieldOrALine(@TempDir Path dir) throws Exception {
        String evil = "a\tquota=999999 nr_throttled=0\\x41 \u001b[31m\rv1\t/forged\tquota=1 period=1";
        Path cg = Files.createDirectories(dir.resolve(evil).resolve("x.service"));
        Files.writeString(dir.resolve("cpu.cfs_quota_us"), "-1\n");
        Files.writeString(cg.resolve("cpu.cfs_quota_us"), "30000\n");
        Files.writeString(cg.resolve("cpu.cfs_period_us"), "100000\n");
        Files.writeString(cg.resolve("cpu.stat"), "nr_periods 100\nnr_throttled 90\nthrottled_time 5000000000\n");
        Files.writeString(dir.resolve(evil).resolve("cpu.cfs_quota_us"), "-1\n");
        List<String> lines = CgroupWalk.run(dir.toString(), "", "");
        List<ParseProblem> problems = new ArrayList<>();
        CgroupCpuTable t = parse(lines, "v1=" + dir, problems);
        assertEquals(List.of(), problems, lines.toString());
        assertEquals(1, t.cgroups().size(), lines.toString());
        CgroupCpu c = t.cgroups().get(0);
        assertEquals("/" + evil + "/x.service", c.path());
        assertEquals(30000, c.quotaUsec());
        assertEquals(OptionalLong.of(90), c.nrThrottled());
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("v1\t/forged")), "no line was forged");
    }

    /** The kernel refuses a newline in a cgroup name; a path that holds one anyway is refused, not split. */
    @Test
    void aNewlineInAPathIsRefusedWhole(@TempDir Path dir) throws Exception {
        Path cg = Files.createDirectories(dir.resolve("a\nv1\t/forged\tquota=1"));
        Files.writeString(cg.resolve("cpu.cfs_quota_us"), "30000\n");
        List<String> lines = CgroupWalk.run(dir.toString(), "", "");
        List<ParseProblem> problems = new ArrayList<>();
        CgroupCpuTable t = parse(lines, "v1=" + dir, problems);
        assertEquals(2, lines.size(), lines.toString());
        assertEquals(List.of(), t.cgroups());
        assertEquals(1, problems.size());
    }

    @Test
    void refusesPathsThatWalkUpAndCountersThatAreNotNumbers() {
        List<ParseProblem> problems = new ArrayList<>();
        CgroupCpuTable t = parse(List.of(
                "v1\t/../../etc\tquota=1 period=100000 nr_periods=1 nr_throttled=1",
                "v1\trelative/x\tquota=1 period=100000",
                "v2\t/a/./b\tquota=1 period=100000",
                "v1\t/ok\tquota=-5 period=100000",
                "v1\t/ok\tquota=5 period=99999999999999999999999",
                "v3\t/ok\tquota=5",
                "v1\t/cut",
                "v2\t/fine.service\tquota=5000 period=100000 nr_periods=10 nr_throttled=4 throttled_usec=12 usage_usec=9",
                "# cgroups=12 quota=1"), "v2=/sys/fs/cgroup", problems);
        assertEquals(1, t.cgroups().size());
        assertEquals("/fine.service", t.cgroups().get(0).path());
        assertEquals(7, problems.size(), problems.toString());
        assertEquals(OptionalLong.of(12), t.looked());
        assertTrue(t.v1().isEmpty());
        assertEquals(Optional.of("/sys/fs/cgroup"), t.v2());
    }

    @Test
    void aContainersMountRootPrefixesTheName() {
        CgroupCpuTable t = parse(List.of("v2\t/app.service\tquota=5000 period=100000"),
                "v2=/sys/fs/cgroup v2root=/kubepods/pod1 v1=- v1root=-", new ArrayList<>());
        assertEquals("/kubepods/pod1/app.service", t.name(t.cgroups().get(0)));
    }
}
