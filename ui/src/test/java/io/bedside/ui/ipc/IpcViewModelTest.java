package io.bedside.ui.ipc;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.findings.Severity;
import io.bedside.model.sample.Sample;
import io.bedside.ui.findings.FindingItem;
import io.bedside.ui.fix.FixWizardViewModel;
import io.bedside.ui.fx.CurrentThreadTaskRunner;
import io.bedside.ui.support.DeferredTaskRunner;
import io.bedside.ui.support.Fixtures;
import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.TestFixService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The IPC area's state, fed real probe output captured with real IPC objects; no Stage. */
class IpcViewModelTest {
    private static final Instant T0 = Instant.parse("2026-11-23T16:30:00Z");

    @BeforeAll
    static void fx() {
        FxTestSupport.startFx();
    }

    private static IpcViewModel shown(String fixture) {
        IpcViewModel vm = new IpcViewModel(new CurrentThreadTaskRunner());
        onFx(() -> vm.accept(Fixtures.sample(fixture, T0)));
        return vm;
    }

    @Test
    void semaphoreArraysWithOwnersTimesPidsAndVerdicts() {
        IpcViewModel vm = shown(Fixtures.IPC_OBJECTS);
        List<SemRow> rows = onFx(() -> List.copyOf(vm.sems().allRows()));
        assertEquals(4, rows.size());
        assertEquals("4 arrays", vm.sems().countProperty().get());

        SemRow never = rows.get(0);   // ipcmk -S 2: nobody ever operated on it
        assertEquals(0, never.id());
        assertEquals("0xb60ef0d0", never.keyHex());      // -1240534832 in /proc/sysvipc/sem
        assertEquals("0 (root)", never.owner());
        assertEquals("644", never.perms());
        assertEquals(2, never.nsems());
        assertEquals("never", never.lastOp());
        assertEquals("2026-11-23 16:25:48", never.changed()); // ctime 1795451148 on the host's clock (Etc/UTC)
        assertEquals("none ever (all 0)", never.pids());
        assertEquals("orphaned", never.verdict());
        assertTrue(never.orphaned());

        SemRow nobodys = rows.get(1);
        assertEquals("65534", nobodys.owner(), "a uid without a known name stays a number");
        assertEquals(4, nobodys.nsems());

        SemRow dead = rows.get(2);    // operated on by a process that has exited
        assertEquals("pid 6408 (exited)", dead.pids());
        assertEquals("2026-11-23 16:25:48", dead.lastOp());
        assertEquals("orphaned", dead.verdict());
        assertTrue(dead.reason().contains("6408"), dead.reason());

        SemRow used = rows.get(3);    // the live service's array, key 0x6104e88b
        assertEquals("0x6104e88b", used.keyHex());
        assertEquals("600", used.perms());
        assertEquals("perl (pid 6411) x2, 0 (none)", used.pids());
        assertEquals("in use", used.verdict());
        assertFalse(used.orphaned());
        assertTrue(used.line().contains("1627711627"), "the raw row is kept for evidence");
    }

    @Test
    void sharedMemoryWithCreatorAttachmentsStatusAndVerdicts() {
        IpcViewModel vm = shown(Fixtures.IPC_OBJECTS);
        List<ShmRow> rows = onFx(() -> List.copyOf(vm.shms().allRows()));
        assertEquals(4, rows.size());

        ShmRow leaked = rows.get(0);   // ipcmk -M 8192: its creator exited at once
        assertEquals("8.0 KiB", leaked.size());
        assertEquals(8192, leaked.bytes());
        assertEquals("pid 6401 (exited)", leaked.creator());
        assertEquals("never", leaked.lastUser());
        assertEquals("none", leaked.attached());
        assertEquals("never", leaked.attachedAt());
        assertEquals("orphaned", leaked.verdict());

        ShmRow attached = rows.get(2); // the service keeps it attached
        assertEquals("0x6104e88c", attached.keyHex());
        assertEquals("64.0 KiB", attached.size());
        assertEquals("perl (pid 6411)", attached.creator(), "the creator by name, from the process table");
        assertEquals(1, attached.nattch());
        assertEquals("perl (pid 6411)", attached.attached());
        assertEquals("2026-11-23 16:25:48", attached.attachedAt());
        assertEquals("in use", attached.verdict());

        ShmRow dest = rows.get(3);     // IPC_RMID while attached
        assertEquals("0x00000000", dest.keyHex());
        assertEquals("dest", dest.status());
        assertEquals("1.0 MiB", dest.size());
        assertEquals("removal pending", dest.verdict());
        assertFalse(dest.orphaned());
    }

