package io.bedside.model.ipc;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.ipc.IpcUsage.ShmUse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@value IpcRules#SHM_ORPHANED}: unattached segments whose creator and last user are dead; a
 * warning when shared memory is at 90% or more, else info.
 */
final class ShmOrphanedRule extends IpcRule {
    ShmOrphanedRule(Map<Long, String> userNames, IpcAssessment.Cache cache) {
        super(userNames, cache);
    }

    @Override
    public String id() {
        return IpcRules.SHM_ORPHANED;
    }

    @Override
    Optional<Finding> conclude(IpcAssessment a, Instant now) {
        List<ShmUse> orphans = a.shmOrphans();
        if (orphans.isEmpty()) {
            return Optional.empty();
        }
        IpcSnapshot ipc = a.ipc();
        List<Subject> subjects = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        ipc.shmSegments().get().ifPresent(t -> rows.add(t.header()));
        long bytes = 0;
        for (ShmUse u : orphans) {
            ShmSegment s = u.segment();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("shmid", s.shmid());
            m.put("key", s.keyHex());
            m.put("owner", owner(s.uid()));
            m.put("uid", s.uid());
            m.put("bytes", s.size());
            m.put("cpid", s.cpid());
            m.put("lpid", s.lpid());
            m.put("nattch", s.nattch());
            m.put("age", now.getEpochSecond() - s.ctime());
            m.put("ctime", s.ctime());
            m.put("reason", u.reason());
            subjects.add(Subject.of(Subject.Kind.IPC_OBJECT, m));
            rows.add(s.line());
            bytes += s.size();
        }
        String summary = count(orphans.size(), "orphaned shared memory segment", "orphaned shared memory segments")
                + (orphans.size() == 1 ? " holds " : " hold ") + io.bedside.model.text.ByteSize.of(bytes) + ", with nothing attached and creator and last user dead; owners "
                + owners(orphans.stream().map(u -> u.segment().uid()).toList());
        List<Evidence> ev = new ArrayList<>(List.of(
                new Evidence(IpcSnapshot.SHM, "the orphaned segments (nattch, cpid, lpid, perms)", rows),
                new Evidence(IpcSnapshot.PIDS_ALIVE, "the live processes: none of their cpid and lpid is among them",
                        ipc.livePids().get().map(LivePids::lines).orElse(List.of()))));
        a.namespace().ifPresent(ev::add);
        boolean nearLimit = !a.shmHit().isEmpty();
        return Optional.of(new Finding(id(), nearLimit ? Severity.WARNING : Severity.INFO, summary, subjects, ev,
                List.of(FixOffer.of(IpcFixPlans.SHM_REMOVE_ORPHANS, "shmid",
                        orphans.stream().map(u -> Integer.toString(u.segment().shmid())).collect(Collectors.joining(","))))));
    }
}
