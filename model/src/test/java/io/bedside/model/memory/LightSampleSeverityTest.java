package io.bedside.model.memory;

import io.bedside.model.Fixtures;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Severity;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An unreadable kernel log on a host whose kernel has OOM-killed is a warning on every sample: the
 * full one diagnose reads and the light ones the window takes between full ones (the window showed
 * it as info on four samples of five: light outputs left vmstat-oom out).
 */
class LightSampleSeverityTest {
    private static final String FULL = Fixtures.text("memory/probe-lab-oom-user.txt");
    private static final Instant T0 = Instant.parse("2026-12-07T03:10:00Z");

    /** The light output a probe prints of the same host: the process walks skipped, vmstat-oom as given. */
    private static String light(String vmstat) {
        int from = FULL.indexOf("@@bedside:section vmstat-oom");
        int to = FULL.indexOf("@@bedside:section kernel-log");
        return FULL.substring(0, from) + vmstat
                + "@@bedside:section procs-mem skipped light sample\n@@bedside:section cgroup-mem skipped light sample\n"
                + FULL.substring(to);
    }

    private static Severity logUnreadable(Sample s) {
        List<Finding> fs = new io.bedside.model.findings.Diagnosis(Playbooks.allRules()).run(s, List.of(s));
        return fs.stream().filter(f -> f.id().equals(MemoryRules.LOG_UNREADABLE)).findFirst().orElseThrow().severity();
    }

    @Test
    void theUnreadableKernelLogIsAWarningOnFullAndLightSamplesAlike() {
        Sample full = Playbooks.parser().parse("lab-user", T0, FULL, 12);
        assertEquals(Severity.WARNING, logUnreadable(full), "9 OOM kills since boot, none can be shown");

        // what this probe prints on a light sample: vmstat-oom skipped, carried from the full one
        Sample now = Playbooks.parser().parse("lab-user", T0.plusSeconds(2),
                light("@@bedside:section vmstat-oom skipped light sample\n"), 12, full);
        assertTrue(now.output().carried().containsKey("procs-mem"), "a light sample");
        assertEquals(Severity.WARNING, logUnreadable(now));

        // what an older probe printed (recordings keep it): no vmstat-oom at all; carried from the full sample
        Sample older = Playbooks.parser().parse("lab-user", T0.plusSeconds(2), light(""), 12, full);
        assertEquals(Severity.WARNING, logUnreadable(older));
        assertTrue(older.output().carried().containsKey("vmstat-oom"));

        // and a following light one still has it, passed down
        Sample next = Playbooks.parser().parse("lab-user", T0.plusSeconds(4), light(""), 12, older);
        assertEquals(Severity.WARNING, logUnreadable(next));
    }
}
