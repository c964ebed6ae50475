package io.bedside.ui.findings;

import io.bedside.model.findings.Severity;

import java.util.List;
import java.util.Map;

/**
 * A finding as an area lists it.
 *
 * @param id            the finding's fixed id, e.g. {@code ipc.sem.exhausted}
 * @param severity      how bad it is
 * @param summary       its one line
 * @param evidence      its evidence: each caption, then the raw lines as the host printed them
 *                      (long tables cut, saying how many lines were left out)
 * @param evidenceLines how many raw lines the evidence has in all
 * @param fixes         ids of the fixes it names, each offered as a button
 * @param fixParams     what each fix's wizard starts with, by fix id (e.g. {@code pid=4487} for
 *                      {@code mem.oom.protect}: the process the finding names); empty when none
 */
public record FindingItem(String id, Severity severity, String summary, String evidence, int evidenceLines,
                          List<String> fixes, Map<String, Map<String, String>> fixParams) {
    public FindingItem {
        fixes = List.copyOf(fixes);
        fixParams = Map.copyOf(fixParams);
    }

    public FindingItem(String id, Severity severity, String summary, String evidence, int evidenceLines, List<String> fixes) {
        this(id, severity, summary, evidence, evidenceLines, fixes, Map.of());
    }

    /** The parameters the wizard of {@code fixId} starts with; empty when the finding names none. */
    public Map<String, String> paramsFor(String fixId) {
        return fixParams.getOrDefault(fixId, Map.of());
    }
}
