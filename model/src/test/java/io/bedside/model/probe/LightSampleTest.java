package io.bedside.model.probe;

import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import io.bedside.model.sockets.SocketSnapshot;
import io.bedside.model.memory.KernelLogCursor;
import io.bedside.model.memory.KernelLogSource;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Light samples, for real: the probe run on this machine with {@code BS_LIGHT=1} skips the sections
 * that walk every process and reads the rest; parsed after a full sample, the skipped sections are
 * the full sample's, with the time they were read; a replay does the same.
 */
class LightSampleTest {
    private static final Path PROBE = ProbeFiles.PROBE;
    private static final List<String> HEAVY = List.of("procs-mem", "cgroup-mem", "proc-fds", "proc-threads", "boots", "host-static", "ss-udp");

    private static String probe(boolean light) throws IOException, InterruptedException {
        return probe("", light);
    }

    /** The probe after {@code prelude} (what a session puts in front of it). */
    private static String probe(String prelude, boolean light) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-s").redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String script = (light ? "BS_LIGHT=1\n" : "") + prelude + ProbeFiles.script();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    /**
     * The kernel log on a light sample: read only when /proc/vmstat counted an OOM kill since the
     * sample before (the count Bedside passes back); otherwise the section says it waited, holds no
     * line and passes the cursor on, so the next full sample reads what is new.
     */
    @Test
    void aLightSampleReadsTheKernelLogOnlyWhenTheKernelCountedANewOomKill() throws Exception {
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        SampleParser parser = Playbooks.parser();
        Map<Class<?>, String> carried = new HashMap<>();
        parser.prelude(null, carried);
        Sample full = parser.parse("this machine", t0, probe("", false), 5);
        var log = MemorySnapshot.of(full).kernelLog();
        assumeTrue(log.isPresent() && log.get().orElseThrow().source().flatMap(KernelLogSource::cursor).isPresent(),
                "needs a kernel log this user can read: " + log);
        long count = MemorySnapshot.of(full).oomKills().get().orElseThrow();
        String prelude = parser.prelude(full, carried);
        assertTrue(prelude.contains("\n" + MemorySnapshot.OOM_KILLS + "=" + count + "\n"), prelude);
        KernelLogCursor cursor = log.get().orElseThrow().source().orElseThrow().cursor().orElseThrow();

        Sample same = parser.parse("this machine", t0.plusSeconds(2), probe(prelude, true), 5, full);
        long now = MemorySnapshot.of(same).oomKills().get().orElseThrow();
        assumeTrue(now == count, "no OOM kill on this machine between the two samples");
        Section waited = same.output().section("kernel-log").orElseThrow();
        assertEquals(SourceStatus.OK, waited.status());
        assertTrue(waited.lines().isEmpty(), waited.lines().toString());
        KernelLogSource src = MemorySnapshot.of(same).kernelLog().get().orElseThrow().source().orElseThrow();
        assertTrue(src.deferred() && !src.fromStart(), waited.detail());
        assertEquals(Optional.of(cursor), src.cursor(), "the cursor is passed on unchanged");
        assertEquals(log.get().orElseThrow().source().orElseThrow().via(), src.via());
        assertEquals(logLines(prelude), logLines(parser.prelude(same, carried)), "the next run gets the same cursor and count");

        // the count moved (or is not a number): the log is read from the cursor
        for (String other : List.of(MemorySnapshot.OOM_KILLS + "=" + (count + 1), MemorySnapshot.OOM_KILLS + "='1;x'", "")) {
            String p = prelude.replaceAll(MemorySnapshot.OOM_KILLS + "=[0-9]+\n", other.isEmpty() ? "" : other + "\n");
            Sample read = parser.parse("this machine", t0.plusSeconds(4), probe(p, true), 5, full);
            KernelLogSource r = MemorySnapshot.of(read).kernelLog().get().orElseThrow().source().orElseThrow();
            assertFalse(r.deferred(), other + ": " + read.output().section("kernel-log").orElseThrow().detail());
            assertTrue(r.scanned().isPresent(), other);
        }
    }

