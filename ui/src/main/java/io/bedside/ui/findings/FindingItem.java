package io.bedside.ui.ipc;

import io.bedside.model.findings.Severity;

import java.util.List;

/**
 * A finding as the IPC area lists it.
 *
 * @param id            the finding's fixed id, e.g. {@code ipc.sem.exhausted}
 * @param severity      how bad it is
 * @param summary       its one line
 * @param evidence      its evidence: each caption, then the raw lines as the host printed them
 *                      (long tables cut, saying how many lines were left out)
 * @param evidenceLines how many raw lines the evidence has in all
 * @param fixes         ids of the fixes it names, each offered as a button
 */
public record FindingItem(String id, Severity severity, String summary, String evidence, int evidenceLines,
                          List<String> fixes) {
    public FindingItem {
        fixes = List.copyOf(fixes);
    }
}
