package io.bedside.model.fds;

import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.bedside.model.fds.FdsProbeText.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FdsFixPlansTest {
    private static final Sample S = new FdsProbeText().table(9500, 10000).process(40, 7123, "svc", 230, 0, 256, 4096)
            .process(41, 8000, "capped", 250, 0, 256, 256).sample(t(0));

    private static FixPlan plan(String id, Map<String, String> params) {
        return FdsFixPlans.plan(id, FdsSnapshot.of(S), SocketSnapshot.of(S), params);
    }

    @Test
    void fileMaxIsDoubledThroughTheSharedSysctlPlan() {
        FixPlan p = plan(FdsFixPlans.RAISE_FILE_MAX, Map.of());
        assertEquals("Raise fs.file-max to 20480", p.title());
        assertEquals("fs.file-max", p.changes().get(0).what());
        assertEquals("10000", p.changes().get(0).before());
        assertEquals("20480", p.changes().get(0).after());
        FixStep change = p.steps().stream().filter(s -> s.kind() == FixStep.Kind.CHANGE && !s.optional()).findFirst().orElseThrow();
        assertEquals("sysctl -w fs.file-max=20480", change.command());
        assertEquals("10000", change.precondition().orElseThrow().expectedOutput());
        assertEquals("sysctl -w fs.file-max=10000", p.rollback().get(0).command());
        assertTrue(p.steps().stream().anyMatch(s -> s.optional() && s.command().contains("/etc/sysctl.d/90-bedside-file-max.conf")));
        assertTrue(p.summary().get(0).startsWith("9500 of 10000 file handles are allocated; 20480 leaves the table 46% full"), p.summary().get(0));
        assertEquals("30000", plan(FdsFixPlans.RAISE_FILE_MAX, Map.of("file-max", "30000")).changes().get(0).after());
    }

    @Test
    void fileMaxRefusesToLowerOrTakeNonsense() {
        assertThrows(IllegalArgumentException.class, () -> plan(FdsFixPlans.RAISE_FILE_MAX, Map.of("file-max", "9000")));
        assertThrows(IllegalArgumentException.class, () -> plan(FdsFixPlans.RAISE_FILE_MAX, Map.of("file-max", "1;reboot")));
        assertThrows(IllegalArgumentException.class, () -> plan(FdsFixPlans.RAISE_FILE_MAX, Map.of("file-max", "99999999999999999999")));
        FileTable longMax = new FileTable(18304, 0, Long.MAX_VALUE, java.util.OptionalLong.empty(), java.util.OptionalLong.empty(), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FdsFixPlans.raiseFileMax(longMax, java.util.Optional.empty()));
        assertTrue(e.getMessage().contains("only raises"), e.getMessage());
    }

    @Test
    void theSoftLimitIsRaisedUpToTheHardOneReCheckedAndRolledBack() {
        FixPlan p = plan(FdsFixPlans.RAISE_LIMIT, Map.of("pid", "40"));
        assertEquals("Raise the open-files limit of pid 40 to 1024:4096", p.title());
        FixStep change = p.steps().get(1);
        assertEquals("prlimit --pid 40 --nofile=1024:4096", change.command());
        assertEquals("start=7123 guard=ok nofile=256:4096", change.precondition().orElseThrow().expectedOutput());
        assertTrue(change.precondition().orElseThrow().command().contains("/proc/40/limits"));
        assertEquals("1024:4096", p.steps().get(2).expectedOutput().orElseThrow());
        assertEquals("prlimit --pid 40 --nofile=256:4096", p.rollback().get(0).command());
        assertEquals("start=7123 guard=ok nofile=1024:4096", p.rollback().get(0).precondition().orElseThrow().expectedOutput());
        assertEquals("256:4096", p.rollback().get(1).expectedOutput().orElseThrow());
        assertTrue(p.summary().stream().anyMatch(s -> s.contains("BusyBox")), p.summary().toString());
        assertFalse(p.summary().stream().anyMatch(s -> s.contains("CAP_SYS_RESOURCE")), "within the hard limit");
    }

    @Test
    void aHigherHardLimitSaysItNeedsTheCapabilityAndNrOpenCapsIt() {
        FixPlan p = plan(FdsFixPlans.RAISE_LIMIT, Map.of("pid", "41"));
        assertEquals("prlimit --pid 41 --nofile=1024:1024", p.steps().get(1).command());
        assertTrue(p.summary().stream().anyMatch(s -> s.contains("CAP_SYS_RESOURCE")), p.summary().toString());
        assertThrows(IllegalArgumentException.class, () -> plan(FdsFixPlans.RAISE_LIMIT, Map.of("pid", "41", "nofile", "2000000:2000000")),
                "above nr_open 1048576");
        assertThrows(IllegalArgumentException.class, () -> plan(FdsFixPlans.RAISE_LIMIT, Map.of("pid", "40", "nofile", "8192")),
                "soft above hard without :HARD");
        assertThrows(IllegalArgumentException.class, () -> plan(FdsFixPlans.RAISE_LIMIT, Map.of("pid", "40", "nofile", "128")),
                "raises nothing");
        assertThrows(IllegalArgumentException.class, () -> plan(FdsFixPlans.RAISE_LIMIT, Map.of("pid", "40", "nofile", "1024:$(reboot)")));
        assertThrows(IllegalArgumentException.class, () -> plan(FdsFixPlans.RAISE_LIMIT, Map.of("pid", "1")));
        assertThrows(IllegalArgumentException.class, () -> plan(FdsFixPlans.RAISE_LIMIT, Map.of("pid", "99")), "not in the sample");
        assertThrows(IllegalArgumentException.class, () -> plan(FdsFixPlans.RAISE_LIMIT, Map.of("pid", "-3")));
    }

    @Test
    void theFixesAreTheRegistrysAndItsCatalogueBuildsThem() {
        FdsPlaybook pb = new FdsPlaybook();
        assertEquals(List.of(FdsFixPlans.RAISE_FILE_MAX, FdsFixPlans.RAISE_LIMIT), pb.fixes().stream().map(f -> f.id()).toList());
        FixPlan p = pb.fixes().get(1).plan().plan(S, Map.of("pid", "40", "nofile", "2048"), java.util.OptionalLong.empty());
        assertEquals("prlimit --pid 40 --nofile=2048:4096", p.steps().get(1).command());
    }
}
