package io.bedside.model.ipc;

import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@value IpcRules#SEM_EXHAUSTED}: semaphore arrays &gt;= SEMMNI or semaphores &gt;= SEMMNS
 * (critical); either at 90% or more (warning). Offers to remove the orphans when there are some, and
 * to raise kernel.sem when the host reported it.
 */
final class SemExhaustedRule extends IpcRule {
    SemExhaustedRule(Map<Long, String> userNames, IpcAssessment.Cache cache) {
        super(userNames, cache);
    }

    @Override
    public String id() {
        return IpcRules.SEM_EXHAUSTED;
    }

    @Override
    Optional<Finding> conclude(IpcAssessment a, Instant now) {
        IpcSnapshot ipc = a.ipc();
        return ipc.semArrays().get().flatMap(t -> {
            long sems = t.rows().stream().mapToLong(SemArray::nsems).sum();
            List<FixOffer> fixes = new ArrayList<>();
            if (!a.semOrphans().isEmpty()) {
                fixes.add(FixOffer.of(IpcFixPlans.SEM_REMOVE_ORPHANS));   // no semid=: every orphan, as the orphan finding lists them
            }
            if (ipc.limits().get().map(IpcLimits::hasSem).orElse(false)) {
                fixes.add(FixOffer.of(IpcFixPlans.SEM_RAISE_LIMIT));
            }
            return exhausted(id(), a.semHit(), limitEvidence(ipc, "kernel.sem", "kernel.sem: SEMMSL SEMMNS SEMOPM SEMMNI"),
                    tableEvidence(IpcSnapshot.SEM, t, t.size() + " arrays holding " + sems + " semaphores", SemArray::line),
                    fixes);
        });
    }
}
