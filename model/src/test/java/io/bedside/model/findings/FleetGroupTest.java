package io.bedside.model.findings;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FleetGroupTest {

    private static Finding f(String id, Severity s) {
        return new Finding(id, s, id + " here", List.of(), List.of(), List.of());
    }

    @Test
    void groupsByIdAtTheWorstSeverityWorstAndWidestFirst() {
        List<FleetGroup> g = FleetGroup.of(List.of(
                new FleetGroup.Host("db-07", List.of(f("ipc.sem.exhausted", Severity.CRITICAL), f("host.rebooted", Severity.INFO))),
                new FleetGroup.Host("db-09", List.of(f("ipc.sem.exhausted", Severity.WARNING), f("fd.system.exhausted", Severity.WARNING))),
                new FleetGroup.Host("db-01", List.of(f("fd.system.exhausted", Severity.WARNING), f("host.rebooted", Severity.INFO))),
                new FleetGroup.Host("down-01", List.of()),
                new FleetGroup.Host("web-01", List.of(f("fd.system.exhausted", Severity.WARNING)))));
        assertEquals(List.of("ipc.sem.exhausted", "fd.system.exhausted", "host.rebooted"), g.stream().map(FleetGroup::id).toList());
        assertEquals(Severity.CRITICAL, g.get(0).severity(), "the worst severity any host has it at");
        assertEquals(List.of("db-07", "db-09"), g.get(0).hosts(), "in the order the hosts were given (worst first)");
        assertEquals("ipc.sem.exhausted on 2 of 5 hosts: db-07, db-09", g.get(0).text());
        assertEquals("fd.system.exhausted on 3 of 5 hosts: db-09, db-01, web-01", g.get(1).text());
        assertEquals(List.of(), FleetGroup.of(List.of(new FleetGroup.Host("down-01", List.of()))));
    }

    @Test
    void aFindingTwiceOnOneHostCountsTheHostOnceAndLongListsSayHowManyMore() {
        List<FleetGroup.Host> hosts = new ArrayList<>();
        for (int i = 1; i <= 14; i++) {
            hosts.add(new FleetGroup.Host("h" + i, List.of(f("proc.zombies", Severity.WARNING), f("proc.zombies", Severity.WARNING))));
        }
        FleetGroup g = FleetGroup.of(hosts).get(0);
        assertEquals(14, g.hosts().size());
        assertEquals("proc.zombies on 14 of 14 hosts: h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, … (4 more)", g.text());
        assertEquals("proc.zombies on 1 of 1 host", FleetGroup.of(hosts.subList(0, 1)).get(0).headline());
    }
}