    @Test
    void messageQueuesWithBytesMessagesAndPids() {
        IpcViewModel vm = shown(Fixtures.IPC_OBJECTS);
        List<MsgRow> rows = onFx(() -> List.copyOf(vm.msgs().allRows()));
        assertEquals(2, rows.size());
        assertEquals(0, rows.get(0).cbytes());
        assertEquals("never", rows.get(0).sender());
        MsgRow pending = rows.get(1);
        assertEquals("0x6104e88d", pending.keyHex());
        assertEquals(19, pending.cbytes());
        assertEquals(1, pending.qnum());
        assertEquals("perl (pid 6411)", pending.sender());
        assertEquals("never", pending.receiver());
        assertEquals("2026-11-23 16:25:48", pending.sent());
        assertEquals("", pending.verdict(), "queues have no orphan verdict");
    }

    @Test
    void aLiveCreatorIsNamedAndAnExitedOneSaysSo() {
        IpcViewModel vm = shown(Fixtures.IPC_OBJECTS);
        List<ShmRow> rows = onFx(() -> List.copyOf(vm.shms().allRows()));
        // every pid the shared memory table names is a process name beside the pid, or says it exited
        for (ShmRow r : rows) {
            for (String who : List.of(r.creator(), r.lastUser())) {
                assertTrue(who.equals("never") || who.matches(".+ \\(pid \\d+\\)|pid \\d+ \\(exited\\)"), who);
            }
        }
        assertTrue(rows.stream().anyMatch(r -> r.creator().equals("perl (pid 6411)")));
        assertTrue(rows.stream().anyMatch(r -> r.creator().endsWith("(exited)")));
    }

    @Test
    void theTableInFrontIsTheWorstFindingsUntilTheEngineerPicksAnother() {
        List<Sample> series = Fixtures.ipcSeries();
        IpcViewModel vm = new IpcViewModel(new CurrentThreadTaskRunner());
        onFx(() -> vm.tableProperty().set(IpcViewModel.Table.MESSAGE_QUEUES));
        onFx(() -> vm.accept(series.get(8)));          // 32 of 32 arrays: the semaphore findings
        assertTrue(onFx(() -> vm.findings().stream().anyMatch(f -> f.id().startsWith("ipc.sem."))));
        assertEquals(IpcViewModel.Table.SEMAPHORES, onFx(() -> vm.tableProperty().get()), "a new finding brings its table to the front");

        onFx(() -> vm.tableProperty().set(IpcViewModel.Table.SHARED_MEMORY));
        onFx(() -> vm.accept(series.get(8)));          // the same findings again
        assertEquals(IpcViewModel.Table.SHARED_MEMORY, onFx(() -> vm.tableProperty().get()), "the engineer's choice stays");

        // what the click from a finding calls
        assertTrue(onFx(() -> vm.showTableOf("ipc.msg.exhausted")));
        assertEquals(IpcViewModel.Table.MESSAGE_QUEUES, onFx(() -> vm.tableProperty().get()));
        assertTrue(onFx(() -> vm.showTableOf("ipc.shm.orphaned")));
        assertEquals(IpcViewModel.Table.SHARED_MEMORY, onFx(() -> vm.tableProperty().get()));
        assertFalse(onFx(() -> vm.showTableOf("mem.oom.killed")));
        assertEquals(IpcViewModel.Table.SHARED_MEMORY, onFx(() -> vm.tableProperty().get()), "not an IPC finding: nothing changes");
    }

