package io.bedside.model.playbooks;

import io.bedside.model.Fixtures;
import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Playbook;
import io.bedside.model.probe.Sample;
import io.bedside.model.probe.SampleParser;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry answers what the commands, the report and the window used to decide by id prefix. */
class PlaybooksTest {
    private static final Sample OOM = SampleParser.parse("lab", Instant.parse("2026-11-23T10:00:00Z"),
            Fixtures.text("memory/probe-lab-oom-root-dmesg-first.txt"), 5);

    @Test
    void everyFindingARuleRaisesBelongsToTheRuleSPlaybook() {
        for (Playbook p : Playbooks.all()) {
            List<Finding> fs = new Diagnosis(p.rules()).run(OOM, List.of(OOM));
            for (Finding f : fs) {
                assertTrue(p.findingIds().contains(f.id()), p.id() + " raised " + f.id() + " without declaring it");
                assertEquals(p, Playbooks.ofFinding(f.id()).orElseThrow(), "the registry finds " + f.id() + "'s playbook");
                for (String fix : f.fixes()) {
                    assertTrue(Playbooks.fix(fix).isPresent(), f.id() + " offers " + fix + ", which the registry does not know");
                }
            }
        }
    }

    @Test
    void aFixOfTheMemoryPlaybookStandsOnMemoryNotOnIpcLimits() {
        Playbook memory = Playbooks.ofFix("mem.oom.protect").orElseThrow();
        assertEquals("memory", memory.id());
        List<String> standing = memory.standing(OOM);
        assertFalse(standing.isEmpty(), "the memory playbook says what stands");
        assertTrue(standing.stream().noneMatch(l -> l.contains("SEMMNI")), "no IPC headroom after an OOM protect: " + standing);
        assertTrue(standing.stream().anyMatch(l -> l.startsWith("OOM kills since boot: 9")), standing.toString());
        assertEquals("ipc", Playbooks.ofFix("ipc.sem.raise-limit").orElseThrow().id());
        assertEquals("sockets", Playbooks.ofFix("proc.pipe.drain").orElseThrow().id());
    }

    @Test
    void anUnknownFixIsOneSentenceNamingTheKnownOnes() {
        String m = assertThrows(IllegalArgumentException.class, () -> FixCatalog.plan("net.nothing", OOM, Map.of())).getMessage();
        assertTrue(m.startsWith("There is no fix called 'net.nothing'; known fixes: ipc.sem.remove-orphans"), m);
        assertTrue(m.contains("proc.restart-unit") && m.endsWith("."), m);
    }
}
