package io.bedside.model.ipc;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.ipc.IpcUsage.SemUse;
import io.bedside.model.ipc.IpcUsage.ShmUse;
import io.bedside.model.ipc.IpcUsage.Verdict;
import io.bedside.model.probe.Reading;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@value IpcRules#ORPHANS_UNKNOWN} (info): orphans cannot be told, because the last-operation pids
 * or the live processes are absent (one subject per source, naming what it blinds), or single
 * semaphore arrays could not be checked.
 */
final class OrphansUnknownRule extends IpcRule {
    OrphansUnknownRule(Map<Long, String> userNames, IpcAssessment.Cache cache) {
        super(userNames, cache);
    }

    @Override
    public String id() {
        return IpcRules.ORPHANS_UNKNOWN;
    }

    @Override
    Optional<Finding> conclude(IpcAssessment a, Instant now) {
        IpcSnapshot ipc = a.ipc();
        List<SemUse> sems = a.sems();
        List<ShmUse> shms = a.shms();
        List<Subject> subjects = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        List<String> phrases = new ArrayList<>();
        boolean semsListed = !sems.isEmpty();
        boolean shmsListed = !shms.isEmpty();
        // a whole source missing: one subject per source, naming what it blinds
        boolean semBlind = false;
        if (semsListed && !ipc.semLastOps().isPresent()) {
            missingSource(IpcSnapshot.SEM_PIDS, ipc.semLastOps(), "semaphore arrays", sems.size(), subjects, ev, phrases);
            semBlind = true;
        }
        if ((semsListed || shmsListed) && !ipc.livePids().isPresent()) {
            String what = semsListed && shmsListed ? "semaphore arrays and shared memory segments"
                    : semsListed ? "semaphore arrays" : "shared memory segments";
            missingSource(IpcSnapshot.PIDS_ALIVE, ipc.livePids(), what, sems.size() + shms.size(), subjects, ev, phrases);
            semBlind = true;
        }
        // single objects that could not be judged
        List<String> errorLines = new ArrayList<>();
        int semUnknown = 0;
        if (!semBlind) {
            for (SemUse u : sems) {
                if (u.verdict() == Verdict.UNKNOWN) {
                    semUnknown++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("semid", u.array().semid());
                    m.put("key", u.array().keyHex());
                    m.put("owner", owner(u.array().uid()));
                    m.put("uid", u.array().uid());
                    m.put("reason", u.reason());
                    subjects.add(Subject.of(Subject.Kind.IPC_OBJECT, m));
                    u.lastOps().ifPresent(o -> errorLines.add(o.line()));
                }
            }
        }
        if (semUnknown > 0) {
            phrases.add(count(semUnknown, "semaphore array", "semaphore arrays") + " could not be checked ("
                    + sems.stream().filter(u -> u.verdict() == Verdict.UNKNOWN).findFirst().orElseThrow().reason() + ")");
            ev.add(new Evidence(IpcSnapshot.SEM_PIDS, "arrays whose last-operation pids could not be read", errorLines));
        }
        if (phrases.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Finding(id(), Severity.INFO,
                "Orphaned IPC objects cannot be told: " + String.join("; ", phrases), subjects, ev, List.of()));
    }

    private static void missingSource(String source, Reading<?> r, String what, int objects,
                                      List<Subject> subjects, List<Evidence> ev, List<String> phrases) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("status", ((Reading.Absent<?>) r).status().token());
        m.put("reason", r.describeAbsence());
        m.put("affects", what);
        m.put("objects", objects);
        subjects.add(Subject.of(Subject.Kind.SOURCE, m));
        ev.add(new Evidence(source, source + " " + r.describeAbsence(), List.of()));
        phrases.add(source + " " + r.describeAbsence() + ", so " + objects + " " + what + " were not checked");
    }
}
