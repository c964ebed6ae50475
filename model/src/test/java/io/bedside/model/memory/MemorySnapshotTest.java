package io.bedside.model.memory;

import io.bedside.model.Fixtures;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.probe.ProbeOutputParser;
import io.bedside.model.probe.Reading;
import io.bedside.model.probe.SourceStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemorySnapshotTest {
    private static MemorySnapshot snapshot(String fixture, List<ParseProblem> problems) {
        return MemorySnapshot.from(ProbeOutputParser.parse(Fixtures.text("memory/" + fixture)), problems);
    }

    private static String cursorOf(MemorySnapshot m) {
        return m.kernelLog().get().orElseThrow().source().orElseThrow().cursor().orElseThrow().value();
    }

    @Test
    void firstSampleAsRootReadsEverySourceAndTheWholeKernelLog() {
        List<ParseProblem> problems = new ArrayList<>();
        MemorySnapshot m = snapshot("probe-lab-oom-root-dmesg-first.txt", problems);
        assertEquals(List.of(), problems);
        assertEquals(Optional.of(9L), m.oomKills().get());
        assertTrue(m.processes().get().orElseThrow().pid(11250).isPresent());
        assertTrue(m.cgroups().get().orElseThrow().get(new CgroupRef(1, "/bedside-lab-hold")).isPresent());
        KernelLog k = m.kernelLog().get().orElseThrow();
        assertEquals(9, k.kills().size(), "every kill since boot, as vmstat counts");
        KernelLogSource src = k.source().orElseThrow();
        assertEquals("dmesg", src.via());
        assertTrue(src.fromStart());
        assertEquals(OptionalInt.of(1061), src.scanned());
        assertEquals("dmesg:7352d98a-e633-4bbe-bf2a-1101fb5764dd:3674.887301:1", cursorOf(m));
        OomEvent last = k.kills().get(8);
        assertEquals("bedside-hog", last.comm(), "the hog of the capture's first attempt, killed in its 128 MB cgroup");
        assertEquals(11249, last.pid());
        assertEquals(Optional.of("/bedside-lab-hold"), last.memcg());
        assertEquals(Instant.parse("2026-11-23T16:41:31.887301Z"), last.time().orElseThrow(),
                "[3674.887301] after btime 1795448417");
        assertEquals(SourceStatus.MISSING, ((Reading.Absent<List<Boot>>) m.boots()).status());
        assertEquals(List.of(11249, 10626, 10601), k.newestFirst().subList(0, 3).stream().map(OomEvent::pid).toList());
    }

    @Test
    void theNextSamplesHoldOnlyWhatIsNewSinceTheCursor() {
        List<ParseProblem> problems = new ArrayList<>();
        MemorySnapshot first = snapshot("probe-lab-oom-root-dmesg-first.txt", problems);
        MemorySnapshot none = snapshot("probe-lab-oom-root-dmesg-nothing-new.txt", problems);
        MemorySnapshot next = snapshot("probe-lab-oom-root-dmesg-next.txt", problems);
        assertEquals(List.of(), problems);
        KernelLog n = none.kernelLog().get().orElseThrow();
        assertEquals(0, n.lines());
        assertFalse(n.source().orElseThrow().fromStart());
        assertEquals(cursorOf(first), cursorOf(none), "nothing new: the same cursor");
        KernelLog k = next.kernelLog().get().orElseThrow();
        assertEquals(1, k.kills().size());
        assertEquals(12040, k.kills().get(0).pid());
        assertEquals("bad) name x", k.kills().get(0).comm());
        assertEquals(7, k.kills().get(0).lines().size());
        assertEquals("dmesg:7352d98a-e633-4bbe-bf2a-1101fb5764dd:3692.370067:1", cursorOf(next));
    }

    @Test
    void theJournalsCursorIsPassedOnAndItsNextReadHasTheNewKill() {
        List<ParseProblem> problems = new ArrayList<>();
        MemorySnapshot first = snapshot("probe-journal-first.txt", problems);
        MemorySnapshot next = snapshot("probe-journal-next.txt", problems);
        assertEquals(List.of(), problems);
        KernelLog a = first.kernelLog().get().orElseThrow();
        assertEquals("journalctl", a.source().orElseThrow().via());
        assertTrue(a.source().orElseThrow().fromStart());
        assertEquals(10, a.kills().size());
        assertTrue(cursorOf(first).startsWith("journal:s=c0526753bf4f4925af001adbe749e67b;i=473;"));
        KernelLog b = next.kernelLog().get().orElseThrow();
        assertFalse(b.source().orElseThrow().fromStart());
        assertEquals(List.of(12442), b.kills().stream().map(OomEvent::pid).toList());
        assertEquals(Instant.parse("2026-11-23T16:42:00Z"), b.kills().get(0).time().orElseThrow());
        assertTrue(cursorOf(next).contains(";i=4c4;"));
        assertEquals(1, next.boots().get().orElseThrow().size(), "the journal's one boot");
    }

    @Test
    void aUserWhoCannotReadTheKernelLogIsToldSoNotShownNoKills() {
        List<ParseProblem> problems = new ArrayList<>();
        MemorySnapshot m = snapshot("probe-lab-oom-user.txt", problems);
        assertEquals(List.of(), problems);
        Reading.Absent<KernelLog> a = (Reading.Absent<KernelLog>) m.kernelLog();
        assertEquals(SourceStatus.NEEDS_ROOT, a.status());
        assertTrue(a.detail().contains("dmesg_restrict=1"), a.detail());
        assertEquals(Optional.of(9L), m.oomKills().get(), "the count is readable by anyone");
        assertTrue(m.processes().get().orElseThrow().processes().size() > 20);
    }

    @Test
    void aProcessTableCutShortIsNotUsed() {
        String text = Fixtures.text("memory/probe-lab-oom-root-dmesg-first.txt");
        String cut = text.substring(0, text.indexOf("@@bedside:section cgroup-mem") - 200);
        List<ParseProblem> problems = new ArrayList<>();
        ProbeOutput out = ProbeOutputParser.parse(cut);
        MemorySnapshot m = MemorySnapshot.from(out, problems);
        assertEquals(SourceStatus.NOT_RECEIVED, ((Reading.Absent<ProcessMemoryTable>) m.processes()).status());
        assertEquals(SourceStatus.NOT_RECEIVED, ((Reading.Absent<KernelLog>) m.kernelLog()).status());
        assertEquals(Optional.of(9L), m.oomKills().get());
    }

    @Test
    void theClockComesFromTheHostSection() {
        LogClock c = MemorySnapshot.clock(ProbeOutputParser.parse(Fixtures.text("memory/probe-lab-oom-user.txt")));
        assertEquals(Optional.of(Instant.ofEpochSecond(1_795_448_417L)), c.bootTime());
        assertEquals(ZoneOffset.UTC.normalized(), c.zone().normalized());
        assertTrue(c.now().isPresent());
    }

    @Test
    void cursorsAreCheckedBeforeTheyGoBackIntoAScript() {
        KernelLogCursor c = new KernelLogCursor("journal:s=c05;i=4c4;b=7352;m=dcb2ea53;t=660f445d956cd;x=4c92e689e04e021");
        assertEquals("BS_KLOG_CURSOR='journal:s=c05;i=4c4;b=7352;m=dcb2ea53;t=660f445d956cd;x=4c92e689e04e021'", c.assignment());
        assertEquals("BS_KLOG_CURSOR=", KernelLogCursor.noCursor());
        assertEquals("file:/var/log/kern.log:1234:56789", new KernelLogCursor("file:/var/log/kern.log:1234:56789").value());
        for (String bad : List.of("x';rm -rf /;'", "a b", "$(id)", "a\nb", "", "`x`")) {
            assertEquals(Optional.empty(), KernelLogCursor.of(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> new KernelLogCursor(bad));
        }
        assertEquals(Optional.empty(), KernelLogSource.parse("dmesg cursor=bad'quote from=cursor scanned=3").cursor());
        KernelLogSource s = KernelLogSource.parse("/var/log/kern.log cursor=file:/var/log/kern.log:9:10 from=cursor scanned=x");
        assertEquals("/var/log/kern.log", s.via());
        assertFalse(s.fromStart());
        assertEquals(OptionalInt.empty(), s.scanned());
    }
}
