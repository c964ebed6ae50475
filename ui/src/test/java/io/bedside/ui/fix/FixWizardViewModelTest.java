package io.bedside.ui.fix;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.fix.FixStep;
import io.bedside.model.port.HostTransport;
import io.bedside.model.port.ProbeResult;
import io.bedside.model.port.TransportException;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import io.bedside.ui.fix.FixWizardViewModel.Step;
import io.bedside.ui.fix.FixWizardViewModel.Verdict;
import io.bedside.ui.fx.CurrentThreadTaskRunner;
import io.bedside.ui.support.Fixtures;
import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.IpcNamespace;
import io.bedside.ui.support.TestFixService;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fix wizard's state and steps, without a Stage: plans from the real catalog over real probe
 * output; runs through a test FixService that records (or, in an IPC namespace of its own, really
 * runs the commands).
 */
class FixWizardViewModelTest {
    private static final Instant T0 = Instant.parse("2026-11-23T16:30:00Z");

    @BeforeAll
    static void fx() {
        FxTestSupport.startFx();
    }

    private static FixWizardViewModel wizard(TestFixService service, String fixId, Sample sample,
                                             AtomicInteger changed, AtomicInteger closed) {
        return onFx(() -> {
            FixWizardViewModel w = new FixWizardViewModel(service, new CurrentThreadTaskRunner(), fixId, sample,
                    changed::incrementAndGet, closed::incrementAndGet);
            w.start();
            return w;
        });
    }

    private static FixWizardViewModel wizard(TestFixService service, String fixId, Sample sample) {
        return wizard(service, fixId, sample, new AtomicInteger(), new AtomicInteger());
    }

    @Test
    void removalOffersOnlyTheOrphansAllChosenAndNextFollowsTheChoice() {
        TestFixService service = new TestFixService("vm", true);
        FixWizardViewModel w = wizard(service, "ipc.sem.remove-orphans", Fixtures.sample(Fixtures.IPC_OBJECTS, T0));
        assertEquals(Step.CHOOSE, w.stepProperty().get());
        assertTrue(w.chooser() instanceof io.bedside.ui.fix.OrphanChooser);
        assertEquals(List.of(0, 1, 2), w.chooser(io.bedside.ui.fix.OrphanChooser.class).choices().stream().map(FixChoice::id).toList(), "the array in use is not offered");
        assertTrue(w.chooser(io.bedside.ui.fix.OrphanChooser.class).choices().stream().allMatch(FixChoice::isChosen), "all orphans chosen at first");
        assertEquals("3 of 3 orphaned arrays chosen", w.chooser(io.bedside.ui.fix.OrphanChooser.class).chosenSummaryProperty().get());
        assertEquals("Only orphaned arrays are offered; not offered: 1 in use.", w.chooser(io.bedside.ui.fix.OrphanChooser.class).notOfferedProperty().get());
        assertTrue(w.canGoNextBinding().get());
        assertFalse(w.canGoBackBinding().get());

        onFx(w.chooser(OrphanChooser.class)::chooseNone);
        assertFalse(w.canGoNextBinding().get(), "nothing chosen, no Next");
        assertEquals("0 of 3 orphaned arrays chosen", w.chooser(io.bedside.ui.fix.OrphanChooser.class).chosenSummaryProperty().get());
        onFx(() -> w.chooser(io.bedside.ui.fix.OrphanChooser.class).choices().get(2).chosenProperty().set(true));
        assertTrue(w.canGoNextBinding().get());

        onFx(w::next);
        assertEquals(Step.PREVIEW, w.stepProperty().get());
        assertEquals(Map.of("semid", "2"), service.planned.get(0), "the plan is made for exactly the rows chosen");
        assertEquals(List.of("read", "change", "verify"), w.preview().stream().map(PreviewStep::kind).toList());
        PreviewStep change = w.preview().get(1);
        assertEquals("ipcrm -s 2", change.command());
        assertTrue(change.recheck().contains("/proc/sysvipc/sem"), "the re-check is shown before the change");
        assertEquals("semid=2 key=2120807266 uid=0 ctime=1795451148 live=0 waiting=0", change.expected());
        assertTrue(w.summary().get(0).startsWith("Remove 1 semaphore array"), w.summary().get(0));
        assertTrue(w.canGoNextBinding().get());

        onFx(w::back);
        assertEquals(Step.CHOOSE, w.stepProperty().get());
        assertTrue(w.chooser(io.bedside.ui.fix.OrphanChooser.class).choices().get(2).isChosen(), "going back keeps the choice");
    }

