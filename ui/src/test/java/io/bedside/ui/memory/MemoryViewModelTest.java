package io.bedside.ui.memory;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.memory.MemoryFixPlans;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import io.bedside.ui.findings.FindingItem;
import io.bedside.ui.fix.FixWizardViewModel;
import io.bedside.ui.fx.ChartMarker;
import io.bedside.ui.fx.CurrentThreadTaskRunner;
import io.bedside.ui.support.Fixtures;
import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.TestFixService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.bedside.ui.support.Fixtures.MEM_FIRST;
import static io.bedside.ui.support.Fixtures.MEM_JOURNAL_FIRST;
import static io.bedside.ui.support.Fixtures.MEM_JOURNAL_NEXT;
import static io.bedside.ui.support.Fixtures.MEM_NEXT;
import static io.bedside.ui.support.Fixtures.MEM_NOTHING_NEW;
import static io.bedside.ui.support.Fixtures.MEM_USER;
import static io.bedside.ui.support.Fixtures.hostSample;
import static io.bedside.ui.support.FxTestSupport.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory area's state, fed real probe output from the lab's OOM kills (fixtures/README.md):
 * no Stage. The kernel log arrives incrementally, so the kills are gathered across samples.
 */
class MemoryViewModelTest {

    @BeforeAll
    static void fx() {
        FxTestSupport.startFx();
    }

    private static MemoryViewModel vm() {
        return new MemoryViewModel(new CurrentThreadTaskRunner());
    }

    private static List<TimelineEvent> kills(MemoryViewModel vm) {
        return onFx(() -> vm.timeline().stream().filter(e -> e.kind() == TimelineEvent.Kind.KILL).toList());
    }

    private static List<String> victims(MemoryViewModel vm) {
        return kills(vm).stream().map(TimelineEvent::victim).toList();
    }

    // ------------------------------------------------------------------ the timeline

    @Test
    void killsAreGatheredAcrossIncrementalSamplesOnceEach() {
        MemoryViewModel vm = vm();
        onFx(() -> vm.accept(hostSample(MEM_FIRST)));
        assertEquals(List.of("11249 bedside-hog", "10626 db (main) x", "10601 bedside-victim", "10336 bedside-victim",
                "24611 bs-trigger", "24607 java (worker)", "24588 bs-trigger", "24522 bs) vic,tim x", "23810 bedside-victim"),
                victims(vm), "all the log held on the first read, newest first");
        assertTrue(kills(vm).stream().noneMatch(TimelineEvent::arrivedLive), "they were in the log before Bedside attached");

        // the next sample's kernel log is empty (nothing new since the cursor): nothing is lost
        onFx(() -> vm.accept(hostSample(MEM_NOTHING_NEW)));
        assertEquals(9, kills(vm).size());
        // the one after holds only the new kill
        onFx(() -> vm.accept(hostSample(MEM_NEXT)));
        List<TimelineEvent> k = kills(vm);
        assertEquals(10, k.size());
        assertEquals("12040 bad) name x", k.get(0).victim());
        assertTrue(k.get(0).arrivedLive(), "read during the session");
        assertEquals("OOM kill · cgroup", k.get(0).what());
        assertEquals(10, new HashSet<>(k.stream().map(TimelineEvent::id).toList()).size());
    }

    @Test
    void aLogReadAgainFromTheStartAddsNoDuplicates() {
        // a reconnect read the log again from the start, through journalctl this time: same kills, other stamps
        MemoryViewModel vm = vm();
        onFx(() -> vm.showHistory(List.of(hostSample(MEM_FIRST), hostSample(MEM_NOTHING_NEW), hostSample(MEM_NEXT),
                hostSample(MEM_JOURNAL_FIRST), hostSample(MEM_JOURNAL_NEXT))));
        List<TimelineEvent> k = kills(vm);
        assertEquals(11, k.size(), victims(vm).toString());
        assertEquals(11, new HashSet<>(k.stream().map(TimelineEvent::id).toList()).size());
        assertEquals("12442 java (worker)", k.get(0).victim(), "the newest: journal 16:42:00");
        // the same history in pieces, as a replay's slider gives it
        onFx(() -> vm.showHistory(List.of(hostSample(MEM_FIRST))));
        assertEquals(9, kills(vm).size(), "a replay moved back forgets what came later");
    }

