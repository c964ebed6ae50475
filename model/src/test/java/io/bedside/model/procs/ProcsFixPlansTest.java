package io.bedside.model.procs;

import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import io.bedside.model.sample.Sample;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** proc.pids.raise-limit as data: the sysctl form (through SysctlPlans) and the cgroup form, with their re-checks and rollbacks. */
class ProcsFixPlansTest {
    private static ProcsSnapshot snap(String cgroupLine) {
        Sample s = new ProcsProbeText().cgroup(cgroupLine).sample();
        return ProcsSnapshot.of(s);
    }

    @Test
    void pidMaxIsRaisedAsASysctlWithReCheckReadBackAndRollback() {
        FixPlan p = ProcsFixPlans.plan(ProcsSnapshot.of(new ProcsProbeText().sample()), Map.of("limit", "kernel.pid_max", "value", "65536"));
        assertEquals(ProcsFixPlans.RAISE_LIMIT, p.id());
        FixStep change = p.steps().stream().filter(s -> s.kind() == FixStep.Kind.CHANGE && !s.optional()).findFirst().orElseThrow();
        assertEquals("sysctl -w kernel.pid_max=65536", change.command());
        assertEquals("cat /proc/sys/kernel/pid_max", change.precondition().orElseThrow().command());
        assertEquals("32768", change.precondition().orElseThrow().expectedOutput());
        assertTrue(p.steps().stream().anyMatch(s -> s.kind() == FixStep.Kind.VERIFY && s.expectedOutput().orElse("").equals("65536")));
        assertEquals("sysctl -w kernel.pid_max=32768", p.rollback().get(0).command());
        assertEquals("65536", p.rollback().get(0).precondition().orElseThrow().expectedOutput());
        assertTrue(p.steps().stream().anyMatch(s -> s.optional() && s.command().contains(ProcsFixPlans.SYSCTL_FILE)), "persist offered");
    }

    @Test
    void threadsMaxAndTheCeilings() {
        FixPlan p = ProcsFixPlans.plan(ProcsSnapshot.of(new ProcsProbeText().sample()), Map.of("limit", "threads-max"));
        assertTrue(p.steps().stream().anyMatch(s -> s.command().equals("sysctl -w kernel.threads-max=126000")), "twice 63000 by default");
        assertThrows(IllegalArgumentException.class, () -> ProcsFixPlans.raiseSysctl(ProcsFixPlans.PID_MAX, 32768, 4194305));
        assertThrows(IllegalArgumentException.class, () -> ProcsFixPlans.raiseSysctl(ProcsFixPlans.PID_MAX, 32768, 32768), "only raises");
        assertTrue(ProcsFixPlans.proposedSysctl(ProcsFixPlans.PID_MAX, 4194304, 4000000).isEmpty(), "at the ceiling: nothing to propose");
        assertEquals(4194304L, ProcsFixPlans.proposedSysctl(ProcsFixPlans.PID_MAX, 3000000, 2900000).orElseThrow());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProcsFixPlans.plan(
                ProcsSnapshot.of(new ProcsProbeText().sample()), Map.of("limit", "vm.swappiness", "value", "1")));
        assertTrue(e.getMessage().contains("not one this fix raises"), e.getMessage());
    }

    @Test
    void aCgroupsPidsMaxIsWrittenReCheckedReadBackAndRolledBack() {
        FixPlan p = ProcsFixPlans.plan(snap("v1\t/bedside-forks\tmax=64 current=64 events_max=1812"),
                Map.of("cgroup", "v1:/bedside-forks", "max", "256"));
        List<FixStep> changes = p.steps().stream().filter(s -> s.kind() == FixStep.Kind.CHANGE).toList();
        assertEquals(1, changes.size());
        assertEquals("printf '%s\\n' 256 > /sys/fs/cgroup/pids/bedside-forks/pids.max", changes.get(0).command());
        assertEquals("64", changes.get(0).precondition().orElseThrow().expectedOutput());
        assertTrue(changes.get(0).needsRoot());
        assertEquals("256", p.steps().get(p.steps().size() - 1).expectedOutput().orElseThrow());
        assertEquals("printf '%s\\n' 64 > /sys/fs/cgroup/pids/bedside-forks/pids.max", p.rollback().get(0).command());
        assertEquals("256", p.rollback().get(0).precondition().orElseThrow().expectedOutput());
        assertEquals("64", p.rollback().get(1).expectedOutput().orElseThrow());
        FixPlan dflt = ProcsFixPlans.plan(snap("v2\t/app.slice\tmax=100 current=95 events_max=0"), Map.of("cgroup", "v2:/app.slice"));
        assertTrue(dflt.steps().stream().anyMatch(s -> s.command().equals("printf '%s\\n' 200 > /sys/fs/cgroup/unified/app.slice/pids.max")),
                "twice pids.max by default, under the v2 mount the probe named");
    }

    @Test
    void aHostileCgroupPathIsQuotedOrRefused() {
        FixPlan q = ProcsFixPlans.plan(snap("v1\t/it's $(reboot)\tmax=10 current=10 events_max=0"),
                Map.of("cgroup", "v1:/it's $(reboot)", "max", "20"));
        assertTrue(q.steps().stream().anyMatch(s -> s.command().equals("printf '%s\\n' 20 > '/sys/fs/cgroup/pids/it'\\''s $(reboot)/pids.max'")),
                q.steps().toString());
        IllegalArgumentException nl = assertThrows(IllegalArgumentException.class, () -> ProcsFixPlans.plan(
                snap("v1\t/a\\x0ab\tmax=10 current=10 events_max=0"), Map.of("cgroup", "v1:/a\nb", "max", "20")));
        assertTrue(nl.getMessage().contains("\\x0a"), "the refusal shows the byte, not a raw newline: " + nl.getMessage());
        CgroupPids dots = new CgroupPids("v1", "/a/../../../etc", 10, OptionalLong.of(10), OptionalLong.empty(), "");
        assertThrows(IllegalArgumentException.class, () -> ProcsFixPlans.raiseCgroup("/sys/fs/cgroup/pids", dots, 20));
        assertThrows(IllegalArgumentException.class, () -> ProcsFixPlans.plan(snap("v1\t/x\tmax=10 current=10 events_max=0"),
                Map.of("cgroup", "v1:/x", "max", "10")), "only raises");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> ProcsFixPlans.plan(
                snap("v1\t/x\tmax=10 current=10 events_max=0"), Map.of("cgroup", "v1:/y", "max", "20")));
        assertFalse(unknown.getMessage().isBlank());
        assertThrows(IllegalArgumentException.class, () -> ProcsFixPlans.plan(snap("v1\t/x\tmax=10 current=10 events_max=0"),
                Map.of("cgroup", "v1:/x", "max", "2O")), "not a number");
    }
}
