package io.bedside.model.ipc;

import io.bedside.model.Fixtures;
import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Owner;
import io.bedside.model.findings.Subject;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Severity;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeOutputParser;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpcRulesTest {
    private static final long CTIME = 1_700_000_000L;
    private static final Instant NOW = Instant.ofEpochSecond(CTIME + 3600);
    private static final int LIVE = 4242;
    private static final int DEAD = 999;
    private final OwnIdRules rules = new OwnIdRules();

    private static List<String> ids(List<Finding> findings) {
        return findings.stream().map(Finding::id).toList();
    }

    private static Finding find(List<Finding> findings, String id) {
        return findings.stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " not in " + ids(findings)));
    }

    private static List<Object> subject(Finding f, String field) {
        return f.subjects().stream().map(m -> m.get(field)).toList();
    }

    /** Seed 000: kernel.sem = 250 32000 32 128, two arrays a live service uses, the rest leaked. */
    private static IpcProbeText seed000(int arrays) {
        IpcProbeText p = new IpcProbeText().limits("250 32000 32 128", 4096, 2097152, 32000).alive(LIVE);
        p.sem(0x50038d9e, 13205634, 1001, CTIME + 60, CTIME, LIVE);
        p.sem(0x52038d9e, 13238403, 1001, CTIME + 60, CTIME, LIVE);
        for (int i = 2; i < arrays; i++) {
            p.sem(0, 3768320 + i, 0, 0, CTIME, 0);
        }
        return p;
    }

    // ------------------------------------------------------------------ ipc.sem.exhausted / orphaned

    @Test
    void seed000ArraysFullIsCriticalAndTheLeakedArraysAreOrphaned() {
        List<Finding> f = rules.evaluate(seed000(128).snapshot(), NOW);
        assertEquals(List.of(IpcRules.SEM_EXHAUSTED, IpcRules.SEM_ORPHANED), ids(f));

        Finding ex = f.get(0);
        assertEquals(Severity.CRITICAL, ex.severity());
        assertEquals("Semaphore arrays exhausted: 128 of 128 (SEMMNI) in use", ex.summary());
        assertEquals(List.of(Map.of("limit", "SEMMNI", "used", 128L, "max", 128L, "severity", "critical")), ex.subjects());
        assertEquals(List.of(IpcFixPlans.SEM_REMOVE_ORPHANS, IpcFixPlans.SEM_RAISE_LIMIT), FixOffer.ids(ex.fixes()));
        Evidence limits = ex.evidence().get(0);
        assertEquals("ipc-limits", limits.source());
        assertEquals(List.of("kernel.sem=250 32000 32 128"), limits.lines());
        Evidence table = ex.evidence().get(1);
        assertEquals("sysvipc-sem", table.source());
        assertEquals(129, table.lines().size(), "header and every row, as the host printed them");
        assertEquals(IpcProbeText.SEM_HEADER, table.lines().get(0));

        Finding orphans = f.get(1);
        assertEquals(Severity.WARNING, orphans.severity(), "orphans are the likely cause of an exhausted limit");
        assertEquals(126, orphans.subjects().size());
        assertFalse(subject(orphans, "semid").contains(13205634), "the live service's arrays are never orphaned");
        assertFalse(subject(orphans, "semid").contains(13238403));
        Map<String, Object> one = orphans.subjects().get(0);
        assertEquals(3768322, one.get("semid"));
        assertEquals("0x00000000", one.get("key"));
        assertEquals(new Owner(0, Optional.of("root")), one.get("owner"));
        assertEquals("0 (root)", one.get("owner").toString());
        assertEquals(0L, one.get("uid"));
        assertEquals(1, one.get("nsems"));
        assertEquals(3600L, one.get("age"));
        assertEquals("126 orphaned semaphore arrays (126 semaphores): no live process has operated on them; owners 0 (root) x126",
                orphans.summary());
        assertEquals(List.of(IpcFixPlans.SEM_REMOVE_ORPHANS), FixOffer.ids(orphans.fixes()));
        // the removal is offered with the arrays the rule found orphaned, as `bedside fix` takes them
        String semids = orphans.fixes().get(0).params().get("semid");
        assertEquals(subject(orphans, "semid").stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")), semids);
        assertEquals(126, semids.split(",").length);
        assertTrue(semids.startsWith("3768322,"), semids);
        assertFalse(("," + semids + ",").contains(",13238403,"), "the array in use is not offered");
        assertEquals(List.of("sysvipc-sem", "sem-pids", "pids-alive"), orphans.evidence().stream().map(Evidence::source).toList());
        assertEquals(127, orphans.evidence().get(0).lines().size());
        assertTrue(orphans.evidence().get(1).lines().contains("semid=3768322 pids=0 otime=0 waiting=0"));
        assertEquals(List.of("1 " + LIVE), orphans.evidence().get(2).lines());
    }

    @Test
    void ninetyPercentIsAWarningAndBelowIsNothing() {
        assertFalse(ids(rules.evaluate(seed000(115).snapshot(), NOW)).contains(IpcRules.SEM_EXHAUSTED), "115/128 = 89.8%");
        List<Finding> f = rules.evaluate(seed000(116).snapshot(), NOW);
        Finding ex = find(f, IpcRules.SEM_EXHAUSTED);
        assertEquals(Severity.WARNING, ex.severity());
        assertEquals("Semaphore arrays nearly exhausted: 116 of 128 (SEMMNI) in use (90%)", ex.summary());
        assertEquals("warning", ex.subjects().get(0).get("severity"));
        assertEquals(Severity.WARNING, find(f, IpcRules.SEM_ORPHANED).severity());
    }

    @Test
    void orphansFarFromTheLimitAreInformation() {
        Finding o = find(rules.evaluate(seed000(10).snapshot(), NOW), IpcRules.SEM_ORPHANED);
        assertEquals(Severity.INFO, o.severity());
        assertEquals(8, o.subjects().size());
    }

    @Test
    void semaphoresSystemWideExhausted() {
        IpcProbeText p = new IpcProbeText().limits("250 100 32 128", 4096, 2097152, 32000).alive(LIVE);
        int[] pids = new int[25];
        for (int i = 0; i < 4; i++) {
            pids[0] = LIVE;
            p.sem(1000 + i, i, 0, CTIME, CTIME, pids);
        }
        Finding ex = find(rules.evaluate(p.snapshot(), NOW), IpcRules.SEM_EXHAUSTED);
        assertEquals(Severity.CRITICAL, ex.severity());
        assertEquals("Semaphores exhausted: 100 of 100 (SEMMNS) in use", ex.summary());
        assertEquals("SEMMNS", ex.subjects().get(0).get("limit"));
        assertEquals(List.of(IpcFixPlans.SEM_RAISE_LIMIT), FixOffer.ids(ex.fixes()), "nothing is orphaned: only raising helps");
    }

    @Test
    void bothLimitsHitAreOneFindingWorstFirst() {
        IpcProbeText p = new IpcProbeText().limits("250 40 32 4", 4096, 2097152, 32000).alive(LIVE);
        int[] many = new int[35];
        many[0] = LIVE;
        p.sem(2, 2, 0, CTIME, CTIME, many);                  // semaphores: 95% of SEMMNS (warning)
        p.sem(1, 1, 0, CTIME, CTIME, LIVE);
        p.sem(3, 3, 0, CTIME, CTIME, LIVE);
        p.sem(4, 4, 0, CTIME, CTIME, LIVE);                  // arrays: 4 of 4 (critical)
        Finding ex = find(rules.evaluate(p.snapshot(), NOW), IpcRules.SEM_EXHAUSTED);
        assertEquals(Severity.CRITICAL, ex.severity());
        assertEquals("Semaphore arrays exhausted: 4 of 4 (SEMMNI) in use; "
                + "Semaphores nearly exhausted: 38 of 40 (SEMMNS) in use (95%)", ex.summary());
        assertEquals(List.of("SEMMNI", "SEMMNS"), subject(ex, "limit"));
        assertEquals(List.of("critical", "warning"), subject(ex, "severity"));
    }

    @Test
    void aLiveProcessOnAnySemaphoreKeepsTheArrayInUse() {
        IpcProbeText p = new IpcProbeText().limits("250 32000 32 128", 4096, 2097152, 32000).alive(LIVE);
        p.sem(11, 1, 0, CTIME, CTIME, 0, 0, LIVE);        // the third semaphore was used by a live process
        p.sem(12, 2, 0, CTIME, CTIME, DEAD, 0);            // its last user died
        p.sem(13, 3, 0, CTIME, CTIME, 0);                  // nobody ever operated on it, but someone waits
        p.semPids(3, "semid=3 pids=0 otime=" + CTIME + " waiting=1");
        IpcSnapshot s = p.snapshot();
        List<IpcUsage.SemUse> uses = IpcUsage.sems(s);
        assertEquals(IpcUsage.Verdict.IN_USE, uses.get(0).verdict());
        assertEquals("last operation on semaphore 2 by live pid 4242", uses.get(0).reason());
        assertEquals(IpcUsage.Verdict.ORPHANED, uses.get(1).verdict());
        assertEquals("every last-operation pid is dead or 0: 999,0", uses.get(1).reason());
        assertEquals(IpcUsage.Verdict.IN_USE, uses.get(2).verdict());
        Finding o = find(rules.evaluate(s, NOW), IpcRules.SEM_ORPHANED);
        assertEquals(List.of(2), subject(o, "semid"));
        assertEquals(List.of("999,0"), subject(o, "pids"));
    }

    @Test
    void anArrayWhosePidsCannotBeReadIsNeitherOrphanedNorIgnored() {
        IpcProbeText p = new IpcProbeText().limits("250 32000 32 128", 4096, 2097152, 32000).alive(LIVE);
        p.sem(21, 1, 0, 0, CTIME, 0);
        p.sem(22, 2, 0, 0, CTIME, 0);
        p.semPids(2, "semid=2 error=semctl(GETPID) failed: Permission denied");
        p.sem(23, 3, 0, 0, CTIME, 0, 0);
        p.semPids(3, "semid=3 pids=0 otime=0 waiting=0");   // 1 pid for 2 semaphores: the id was reused
        p.sem(24, 4, 0, 0, CTIME, 0);
        p.semPids(4, "semid=999 pids=0");                   // and no line at all for semid 4
        List<Finding> f = rules.evaluate(p.snapshot(), NOW);
        assertEquals(List.of(1), subject(find(f, IpcRules.SEM_ORPHANED), "semid"));
        Finding u = find(f, IpcRules.ORPHANS_UNKNOWN);
        assertEquals(Severity.INFO, u.severity());
        assertEquals(List.of(2, 3, 4), subject(u, "semid"));
        assertEquals("ipcs -s -i 2 failed: semctl(GETPID) failed: Permission denied", u.subjects().get(0).get("reason"));
        assertTrue(u.summary().startsWith("Orphaned IPC objects cannot be told: 3 semaphore arrays could not be checked"), u.summary());
        assertTrue(u.evidence().get(0).lines().contains("semid=2 error=semctl(GETPID) failed: Permission denied"));
    }

    @Test
    void withoutLastOperationPidsNoArrayIsCalledOrphaned() {
        IpcSnapshot s = seed000(128).status(IpcSnapshot.SEM_PIDS, "needs-root", "ipcs -s -i").snapshot();
        List<Finding> f = rules.evaluate(s, NOW);
        assertEquals(List.of(IpcRules.SEM_EXHAUSTED, IpcRules.ORPHANS_UNKNOWN), ids(f));
        assertEquals(List.of(IpcFixPlans.SEM_RAISE_LIMIT), FixOffer.ids(f.get(0).fixes()), "no removal offered without orphans");
        Finding u = f.get(1);
        assertEquals("Orphaned IPC objects cannot be told: sem-pids needs root (ipcs -s -i), so 128 semaphore arrays were not checked",
                u.summary());
        assertEquals(Map.of("source", "sem-pids", "status", "needs-root", "reason", "needs root (ipcs -s -i)",
                "affects", "semaphore arrays", "objects", 128), u.subjects().get(0));
    }

    @Test
    void withoutTheLiveProcessListNothingIsOrphaned() {
        IpcProbeText p = seed000(4).without(IpcSnapshot.PIDS_ALIVE);
        p.shm(0, 7, 0600, 4096, DEAD, DEAD, 0, 0, CTIME);
        List<Finding> f = rules.evaluate(p.snapshot(), NOW);
        assertEquals(List.of(IpcRules.ORPHANS_UNKNOWN), ids(f));
        Finding u = f.get(0);
        assertEquals("pids-alive", u.subjects().get(0).get("source"));
        assertEquals("error", u.subjects().get(0).get("status"));
        assertEquals("semaphore arrays and shared memory segments", u.subjects().get(0).get("affects"));
        assertEquals(5, u.subjects().get(0).get("objects"));
    }

    // ------------------------------------------------------------------ shared memory

    @Test
    void seed001LeakedSegmentsAreOrphanedAndTheUsedOnesAreNot() {
        IpcProbeText p = new IpcProbeText().limits("250 32000 32 128", 16, 2097152, 32000).alive(LIVE, 5000);
        p.shm(0x6104e88b, 1, 0666, 65536, LIVE, LIVE, 1, 48, CTIME);          // attached
        p.shm(0, 2, 01600, 65536, LIVE, LIVE, 1, 48, CTIME);                  // marked for removal
        p.shm(0x11, 3, 0600, 65536, LIVE, 0, 0, 48, CTIME);                   // creator alive, detached
        p.shm(0x12, 4, 0600, 65536, DEAD, 5000, 0, 48, CTIME);                // last attacher alive
        p.shm(0, 5, 0600, 65536, DEAD, DEAD, 0, 48, CTIME);                   // nattch 0 but mapped: probe raced
        p.attach(LIVE, "php daemon", 0, 5);
        for (int i = 6; i <= 16; i++) {
            p.shm(0, i, 0600, 65536, DEAD + i, DEAD + i, 0, 48, CTIME);       // killed with kill -9
        }
        List<Finding> f = rules.evaluate(p.snapshot(), NOW);
        assertEquals(List.of(IpcRules.SHM_EXHAUSTED, IpcRules.SHM_ORPHANED), ids(f));
        Finding ex = f.get(0);
        assertEquals(Severity.CRITICAL, ex.severity());
        assertEquals("Shared memory segments exhausted: 16 of 16 (SHMMNI) in use", ex.summary());
        assertEquals(List.of(IpcFixPlans.SHM_REMOVE_ORPHANS, IpcFixPlans.SHM_RAISE_LIMIT), FixOffer.ids(ex.fixes()));
        assertEquals(List.of("kernel.shmmni=16", "kernel.shmall=2097152", "page_size=4096"), ex.evidence().get(0).lines());
        Finding o = f.get(1);
        assertEquals(Severity.WARNING, o.severity());
        assertEquals(List.of(6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16), subject(o, "shmid"));
        Map<String, Object> one = o.subjects().get(0);
        assertEquals("0x00000000", one.get("key"));
        assertEquals(new Owner(48, Optional.empty()), one.get("owner"), "no name known for uid 48");
        assertEquals("48", one.get("owner").toString());
        assertEquals(48L, one.get("uid"));
        assertEquals(65536L, one.get("bytes"));
        assertEquals(DEAD + 6, one.get("cpid"));
        assertEquals(DEAD + 6, one.get("lpid"));
        assertEquals("11 orphaned shared memory segments hold 704 KiB, with nothing attached and creator and last user dead;"
                + " owners 48 x11", o.summary());
        List<IpcUsage.ShmUse> uses = IpcUsage.shms(p.snapshot());
        assertEquals(IpcUsage.Verdict.REMOVAL_PENDING, uses.get(1).verdict());
        assertEquals("its creator pid 4242 is alive", uses.get(2).reason());
        assertEquals("its last attacher pid 5000 is alive", uses.get(3).reason());
        assertEquals("mapped by php daemon (pid 4242), alive", uses.get(4).reason());
    }

    @Test
    void userNamesShowWhenKnown() {
        IpcProbeText p = new IpcProbeText().limits("250 32000 32 128", 4096, 2097152, 32000).alive(LIVE);
        p.shm(0, 6, 0600, 4096, DEAD, DEAD, 0, 48, CTIME);
        Finding o = find(new OwnIdRules(Map.of(48L, "apache")).evaluate(p.snapshot(), NOW), IpcRules.SHM_ORPHANED);
        assertEquals("48 (apache)", o.subjects().get(0).get("owner").toString());
        assertEquals(Subject.Kind.IPC_OBJECT, o.subjects().get(0).kind());
        assertEquals(48L, o.subjects().get(0).get("uid"));
        assertEquals(Severity.INFO, o.severity());
    }

    @Test
    void sharedMemoryPagesNearSHMALL() {
        IpcProbeText p = new IpcProbeText().limits("250 32000 32 128", 4096, 100, 32000).alive(LIVE);
        p.shm(1, 1, 0600, 80 * 4096, LIVE, LIVE, 1, 0, CTIME);
        p.shm(2, 2, 0600, 9 * 4096 + 1, LIVE, LIVE, 1, 0, CTIME);   // 10 pages: rounded up
        Finding ex = find(rules.evaluate(p.snapshot(), NOW), IpcRules.SHM_EXHAUSTED);
        assertEquals(Severity.WARNING, ex.severity());
        assertEquals("Shared memory pages nearly exhausted: 90 of 100 (SHMALL) in use (90%)", ex.summary());
        assertEquals(List.of(IpcFixPlans.SHM_RAISE_LIMIT), FixOffer.ids(ex.fixes()));
    }

    // ------------------------------------------------------------------ messages, limits

    @Test
    void messageQueuesExhausted() {
        IpcProbeText p = new IpcProbeText().limits("250 32000 32 128", 4096, 2097152, 4).alive(LIVE);
        for (int i = 0; i < 4; i++) {
            p.msg(100 + i, i);
        }
        List<Finding> f = rules.evaluate(p.snapshot(), NOW);
        Finding ex = find(f, IpcRules.MSG_EXHAUSTED);
        assertEquals(Severity.CRITICAL, ex.severity());
        assertEquals("Message queues exhausted: 4 of 4 (MSGMNI) in use", ex.summary());
        assertEquals(List.of(), FixOffer.ids(ex.fixes()));
        assertEquals(List.of("kernel.msgmni=4"), ex.evidence().get(0).lines());
        assertEquals(5, ex.evidence().get(1).lines().size());
    }

    @Test
    void withoutLimitsExhaustionIsNotJudgedAndTheFindingSaysSo() {
        IpcProbeText p = seed000(128).status(IpcSnapshot.LIMITS, "error", "read-failed");
        List<Finding> f = rules.evaluate(p.snapshot(), NOW);
        assertEquals(List.of(IpcRules.SEM_ORPHANED, IpcRules.LIMITS_UNKNOWN), ids(f));
        assertEquals(Severity.INFO, f.get(0).severity());
        assertEquals("IPC limits unknown (ipc-limits read error (read-failed)): exhaustion cannot be judged", f.get(1).summary());
    }

    @Test
    void aQuietHostHasNoFindings() {
        IpcProbeText p = new IpcProbeText().limits("250 32000 32 128", 4096, 2097152, 32000).alive(LIVE);
        p.sem(1, 1, 0, CTIME, CTIME, LIVE);
        p.shm(1, 1, 0600, 4096, LIVE, LIVE, 1, 0, CTIME);
        assertEquals(List.of(), rules.evaluate(p.snapshot(), NOW));
        assertEquals(List.of(), rules.evaluate(new IpcProbeText().limits("250 32000 32 128", 4096, 2097152, 32000).alive(LIVE)
                .snapshot(), NOW));
    }

    // ------------------------------------------------------------------ captured

    private static IpcSnapshot captured(String fixture) {
        List<ParseProblem> problems = new ArrayList<>();
        IpcSnapshot s = IpcSnapshot.from(ProbeOutputParser.parse(Fixtures.text("ipc/" + fixture)), problems);
        assertEquals(List.of(), problems);
        return s;
    }

    @Test
    void capturedHostDeadUsersAndNeverUsedArraysAreOrphanedTheWaitedOnOneIsNot() {
        List<Finding> f = rules.evaluate(captured("probe-debian12-kernel6.18-root.txt"), Instant.ofEpochSecond(1795449900L));
        assertEquals(List.of(IpcRules.SEM_ORPHANED, IpcRules.SHM_ORPHANED), ids(f));
        assertEquals(List.of(0, 1, 2, 3), subject(f.get(0), "semid"), "semid 5 has a process blocked on it");
        assertEquals("0xd0f268e8", f.get(0).subjects().get(3).get("key"));
        assertEquals(List.of(0), subject(f.get(1), "shmid"), "shmid 1 is attached by a live python3");
        assertEquals(30442, f.get(1).subjects().get(0).get("cpid"));
    }

    @Test
    void capturedHostAsNobodyTheUnreadableArrayIsUnknown() {
        List<Finding> f = rules.evaluate(captured("probe-debian12-kernel6.18-nobody.txt"), Instant.ofEpochSecond(1795449900L));
        assertEquals(List.of(IpcRules.SEM_ORPHANED, IpcRules.SHM_ORPHANED, IpcRules.ORPHANS_UNKNOWN), ids(f));
        assertEquals(List.of(5), subject(f.get(2), "semid"));
    }

    @Test
    void capturedLabSemExhaustionFindsTheLeaksAndSparesTheService() {
        List<Finding> f = rules.evaluate(captured("probe-lab-sem-exhaustion-root.txt"), Instant.ofEpochSecond(1795450400L));
        assertEquals(List.of(IpcRules.SEM_EXHAUSTED, IpcRules.SEM_ORPHANED), ids(f));
        assertEquals("Semaphore arrays exhausted: 32 of 32 (SEMMNI) in use", f.get(0).summary());
        List<Object> orphans = subject(f.get(1), "semid");
        assertEquals(30, orphans.size());
        assertFalse(orphans.contains(0) || orphans.contains(1), "the service process operates on semids 0 and 1");
        assertTrue(orphans.contains(2) && orphans.contains(3), "last operation by the worker killed with -9");
    }

    @Test
    void capturedLabSemExhaustionOverSshWithoutRootCannotTellTheRootOnlyArrays() {
        List<Finding> f = rules.evaluate(captured("probe-lab-sem-exhaustion-user.txt"), Instant.ofEpochSecond(1795450400L));
        assertEquals(List.of(IpcRules.SEM_EXHAUSTED, IpcRules.ORPHANS_UNKNOWN), ids(f));
        assertEquals(30, f.get(1).subjects().size());
        assertEquals(List.of(IpcFixPlans.SEM_RAISE_LIMIT), FixOffer.ids(f.get(0).fixes()), "no removal without known orphans");
    }

    @Test
    void capturedLabShmLeak() {
        List<Finding> f = rules.evaluate(captured("probe-lab-shm-leak-root.txt"), Instant.ofEpochSecond(1795450400L));
        assertEquals(List.of(IpcRules.SHM_EXHAUSTED, IpcRules.SHM_ORPHANED), ids(f));
        assertEquals("Shared memory segments exhausted: 16 of 16 (SHMMNI) in use", f.get(0).summary());
        List<Object> orphans = subject(f.get(1), "shmid");
        assertEquals(14, orphans.size());
        assertFalse(orphans.contains(16), "attached by the running daemon");
        assertFalse(orphans.contains(17), "marked for removal");
    }

    // ------------------------------------------------------------------ IPC namespaces

    private static final long NS_HOST = 4026531839L;
    private static final long NS_CONTAINER = 4026532201L;

    /** The host's segment 0: nothing attached, creator and last user dead; a live process maps a segment 0 in {@code ns}. */
    private static IpcProbeText segmentZeroMappedIn(long ns) {
        return new IpcProbeText().limits("250 32000 32 128", 4096, 2097152, 32000).alive(LIVE)
                .shm(0x565adeef, 0, 0600, 65536, DEAD, 0, 0, 0, CTIME)
                .self(NS_HOST).attachIn(LIVE, "bedside-lab-shm", 0, 0, ns);
    }

    @Test
    void aMappingInAnotherIpcNamespaceDoesNotHideALeakAndIsListedApart() {
        Finding orphans = find(rules.evaluate(segmentZeroMappedIn(NS_CONTAINER).snapshot(), NOW), IpcRules.SHM_ORPHANED);
        assertEquals(List.of(0), subject(orphans, "shmid"));
        Evidence scope = orphans.evidence().stream().filter(e -> e.source().equals(IpcSnapshot.SHM_ATTACH)).findFirst().orElseThrow();
        assertEquals("covers IPC namespace " + NS_HOST + " (the probe's own); 1 mapping(s) of processes in other IPC"
                + " namespaces not counted", scope.caption());
        assertEquals(List.of("pid=" + LIVE + " shmkey=0x00000000 shmid=0 ipcns=" + NS_CONTAINER + " comm=bedside-lab-shm"),
                scope.lines());
    }

    @Test
    void aMappingInTheProbesOwnIpcNamespaceCounts() {
        List<Finding> f = rules.evaluate(segmentZeroMappedIn(NS_HOST).snapshot(), NOW);
        assertFalse(ids(f).contains(IpcRules.SHM_ORPHANED), "the live process maps the host's segment 0: " + ids(f));
    }

    @Test
    void everyIpcFindingSaysWhichNamespaceItCovers() {
        IpcProbeText p = seed000(128).self(NS_HOST).attachIn(LIVE, "php-fpm", 0, 0, NS_CONTAINER);
        List<Finding> f = rules.evaluate(p.snapshot(), NOW);
        assertEquals(List.of(IpcRules.SEM_EXHAUSTED, IpcRules.SEM_ORPHANED), ids(f));
        for (Finding x : f) {
            assertTrue(x.evidence().stream().anyMatch(e -> e.source().equals(IpcSnapshot.SHM_ATTACH)
                    && e.caption().startsWith("covers IPC namespace " + NS_HOST + " (the probe's own)")), x.id() + ": " + x.evidence());
            assertEquals(1, x.evidence().stream().filter(e -> e.source().equals(IpcSnapshot.SHM_ATTACH)).count(), x.id());
        }
        // a probe that did not say (version 1) adds nothing
        for (Finding x : rules.evaluate(seed000(128).snapshot(), NOW)) {
            assertTrue(x.evidence().stream().noneMatch(e -> e.source().equals(IpcSnapshot.SHM_ATTACH)), x.id());
        }
    }
}