    @Test
    void aKillShowsVictimMemoryAdjConstraintCgroupTriggerAndItsRawLines() {
        MemoryViewModel vm = vm();
        onFx(() -> vm.accept(hostSample(MEM_FIRST)));
        TimelineEvent java = kills(vm).stream().filter(e -> e.victim().equals("24607 java (worker)")).findFirst().orElseThrow();
        assertEquals("2026-11-23 16:30:09", java.timeText(), "btime 15:40:17 + [2992.205443], host zone Etc/UTC");
        assertEquals("40.4 MiB", java.anonRss());   // anon-rss:41344kB
        assertEquals("4.0 MiB", java.fileRss());    // file-rss:4076kB
        assertEquals("0 B", java.shmemRss());
        assertEquals("500", java.adj());
        assertEquals("CONSTRAINT_MEMCG", java.constraint());
        assertEquals("/bedside-oom", java.memcg());
        assertEquals("bs-trigger (pid 24611)", java.trigger(), "another process's allocation invoked the killer");
        TimelineEvent self = kills(vm).stream().filter(e -> e.victim().equals("24522 bs) vic,tim x")).findFirst().orElseThrow();
        assertEquals("bs) vic,tim x (pid 24522, itself)", self.trigger());

        assertEquals("", onFx(() -> vm.selectedRawProperty().get()));
        onFx(() -> vm.selectedEventProperty().set(java));
        String raw = onFx(() -> vm.selectedRawProperty().get());
        assertTrue(raw.contains("[ 2992.205443] Memory cgroup out of memory: Killed process 24607 (java (worker)) total-vm:48848kB"), raw);
        assertTrue(raw.contains("bs-trigger invoked oom-killer"), raw);
        // the selection survives the next sample
        onFx(() -> vm.accept(hostSample(MEM_NOTHING_NEW)));
        assertEquals(java.id(), onFx(() -> vm.selectedEventProperty().get().id()));
        assertEquals(raw, onFx(() -> vm.selectedRawProperty().get()));
        // a click on a chart marker selects its event
        onFx(() -> vm.selectEvent(self.id()));
        assertTrue(onFx(() -> vm.selectedRawProperty().get()).contains("Killed process 24522 (bs) vic,tim x)"));
    }

    @Test
    void theKernelLogThatNeedsRootSaysSoInsteadOfAnEmptyTimeline() {
        MemoryViewModel vm = vm();
        onFx(() -> vm.accept(hostSample(MEM_USER)));
        String absence = onFx(() -> vm.kernelLogAbsenceProperty().get());
        assertTrue(absence.startsWith("The kernel log needs root — switch on administrative access"), absence);
        assertTrue(absence.contains("kernel.dmesg_restrict=1"), absence);
        assertTrue(absence.contains("The kernel counted 9 OOM kills since boot (/proc/vmstat oom_kill)."), absence);
        assertEquals(absence, onFx(() -> vm.timelineEmptyProperty().get()), "the empty timeline says why");
        assertTrue(kills(vm).isEmpty());
        assertTrue(onFx(() -> vm.findings().stream().anyMatch(f -> f.id().equals("mem.oom.log-unreadable"))));
        assertEquals("", onFx(() -> vm.kernelLogNoteProperty().get()));

        // with administrative access the next sample reads it: the note says where from
        onFx(() -> vm.accept(hostSample(MEM_NEXT)));
        assertEquals("", onFx(() -> vm.kernelLogAbsenceProperty().get()));
        assertTrue(onFx(() -> vm.kernelLogNoteProperty().get()).startsWith("OOM kills from dmesg, read incrementally"));
    }

    @Test
    void everyLogLineIsEitherPartOfAKillOrShownAsItIs() {
        MemoryViewModel vm = vm();
        onFx(() -> vm.showHistory(List.of(hostSample(MEM_FIRST), hostSample(MEM_NEXT))));
        // these captures hold only whole reports: nothing left over, and nothing said about it
        assertEquals("", onFx(() -> vm.unrecognizedTitleProperty().get()));
        assertEquals("", onFx(() -> vm.otherTitleProperty().get()));

        // the same capture with a line the parser does not know put into its kernel log, as a newer kernel might print
        String odd = "[ 3692.370100] oom_reaper: reaped process 12040 (bad) name x), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB";
        String strange = "[ 3692.370200] Out of memory: something this parser has never seen";
        String text = Fixtures.text(MEM_NEXT).replace("@@bedside:section boots", odd + "\n" + strange + "\n@@bedside:section boots");
        Sample s = Playbooks.parser().parse("lab-memdev", Fixtures.hostStart(text).plusMillis(40), text, 40);
        onFx(() -> vm.showHistory(List.of(hostSample(MEM_FIRST), s)));
        String shown = onFx(() -> vm.unrecognizedProperty().get() + "\n" + vm.otherLinesProperty().get());
        assertTrue(shown.contains(strange), shown);
        assertTrue(onFx(() -> vm.unrecognizedTitleProperty().get() + vm.otherTitleProperty().get()).contains("(1)"));
    }

