package io.bedside.model.ipc;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.ipc.IpcUsage.SemUse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@value IpcRules#SEM_ORPHANED}: semaphore arrays no live process has operated on ({@link IpcUsage});
 * a warning when the semaphore limits are at 90% or more, else info. Nothing is called orphaned
 * without both the last-operation pids and the list of live processes.
 */
final class SemOrphanedRule extends IpcRule {
    SemOrphanedRule(Map<Long, String> userNames, IpcAssessment.Cache cache) {
        super(userNames, cache);
    }

    @Override
    public String id() {
        return IpcRules.SEM_ORPHANED;
    }

    @Override
    Optional<Finding> conclude(IpcAssessment a, Instant now) {
        List<SemUse> orphans = a.semOrphans();
        if (orphans.isEmpty()) {
            return Optional.empty();
        }
        IpcSnapshot ipc = a.ipc();
        List<Subject> subjects = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        List<String> pidLines = new ArrayList<>();
        ipc.semArrays().get().ifPresent(t -> rows.add(t.header()));
        long sems = 0;
        for (SemUse u : orphans) {
            SemArray s = u.array();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("semid", s.semid());
            m.put("key", s.keyHex());
            m.put("owner", owner(s.uid()));
            m.put("uid", s.uid());
            m.put("nsems", s.nsems());
            m.put("age", now.getEpochSecond() - s.ctime());
            m.put("ctime", s.ctime());
            m.put("otime", s.otime());
            m.put("pids", u.lastOps().map(o -> o.pids().stream().map(String::valueOf).collect(Collectors.joining(","))).orElse(""));
            m.put("reason", u.reason());
            subjects.add(Subject.of(Subject.Kind.IPC_OBJECT, m));
            rows.add(s.line());
            u.lastOps().ifPresent(o -> pidLines.add(o.line()));
            sems += s.nsems();
        }
        String summary = count(orphans.size(), "orphaned semaphore array", "orphaned semaphore arrays")
                + " (" + count(sems, "semaphore", "semaphores") + "): no live process has operated on "
                + (orphans.size() == 1 ? "it" : "them") + "; owners " + owners(orphans.stream().map(u -> u.array().uid()).toList());
        List<Evidence> ev = List.of(
                new Evidence(IpcSnapshot.SEM, "the orphaned arrays", rows),
                new Evidence(IpcSnapshot.SEM_PIDS, "the pid of the last operation on each of their semaphores", pidLines),
                new Evidence(IpcSnapshot.PIDS_ALIVE, "the live processes: none of those pids is among them",
                        ipc.livePids().get().map(LivePids::lines).orElse(List.of())));
        boolean nearLimit = !a.semHit().isEmpty();
        return Optional.of(new Finding(id(), nearLimit ? Severity.WARNING : Severity.INFO, summary, subjects, ev,
                List.of(FixOffer.of(IpcFixPlans.SEM_REMOVE_ORPHANS, "semid",
                        orphans.stream().map(u -> Integer.toString(u.array().semid())).collect(Collectors.joining(","))))));
    }
}