    @Test
    void aPatternListsEveryRowItTouchesBeforeChoosingThem() {
        TestFixService service = new TestFixService("vm", true);
        FixWizardViewModel w = wizard(service, "ipc.sem.remove-orphans", Fixtures.sample(Fixtures.IPC_OBJECTS, T0));

        onFx(() -> w.chooser(io.bedside.ui.fix.OrphanChooser.class).patternProperty().set("65534"));
        assertEquals(List.of(1), w.chooser(io.bedside.ui.fix.OrphanChooser.class).patternMatches().stream().map(FixChoice::id).toList());
        assertEquals("'65534' matches 1 of the 3 orphaned arrays; it is listed below.", w.chooser(io.bedside.ui.fix.OrphanChooser.class).patternSummaryProperty().get());
        assertTrue(w.chooser(io.bedside.ui.fix.OrphanChooser.class).choices().stream().allMatch(FixChoice::isChosen), "typing a pattern chooses nothing by itself");
        onFx(w.chooser(OrphanChooser.class)::chooseOnlyMatches);
        assertEquals(List.of(1), w.chooser(io.bedside.ui.fix.OrphanChooser.class).choices().stream().filter(FixChoice::isChosen).map(FixChoice::id).toList());

        onFx(() -> w.chooser(io.bedside.ui.fix.OrphanChooser.class).patternProperty().set("ROOT"));     // the owner's name, case ignored
        assertEquals(List.of(0, 2), w.chooser(io.bedside.ui.fix.OrphanChooser.class).patternMatches().stream().map(FixChoice::id).toList());
        onFx(w.chooser(OrphanChooser.class)::addMatches);
        assertEquals(3, w.chooser(io.bedside.ui.fix.OrphanChooser.class).chosenCountBinding().get());

        // the live service's key: its array is in use, so no pattern can reach it
        onFx(() -> w.chooser(io.bedside.ui.fix.OrphanChooser.class).patternProperty().set("0x6104*"));
        assertTrue(w.chooser(io.bedside.ui.fix.OrphanChooser.class).patternMatches().isEmpty());
        assertEquals("'0x6104*' matches none of the 3 orphaned arrays.", w.chooser(io.bedside.ui.fix.OrphanChooser.class).patternSummaryProperty().get());

        onFx(() -> w.chooser(io.bedside.ui.fix.OrphanChooser.class).patternProperty().set("b60e*"));    // a key without 0x
        assertEquals(List.of(0), w.chooser(io.bedside.ui.fix.OrphanChooser.class).patternMatches().stream().map(FixChoice::id).toList());
        assertEquals("semid 0 · key 0xb60ef0d0 · owner 0 (root) · 2 semaphores", w.chooser(io.bedside.ui.fix.OrphanChooser.class).patternMatches().get(0).describe("semid"));
    }

    @Test
    void aPlanThatCannotBeMadeSaysWhyAndStays() {
        TestFixService service = new TestFixService("vm", true);
        Sample s = Fixtures.sample(Fixtures.IPC_OBJECTS, T0);
        FixWizardViewModel w = wizard(service, "ipc.nonsense", s);
        assertEquals(Step.CHOOSE, w.stepProperty().get());
        assertTrue(w.errorProperty().get().startsWith("There is no fix called 'ipc.nonsense'"), w.errorProperty().get());
        assertFalse(w.canGoNextBinding().get());

        FixWizardViewModel none = wizard(service, "ipc.shm.remove-orphans", Fixtures.sample(Fixtures.ROOT, T0));
        assertEquals("This sample has no orphaned segments to remove.", none.errorProperty().get());
        assertFalse(none.canGoNextBinding().get());
    }

