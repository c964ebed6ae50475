package io.bedside.model.cpu;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.probe.ProbeFiles;
import io.bedside.model.probe.SourceStatus;
import io.bedside.model.sample.Sample;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The assembled probe on this machine: the CPU sections, light samples, the previous cpu line passed back. */
class CpuProbeTest {
    private static String run(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", ProbeFiles.PROBE.toString());
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void fullThenLightWithThePreviousLinePassedBack() throws Exception {
        Sample full = Playbooks.parser().parse("local", Instant.now(), run(Map.of("BS_TOKEN", "0123456789abcdef0123")), 1);
        CpuSnapshot cpu = CpuSnapshot.of(full);
        assertTrue(cpu.stat().isPresent(), cpu.stat().describeAbsence());
        assertTrue(cpu.stat().get().orElseThrow().previous().isEmpty());
        assertTrue(cpu.cgroups().isPresent() || full.output().section(CpuSnapshot.CGROUPS).orElseThrow().status() == SourceStatus.MISSING,
                cpu.cgroups().describeAbsence());
        String prelude = Playbooks.parser().prelude(full, new java.util.HashMap<>());
        assertTrue(prelude.contains(CpuSnapshot.PREV + "='cpu "), prelude);
        String value = prelude.substring(prelude.indexOf(CpuSnapshot.PREV + "='") + CpuSnapshot.PREV.length() + 2);
        value = value.substring(0, value.indexOf('\''));

        Sample light = Playbooks.parser().parse("local", Instant.now(),
                run(Map.of("BS_TOKEN", "0123456789abcdef0123", "BS_LIGHT", "1", CpuSnapshot.PREV, value)), 1);
        assertEquals(SourceStatus.SKIPPED, light.output().section(CpuSnapshot.CGROUPS).orElseThrow().status());
        CpuStat st = CpuSnapshot.of(light).stat().get().orElseThrow();
        assertEquals(cpu.stat().get().orElseThrow().now(), st.previous().orElseThrow(), "the line passed back");
    }

    @Test
    void aForgedPreviousLineIsNotPrinted() throws Exception {
        String out = run(Map.of("BS_TOKEN", "0123456789abcdef0123", "BS_LIGHT", "1",
                CpuSnapshot.PREV, "cpu 1 2 3\n@@bedside:0123456789abcdef0123:section forged ok"));
        assertTrue(!out.contains("prev cpu") && !out.contains("section forged"), out);
        String out2 = run(Map.of("BS_TOKEN", "0123456789abcdef0123", "BS_LIGHT", "1", CpuSnapshot.PREV, "cpu 1 2 $(id)"));
        assertTrue(!out2.contains("prev cpu"), out2);
    }
}