    @Test
    void withoutRootTheUnknownsSayWhy() {
        IpcViewModel vm = shown(Fixtures.IPC_NONROOT);
        SemRow root0600 = onFx(() -> vm.sems().allRows().get(2));
        assertEquals("unreadable: semctl(GETPID) failed: Permission denied", root0600.pids());
        assertEquals("unknown", root0600.verdict());
        ShmRow attached = onFx(() -> vm.shms().allRows().get(1));
        assertEquals("unknown: shm-attach needs root (/proc/PID/maps of other users)", attached.attached());
        assertEquals("in use", attached.verdict(), "nattch 1 is use, whoever it is");
        assertTrue(onFx(() -> vm.findings().stream().anyMatch(f -> f.id().equals("ipc.orphans.unknown"))));
    }

    @Test
    void gaugesShowUsedOverLimitWithThresholds() {
        List<Sample> series = Fixtures.ipcSeries();
        IpcViewModel vm = new IpcViewModel(new CurrentThreadTaskRunner());

        onFx(() -> vm.accept(series.get(6)));          // 26 of 32 arrays: 81 %
        Gauge arrays = vm.gauge("SEMMNI").get();
        assertEquals("26 / 32 (81.3 %)", arrays.text());
        assertEquals(Gauge.Level.OK, arrays.level());
        assertEquals(26 / 32.0, arrays.fraction(), 1e-9);

        onFx(() -> vm.accept(series.get(7)));          // 29 of 32: at ceil(0.9 x 32) = 29
        assertEquals("29 / 32 (90.6 %)", vm.gauge("SEMMNI").get().text());
        assertEquals(Gauge.Level.WARNING, vm.gauge("SEMMNI").get().level());

        onFx(() -> vm.accept(series.get(8)));          // 32 of 32: full
        assertEquals("32 / 32 (100.0 %)", vm.gauge("SEMMNI").get().text());
        assertEquals(Gauge.Level.FULL, vm.gauge("SEMMNI").get().level());
        assertEquals(1.0, vm.gauge("SEMMNI").get().fraction());
        assertEquals(Gauge.Level.WARNING, vm.gauge("SHMMNI").get().level(), "9 of 10 segments is exactly 90 %");
        assertEquals("9 / 10 (90.0 %)", vm.gauge("SHMMNI").get().text());
        assertEquals(Gauge.Level.OK, vm.gauge("MSGMNI").get().level());
        assertEquals("3 / 4 (75.0 %)", vm.gauge("MSGMNI").get().text());
        assertEquals(Gauge.Level.VALUE, vm.gauge("SEMMSL").get().level());
        assertEquals("250 (largest array: 3)", vm.gauge("SEMMSL").get().text());
        assertEquals("32", vm.gauge("SEMOPM").get().text());
        assertTrue(vm.gauge("SEMMNI").get().detail().endsWith("kernel.sem=250 32000 32 32"), "the raw line, for the tooltip");
        // SHMALL is the kernel's "unlimited": shown as the host printed it, not as Long.MAX_VALUE
        String shmall = vm.gauge("SHMALL").get().text();
        assertEquals("720 / 1.84e19 (0.0 %)", shmall);
        assertTrue(vm.gauge("SHMALL").get().detail().contains("720 pages of 4096 bytes = 2.8 MiB"), vm.gauge("SHMALL").get().detail());
        assertTrue(vm.gauge("SHMALL").get().detail().endsWith("kernel.shmall=18446744073692774399"));
        assertEquals(Gauge.Level.OK, vm.gauge("SHMALL").get().level());
        assertEquals("Semaphore arrays in use (SEMMNI 32)", vm.chartTitleProperty(0).get());
    }

    @Test
    void absentLimitsSayWhyAndAreNeverZero() {
        IpcViewModel vm = shown(Fixtures.IPC_LIMITS_HIDDEN);
        for (String id : IpcRows.GAUGES) {
            Gauge g = vm.gauge(id).get();
            assertEquals(Gauge.Level.ABSENT, g.level(), id);
            assertEquals("", g.text(), id + " shows no number");
            assertEquals("Limits not known: ipc-limits not present on this host (/proc/sys/kernel/sem)", g.absence(), id);
        }
        // the tables are still there, and the charts count them
        assertEquals(1, onFx(() -> vm.sems().allRows().size()));
        assertEquals("Semaphore arrays in use (SEMMNI not known)", vm.chartTitleProperty(0).get());
        assertTrue(onFx(() -> vm.findings().stream().anyMatch(f -> f.id().equals("ipc.limits.unknown"))));
    }

