package io.bedside.model.probe;

import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketSnapshot;
import io.bedside.model.memory.MemorySnapshot;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.recording.Recording;
import io.bedside.model.recording.Replay;
import io.bedside.model.probe.RawSample;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Light samples, for real: the probe run on this machine with {@code BS_LIGHT=1} skips the sections
 * that walk every process and reads the rest; parsed after a full sample, the skipped sections are
 * the full sample's, with the time they were read; a replay does the same.
 */
class LightSampleTest {
    private static final Path PROBE = ProbeFiles.PROBE;
    private static final List<String> HEAVY = List.of("procs-mem", "cgroup-mem", "proc-fds", "proc-threads", "boots", "host-static");

    private static String probe(boolean light) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-s").redirectErrorStream(false).start();
        String script = (light ? "BS_LIGHT=1\n" : "") + ProbeFiles.script();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void aLightSampleSkipsTheProcessWalksAndTakesThemFromTheFullOne() throws Exception {
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        String full = probe(false);
        String light = probe(true);
        ProbeOutput lightAlone = ProbeOutputParser.parse(light);
        assertTrue(lightAlone.complete());
        for (String name : HEAVY) {
            assertEquals(SourceStatus.SKIPPED, lightAlone.section(name).orElseThrow().status(), name);
        }
        for (String name : List.of("host", "meminfo", "sysvipc-sem", "pids-alive", "kernel-log")) {
            assertTrue(lightAlone.section(name).orElseThrow().status() != SourceStatus.SKIPPED, name + " is read every sample");
        }
        // vmstat-oom (read by the process walk's awk) is skipped, never left out: it is carried like the walks
        assertEquals(SourceStatus.SKIPPED, lightAlone.section("vmstat-oom").orElseThrow().status());
        assertTrue(light.length() < full.length(), "a light sample is smaller: " + light.length() + " < " + full.length());

        Sample first = Playbooks.parser().parse("this machine", t0, full, 5);
        Sample second = Playbooks.parser().parse("this machine", t0.plusSeconds(2), light, 5, first);
        Sample third = Playbooks.parser().parse("this machine", t0.plusSeconds(4), light, 5, second);
        assertTrue(MemorySnapshot.of(first).processes().isPresent());
        assertEquals(MemorySnapshot.of(first).processes().get(), MemorySnapshot.of(third).processes().get(), "carried down a run of light samples");
        assertEquals(first.output().section("proc-fds").orElseThrow(), third.output().section("proc-fds").orElseThrow());
        assertEquals(first.output().section("vmstat-oom").orElseThrow(), third.output().section("vmstat-oom").orElseThrow());
        assertEquals(SourceStatus.OK, third.output().section("vmstat-oom").orElseThrow().status());
        assertTrue(SocketSnapshot.of(third).fds().isPresent());
        assertEquals(t0, third.output().carried().get("procs-mem"), "carried with the time it was really read");
        assertFalse(third.output().carried().isEmpty(), "a light sample says what it carries");
        // the facts that cost a fork (machine, time zone) are carried too; the rest is read every time
        assertEquals(first.facts().get().orElseThrow().machine(), third.facts().get().orElseThrow().machine());
        assertTrue(third.facts().get().orElseThrow().machine().isPresent());
        assertEquals(first.facts().get().orElseThrow().timezone(), third.facts().get().orElseThrow().timezone());
        assertEquals(first.facts().get().orElseThrow().uid(), third.facts().get().orElseThrow().uid(), "uid read with builtins");
        assertEquals(SocketSnapshot.of(first).machine(), SocketSnapshot.of(third).machine());
        assertTrue(first.output().carried().isEmpty(), "a full sample carries nothing");
        // alone (no full sample before it), a light sample says so instead of showing nothing as zero
        Sample alone = Playbooks.parser().parse("this machine", t0, light, 5);
        assertTrue(MemorySnapshot.of(alone).processes() instanceof Reading.Absent<?> a && a.status() == SourceStatus.SKIPPED,
                MemorySnapshot.of(alone).processes().toString());

        Replay replay = new Replay(new Recording("this machine", t0, "", List.of(new RawSample(t0, 5, full, ""),
                new RawSample(t0.plusSeconds(2), 5, light, ""))));
        assertEquals(MemorySnapshot.of(first).processes().get(), MemorySnapshot.of(replay.samples().get(1)).processes().get(),
                "a replay carries as the live session did");
    }
}
