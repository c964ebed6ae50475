package io.bedside.model.playbooks;

import io.bedside.model.ipc.IpcSnapshot;
import io.bedside.model.sockets.SocketSnapshot;
import io.bedside.model.Fixtures;
import io.bedside.model.findings.Chart;
import io.bedside.model.findings.Playbook;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The charts the window and the report both draw: values from the sample, nothing where it read nothing. */
class PlaybookChartsTest {
    private static final Sample CLOSE_WAIT = Playbooks.parser().parse("lab", Instant.parse("2026-11-23T10:00:00Z"),
            Fixtures.text("sockets/probe-lab-closewait-pipe-root-t1.txt"), 5);

    @Test
    void chartIdsAreUniqueAcrossPlaybooks() {
        Set<String> ids = new HashSet<>();
        for (Playbook p : Playbooks.all()) {
            for (Chart c : p.charts()) {
                assertTrue(ids.add(c.id()), "chart id " + c.id() + " is used twice");
                assertTrue(c.id().startsWith(p.id() + "."),
                        c.id() + " is named after its playbook " + p.id());
            }
        }
    }

    @Test
    void theSocketChartCountsTheStatesOfTheSampleAndTheRestAsOther() {
        Chart tcp = Playbooks.all().stream().flatMap(p -> p.charts().stream()).filter(c -> c.id().equals("sockets.tcp"))
                .findFirst().orElseThrow();
        List<OptionalDouble> v = tcp.values(CLOSE_WAIT);
        var table = SocketSnapshot.of(CLOSE_WAIT).tcp().get().orElseThrow();
        assertEquals(table.count(io.bedside.model.sockets.SocketState.CLOSE_WAIT), (int) v.get(1).orElseThrow());
        assertTrue(v.get(1).orElseThrow() > 100, "the staged pile is charted: " + v);
        assertEquals(table.sockets().size(), v.stream().mapToDouble(OptionalDouble::orElseThrow).sum(), 0.0,
                "the lines add up to every TCP socket");
    }

    @Test
    void aSampleThatReadNothingChartsNothingNotZero() {
        Sample empty = Playbooks.parser().parse("cut", Instant.parse("2026-11-23T10:00:00Z"), "", 5);
        for (Playbook p : Playbooks.all()) {
            for (Chart c : p.charts()) {
                for (OptionalDouble d : c.values(empty)) {
                    assertTrue(d.isEmpty(), c.id() + " charts a value from an empty output: " + d);
                }
            }
        }
    }

    @Test
    void ipcChartsDrawUseAgainstTheKernelLimit() {
        Sample ipc = Playbooks.parser().parse("lab", Instant.parse("2026-11-23T10:00:00Z"),
                Fixtures.text("ipc/probe-lab-sem-exhaustion-root.txt"), 5);
        Chart arrays = Playbooks.all().get(0).charts().get(0);
        assertEquals("ipc.sem.arrays", arrays.id());
        assertTrue(arrays.lines().get(1).limit(), "SEMMNI is drawn as a limit");
        assertEquals(IpcSnapshot.of(ipc).limits().get().orElseThrow().semmni().getAsLong(), arrays.values(ipc).get(1).orElseThrow(), 0.0);
        assertEquals(IpcSnapshot.of(ipc).semArrays().get().orElseThrow().size(), arrays.values(ipc).get(0).orElseThrow(), 0.0);
    }
}
