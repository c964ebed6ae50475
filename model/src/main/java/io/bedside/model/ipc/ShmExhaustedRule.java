package io.bedside.model.ipc;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@value IpcRules#SHM_EXHAUSTED}: segments &gt;= SHMMNI or pages &gt;= SHMALL (critical); either
 * at 90% or more (warning). Offers to remove the orphans when there are some, and to raise the
 * limits when the host reported SHMMNI.
 */
final class ShmExhaustedRule extends IpcRule {
    ShmExhaustedRule(Map<Long, String> userNames, IpcAssessment.Cache cache) {
        super(userNames, cache);
    }

    @Override
    public String id() {
        return IpcRules.SHM_EXHAUSTED;
    }

    @Override
    Optional<Finding> conclude(IpcAssessment a, Instant now) {
        IpcSnapshot ipc = a.ipc();
        Optional<IpcLimits> limits = ipc.limits().get();
        return ipc.shmSegments().get().flatMap(t -> {
            List<FixOffer> fixes = new ArrayList<>();
            if (!a.shmOrphans().isEmpty()) {
                fixes.add(FixOffer.of(IpcFixPlans.SHM_REMOVE_ORPHANS));
            }
            if (limits.map(l -> l.shmmni().isPresent()).orElse(false)) {
                fixes.add(FixOffer.of(IpcFixPlans.SHM_RAISE_LIMIT));
            }
            List<Evidence> ev = new ArrayList<>();
            limits.ifPresent(l -> {
                List<String> lines = new ArrayList<>();
                l.line("kernel.shmmni").ifPresent(lines::add);
                l.line("kernel.shmall").ifPresent(lines::add);
                l.line("page_size").ifPresent(lines::add);
                ev.add(new Evidence(IpcSnapshot.LIMITS, "shared memory limits (SHMALL is in pages)", lines));
            });
            long bytes = t.rows().stream().mapToLong(ShmSegment::size).sum();
            return exhausted(id(), a.shmHit(), ev,
                    tableEvidence(IpcSnapshot.SHM, t, t.size() + " segments, " + bytes + " bytes", ShmSegment::line), fixes);
        });
    }
}