    /**
     * A kernel log no source could give this user (journal groups, dmesg_restrict, unreadable files):
     * a light sample with the same OOM kill count carries that reading instead of trying every
     * source again; a moved count, or a full sample, tries them all.
     */
    @Test
    void aLightSampleCarriesAnUnreadableKernelLogUntilAnOomKill() throws Exception {
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        SampleParser parser = Playbooks.parser();
        Map<Class<?>, String> carried = new HashMap<>();
        parser.prelude(null, carried);
        // a full sample whose kernel log was unreadable, as an unprivileged user's on a locked-down host
        String why = "journal: not in group systemd-journal, adm or wheel; dmesg: kernel.dmesg_restrict=1";
        String out = probe("", false);
        String mark = out.lines().filter(l -> l.matches("@@bedside:[0-9a-f-]+:section kernel-log .*")).findFirst().orElseThrow();
        String head = mark.substring(0, mark.indexOf("section "));
        int from = out.indexOf(mark);
        int to = out.indexOf("\n" + head, from + mark.length());
        out = out.substring(0, from) + head + "section kernel-log needs-root " + why + out.substring(to);
        Sample full = parser.parse("this machine", t0, out, 5);
        assertEquals(SourceStatus.NEEDS_ROOT, full.output().section("kernel-log").orElseThrow().status());
        long count = MemorySnapshot.of(full).oomKills().get().orElseThrow();
        String prelude = parser.prelude(full, carried);
        assertEquals(List.of(KernelLogCursor.unread().assignment(), MemorySnapshot.OOM_KILLS + "=" + count), logLines(prelude));

        Sample light = parser.parse("this machine", t0.plusSeconds(2), probe(prelude, true), 5, full);
        assumeTrue(MemorySnapshot.of(light).oomKills().get().orElseThrow() == count, "no OOM kill on this machine between the two samples");
        assertEquals(full.output().section("kernel-log"), light.output().section("kernel-log"), "carried, not read");
        assertEquals(t0, light.output().carried().get("kernel-log"));
        assertEquals(MemorySnapshot.of(full).kernelLog(), MemorySnapshot.of(light).kernelLog());
        assertEquals(logLines(prelude), logLines(parser.prelude(light, carried)), "the next run gets the same");

        // the count moved: the log is read (this machine's, as root or as a user who may); a full sample reads it too
        String moved = prelude.replace(MemorySnapshot.OOM_KILLS + "=" + count + "\n", MemorySnapshot.OOM_KILLS + "=" + (count + 1) + "\n");
        for (boolean isLight : List.of(true, false)) {
            Sample read = parser.parse("this machine", t0.plusSeconds(4), probe(isLight ? moved : prelude, isLight), 5, full);
            Section s = read.output().section("kernel-log").orElseThrow();
            assertTrue(s.status() != SourceStatus.SKIPPED && !read.output().carried().containsKey("kernel-log"), isLight + ": " + s);
            MemorySnapshot.of(read).kernelLog().get().flatMap(k -> k.source())
                    .ifPresent(src -> assertTrue(src.fromStart() && !src.deferred(), "unread: is no cursor: " + src));
        }
    }

    private static List<String> logLines(String prelude) {
        return prelude.lines().filter(l -> l.startsWith("BS_KLOG_CURSOR=") || l.startsWith(MemorySnapshot.OOM_KILLS + "=")).toList();
    }

    /** The boots change only with a boot: a full sample of the boot whose boots the sample before had carries them. */
    @Test
    void aFullSampleOfTheSameBootCarriesTheBoots() throws Exception {
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        SampleParser parser = Playbooks.parser();
        Map<Class<?>, String> carried = new HashMap<>();
        parser.prelude(null, carried);
        Sample first = parser.parse("this machine", t0, probe("", false), 5);
        // listed, or none to list (a container without a journal or wtmp): either holds for the whole boot
        var boots = MemorySnapshot.of(first).boots();
        assumeTrue(boots.isPresent() || ((Reading.Absent<?>) boots).status() == SourceStatus.MISSING, "the boots are listed: " + boots);
        String prelude = parser.prelude(first, carried);
        long btime = MemorySnapshot.of(first).bootTime().orElseThrow().getEpochSecond();
        assertTrue(prelude.contains("\n" + MemorySnapshot.BOOTS_BTIME + "=" + btime + "\n"), prelude);

        String again = probe(prelude, false);
        assertEquals(SourceStatus.SKIPPED, ProbeOutputParser.parse(again).section("boots").orElseThrow().status());
        Sample second = parser.parse("this machine", t0.plusSeconds(10), again, 5, first);
        assertEquals(boots, MemorySnapshot.of(second).boots(), "carried");
        assertEquals(t0, second.output().carried().get("boots"));
        assertTrue(parser.prelude(second, carried).contains(MemorySnapshot.BOOTS_BTIME + "=" + btime + "\n"), "and passed on");

        // another boot (or a value that is not a number, or none: a sample that stands alone) reads them
        for (String other : List.of(MemorySnapshot.BOOTS_BTIME + "=" + (btime - 3600), MemorySnapshot.BOOTS_BTIME + "='1;x'",
                MemorySnapshot.BOOTS_BTIME + "=")) {
            String out = probe(prelude + other + "\n", false);
            assertTrue(ProbeOutputParser.parse(out).section("boots").orElseThrow().status() != SourceStatus.SKIPPED, other);
        }
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
        for (String name : List.of("host", "meminfo", "sysvipc-sem", "pids-alive", "kernel-log", "vmstat-oom")) {
            assertTrue(lightAlone.section(name).orElseThrow().status() != SourceStatus.SKIPPED, name + " is read every sample");
        }
        // vmstat-oom: the process walk's awk reads it on a full sample, the shell's read on a light one
        assertEquals(SourceStatus.OK, lightAlone.section("vmstat-oom").orElseThrow().status());
        assertTrue(lightAlone.section("vmstat-oom").orElseThrow().lines().get(0).matches("oom_kill [0-9]+"),
                lightAlone.section("vmstat-oom").orElseThrow().lines().toString());
        assertTrue(light.length() < full.length(), "a light sample is smaller: " + light.length() + " < " + full.length());

        Sample first = Playbooks.parser().parse("this machine", t0, full, 5);
        Sample second = Playbooks.parser().parse("this machine", t0.plusSeconds(2), light, 5, first);
        Sample third = Playbooks.parser().parse("this machine", t0.plusSeconds(4), light, 5, second);
        assertTrue(MemorySnapshot.of(first).processes().isPresent());
        assertEquals(MemorySnapshot.of(first).processes().get(), MemorySnapshot.of(third).processes().get(), "carried down a run of light samples");
        assertEquals(first.output().section("proc-fds").orElseThrow(), third.output().section("proc-fds").orElseThrow());
        assertEquals(SourceStatus.OK, third.output().section("vmstat-oom").orElseThrow().status());
        assertFalse(third.output().carried().containsKey("vmstat-oom"), "read, not carried");
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