    @Test
    void filterMatchesKeyIdOwnerAndVerdict() {
        IpcViewModel vm = shown(Fixtures.IPC_OBJECTS);
        onFx(() -> vm.filterProperty().set("orphaned"));
        assertEquals(List.of(0, 1, 2), ids(vm.sems()));
        assertEquals("3 of 4 arrays", vm.sems().countProperty().get());
        assertEquals(List.of(0, 1), ids(vm.shms()));
        assertEquals(List.of(), ids(vm.msgs()), "queues have no verdict to match");

        onFx(() -> vm.filterProperty().set("6104e88b"));   // key without 0x
        assertEquals(List.of(3), ids(vm.sems()));
        onFx(() -> vm.filterProperty().set("0x6104E88C"));  // case does not matter
        assertEquals(List.of(2), ids(vm.shms()));
        onFx(() -> vm.filterProperty().set("65534"));
        assertEquals(List.of(1), ids(vm.sems()));
        onFx(() -> vm.filterProperty().set("root in use"));  // every word must match
        assertEquals(List.of(3), ids(vm.sems()));
        onFx(() -> vm.filterProperty().set(""));
        assertEquals(4, ids(vm.sems()).size());
    }

    @Test
    void groupByOwnerAndByKeyCountsAndNarrows() {
        IpcViewModel vm = shown(Fixtures.IPC_OBJECTS);
        onFx(() -> vm.groupByProperty().set(GroupBy.OWNER));
        List<GroupRow> groups = onFx(() -> List.copyOf(vm.sems().groups()));
        assertEquals(List.of(new GroupRow("0 (root)", 3, 2, 6, "6 semaphores"),
                new GroupRow("65534", 1, 1, 4, "4 semaphores")), groups);
        assertEquals(List.of(new GroupRow("0 (root)", 3, 1, 8192 + 65536 + 1048576, "1.1 MiB"),
                new GroupRow("65534", 1, 1, 4096, "4.0 KiB")), onFx(() -> List.copyOf(vm.shms().groups())));
        assertEquals(List.of(new GroupRow("0 (root)", 2, 0, 19, "19 B queued")), onFx(() -> List.copyOf(vm.msgs().groups())));

        // picking a group narrows its table
        onFx(() -> vm.sems().selectedGroupProperty().set("65534"));
        assertEquals(List.of(1), ids(vm.sems()));
        assertEquals("1 of 4 arrays", vm.sems().countProperty().get());
        // the filter narrows the groups' counts too
        onFx(() -> vm.filterProperty().set("orphaned"));
        assertEquals(List.of(new GroupRow("0 (root)", 2, 2, 3, "3 semaphores"), new GroupRow("65534", 1, 1, 4, "4 semaphores")),
                onFx(() -> List.copyOf(vm.sems().groups())));
        onFx(() -> vm.filterProperty().set(""));

        // by key: the leaked IPC_PRIVATE arrays of the series fall in one group
        onFx(() -> vm.groupByProperty().set(GroupBy.KEY));
        assertEquals(null, vm.sems().selectedGroupProperty().get(), "a new grouping starts with every row");
        onFx(() -> vm.showHistory(List.of(Fixtures.ipcSeries().get(8))));
        GroupRow priv = onFx(() -> vm.sems().groups().get(0));
        assertEquals("0x00000000 (IPC_PRIVATE)", priv.group());
        assertEquals(31, priv.objects());
        assertEquals(24, priv.orphaned());
        onFx(() -> vm.sems().selectedGroupProperty().set(priv.group()));
        assertEquals(31, ids(vm.sems()).size());
        onFx(() -> vm.groupByProperty().set(GroupBy.NONE));
        assertEquals(32, ids(vm.sems()).size());
        assertTrue(onFx(() -> vm.sems().groups().isEmpty()));
    }

    private static List<Integer> ids(IpcTableModel<?> t) {
        return onFx(() -> t.rows().stream().map(IpcRow::id).toList());
    }

