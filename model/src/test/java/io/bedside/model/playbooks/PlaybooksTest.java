package io.bedside.model.playbooks;

import io.bedside.model.ipc.IpcSnapshot;
import io.bedside.model.Fixtures;
import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Playbook;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
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
    private static final Sample OOM = Playbooks.parser().parse("lab", Instant.parse("2026-11-23T10:00:00Z"),
            Fixtures.text("memory/probe-lab-oom-root-dmesg-first.txt"), 5);

    @Test
    void everyFindingARuleRaisesBelongsToTheRuleSPlaybook() {
        for (Playbook p : Playbooks.all()) {
            List<Finding> fs = new Diagnosis(p.rules()).run(OOM, List.of(OOM));
            for (Finding f : fs) {
                assertTrue(p.findingIds().contains(f.id()), p.id() + " raised " + f.id() + " without declaring it");
                assertEquals(p, Playbooks.ofFinding(f.id()).orElseThrow(), "the registry finds " + f.id() + "'s playbook");
                for (String fix : FixOffer.ids(f.fixes())) {
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

    /** A removal takes only what is really leaked: a chosen id that is in use, or gone, is refused in one sentence. */
    @Test
    void aRemovalRefusesAnObjectThatIsNotOrphanedOrNotThere() {
        Sample ipc = Playbooks.parser().parse("lab", Instant.parse("2026-11-23T10:00:00Z"),
                Fixtures.text("ipc/probe-lab-sem-exhaustion-root.txt"), 5);
        var uses = io.bedside.model.ipc.IpcUsage.sems(IpcSnapshot.of(ipc));
        var inUse = uses.stream().filter(u -> u.verdict() == io.bedside.model.ipc.IpcUsage.Verdict.IN_USE).findFirst().orElseThrow();
        var orphan = uses.stream().filter(u -> u.verdict() == io.bedside.model.ipc.IpcUsage.Verdict.ORPHANED).findFirst().orElseThrow();
        int busy = inUse.array().semid();
        String m = assertThrows(IllegalArgumentException.class,
                () -> FixCatalog.plan("ipc.sem.remove-orphans", ipc, Map.of("semid", orphan.array().semid() + "," + busy))).getMessage();
        assertTrue(m.startsWith("Semaphore array " + busy + " is not orphaned (") && m.endsWith("); it will not be removed."), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> FixCatalog.plan("ipc.sem.remove-orphans", ipc, Map.of("semid", "999999"))).getMessage();
        assertEquals("There is no semid 999999 on the host any more.", m);
        assertEquals("semid=1,x is not a list of numbers.", assertThrows(IllegalArgumentException.class,
                () -> FixCatalog.plan("ipc.sem.remove-orphans", ipc, Map.of("semid", "1,x"))).getMessage());
        var plan = FixCatalog.plan("ipc.sem.remove-orphans", ipc, Map.of("semid", Integer.toString(orphan.array().semid())));
        assertTrue(plan.steps().stream().anyMatch(st -> st.command().contains("ipcrm -s " + orphan.array().semid())), plan.steps().toString());
        assertEquals("There are no orphaned shared memory segments to remove.", assertThrows(IllegalArgumentException.class,
                () -> FixCatalog.plan("ipc.shm.remove-orphans", OOM, Map.of())).getMessage());
    }
}