    @Test
    void raiseLimitShowsOldAndNewAndOptionalPersistenceIsOffUntilTicked() {
        TestFixService service = new TestFixService("lab-ipc", true);
        Sample full = Fixtures.ipcSeries().get(8);
        FixWizardViewModel w = wizard(service, "ipc.sem.raise-limit", full);
        assertFalse(w.chooser() instanceof io.bedside.ui.fix.OrphanChooser);
        assertEquals(List.of("old: kernel.sem = 250 32000 32 32", "new: kernel.sem = 250 64000 32 256"), List.copyOf(w.oldNew()));
        assertEquals("Raise the semaphore limits (kernel.sem) on lab-ipc", w.titleProperty().get());
        assertTrue(w.canGoNextBinding().get());
        onFx(w::next);
        assertEquals(Step.PREVIEW, w.stepProperty().get());

        assertEquals(1, w.optionalParts().size());
        OptionalPart persist = w.optionalParts().get(0);
        assertFalse(persist.isIncluded(), "optional steps are off by default");
        assertEquals("Persist across reboots in /etc/sysctl.d/90-bedside-ipc-sem.conf", persist.label());
        PreviewStep write = w.preview().stream().filter(p -> p.optional() && p.kind().equals("change")).findFirst().orElseThrow();
        assertTrue(write.diff().startsWith("--- /etc/sysctl.d/90-bedside-ipc-sem.conf"), write.diff());
        assertTrue(write.diff().contains("\n+kernel.sem = 250 64000 32 256"), write.diff());
        assertTrue(w.effectivePlan().steps().stream().noneMatch(FixStep::optional));
        assertTrue(w.effectivePlan().rollback().stream().noneMatch(FixStep::optional));
        onFx(() -> persist.includedProperty().set(true));
        assertTrue(w.effectivePlan().steps().stream().anyMatch(FixStep::optional));

        onFx(w::next);
        onFx(() -> w.typedHostProperty().set("lab-ipc"));
        onFx(w::apply);
        assertEquals(List.of("apply ipc.sem.raise-limit +optional"), service.runs);
        assertEquals(Verdict.PASSED, w.verdictProperty().get());
        assertTrue(w.canRollbackProperty().get(), "a sysctl can be put back");
        onFx(w::rollback);
        assertEquals("rollback ipc.sem.raise-limit", service.runs.get(1));
        assertEquals(Verdict.ROLLED_BACK, w.verdictProperty().get());
        assertEquals("ROLLED BACK", w.verdictTextProperty().get());
        assertFalse(w.canRollbackProperty().get());
        assertTrue(w.results().stream().anyMatch(r -> r.heading() && r.outcome().equals("Rollback")));
    }

    @Test
    void applyNeedsTheHostsNameAndRootWhenThePlanNeedsIt() {
        TestFixService service = new TestFixService("db-07", false);
        AtomicInteger changed = new AtomicInteger();
        FixWizardViewModel w = wizard(service, "ipc.sem.remove-orphans", Fixtures.sample(Fixtures.IPC_OBJECTS, T0),
                changed, new AtomicInteger());
        onFx(w::next);
        onFx(w::next);
        assertEquals(Step.CONFIRM, w.stepProperty().get());
        assertFalse(w.canGoNextBinding().get(), "no Next on the confirmation: Apply or Dry run");
        assertTrue(w.needsRootBinding().get(), "not knowing who logs in, every removal needs root");

        assertFalse(w.canApplyBinding().get());
        onFx(() -> w.typedHostProperty().set("db-0"));
        assertFalse(w.hostConfirmedBinding().get());
        onFx(() -> w.typedHostProperty().set(" DB-07 "));
        assertTrue(w.hostConfirmedBinding().get(), "the host's name, case and spaces aside");
        assertFalse(w.canApplyBinding().get(), "root is needed and administrative access is off");
        assertTrue(w.rootNoteProperty().get().contains("administrative access is off"), w.rootNoteProperty().get());
        assertTrue(w.rootNoteProperty().get().contains("ipcrm -s 0"), w.rootNoteProperty().get());
        onFx(w::apply);
        assertTrue(service.runs.isEmpty(), "Apply does nothing while it is disabled");

        assertTrue(w.canDryRunBinding().get(), "a dry run is always possible");
        onFx(w::dryRun);
        assertEquals(List.of("dry-run ipc.sem.remove-orphans"), service.runs);
        assertEquals(Step.RUN, w.stepProperty().get());
        assertEquals(Verdict.DRY_RUN, w.verdictProperty().get());
        assertEquals(0, changed.get(), "a dry run changed nothing, so nothing re-samples");
        assertTrue(w.results().stream().filter(r -> !r.heading()).anyMatch(r -> r.outcome().equals("would run")));
        assertFalse(w.canRollbackProperty().get());
        assertTrue(w.auditLogProperty().get().endsWith(".log"));
        assertTrue(w.canGoBackBinding().get(), "after a dry run, back to the confirmation");

        onFx(w::back);
        assertEquals(Step.CONFIRM, w.stepProperty().get());
        service.administrativeAccess = true;
        assertFalse(w.canApplyBinding().get(), "until the wizard checks again");
        onFx(w::checkAccess);
        assertTrue(w.canApplyBinding().get());
        assertTrue(w.rootNoteProperty().get().contains("run through sudo"), w.rootNoteProperty().get());
        onFx(w::apply);
        assertEquals("apply ipc.sem.remove-orphans", service.runs.get(1));
        assertEquals(Verdict.PASSED, w.verdictProperty().get());
        assertEquals("VERIFICATION PASSED", w.verdictTextProperty().get());
        assertFalse(w.canRollbackProperty().get(), "removal cannot be undone");
        assertFalse(w.canGoBackBinding().get(), "no going back after a real run");
        assertEquals(1, changed.get(), "after a real run the window samples again");
        // every step reported as it ran, under the run's heading
        assertEquals("Fix", w.results().get(0).outcome());
        assertEquals(9, w.results().stream().filter(r -> !r.heading()).count());
    }

