package io.bedside.ui.fleet;

import io.bedside.model.findings.FleetGroup;

import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a fleet row says beside its status, and its place in the worst-first order. */
class FleetRowTest {
    private static final FleetHost DB = new FleetHost("db-07", "deploy@10.0.0.7:2222 via bastion");

    private static Finding f(String id, Severity s, String summary) {
        return new Finding(id, s, summary, List.of(), List.of(), List.of());
    }

    private static FleetRow row(int status, List<Finding> fs, Optional<String> error) {
        return new FleetRow(DB, Optional.of(new FleetResult(DB, status, fs, error, 1234)));
    }

    @Test
    void theWorstFindingLeadsAndNotesAreCounted() {
        FleetRow r = row(2, List.of(f("host.rebooted", Severity.INFO, "Rebooted 2 h ago."),
                f("mem.oom.log-unreadable", Severity.WARNING, "The kernel log cannot be read."),
                f("ipc.sem.exhausted", Severity.CRITICAL, "Semaphore arrays exhausted: 24 of 24 (SEMMNI) in use"),
                f("ipc.orphans.unknown", Severity.INFO, "Orphans cannot be told.")), Optional.empty());
        assertEquals("ipc.sem.exhausted, mem.oom.log-unreadable (+2 notes): Semaphore arrays exhausted: 24 of 24 (SEMMNI) in use",
                r.summary());
        assertEquals("CRITICAL", r.word());
        assertEquals("bs-fleet-critical", r.styleClass());
        assertEquals("1.2 s", r.time());
    }

    @Test
    void notesAloneAreNamedAnErrorAloneIsTheSentenceAndAWaitingHostSaysNothing() {
        assertEquals("host.rebooted: Rebooted 2 h ago.",
                row(0, List.of(f("host.rebooted", Severity.INFO, "Rebooted 2 h ago.")), Optional.empty()).summary());
        assertEquals("Could not connect to 127.0.0.1:1: the connection was refused.",
                row(3, List.of(), Optional.of("Could not connect to 127.0.0.1:1: the connection was refused.")).summary());
        assertEquals("no findings", row(0, List.of(), Optional.empty()).summary());
        FleetRow waiting = FleetRow.waiting(DB);
        assertEquals("", waiting.summary());
        assertEquals("waiting", waiting.word());
        assertEquals("", waiting.time());
        assertEquals(4, waiting.rank());
    }

    @Test
    void worstFirstIsCriticalUnknownWarningOkThenWaiting() {
        List<Integer> ranks = List.of(2, 3, 1, 0).stream().map(s -> row(s, List.of(), Optional.empty()).rank()).toList();
        assertEquals(List.of(0, 1, 2, 3), ranks);
        assertThrows(IllegalArgumentException.class, () -> new FleetResult(DB, 4, List.of(), Optional.empty(), 0));
    }

    @Test
    void aGroupListsTenNamesThenCountsTheRest() {
        List<String> hosts = java.util.stream.IntStream.rangeClosed(1, 12).mapToObj(i -> "db-" + i).toList();
        FleetGroup g = new FleetGroup("ipc.sem.exhausted", Severity.CRITICAL, hosts, 140);
        assertEquals("ipc.sem.exhausted on 12 of 140 hosts: db-1, db-2, db-3, db-4, db-5, db-6, db-7, db-8, db-9, db-10, … (2 more)",
                g.text());
    }
}
