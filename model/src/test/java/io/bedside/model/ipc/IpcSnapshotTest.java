package io.bedside.model.ipc;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.Fixtures;
import io.bedside.model.findings.Finding;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeOutputParser;
import io.bedside.model.probe.Reading;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import io.bedside.model.probe.SourceStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpcSnapshotTest {
    private final List<ParseProblem> problems = new ArrayList<>();

    private IpcSnapshot from(String fixture) {
        return IpcSnapshot.from(ProbeOutputParser.parse(Fixtures.text(fixture)), problems);
    }

    @Test
    void capturedAsRootOnDebian12EverySourceIsPresent() {
        IpcSnapshot s = from("ipc/probe-debian12-kernel6.18-root.txt");
        assertTrue(problems.isEmpty(), problems.toString());
        assertEquals(List.of(0, 1, 2, 3, 5), s.semArrays().get().orElseThrow().rows().stream().map(SemArray::semid).toList());
        assertEquals(2, s.shmSegments().get().orElseThrow().size());
        assertEquals(1, s.msgQueues().get().orElseThrow().size());
        IpcLimits l = s.limits().get().orElseThrow();
        assertEquals(32000, l.semmni().getAsLong());
        assertEquals(1024000000, l.semmns().getAsLong());
        assertEquals(4096, l.shmmni().getAsLong());
        assertEquals(4096, l.pageSize().getAsLong());
        List<SemLastOps> ops = s.semLastOps().get().orElseThrow();
        assertEquals(5, ops.size());
        assertEquals(List.of(30508, 30507, 30507), ops.get(1).pids());
        assertEquals(OptionalInt.of(1), ops.get(4).waiting(), "semid 5 had a process blocked in semop");
        ShmAttachments att = s.shmAttachments().get().orElseThrow();
        assertEquals(1, att.attachments().size());
        assertEquals(30509, att.attachments().get(0).pid());
        assertEquals("python3", att.attachments().get(0).comm());
        assertEquals(OptionalInt.of(1), att.attachments().get(0).shmid());
        assertEquals(List.of(1), att.unreadablePids(), "pid 1's maps were unreadable even as root in the build sandbox");
        LivePids live = s.livePids().get().orElseThrow();
        assertTrue(live.alive(30509) && live.alive(738));
        assertFalse(live.alive(30507) || live.alive(30508) || live.alive(30442));
    }

    @Test
    void capturedAsNobodyTheMapsNeedRootAndOneArrayIsUnreadable() {
        IpcSnapshot s = from("ipc/probe-debian12-kernel6.18-nobody.txt");
        assertTrue(problems.isEmpty(), problems.toString());
        Reading.Absent<?> maps = assertInstanceOf(Reading.Absent.class, s.shmAttachments());
        assertEquals(SourceStatus.NEEDS_ROOT, maps.status());
        assertEquals("needs root (/proc/PID/maps of other users)", s.shmAttachments().describeAbsence());
        SemLastOps five = s.semLastOps().get().orElseThrow().get(4);
        assertEquals(5, five.semid());
        assertEquals("ipcs: semctl(GETVAL) failed: Permission denied", five.error().orElseThrow());
        assertTrue(s.livePids().isPresent());
    }

    @Test
    void theLabProbeOverSshAsAUserReadsPidsWithPerlAndFailsOnRootOnlyArrays() {
        IpcSnapshot s = from("ipc/probe-lab-sem-exhaustion-user.txt");
        assertTrue(problems.isEmpty(), problems.toString());
        assertEquals(32, s.semArrays().get().orElseThrow().size());
        List<SemLastOps> ops = s.semLastOps().get().orElseThrow();
        assertEquals(32, ops.size());
        assertTrue(ops.get(0).readable(), "perms 666");
        assertEquals("semctl(GETPID) failed: Permission denied", ops.get(2).error().orElseThrow());
    }

    @Test
    void aProbeFromBeforeTheIpcSectionsSaysSoForEachSource() {
        IpcSnapshot s = from("probe/debian12-kernel6.18-root.txt");
        for (Reading<?> r : List.of(s.semArrays(), s.shmSegments(), s.msgQueues(), s.limits(), s.semLastOps(),
                s.shmAttachments(), s.livePids())) {
            Reading.Absent<?> a = assertInstanceOf(Reading.Absent.class, r);
            assertEquals(SourceStatus.ERROR, a.status());
            assertTrue(a.detail().startsWith("the probe did not report "), a.detail());
        }
    }

    @Test
    void outputCutInsideThePidListDoesNotUseAPartialList() {
        String full = Fixtures.text("ipc/probe-debian12-kernel6.18-root.txt");
        int at = full.indexOf("@@bedside:section pids-alive");
        String cut = full.substring(0, full.indexOf(" 30509", at));   // "... 30" would read as pid 30
        IpcSnapshot s = IpcSnapshot.from(ProbeOutputParser.parse(cut), problems);
        Reading.Absent<?> live = assertInstanceOf(Reading.Absent.class, s.livePids());
        assertEquals(SourceStatus.NOT_RECEIVED, live.status());
        assertTrue(live.detail().contains("cut short"));
        assertTrue(s.semArrays().isPresent());
        assertTrue(s.semLastOps().isPresent());
        // and so nothing is orphaned: the rules say why
        List<Finding> f = new OwnIdRules().evaluate(s, Instant.ofEpochSecond(1795449800L));
        assertEquals(List.of(IpcRules.ORPHANS_UNKNOWN), f.stream().map(Finding::id).toList());
    }

    @Test
    void whereverTheOutputIsCutNothingInUseIsEverCalledOrphaned() {
        String full = Fixtures.text("ipc/probe-debian12-kernel6.18-root.txt");
        int from = full.indexOf("@@bedside:section sysvipc-sem");
        Instant now = Instant.ofEpochSecond(1795449900L);
        int withOrphans = 0;
        for (int end = from; end <= full.length(); end++) {
            List<ParseProblem> p = new ArrayList<>();
            IpcSnapshot s = IpcSnapshot.from(ProbeOutputParser.parse(full.substring(0, end)), p);
            for (Finding f : new OwnIdRules().evaluate(s, now)) {
                if (f.id().endsWith(".orphaned")) {
                    withOrphans++;
                }
                if (f.id().equals(IpcRules.SEM_ORPHANED)) {
                    assertTrue(List.of(0, 1, 2, 3).containsAll(f.subjects().stream().map(m -> m.get("semid")).toList()),
                            "cut at " + end + ": " + f.subjects());
                }
                if (f.id().equals(IpcRules.SHM_ORPHANED)) {
                    assertEquals(List.of(0), f.subjects().stream().map(m -> m.get("shmid")).toList(), "cut at " + end);
                }
            }
        }
        assertTrue(withOrphans > 0, "the whole output does find the orphans");
    }

    @Test
    void outputCutInsideATableLeavesItAndEverythingAfterItNotReceived() {
        String full = Fixtures.text("ipc/probe-debian12-kernel6.18-root.txt");
        String cut = full.substring(0, full.indexOf("@@bedside:section sysvipc-msg") - 20);
        IpcSnapshot s = IpcSnapshot.from(ProbeOutputParser.parse(cut), problems);
        assertTrue(s.semArrays().isPresent());
        for (Reading<?> r : List.of(s.shmSegments(), s.msgQueues(), s.limits(), s.semLastOps(), s.shmAttachments(), s.livePids())) {
            assertEquals(SourceStatus.NOT_RECEIVED, assertInstanceOf(Reading.Absent.class, r).status());
        }
    }

    @Test
    void anEmptySectionThatShouldHaveAHeaderDidNotParse() {
        String text = new IpcProbeText().limits("250 32000 32 128", 4096, 2097152, 32000).alive(2).text()
                .replace(IpcProbeText.SHM_HEADER + "\n", "");
        IpcSnapshot s = IpcSnapshot.from(ProbeOutputParser.parse(text), problems);
        Reading.Absent<?> shm = assertInstanceOf(Reading.Absent.class, s.shmSegments());
        assertEquals(SourceStatus.ERROR, shm.status());
        assertEquals(1, problems.size());
        assertEquals("sysvipc-shm", problems.get(0).source());
    }

    @Test
    void theRuleReadsTheIpcSectionsOfASample() {
        Sample sample = Playbooks.parser().parse("lab-ipcdev", Instant.now(), Fixtures.text("ipc/probe-lab-sem-exhaustion-root.txt"), 3);
        List<Finding> f = new OwnIdRules().evaluate(sample, List.of());
        assertEquals(List.of(IpcRules.SEM_EXHAUSTED, IpcRules.SEM_ORPHANED), f.stream().map(Finding::id).toList());
        assertEquals(30, f.get(1).subjects().size());
        var first = f.get(1).subjects().get(0);
        assertEquals(sample.hostTime().getEpochSecond() - (Long) first.get("ctime"), first.get("age"),
                "ages are counted from the host's clock in the probe header, not this machine's");
    }
}