    @Test
    void aRunThatStopsSaysWhyAndTheWizardClosesOnce() {
        TestFixService service = new TestFixService("db-07", true);
        AtomicInteger closed = new AtomicInteger();
        FixWizardViewModel w = wizard(service, "ipc.shm.remove-orphans", Fixtures.sample(Fixtures.IPC_OBJECTS, T0),
                new AtomicInteger(), closed);
        onFx(w::next);
        onFx(w::next);
        onFx(() -> w.typedHostProperty().set("db-07"));
        service.failNext = new TransportException(TransportException.Kind.DISCONNECTED, "The connection to db-07 dropped.");
        onFx(w::apply);
        assertEquals(Verdict.STOPPED, w.verdictProperty().get());
        assertEquals("The connection to db-07 dropped.", w.errorProperty().get());
        assertTrue(w.mayClose());
        onFx(w::close);
        onFx(w::close);
        assertEquals(1, closed.get());
    }

    /**
     * For real, in an IPC namespace of the test's own: leaked arrays beside one in use, the real
     * probe, the wizard's plan, a dry run that leaves the host unchanged, one array that vanishes
     * and one whose id is reused between the preview and Apply (both skipped with the reason), and
     * the removal of the rest, verified.
     */
    @Test
    void removesRealOrphansAndSkipsWhatChangedSinceThePreview() throws Exception {
        Assumptions.assumeTrue(IpcNamespace.available(), "needs root, unshare, nsenter and perl");
        try (IpcNamespace ns = IpcNamespace.create()) {
            ns.startHelper("hold", "2");                 // arrays 0, 1: in use by a live process
            ns.helper("leak", "4");                      // arrays 2..5: leaked
            HostTransport t = ns.transport();
            Sample before = probe(t);
            TestFixService service = new TestFixService("ipc-ns", true, t, OptionalLong.of(0));
            FixWizardViewModel w = wizard(service, "ipc.sem.remove-orphans", before);
            assertEquals(4, w.chooser(io.bedside.ui.fix.OrphanChooser.class).choices().size());
            List<Integer> leaked = w.chooser(io.bedside.ui.fix.OrphanChooser.class).choices().stream().map(FixChoice::id).toList();
            onFx(w::next);
            onFx(w::next);
            onFx(() -> w.typedHostProperty().set("ipc-ns"));
            assertTrue(w.canApplyBinding().get(), "root login: no sudo needed");

            List<String> rows = ns.rows("sem");
            onFx(w::dryRun);
            assertEquals(Verdict.DRY_RUN, w.verdictProperty().get());
            assertEquals(rows, ns.rows("sem"), "a dry run leaves the tables as they were");
            assertEquals(4, w.results().stream().filter(r -> r.outcome().equals("would run")
                    && r.result().step().kind() == FixStep.Kind.CHANGE).count());

            // between the preview and Apply: one array goes away, and another's id is taken by a new
            // array a live process uses (sem_next_id makes the kernel hand out that id next)
            int gone = leaked.get(0);
            int reused = leaked.get(1);
            ns.sh("ipcrm -s " + gone + " && ipcrm -s " + reused + " && echo " + reused + " > /proc/sys/kernel/sem_next_id");
            ns.startHelper("hold", "1");
            assertTrue(ns.rows("sem").stream().anyMatch(l -> l.trim().split("\\s+")[1].equals(Integer.toString(reused))),
                    "the id is in use again");

            onFx(w::back);
            onFx(w::apply);
            List<ResultRow> results = w.results().stream().filter(r -> !r.heading()).toList();
            ResultRow goneChange = change(results, gone);
            assertEquals("skipped", goneChange.outcome());
            assertTrue(goneChange.detail().contains("semid=" + gone + " gone"), goneChange.detail());
            for (int id : leaked.subList(2, 4)) {
                assertEquals("done", change(results, id).outcome(), "semid " + id);
            }
            List<String> after = ns.rows("sem");
            for (int id : leaked.subList(2, 4)) {
                assertTrue(after.stream().noneMatch(l -> l.trim().split("\\s+")[1].equals(Integer.toString(id))), "semid " + id + " removed");
            }
            assertTrue(after.stream().anyMatch(l -> l.trim().split("\\s+")[1].equals("0")), "the arrays in use stay");
            assertTrue(after.stream().anyMatch(l -> l.trim().split("\\s+")[1].equals("1")), "the arrays in use stay");
            // the reused id is a different array, in use: its re-check fails, and it stays
            ResultRow reusedChange = change(results, reused);
            assertEquals("skipped", reusedChange.outcome());
            assertTrue(reusedChange.detail().contains("no longer holds"), reusedChange.detail());
            assertTrue(after.stream().anyMatch(l -> l.trim().split("\\s+")[1].equals(Integer.toString(reused))));
            assertEquals(Verdict.PASSED, w.verdictProperty().get(), "what ran is verified; skipped rows are not failures");
        }
    }

