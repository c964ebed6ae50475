package io.bedside.model.host;

import io.bedside.model.Fixtures;
import io.bedside.model.probe.ParseProblem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemInfoParserTest {

    @Test
    void kernel2632HasNoMemAvailableAndItStaysAbsent() {
        List<ParseProblem> problems = new ArrayList<>();
        MemInfo m = MemInfoParser.parse(Fixtures.text("meminfo/rhel6-kernel2.6.32.txt").lines().toList(), problems).orElseThrow();
        assertTrue(m.memAvailableKb().isEmpty());
        assertEquals(8061160L, m.memTotalKb().getAsLong());
        assertEquals(4194300L - 4100012L, m.swapUsedKb().getAsLong());
        assertEquals(0L, m.kb("HugePages_Total").getAsLong());
        assertTrue(problems.isEmpty());
    }

    @Test
    void kernel310() {
        List<ParseProblem> problems = new ArrayList<>();
        MemInfo m = MemInfoParser.parse(Fixtures.text("meminfo/rhel7-kernel3.10.txt").lines().toList(), problems).orElseThrow();
        assertEquals(412076L, m.memAvailableKb().getAsLong());
        assertEquals(17120448L, m.committedKb().getAsLong());
        assertEquals(8133360L, m.commitLimitKb().getAsLong());
        assertEquals(34359738367L, m.kb("VmallocTotal").getAsLong());
    }

    @Test
    void noMemTotalIsAProblem() {
        List<ParseProblem> problems = new ArrayList<>();
        assertTrue(MemInfoParser.parse(List.of(), problems).isEmpty());
        assertEquals(1, problems.size());
    }
}