    @Test
    void chartsCoverTheHistoryAndTheFindingsComeWithTheirFixes() {
        List<Sample> series = Fixtures.ipcSeries();
        IpcViewModel vm = new IpcViewModel(new CurrentThreadTaskRunner());
        onFx(() -> vm.showHistory(series));
        assertEquals(9, vm.charts().series(0).getData().size());
        assertEquals(32.0, vm.charts().series(0).getData().get(8).getYValue().doubleValue());
        assertEquals(8.0, vm.charts().series(0).getData().get(0).getYValue().doubleValue());
        assertEquals(9.0, vm.charts().series(4).getData().get(8).getYValue().doubleValue(), "segments");
        assertEquals(3.0, vm.charts().series(6).getData().get(8).getYValue().doubleValue(), "queues");

        List<FindingItem> f = onFx(() -> List.copyOf(vm.findings()));
        FindingItem exhausted = f.stream().filter(x -> x.id().equals("ipc.sem.exhausted")).findFirst().orElseThrow();
        assertEquals(Severity.CRITICAL, exhausted.severity());
        assertEquals(List.of("ipc.sem.remove-orphans", "ipc.sem.raise-limit"), exhausted.fixes());
        assertTrue(exhausted.evidence().contains("kernel.sem=250 32000 32 32"), exhausted.evidence());
        assertTrue(exhausted.summary().contains("32 of 32"), exhausted.summary());
        FindingItem orphans = f.stream().filter(x -> x.id().equals("ipc.sem.orphaned")).findFirst().orElseThrow();
        assertTrue(orphans.summary().startsWith("24 orphaned semaphore arrays"), orphans.summary());
        assertTrue(f.stream().anyMatch(x -> x.id().equals("ipc.shm.exhausted") && x.severity() == Severity.WARNING));
        assertEquals(Severity.CRITICAL, f.get(0).severity(), "worst first");

        // the slider moves back: everything follows
        onFx(() -> vm.showHistory(series.subList(0, 3)));
        assertEquals(3, vm.charts().series(0).getData().size());
        assertEquals("14 / 32 (43.8 %)", vm.gauge("SEMMNI").get().text());
        assertTrue(onFx(() -> vm.findings().stream().noneMatch(x -> x.id().equals("ipc.sem.exhausted"))));
    }

    @Test
    void samplesArrivingDuringABuildAreCoalesced() {
        List<Sample> series = Fixtures.ipcSeries();
        DeferredTaskRunner runner = new DeferredTaskRunner();
        IpcViewModel vm = new IpcViewModel(runner);
        onFx(() -> vm.accept(series.get(0)));          // starts a build
        onFx(() -> {
            for (int i = 1; i <= 5; i++) {
                vm.accept(series.get(i));               // wait while it runs
            }
        });
        assertEquals(1, vm.builds());
        onFx(runner::runAll);                          // the first build ends; the next takes all five at once
        assertEquals(2, vm.builds());
        onFx(runner::runAll);
        assertEquals(2, vm.builds(), "five samples, one build");
        assertEquals(6, vm.charts().series(0).getData().size(), "every sample still has its point");
        assertEquals("23 / 32 (71.9 %)", vm.gauge("SEMMNI").get().text(), "the tables show the newest");
        assertEquals(23, onFx(() -> vm.sems().allRows().size()));
    }

    @Test
    void anUnchangedSampleKeepsTheRows() {
        List<Sample> series = Fixtures.ipcSeries();
        IpcViewModel vm = new IpcViewModel(new CurrentThreadTaskRunner());
        onFx(() -> vm.accept(series.get(8)));
        SemRow first = onFx(() -> vm.sems().allRows().get(0));
        // the same objects again, a moment later: the table keeps its row objects (and selection)
        String raw = Fixtures.text(Fixtures.IPC_SERIES + "08.txt");
        Sample again = io.bedside.model.playbooks.Playbooks.parser().parse("lab-ipc", series.get(8).sampledAt().plusSeconds(2), raw, 10);
        onFx(() -> vm.accept(again));
        assertSame(first, onFx(() -> vm.sems().allRows().get(0)));
        assertEquals(2, vm.charts().series(0).getData().size());
    }

