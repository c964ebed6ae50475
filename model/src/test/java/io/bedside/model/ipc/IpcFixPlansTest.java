package io.bedside.model.ipc;

import io.bedside.model.Fixtures;
import io.bedside.model.fix.Change;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import io.bedside.model.fix.FixStep.Kind;
import io.bedside.model.probe.ParseProblem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpcFixPlansTest {
    private static final List<SemArray> SEMS = SemArrayParser.parse(
            Fixtures.text("ipc/sysvipc-sem-debian12-kernel6.18.txt").lines().toList(), new ArrayList<>()).orElseThrow().rows();
    private static final List<ShmSegment> SHMS = ShmSegmentParser.parse(
            Fixtures.text("ipc/sysvipc-shm-debian12-kernel6.18.txt").lines().toList(), new ArrayList<>()).orElseThrow().rows();

    private static IpcLimits limits(String... lines) {
        List<ParseProblem> problems = new ArrayList<>();
        IpcLimits l = IpcLimitsParser.parse(List.of(lines), problems).orElseThrow();
        assertEquals(List.of(), problems);
        return l;
    }

    // ------------------------------------------------------------------ removal

    @Test
    void removingOrphanSemsSavesRechecksRemovesAndVerifiesEachArray() {
        SemArray neg = SEMS.get(3);
        FixPlan plan = IpcFixPlans.removeOrphanSems(List.of(SEMS.get(0), neg, neg));
        assertEquals("ipc.sem.remove-orphans", plan.id());
        assertEquals(6, plan.steps().size(), "a row chosen twice is removed once");
        assertFalse(plan.reversible());
        assertTrue(plan.rollback().isEmpty());
        assertTrue(plan.needsRoot());
        assertEquals("Remove 2 semaphore arrays (6 semaphores):", plan.summary().get(0));
        assertEquals("  ipcrm -s 3    # key 0xd0f268e8, uid 0, perms 644, 3 semaphores, ctime 1795449733", plan.summary().get(2));

        List<FixStep> s = plan.steps().subList(3, 6);
        assertEquals(List.of(Kind.EVIDENCE, Kind.CHANGE, Kind.VERIFY), s.stream().map(FixStep::kind).toList());
        assertTrue(s.stream().allMatch(x -> x.subject().equals("semid 3")));
        assertEquals("LC_ALL=C ipcs -s -i 3", s.get(0).command());
        assertEquals("ipcrm -s 3", s.get(1).command());
        FixStep.Check check = s.get(1).precondition().orElseThrow();
        assertEquals("semid=3 key=-789419800 uid=0 ctime=1795449733 live=0 waiting=0", check.expectedOutput());
        assertTrue(check.command().contains("/proc/sysvipc/sem") && check.command().contains("ipcs -s -i 3 "), check.command());
        assertTrue(check.meaning().contains("0xd0f268e8"));
        assertEquals("", s.get(2).expectedOutput().orElseThrow(), "nothing printed: the array with that ctime is gone");
        assertTrue(s.get(2).command().contains("-v id=3 -v ct=1795449733"), s.get(2).command());
        assertFalse(s.get(2).needsRoot(), "/proc/sysvipc is world-readable");
        assertTrue(s.get(0).needsRoot() && s.get(1).needsRoot(), "the login user is unknown");
    }

    @Test
    void ownArraysOrRootNeedNoSudo() {
        assertFalse(IpcFixPlans.removeOrphanSems(SEMS, OptionalLong.of(0)).needsRoot());
        SemArray mine = new SemArray(5, 77, 0600, 1, 1001, 1001, 1001, 1001, 0, 1700000000, "");
        assertFalse(IpcFixPlans.removeOrphanSems(List.of(mine), OptionalLong.of(1001)).needsRoot());
        assertTrue(IpcFixPlans.removeOrphanSems(List.of(mine), OptionalLong.of(1002)).needsRoot());
    }

    @Test
    void thereIsNoRemoveAllOfNothing() {
        assertThrows(IllegalArgumentException.class, () -> IpcFixPlans.removeOrphanSems(List.of()));
        assertThrows(IllegalArgumentException.class, () -> IpcFixPlans.removeOrphanShms(List.of()));
    }

    @Test
    void removingOrphanShmRechecksPermsAttachmentsAndPids() {
        FixPlan plan = IpcFixPlans.removeOrphanShms(List.of(SHMS.get(0)));
        assertEquals("ipc.shm.remove-orphans", plan.id());
        assertEquals("Remove 1 shared memory segment (4096 bytes):", plan.summary().get(0));
        assertEquals(List.of("LC_ALL=C ipcs -m -i 0", "ipcrm -m 0"),
                plan.steps().subList(0, 2).stream().map(FixStep::command).toList());
        FixStep.Check check = plan.steps().get(1).precondition().orElseThrow();
        assertEquals("shmid=0 key=2065887160 uid=0 ctime=1795449733 perms=644 nattch=0 live=0", check.expectedOutput());
        assertTrue(check.command().endsWith("/proc/sysvipc/shm"));
        assertEquals(Kind.VERIFY, plan.steps().get(2).kind());
        assertTrue(plan.steps().get(2).command().contains("$2 == id && $14 == ct"), "a segment marked for removal still counts");
    }

    // ------------------------------------------------------------------ raise

    @Test
    void proposedLimitIsTwiceTheUseAtLeast128MoreInStepsOf128() {
        assertEquals(256, IpcFixPlans.proposedMni(128, 128));
        assertEquals(256, IpcFixPlans.proposedMni(128, 10));
        assertEquals(640, IpcFixPlans.proposedMni(256, 300));
        assertEquals(384, IpcFixPlans.proposedMni(200, 150), "328 rounds up to 384");
        assertEquals(32768, IpcFixPlans.proposedMni(32000, 32000), "capped at IPCMNI");
    }

    @Test
    void raisingSeed000sSemaphoreLimit() {
        FixPlan plan = IpcFixPlans.raiseSemLimit(limits("kernel.sem=250 32000 32 128"), 128);
        assertEquals("ipc.sem.raise-limit", plan.id());
        assertEquals(List.of(new Change("kernel.sem", "250 32000 32 128", "250 64000 32 256")), plan.changes());
        assertEquals("old: kernel.sem = 250 32000 32 128", plan.changes().get(0).oldLine());
        assertEquals("new: kernel.sem = 250 64000 32 256", plan.changes().get(0).newLine());
        assertFalse(plan.summary().stream().anyMatch(l -> l.startsWith("old: ") || l.startsWith("new: ")),
                "the change is a record, not summary text to be parsed");
        assertTrue(plan.summary().get(1).startsWith("SEMMNS (max semaphores) 32000 -> 64000 = SEMMSL 250 x SEMMNI 256"));

        FixStep save = plan.steps().get(0);
        assertEquals(Kind.EVIDENCE, save.kind());
        assertEquals("cat /proc/sys/kernel/sem", save.command());
        FixStep apply = plan.steps().get(1);
        assertEquals(Kind.CHANGE, apply.kind());
        assertEquals("sysctl -w kernel.sem='250 64000 32 256'", apply.command());
        assertTrue(apply.needsRoot());
        assertFalse(apply.optional());
        assertEquals("cat /proc/sys/kernel/sem", apply.precondition().orElseThrow().command());
        assertEquals("250\t32000\t32\t128", apply.precondition().orElseThrow().expectedOutput(), "as /proc prints it: tabs");
        FixStep readBack = plan.steps().get(2);
        assertEquals(Kind.VERIFY, readBack.kind());
        assertEquals("250\t64000\t32\t256", readBack.expectedOutput().orElseThrow());

        List<FixStep> persist = plan.steps().subList(3, plan.steps().size());
        assertTrue(persist.stream().allMatch(FixStep::optional), "persisting is offered, not done by default");
        FixStep write = persist.stream().filter(x -> x.file().isPresent()).findFirst().orElseThrow();
        assertEquals("/etc/sysctl.d/90-bedside-ipc-sem.conf", write.file().get().path());
        assertTrue(write.file().get().content().endsWith("\nkernel.sem = 250 64000 32 256\n"), write.file().get().content());
        assertTrue(write.command().contains("cp -p \"$f\" \"$f.bedside-backup\""), "what it replaces is kept");
        assertTrue(write.command().contains("kernel.sem = 250 64000 32 256"));

        assertEquals(List.of("sysctl -w kernel.sem='250 32000 32 128'", "cat /proc/sys/kernel/sem"),
                plan.rollback().subList(0, 2).stream().map(FixStep::command).toList());
        assertEquals("250\t64000\t32\t256", plan.rollback().get(0).precondition().orElseThrow().expectedOutput(),
                "roll back only what this fix set");
        assertEquals("250\t32000\t32\t128", plan.rollback().get(1).expectedOutput().orElseThrow());
        FixStep unpersist = plan.rollback().get(2);
        assertTrue(unpersist.optional());
        assertTrue(unpersist.command().contains("mv \"$f.bedside-backup\" \"$f\""));
        assertEquals(write.file().get().content().stripTrailing(), unpersist.precondition().orElseThrow().expectedOutput(),
                "a file this fix did not write is never touched");
    }

    @Test
    void aLargeSemmnsIsKeptAndSemmniStopsAtIpcmni() {
        FixPlan kept = IpcFixPlans.raiseSemLimit(limits("kernel.sem=250 1024000000 32 128"), 128);
        assertEquals("250 1024000000 32 256", kept.changes().get(0).after());
        assertFalse(kept.summary().stream().anyMatch(l -> l.startsWith("SEMMNS")));
        FixPlan capped = IpcFixPlans.raiseSemLimit(limits("kernel.sem=32000 1024000000 500 32000"), 32000);
        assertEquals("32000 1048576000 500 32768", capped.changes().get(0).after(), "32000 x 32768 fits an int");
    }

    @Test
    void raisingNeedsAllOfKernelSemAndRoomToGrow() {
        assertThrows(IllegalArgumentException.class, () -> IpcFixPlans.raiseSemLimit(limits("kernel.shmmni=4096"), 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IpcFixPlans.raiseSemLimit(limits("kernel.sem=250 32000 32 32768"), 32768));
        assertTrue(e.getMessage().contains("maximum"));
    }

    @Test
    void raisingSeed001sSegmentLimit() {
        FixPlan plan = IpcFixPlans.raiseShmLimit(limits("kernel.shmmni=16", "kernel.shmall=18446744073692774399", "page_size=4096"),
                16, 256);
        assertEquals(List.of(new Change("kernel.shmmni", "16", "256")), plan.changes());
        assertEquals("sysctl -w kernel.shmmni=256", plan.steps().get(1).command());
        assertEquals("16", plan.steps().get(1).precondition().orElseThrow().expectedOutput());
        assertEquals("256", plan.steps().get(2).expectedOutput().orElseThrow());
        assertFalse(plan.steps().stream().anyMatch(x -> x.command().contains("shmall=")), "SHMALL is nowhere near");
        assertEquals("/etc/sysctl.d/90-bedside-ipc-shm.conf",
                plan.steps().stream().flatMap(x -> x.file().stream()).findFirst().orElseThrow().path());
        assertEquals("sysctl -w kernel.shmmni=16", plan.rollback().get(0).command());
    }

    @Test
    void raisingShmallWhenPagesAreTheLimit() {
        FixPlan plan = IpcFixPlans.raiseShmLimit(limits("kernel.shmmni=4096", "kernel.shmall=1000", "page_size=4096"), 10, 950);
        assertEquals(List.of(new Change("kernel.shmall", "1000", "2000")), plan.changes());
        assertEquals(List.of("kernel.shmall"), plan.steps().stream().filter(x -> x.kind() == Kind.CHANGE && !x.optional())
                .map(FixStep::subject).toList(), "SHMMNI is not the problem and is left alone");
    }
}
