package io.bedside.model.ipc;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@value IpcRules#LIMITS_UNKNOWN} (info): objects are listed but the limit to judge them by is not
 * (the limits source absent, or a limit or the page size not in it).
 */
final class LimitsUnknownRule extends IpcRule {
    LimitsUnknownRule(Map<Long, String> userNames, IpcAssessment.Cache cache) {
        super(userNames, cache);
    }

    @Override
    public String id() {
        return IpcRules.LIMITS_UNKNOWN;
    }

    @Override
    Optional<Finding> conclude(IpcAssessment a, Instant now) {
        List<String> unknown = a.unknownLimits();
        if (unknown.isEmpty()) {
            return Optional.empty();
        }
        IpcSnapshot ipc = a.ipc();
        String why = ipc.limits().isPresent() ? "not reported: " + String.join(", ", unknown)
                : IpcSnapshot.LIMITS + " " + ipc.limits().describeAbsence();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", IpcSnapshot.LIMITS);
        m.put("reason", why);
        m.put("limits", String.join(", ", unknown));
        return Optional.of(new Finding(id(), Severity.INFO,
                "IPC limits unknown (" + why + "): exhaustion cannot be judged", List.of(Subject.of(Subject.Kind.SOURCE, m)),
                List.of(new Evidence(IpcSnapshot.LIMITS, why,
                        ipc.limits().get().map(l -> List.copyOf(l.lines().values())).orElse(List.of()))),
                List.of()));
    }
}