    // ------------------------------------------------------------------ charts

    @Test
    void killsWithinTheWindowAreDrawnOnTheChartsClock() {
        MemoryViewModel vm = vm();
        onFx(() -> vm.showHistory(List.of(hostSample(MEM_FIRST), hostSample(MEM_NOTHING_NEW), hostSample(MEM_NEXT))));
        List<ChartMarker> m = onFx(() -> List.copyOf(vm.markers()));
        // the newest sample is at 16:41:50; every kill since 16:26:50 is drawn, 10 of them
        assertEquals(10, m.size());
        assertTrue(m.stream().allMatch(x -> x.kind() == ChartMarker.Kind.KILL));
        ChartMarker bad = m.stream().filter(x -> x.label().equals("OOM bad) name x")).findFirst().orElseThrow();
        TimelineEvent badEvent = kills(vm).get(0);
        // the charts run on the local clock: each sample arrived 40 ms after its probe started on the host
        assertEquals(badEvent.time().orElseThrow().plusMillis(40).toEpochMilli(), bad.x());
        assertTrue(bad.tooltip().contains("anon-rss 63.6 MiB"), bad.tooltip());
        // the axis reaches back to the first kill, before the first sample, within the 15-minute window
        double start = onFx(() -> vm.charts().windowStartProperty().get());
        assertTrue(start <= m.stream().mapToLong(ChartMarker::x).min().orElseThrow(), "axis from " + Instant.ofEpochMilli((long) start));
        // the boot (btime 15:40:17) is in the timeline, not on the charts
        assertEquals("10 OOM kills and 0 boots in the last 15 minutes, drawn over the charts; 1 earlier in the timeline below.",
                onFx(() -> vm.markersNoteProperty().get()));
        assertEquals(3, (int) onFx(() -> vm.charts().series(0).getData().size()), "MemAvailable, one point per sample");
        assertEquals(0, (int) onFx(() -> vm.charts().series(1).getData().size()), "no swap: no line at zero");
        assertEquals("No swap is configured on this host (SwapTotal 0 kB).", onFx(() -> vm.swapNoteProperty().get()));
    }

    @Test
    void aRebootSeenDuringTheSessionIsListedAndDrawn() {
        // the host rebooted between two samples: the next one, from the same capture, has a new btime (10 minutes
        // before it), as a probe after a reboot would say; no boot list (no journal, no wtmp records)
        Sample before = hostSample(MEM_FIRST);
        String text = Fixtures.text(MEM_NEXT);
        long newBoot = Fixtures.hostStart(text).getEpochSecond() - 600;
        String rebooted = text.replace("btime=1795448417", "btime=" + newBoot);
        Sample after = Playbooks.parser().parse("lab-memdev", Fixtures.hostStart(rebooted).plusMillis(40), rebooted, 40);
        MemoryViewModel vm = vm();
        onFx(() -> vm.accept(before));
        onFx(() -> vm.accept(after));
        List<TimelineEvent> boots = onFx(() -> vm.timeline().stream().filter(e -> e.kind() == TimelineEvent.Kind.BOOT).toList());
        assertEquals(2, boots.size(), "the boot before and the new one");
        assertEquals(Instant.ofEpochSecond(newBoot), boots.get(0).time().orElseThrow());
        assertTrue(boots.get(0).raw().startsWith("btime=" + newBoot), boots.get(0).raw());
        assertTrue(boots.get(0).raw().contains("(the host's boot list: not present on this host"), boots.get(0).raw());
        List<ChartMarker> drawn = onFx(() -> vm.markers().stream().filter(x -> x.kind() == ChartMarker.Kind.BOOT).toList());
        assertEquals(1, drawn.size(), "the new boot is within the 15 minutes; the one of 15:40:17 is not");
        assertTrue(onFx(() -> vm.markersNoteProperty().get()).contains("1 boot in the last 15 minutes"));
        assertTrue(onFx(() -> vm.findings().stream().anyMatch(f -> f.id().equals("host.rebooted"))));
    }

