package io.bedside.model.host;

import io.bedside.model.probe.ParseProblem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmallParsersTest {

    @Test
    void loadAverage() {
        List<ParseProblem> p = new ArrayList<>();
        LoadAverage l = LoadAverageParser.parse(List.of("0.27 0.26 0.11 2/92 3474"), p).orElseThrow();
        assertEquals(0.26, l.load5());
        assertEquals(2, l.runnable());
        assertEquals(92, l.total());
        assertEquals(3474, l.lastPid());
        assertTrue(LoadAverageParser.parse(List.of("0.27 0.26"), p).isEmpty());
        assertTrue(LoadAverageParser.parse(List.of(), p).isEmpty());
        assertEquals(2, p.size());
    }

    @Test
    void pressureWithAndWithoutFull() {
        List<ParseProblem> p = new ArrayList<>();
        Pressure both = PressureParser.parse("pressure-memory", List.of(
                "some avg10=1.50 avg60=0.75 avg300=0.20 total=123456",
                "full avg10=0.40 avg60=0.10 avg300=0.02 total=4567"), p).orElseThrow();
        assertEquals(1.5, both.some().avg10());
        assertEquals(123456L, both.some().totalMicros());
        assertEquals(0.4, both.full().orElseThrow().avg10());
        Pressure someOnly = PressureParser.parse("pressure-cpu", List.of("some avg10=0.00 avg60=0.00 avg300=0.00 total=0"), p).orElseThrow();
        assertTrue(someOnly.full().isEmpty());
        assertTrue(p.isEmpty());
        assertTrue(PressureParser.parse("x", List.of("some avg10=x"), p).isEmpty());
        assertEquals(2, p.size());
    }

    @Test
    void cpuLists() {
        assertEquals(1, HostFactsParser.countCpuList("0"));
        assertEquals(4, HostFactsParser.countCpuList("0-3"));
        assertEquals(7, HostFactsParser.countCpuList("0-3,6,8-9"));
        assertThrows(IllegalArgumentException.class, () -> HostFactsParser.countCpuList("3-1"));
        assertThrows(IllegalArgumentException.class, () -> HostFactsParser.countCpuList("a"));
    }

    @Test
    void osReleaseQuotes() {
        var m = OsReleaseParser.parse(List.of("# comment", "NAME='Alpine Linux'", "ID=alpine", "PRETTY_NAME=\"Alpine Linux v3.19\"", "junk"));
        assertEquals("Alpine Linux", m.get("NAME"));
        assertEquals("Alpine Linux v3.19", m.get("PRETTY_NAME"));
        assertEquals(3, m.size());
    }
}
