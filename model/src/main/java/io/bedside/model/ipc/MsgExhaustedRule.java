package io.bedside.model.ipc;

import io.bedside.model.findings.Finding;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@value IpcRules#MSG_EXHAUSTED}: message queues &gt;= MSGMNI (critical); at 90% or more (warning). */
final class MsgExhaustedRule extends IpcRule {
    MsgExhaustedRule(Map<Long, String> userNames, IpcAssessment.Cache cache) {
        super(userNames, cache);
    }

    @Override
    public String id() {
        return IpcRules.MSG_EXHAUSTED;
    }

    @Override
    Optional<Finding> conclude(IpcAssessment a, Instant now) {
        IpcSnapshot ipc = a.ipc();
        return ipc.msgQueues().get().flatMap(t -> exhausted(id(), a.msgHit(),
                limitEvidence(ipc, "kernel.msgmni", "kernel.msgmni: max queues"),
                tableEvidence(IpcSnapshot.MSG, t, t.size() + " queues", MsgQueue::line), List.of()));
    }
}