    @Test
    void absentPressureAndMeminfoSayWhy() {
        MemoryViewModel vm = vm();
        onFx(() -> vm.accept(Fixtures.sample(Fixtures.NO_PSI, Instant.parse("2026-11-23T15:10:00Z"))));
        assertEquals(MemoryRows.PSI_MISSING, onFx(() -> vm.pressureChartAbsenceProperty().get()));
        assertEquals(0, (int) onFx(() -> vm.charts().series(3).getData().size()), "no PSI line at zero");
        assertEquals("", onFx(() -> vm.memoryChartAbsenceProperty().get()));
    }

    // ------------------------------------------------------------------ processes

    @Test
    void aLightSampleKeepsTheProcessTableAndSaysHowOldItIs() {
        MemoryViewModel vm = vm();
        Sample full = hostSample(MEM_FIRST);
        onFx(() -> vm.accept(full));
        int processes = onFx(() -> vm.allProcesses().size());
        assertTrue(processes > 5);
        assertFalse(onFx(() -> vm.timesNoteProperty().get()).contains("Table as of"), "a full sample is read whole");
        // the next sample is light: the probe skipped the process walks; they are carried from the full one
        String light = Fixtures.text(MEM_NOTHING_NEW).replaceAll("(?m)^@@bedside:section (procs-mem|cgroup-mem) .*$",
                "@@bedside:section $1 skipped light sample");
        Sample next = io.bedside.model.playbooks.Playbooks.parser().parse("lab-memdev", full.sampledAt().plusSeconds(2), light, 40, full);
        onFx(() -> vm.accept(next));
        assertEquals(processes, (int) onFx(() -> vm.allProcesses().size()), "the table is kept, not emptied");
        String note = onFx(() -> vm.timesNoteProperty().get());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Table as of \\d\\d:\\d\\d:(\\d\\d) ").matcher(note);
        assertTrue(m.find(), note);
        assertEquals(full.sampledAt().atZone(java.time.ZoneOffset.UTC).getSecond(), Integer.parseInt(m.group(1)), "the full sample's time");
    }