    @Test
    void fixesNeedAServiceAndOneWizardAtATime() {
        IpcViewModel vm = shown(Fixtures.IPC_OBJECTS);
        assertFalse(vm.canFixBinding().get());
        assertTrue(onFx(() -> vm.openFix("ipc.sem.remove-orphans")).isEmpty());
        onFx(() -> vm.setFixes(Optional.empty(), "A recording cannot be fixed.", () -> { }));
        assertEquals("A recording cannot be fixed.", vm.fixUnavailableProperty().get());

        TestFixService service = new TestFixService("vm", true);
        onFx(() -> vm.setFixes(Optional.of(service), "", () -> { }));
        assertTrue(vm.canFixBinding().get());
        Optional<FixWizardViewModel> w = onFx(() -> vm.openFix("ipc.sem.remove-orphans"));
        assertTrue(w.isPresent());
        assertFalse(vm.canFixBinding().get(), "one wizard at a time");
        assertTrue(onFx(() -> vm.openFix("ipc.shm.remove-orphans")).isEmpty());
        onFx(() -> w.get().close());
        assertTrue(vm.canFixBinding().get());
    }

    @Test
    void whileHiddenOnlyTheChartsFollowAndTheRowsComeWhenShown() {
        List<Sample> series = Fixtures.ipcSeries();
        IpcViewModel vm = new IpcViewModel(new CurrentThreadTaskRunner());
        onFx(() -> vm.setActive(false));
        onFx(() -> {
            for (int i = 0; i < 4; i++) {
                vm.accept(series.get(i));
            }
        });
        assertEquals(4, vm.charts().series(0).getData().size(), "the charts keep their points while hidden");
        assertEquals(0, vm.rowBuilds(), "no rows are built for a hidden area");
        assertFalse(vm.hasSampleProperty().get());
        assertEquals(0, onFx(() -> vm.sems().allRows().size()));

        onFx(() -> vm.setActive(true));
        assertEquals(1, vm.rowBuilds());
        assertEquals(17, onFx(() -> vm.sems().allRows().size()), "the rows of the newest sample");
        assertEquals(4, vm.charts().series(0).getData().size());
        onFx(() -> vm.setActive(true));
        assertEquals(1, vm.rowBuilds(), "nothing new, nothing built");
    }

    @Test
    void aDiffReplacesOnlyTheRowsThatChanged() {
        IpcViewModel vm = shown(Fixtures.IPC_OBJECTS);
        List<SemRow> was = onFx(() -> List.copyOf(vm.sems().allRows()));
        List<SemRow> now = new ArrayList<>(was);
        SemRow r = was.get(2);
        now.set(2, new SemRow(r.id(), r.keyHex(), r.uid(), r.owner(), r.perms(), r.nsems(), r.otime(), r.lastOp(),
                r.ctime(), r.changed(), "6408 alive", "in use", false, "last operation by live pid 6408", r.line()));
        IpcTableModel.Diff d = IpcTableModel.diff(was, now);
        assertFalse(d.same());
        assertEquals(List.of(2), java.util.Arrays.stream(d.changed()).boxed().toList());
        assertTrue(IpcTableModel.diff(was, List.copyOf(was)).same());
        assertEquals(null, IpcTableModel.diff(was, now.subList(0, 3)).changed(), "another size: one swap");

        onFx(() -> vm.sems().update(now, "", d));
        assertSame(was.get(0), onFx(() -> vm.sems().allRows().get(0)), "the unchanged rows stay");
        assertEquals("in use", onFx(() -> vm.sems().allRows().get(2).verdict()));
        // a diff made against other rows than those shown is not trusted
        List<SemRow> other = new ArrayList<>(now);
        other.set(0, was.get(1));
        onFx(() -> vm.sems().update(other, "", IpcTableModel.diff(was, other)));
        assertEquals(1, onFx(() -> vm.sems().allRows().get(0).id()));
    }

    @Test
    void closingTheSessionClosesAnIdleWizard() {
        IpcViewModel vm = shown(Fixtures.IPC_OBJECTS);
        onFx(() -> vm.setFixes(Optional.of(new TestFixService("vm", true)), "", () -> { }));
        FixWizardViewModel w = onFx(() -> vm.openFix("ipc.sem.remove-orphans")).orElseThrow();
        assertFalse(w.closeRequestedProperty().get());
        onFx(vm::dispose);
        assertTrue(w.closeRequestedProperty().get());
    }
}
