package io.bedside.model.cpu;

import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import io.bedside.model.sample.Sample;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuFixPlansTest {
    private static CpuSnapshot cpu(CpuProbeText t) {
        Sample s = t.sample();
        return CpuSnapshot.of(s);
    }

    private static List<FixStep> kind(List<FixStep> steps, FixStep.Kind k) {
        return steps.stream().filter(s -> s.kind() == k).toList();
    }

    @Test
    void v1WithoutAUnitWritesTheCgroupFile() {
        FixPlan p = CpuFixPlans.plan(cpu(new CpuProbeText().v1("/bedside-lab-busy", 20000, 100, 90, 1)),
                Map.of("cgroup", "/bedside-lab-busy", "quota", "50%"));
        FixStep change = kind(p.steps(), FixStep.Kind.CHANGE).get(0);
        assertEquals("echo 50000 > /sys/fs/cgroup/cpu/bedside-lab-busy/cpu.cfs_quota_us", change.command());
        assertEquals("cat -- /sys/fs/cgroup/cpu/bedside-lab-busy/cpu.cfs_quota_us", change.precondition().orElseThrow().command());
        assertEquals("20000", change.precondition().orElseThrow().expectedOutput());
        FixStep verify = kind(p.steps(), FixStep.Kind.VERIFY).get(0);
        assertEquals("50%", verify.expectedOutput().orElseThrow());
        assertTrue(verify.command().contains("cpu.cfs_period_us"));
        FixStep back = kind(p.rollback(), FixStep.Kind.CHANGE).get(0);
        assertEquals("echo 20000 > /sys/fs/cgroup/cpu/bedside-lab-busy/cpu.cfs_quota_us", back.command());
        assertEquals("50000", back.precondition().orElseThrow().expectedOutput());
        assertEquals("20%", kind(p.rollback(), FixStep.Kind.VERIFY).get(0).expectedOutput().orElseThrow());
        assertTrue(p.summary().stream().anyMatch(l -> l.startsWith("Watch afterwards")), p.summary().toString());
        assertTrue(p.reversible());
    }

    @Test
    void v2WritesQuotaAndPeriodToCpuMax() {
        CpuProbeText t = new CpuProbeText().status(CpuSnapshot.CGROUPS, "ok v2=/sys/fs/cgroup v2root=/ v1=- v1root=- acct=-")
                .line("v2\t/lab/x\tquota=25000 period=50000 nr_periods=10 nr_throttled=9 throttled_usec=5 usage_usec=5");
        FixPlan p = CpuFixPlans.plan(cpu(t), Map.of("cgroup", "/lab/x", "quota", "100"));
        FixStep change = kind(p.steps(), FixStep.Kind.CHANGE).get(0);
        assertEquals("echo '50000 50000' > /sys/fs/cgroup/lab/x/cpu.max", change.command());
        assertEquals("25000 50000", change.precondition().orElseThrow().expectedOutput());
        assertEquals("read q p < /sys/fs/cgroup/lab/x/cpu.max && echo \"$((q * 100 / p))%\"",
                kind(p.steps(), FixStep.Kind.VERIFY).get(0).command());
    }

    @Test
    void aUnitGoesThroughSystemd() {
        FixPlan p = CpuFixPlans.plan(cpu(new CpuProbeText().v1("/system.slice/nginx.service", 20000, 100, 90, 1)),
                Map.of("unit", "nginx.service", "quota", "40%"));
        FixStep change = kind(p.steps(), FixStep.Kind.CHANGE).get(0);
        assertEquals("systemctl set-property --runtime -- nginx.service CPUQuota=40%", change.command());
        assertEquals("20000", change.precondition().orElseThrow().expectedOutput(), "the cgroup file is re-read, not systemd's idea of it");
        assertEquals("systemctl set-property --runtime -- nginx.service CPUQuota=20%", kind(p.rollback(), FixStep.Kind.CHANGE).get(0).command());
        assertTrue(p.needsRoot());
    }

    @Test
    void hostilePathsAreQuotedAndPathsThatWalkUpRefused() {
        String evil = "/a'b $(reboot) `x`\u001b\\";
        String wire = "/a'b $(reboot) `x`\\x1b\\\\";
        FixPlan p = CpuFixPlans.plan(cpu(new CpuProbeText().v1(wire, 20000, 100, 90, 1)), Map.of("cgroup", evil, "quota", "30%"));
        assertEquals("echo 30000 > '/sys/fs/cgroup/cpu/a'\\''b $(reboot) `x`\u001b\\/cpu.cfs_quota_us'",
                kind(p.steps(), FixStep.Kind.CHANGE).get(0).command());
        CpuSnapshot c = cpu(new CpuProbeText().v1("/x", 20000, 100, 90, 1));
        assertThrows(IllegalArgumentException.class, () -> CpuFixPlans.plan(c, Map.of("cgroup", "/x/../../../etc", "quota", "30%")));
        assertThrows(IllegalArgumentException.class, () -> CpuFixPlans.plan(c, Map.of("cgroup", "x", "quota", "30%")));
    }

    @Test
    void wrongParametersSayWhatIsWrong() {
        CpuSnapshot c = cpu(new CpuProbeText().v1("/x", 20000, 100, 90, 1));
        assertEquals("The quota is already 20.0% of a CPU; this fix raises it (quota=20% is not more).",
                assertThrows(IllegalArgumentException.class, () -> CpuFixPlans.plan(c, Map.of("cgroup", "/x", "quota", "20%"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> CpuFixPlans.plan(c, Map.of("cgroup", "/x", "quota", "1.5")));
        assertThrows(IllegalArgumentException.class, () -> CpuFixPlans.plan(c, Map.of("cgroup", "/x")));
        assertThrows(IllegalArgumentException.class, () -> CpuFixPlans.plan(c, Map.of("quota", "50%")));
        assertThrows(IllegalArgumentException.class, () -> CpuFixPlans.plan(c, Map.of("cgroup", "/y", "quota", "50%")));
        assertThrows(IllegalArgumentException.class, () -> CpuFixPlans.plan(c, Map.of("unit", "-x.service", "quota", "50%")));
        assertThrows(IllegalArgumentException.class, () -> CpuFixPlans.plan(c, Map.of("cgroup", "/x", "unit", "x.service", "quota", "50%")));
    }
}