    @Test
    void processesInTheOomKillersOrderWithTheirCgroupLimit() {
        MemoryViewModel vm = vm();
        onFx(() -> vm.accept(hostSample(MEM_FIRST)));
        List<ProcessRow> rows = onFx(() -> List.copyOf(vm.allProcesses()));
        assertEquals(1, rows.get(0).rank());
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).rank() > 0) {
                assertTrue(rows.get(i - 1).oomScore() >= rows.get(i).oomScore(), "sorted by oom_score at " + i);
            }
        }
        assertEquals("java", rows.get(0).comm(), "oom_score 670, the most");
        ProcessRow hog = rows.stream().filter(r -> r.comm().equals("bedside-hog")).findFirst().orElseThrow();
        assertEquals(2, hog.rank());
        assertEquals(11313, hog.pid());
        assertEquals("0 (root)", hog.user());
        assertEquals("S (sleeping)", hog.state());
        assertEquals("101 MiB", hog.rss());   // VmRSS 103352 kB
        assertEquals("0 B", hog.swap());
        assertEquals("669", hog.score());
        assertEquals("0", hog.adj());
        assertEquals("v1:/bedside-lab-hold", hog.cgroup());
        assertEquals("128 MiB", hog.limit());
        assertEquals("113 MiB (88.6 %)", hog.use());
        assertTrue(hog.fill() > 0.8);
        assertEquals("", hog.unit());
        assertTrue(hog.protectable());
        ProcessRow svc = rows.stream().filter(r -> r.comm().equals("my (svc) x)")).findFirst().orElseThrow();
        assertEquals(11250, svc.pid(), "a name with spaces and ) is kept whole");
        ProcessRow unlimited = rows.get(0);
        assertEquals("no limit", unlimited.limit(), "the cgroup and each ancestor were read, none has a limit");
        assertTrue(onFx(() -> vm.processCountProperty().get()).matches("\\d+ processes · \\d+ kernel threads not listed.*"));

        // the sorted view follows the table's comparator; the filter narrows it
        onFx(() -> vm.filterProperty().set("bedside-lab-hold"));
        assertEquals(List.of("bedside-hog", "my (svc) x)"), onFx(() -> vm.processes().stream().map(ProcessRow::comm).toList()));
        onFx(() -> vm.filterProperty().set("11313"));
        assertEquals(1, (int) onFx(() -> vm.processes().size()));
    }

    @Test
    void theNextVictimFindingOffersProtectOnThatProcess() {
        MemoryViewModel vm = vm();
        onFx(() -> vm.accept(hostSample(MEM_FIRST)));
        FindingItem next = onFx(() -> vm.findings().stream().filter(f -> f.id().equals("mem.oom.next-victim")).findFirst().orElseThrow());
        assertEquals(List.of(MemoryFixPlans.PROTECT), next.fixes());
        assertEquals(Map.of("pid", "11313"), next.paramsFor(MemoryFixPlans.PROTECT), next.summary());
        FindingItem killed = onFx(() -> vm.findings().stream().filter(f -> f.id().equals("mem.oom.killed")).findFirst().orElseThrow());
        assertTrue(killed.evidence().contains("Killed process 11249 (bedside-hog)"), "the raw lines are the evidence");
    }

    @Test
    void aHiddenAreaGathersKillsButBuildsNoRowsUntilShown() {
        MemoryViewModel vm = vm();
        onFx(() -> vm.setActive(false));
        onFx(() -> vm.accept(hostSample(MEM_FIRST)));
        onFx(() -> vm.accept(hostSample(MEM_NOTHING_NEW)));
        onFx(() -> vm.accept(hostSample(MEM_NEXT)));
        assertEquals(0, vm.rowBuilds());
        assertEquals(3, (int) onFx(() -> vm.charts().series(0).getData().size()), "the charts keep going");
        assertTrue(onFx(() -> vm.allProcesses().isEmpty()));
        onFx(() -> vm.setActive(true));
        assertEquals(1, vm.rowBuilds());
        assertEquals(10, kills(vm).size(), "no kill was lost while hidden, though each sample read only new lines");
    }

    // ------------------------------------------------------------------ mem.oom.protect

    @Test
    void protectStartsOnTheRowsProcessWithMinus500AndRefusesOutOfRange() {
        MemoryViewModel vm = vm();
        TestFixService service = new TestFixService("lab-memdev", true);
        onFx(() -> vm.accept(hostSample(MEM_FIRST)));
        onFx(() -> vm.setFixes(Optional.of(service), "", () -> { }));
        FixWizardViewModel w = onFx(() -> vm.openProtect(11313).orElseThrow());
        assertTrue(onFx(() -> vm.openProtect(11313).isEmpty()), "one wizard at a time");
        onFx(w::start);
        assertTrue(w.chooser() instanceof io.bedside.ui.fix.ProtectChooser);
        assertEquals(11313, onFx(() -> w.chooser(io.bedside.ui.fix.ProtectChooser.class).chosenProcessProperty().get().pid()));
        assertEquals("-500", onFx(() -> w.chooser(io.bedside.ui.fix.ProtectChooser.class).adjTextProperty().get()));
        assertEquals("pid 11313 (bedside-hog): oom_score_adj 0 -> -500", onFx(() -> w.chooser(io.bedside.ui.fix.ProtectChooser.class).proposedProperty().get()));
        assertTrue(onFx(() -> w.chooser(io.bedside.ui.fix.ProtectChooser.class).unitNoteProperty().get()).contains("belongs to no systemd service"));
        assertTrue(onFx(() -> w.canGoNextBinding().get()));

        onFx(() -> w.chooser(io.bedside.ui.fix.ProtectChooser.class).adjTextProperty().set("-1000"));
        assertTrue(onFx(() -> w.chooser(io.bedside.ui.fix.ProtectChooser.class).neverKillProperty().get()));
        assertTrue(onFx(() -> w.chooser(io.bedside.ui.fix.ProtectChooser.class).adjWarningProperty().get()).startsWith("-1000 means the OOM killer never kills pid 11313"));
        assertFalse(onFx(() -> w.canGoNextBinding().get()), "-1000 only once the operator confirmed it");
        onFx(() -> w.chooser(io.bedside.ui.fix.ProtectChooser.class).neverKillConfirmedProperty().set(true));
        assertTrue(onFx(() -> w.canGoNextBinding().get()));

        for (String bad : List.of("-1001", "1001", "abc", "", "-5.5")) {
            onFx(() -> w.chooser(io.bedside.ui.fix.ProtectChooser.class).adjTextProperty().set(bad));
            assertFalse(onFx(() -> w.canGoNextBinding().get()), "refused: '" + bad + "'");
            assertTrue(onFx(() -> w.chooser(io.bedside.ui.fix.ProtectChooser.class).adjProblemProperty().get()).startsWith("oom_score_adj must be a whole number from -1000 to 1000"));
        }
        onFx(() -> w.chooser(io.bedside.ui.fix.ProtectChooser.class).adjTextProperty().set("-1000"));
        assertFalse(onFx(() -> w.canGoNextBinding().get()), "the confirmation was for the earlier -1000, asked again");
        onFx(() -> w.chooser(io.bedside.ui.fix.ProtectChooser.class).adjTextProperty().set("300"));
        assertTrue(onFx(() -> w.chooser(io.bedside.ui.fix.ProtectChooser.class).adjWarningProperty().get()).contains("more likely to be killed"));
        onFx(() -> w.chooser(io.bedside.ui.fix.ProtectChooser.class).adjTextProperty().set("-500"));

        onFx(w::next);
        assertEquals(FixWizardViewModel.Step.PREVIEW, onFx(() -> w.stepProperty().get()));
        assertEquals(Map.of("pid", "11313", "adj", "-500", "unit", "none"), service.planned.get(0));
        assertEquals(4, (int) onFx(() -> w.preview().size()), "save, save stat, set, read back; no unit, no drop-in");
        assertEquals("echo -500 > /proc/11313/oom_score_adj", onFx(() -> w.preview().get(2).command()));
        assertTrue(onFx(() -> w.preview().get(2).expected()).startsWith("pid=11313 start=368068 comm=bedside-hog adj=0"));
        assertTrue(onFx(() -> w.optionalParts().isEmpty()));

        // another process, chosen in the wizard
        onFx(w::back);
        onFx(() -> w.chooser(io.bedside.ui.fix.ProtectChooser.class).processFilterProperty().set("svc"));
        assertEquals(1, (int) onFx(() -> w.chooser(io.bedside.ui.fix.ProtectChooser.class).processes().size()));
        onFx(() -> w.chooser(io.bedside.ui.fix.ProtectChooser.class).chosenProcessProperty().set(w.chooser(io.bedside.ui.fix.ProtectChooser.class).processes().get(0)));
        onFx(w::next);
        assertEquals("11250", service.planned.get(1).get("pid"));
        assertTrue(onFx(() -> w.planProperty().get().title()).contains("my (svc) x)"));
        onFx(w::close);
        assertFalse(onFx(() -> vm.wizardOpenProperty().get()));
    }

    @Test
    void aProcessThatIsNotInTheSampleIsNotChosen() {
        MemoryViewModel vm = vm();
        onFx(() -> vm.accept(hostSample(MEM_FIRST)));
        onFx(() -> vm.setFixes(Optional.of(new TestFixService("lab-memdev", true)), "", () -> { }));
        FixWizardViewModel w = onFx(() -> vm.openProtect(99999).orElseThrow());
        onFx(w::start);
        assertEquals(null, onFx(() -> w.chooser(io.bedside.ui.fix.ProtectChooser.class).chosenProcessProperty().get()));
        assertTrue(onFx(() -> w.errorProperty().get()).startsWith("Process 99999 is not offered"));
        assertFalse(onFx(() -> w.canGoNextBinding().get()));
    }

    @Test
    void aReplayCannotBeFixed() {
        MemoryViewModel vm = vm();
        onFx(() -> vm.accept(hostSample(MEM_FIRST)));
        onFx(() -> vm.setFixes(Optional.empty(), "A recording cannot be fixed: fixes need a live session on the host.", () -> { }));
        assertFalse(onFx(() -> vm.canFixBinding().get()));
        assertTrue(onFx(() -> vm.openProtect(11313).isEmpty()));
    }

    @Test
    void theTimelineListsBootsFromTheJournalWithTheRunningBootAtBtime() {
        MemoryViewModel vm = vm();
        onFx(() -> vm.accept(hostSample(MEM_JOURNAL_FIRST)));
        List<TimelineEvent> boots = onFx(() -> vm.timeline().stream().filter(e -> e.kind() == TimelineEvent.Kind.BOOT).toList());
        assertEquals(1, boots.size(), "the journal's first entry (16:41:56) and btime (15:40:17) are one boot");
        assertEquals("2026-11-23 15:40:17", boots.get(0).timeText());
        assertTrue(boots.get(0).raw().contains("7352d98ae6334bbebf2a1101fb5764dd"), boots.get(0).raw());
    }
}
