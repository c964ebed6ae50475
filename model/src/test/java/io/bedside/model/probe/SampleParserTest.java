package io.bedside.model.probe;

import io.bedside.model.sample.Sample;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.Fixtures;
import io.bedside.model.host.HostFacts;
import io.bedside.model.host.MemInfo;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleParserTest {
    private static final Instant AT = Instant.parse("2026-11-23T15:00:00Z");

    @Test
    void legacyHostWithoutPsiSaysSoInsteadOfZero() {
        Sample s = Playbooks.parser().parse("app-legacy-03", AT, Fixtures.text("probe/rhel7-kernel3.10-nopsi.txt"), 42);
        HostFacts f = s.facts().get().orElseThrow();
        assertEquals("app-legacy-03", f.hostname());
        assertEquals("3.10.0-1160.el7.x86_64", f.kernel());
        assertEquals("CentOS Linux 7 (Core)", f.distribution().orElseThrow());
        assertEquals(8, f.cpusOnline().getAsInt());
        assertEquals("Asia/Shanghai", f.timezoneName().orElseThrow());
        assertEquals(Instant.ofEpochSecond(1699000000), f.bootTime().orElseThrow());
        assertEquals(1000000.52, f.uptimeSeconds().orElseThrow());
        assertFalse(f.isRoot());
        assertEquals(7.91, s.load().get().orElseThrow().load1());
        assertEquals(1532, s.load().get().orElseThrow().total());
        MemInfo m = s.memory().get().orElseThrow();
        assertEquals(412076L, m.memAvailableKb().getAsLong());
        assertEquals(0L, m.swapTotalKb().getAsLong());
        Reading.Absent<?> psi = assertInstanceOf(Reading.Absent.class, s.memoryPressure());
        assertEquals(SourceStatus.MISSING, psi.status());
        assertEquals("not present on this host (/proc/pressure/memory)", s.memoryPressure().describeAbsence());
        assertEquals(42, s.stats().roundTripMillis());
        assertEquals(6_120_000L, s.stats().probeNanos().getAsLong());
        assertEquals(Instant.ofEpochSecond(1700000000), s.hostTime());
        assertTrue(s.problems().isEmpty(), s.problems().toString());
    }

    @Test
    void capturedDebianHostHasEverySource() {
        Sample s = Playbooks.parser().parse("vm", AT, Fixtures.text("probe/debian12-kernel6.18-root.txt"), 5);
        HostFacts f = s.facts().get().orElseThrow();
        assertEquals("vm", f.hostname());
        assertEquals("Debian GNU/Linux 12 (bookworm)", f.distribution().orElseThrow());
        assertEquals("x86_64", f.machine().orElseThrow());
        assertEquals(2, f.cpusOnline().getAsInt());
        assertTrue(f.isRoot());
        assertEquals(24684092L, s.memory().get().orElseThrow().memTotalKb().getAsLong());
        assertTrue(s.memoryPressure().isPresent());
        assertTrue(s.memoryPressure().get().orElseThrow().full().isPresent());
        assertTrue(s.problems().isEmpty(), s.problems().toString());
    }

    @Test
    void aSourceThatNeedsRootIsAbsentWithThatReason() {
        Sample s = Playbooks.parser().parse("h", AT, """
                @@bedside:probe version=1 uid=1000
                @@bedside:section host ok
                hostname=h
                kernel=6.1.0
                @@bedside:section meminfo needs-root /proc/meminfo
                @@bedside:end elapsed_ns=1
                """, 1);
        Reading.Absent<?> mem = assertInstanceOf(Reading.Absent.class, s.memory());
        assertEquals(SourceStatus.NEEDS_ROOT, mem.status());
        assertEquals("needs root (/proc/meminfo)", s.memory().describeAbsence());
        // loadavg was not reported at all by a complete probe: an error, not a zero
        assertEquals(SourceStatus.ERROR, ((Reading.Absent<?>) s.load()).status());
    }

    @Test
    void truncatedOutputMarksLaterSourcesNotReceived() {
        String full = Fixtures.text("probe/debian12-kernel6.18-root.txt");
        Sample s = Playbooks.parser().parse("vm", AT, full.substring(0, full.indexOf("@@bedside:section loadavg")), 5);
        assertTrue(s.facts().isPresent());
        assertEquals(SourceStatus.NOT_RECEIVED, ((Reading.Absent<?>) s.load()).status());
        assertEquals(SourceStatus.NOT_RECEIVED, ((Reading.Absent<?>) s.memory()).status());
        assertFalse(s.problems().isEmpty());
    }

    @Test
    void malformedLinesBecomeProblemsAndTheRestStillParses() {
        Sample s = Playbooks.parser().parse("h", AT, """
                @@bedside:probe version=1 uid=0
                @@bedside:section host ok
                hostname=h
                kernel=6.1.0
                cpus_online=zero
                @@bedside:section loadavg ok /proc/loadavg
                0.52 banana 0.59 1/467 12345
                @@bedside:section meminfo ok /proc/meminfo
                MemTotal:       16318412 kB
                MemAvailable    what
                @@bedside:end elapsed_ns=1
                """, 1);
        assertTrue(s.facts().get().orElseThrow().cpusOnline().isEmpty());
        assertFalse(s.load().isPresent());
        assertEquals(16318412L, s.memory().get().orElseThrow().memTotalKb().getAsLong());
        assertTrue(s.memory().get().orElseThrow().memAvailableKb().isEmpty());
        assertEquals(3, s.problems().size(), s.problems().toString());
        assertTrue(s.problems().stream().anyMatch(p -> p.line().equals("0.52 banana 0.59 1/467 12345")));
    }
}