    private static ResultRow change(List<ResultRow> results, int semid) {
        return results.stream().filter(r -> r.result().step().kind() == FixStep.Kind.CHANGE
                && r.result().step().subject().equals("semid " + semid)).findFirst().orElseThrow();
    }

    static Sample probe(HostTransport t) throws TransportException {
        ProbeResult r = t.run(Fixtures.probeScript(), false, Duration.ofSeconds(60));
        return Playbooks.parser().parse("ipc-ns", Instant.now(), r.stdout(), r.roundTripMillis());
    }

    @Test
    void protectsDropInIsShownAsANewFileAndIsOffUnlessTicked() {
        TestFixService service = new TestFixService("lab-memdev", true);
        Sample sample = Fixtures.hostSample(Fixtures.MEM_FIRST);
        FixWizardViewModel w = onFx(() -> {
            FixWizardViewModel x = new FixWizardViewModel(service, new CurrentThreadTaskRunner(), "mem.oom.protect", sample,
                    Map.of("pid", "11313", "adj", "-700"), () -> { }, () -> { });
            x.start();
            return x;
        });
        assertEquals("-700", w.chooser(io.bedside.ui.fix.ProtectChooser.class).adjTextProperty().get(), "the value the wizard was opened with");
        assertEquals(11313, w.chooser(io.bedside.ui.fix.ProtectChooser.class).chosenProcessProperty().get().pid());
        onFx(w::next);
        assertEquals(Map.of("pid", "11313", "adj", "-700", "unit", "none"), service.planned.get(0));

        // the same process planned for a unit (as when it belongs to one): the drop-in is optional and a new file
        var plan = service.plan("mem.oom.protect", sample, Map.of("pid", "11313", "adj", "-700", "unit", "db.service"));
        FixStep write = plan.steps().stream().filter(st -> st.file().isPresent()).findFirst().orElseThrow();
        String diff = FixWizardViewModel.diff(write, write.file().get());
        assertTrue(diff.startsWith("--- /dev/null  (/etc/systemd/system/db.service.d/90-bedside-oom.conf does not exist yet"), diff);
        assertTrue(diff.contains("\n+[Service]\n+OOMScoreAdjust=-700"), diff);
        assertFalse(diff.contains("bedside-backup"), "no copy is kept: it was not there");
    }

    @Test
    void aRunWhoseOnlyChangeFailedOffersNoRollback() {
        // the host refuses the change (as a root without CAP_SYS_RESOURCE refuses a lower oom_score_adj)
        HostTransport refusing = new HostTransport() {
            @Override
            public String describe() {
                return "refusing";
            }

            @Override
            public ProbeResult run(String script, boolean privileged, Duration timeout) {
                if (script.contains("echo -500 >")) {
                    return new ProbeResult("", "sh: 2: echo: echo: I/O error\n", 1, 1, false);
                }
                if (script.contains("oom_score_adj 2>/dev/null); if")) {
                    return new ProbeResult("pid=11313 start=368068 comm=bedside-hog adj=0\n", "", 0, 1, false);
                }
                return new ProbeResult("0\n", "", 0, 1, false);
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        TestFixService service = new TestFixService("lab-memdev", true, refusing, OptionalLong.of(0));
        Sample sample = Fixtures.hostSample(Fixtures.MEM_FIRST);
        FixWizardViewModel w = onFx(() -> {
            FixWizardViewModel x = new FixWizardViewModel(service, new CurrentThreadTaskRunner(), "mem.oom.protect", sample,
                    Map.of("pid", "11313"), () -> { }, () -> { });
            x.start();
            return x;
        });
        onFx(w::next);
        onFx(w::next);
        onFx(() -> w.typedHostProperty().set("lab-memdev"));
        onFx(w::apply);
        assertEquals(Verdict.FAILED, w.verdictProperty().get());
        assertFalse(w.canRollbackProperty().get(), "the evidence was saved, but nothing was changed: nothing to undo");
    }
}
