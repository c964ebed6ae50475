package io.bedside.model.cpu;

import io.bedside.model.Fixtures;
import io.bedside.model.probe.ParseProblem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcStatCpuParserTest {
    /** The lines the probe keeps of /proc/stat (the cpu line, procs_running, procs_blocked). */
    private static List<String> probeLines(String procStat) {
        return procStat.lines().filter(l -> l.startsWith("cpu ") || l.startsWith("procs_")).map(l -> l.replaceAll(" +", " ")).toList();
    }

    @Test
    void thisMachinesProcStat() {
        List<ParseProblem> problems = new ArrayList<>();
        CpuStat s = ProcStatCpuParser.parse(probeLines(Fixtures.text("cpu/v1-kernel-6.18/proc/stat")), problems).orElseThrow();
        assertEquals(List.of(), problems);
        assertEquals(2174047, s.now().user());
        assertEquals(OptionalLong.of(0), s.now().steal());
        assertTrue(s.procsRunning().isPresent());
        assertEquals(CpuStat.Basis.SINCE_BOOT, s.steal().orElseThrow().basis());
        assertEquals(0.0, s.steal().orElseThrow().percent());
    }

    @Test
    void stealBetweenTwoSamples() {
        CpuStat s = ProcStatCpuParser.parse(List.of("cpu 1100 0 100 700 0 0 0 100", "prev cpu 1000 0 100 500 0 0 0 0",
                "procs_running 9"), new ArrayList<>()).orElseThrow();
        // 400 ticks passed, 100 of them stolen
        assertEquals(new CpuStat.Share(25.0, CpuStat.Basis.INTERVAL), s.steal().orElseThrow());
        assertEquals(OptionalLong.of(9), s.procsRunning());
    }

    @Test
    void aPreviousLineFromBeforeAReboot() {
        CpuStat s = ProcStatCpuParser.parse(List.of("cpu 10 0 10 70 0 0 0 10", "prev cpu 1000 0 100 500 0 0 0 0"),
                new ArrayList<>()).orElseThrow();
        assertEquals(CpuStat.Basis.SINCE_BOOT, s.steal().orElseThrow().basis(), "counters went back: not an interval");
    }

    @Test
    void oldKernelsWithoutStealAndBadLines() {
        List<ParseProblem> problems = new ArrayList<>();
        Optional<CpuStat> s = ProcStatCpuParser.parse(List.of("cpu 1 2 3 4 5 6 7", "procs_running x", "procs_blocked 99999999999999999999",
                "cpu0 1 2", "prev cpu 1 2", "prev mem 1 2 3 4 5 6 7"), problems);
        assertEquals(OptionalLong.empty(), s.orElseThrow().now().steal(), "2.6.10 and older: no steal, not a zero");
        assertTrue(s.orElseThrow().steal().isEmpty());
        assertEquals(5, problems.size(), problems.toString());
    }

    @Test
    void aCutOutputWithoutTheCpuLineIsNoReading() {
        List<ParseProblem> problems = new ArrayList<>();
        assertTrue(ProcStatCpuParser.parse(List.of("procs_running 2"), problems).isEmpty());
        assertEquals(1, problems.size());
    }
}
