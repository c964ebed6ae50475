package io.bedside.model.probe;

import io.bedside.model.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeOutputParserTest {

    @ParameterizedTest
    @ValueSource(strings = {"probe/debian12-kernel6.18-root.txt", "probe/debian12-kernel6.18-nobody.txt",
            "probe/debian12-kernel6.18-busybox.txt", "probe/rhel7-kernel3.10-nopsi.txt"})
    void splitsEveryCapturedOutputIntoItsSections(String fixture) {
        ProbeOutput out = ProbeOutputParser.parse(Fixtures.text(fixture));
        assertTrue(out.complete(), "end marker seen");
        assertEquals(List.of("host", "os-release", "uptime", "loadavg", "meminfo", "pressure-memory"),
                List.copyOf(out.sections().keySet()));
        assertEquals(List.of(), out.problems());
        assertTrue(out.elapsedNanos().getAsLong() > 0);
        assertTrue(out.cpuTicks().isPresent());
    }

    @Test
    void reportsAMissingSourceWithItsPath() {
        ProbeOutput out = ProbeOutputParser.parse(Fixtures.text("probe/rhel7-kernel3.10-nopsi.txt"));
        Section psi = out.section("pressure-memory").orElseThrow();
        assertEquals(SourceStatus.MISSING, psi.status());
        assertEquals("/proc/pressure/memory", psi.detail());
        assertTrue(psi.lines().isEmpty());
    }

    @Test
    void truncatedOutputKeepsWhatArrivedAndSaysSo() {
        String full = Fixtures.text("probe/debian12-kernel6.18-root.txt");
        String cut = full.substring(0, full.indexOf("MemAvailable"));
        ProbeOutput out = ProbeOutputParser.parse(cut);
        assertFalse(out.complete());
        assertTrue(out.section("loadavg").isPresent());
        assertTrue(out.section("pressure-memory").isEmpty());
        assertTrue(out.problems().stream().anyMatch(p -> p.source().equals("meminfo") && p.message().contains("truncated")));
        assertTrue(out.problems().stream().anyMatch(p -> p.message().contains("ended before its end marker")));
    }

    @Test
    void emptyOutputIsAProblemNotAnEmptyHost() {
        ProbeOutput out = ProbeOutputParser.parse("");
        assertFalse(out.complete());
        assertTrue(out.sections().isEmpty());
        assertTrue(out.problems().stream().anyMatch(p -> p.message().equals("The probe printed nothing.")));
    }

    @Test
    void strayAndUnknownLinesAreKeptAsProblems() {
        ProbeOutput out = ProbeOutputParser.parse("""
                garbage before
                @@bedside:probe version=1 uid=0
                @@bedside:section loadavg ok /proc/loadavg
                0.1 0.2 0.3 1/2 3
                @@bedside:weird thing
                @@bedside:section loadavg ok /proc/loadavg
                @@bedside:end elapsed_ns=5
                after end
                """);
        assertTrue(out.complete());
        assertEquals(4, out.problems().size(), out.problems().toString());
        assertEquals(List.of("0.1 0.2 0.3 1/2 3"), out.section("loadavg").orElseThrow().lines());
    }

    @Test
    void statusMarkerTurnsASectionIntoAnError() {
        ProbeOutput out = ProbeOutputParser.parse("""
                @@bedside:probe version=1
                @@bedside:section meminfo ok /proc/meminfo
                MemTotal: 1 kB
                @@bedside:status meminfo error read-failed
                @@bedside:end elapsed_ns=5
                """);
        assertEquals(SourceStatus.ERROR, out.section("meminfo").orElseThrow().status());
    }

    @Test
    void trailerStatIsCutAfterTheCommandName() {
        ProbeOutput out = ProbeOutputParser.parse("""
                @@bedside:probe version=1 uid=0 epoch_ns=10
                @@bedside:end elapsed_ns=4000000 stat= S 1 2 3 0 -1 4194304 350 1092 1 0 3 4 5 6 20
                """);
        assertEquals(4_000_000L, out.elapsedNanos().getAsLong());
        assertEquals(3 + 4 + 5 + 6, out.cpuTicks().getAsLong());
        assertEquals(10L, out.hostEpochNanos().getAsLong());
    }
}
