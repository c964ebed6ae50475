package io.bedside.ui.findings;

import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;

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
 * @param subjects      what it is about (a process, an IPC object, a mount...): what a click on the
 *                      finding selects in its area
 */
public record FindingItem(String id, Severity severity, String summary, String evidence, int evidenceLines,
                          List<String> fixes, Map<String, Map<String, String>> fixParams, List<Subject> subjects) {
    public FindingItem {
        fixes = List.copyOf(fixes);
        fixParams = Map.copyOf(fixParams);
        subjects = List.copyOf(subjects);
    }

    public FindingItem(String id, Severity severity, String summary, String evidence, int evidenceLines, List<String> fixes) {
        this(id, severity, summary, evidence, evidenceLines, fixes, Map.of(), List.of());
    }

    /**
     * The first value of {@code field} among the subjects of {@code kind}, as text: what an area
     * matches its rows against ({@code pid}, {@code shmid}, {@code mount}); empty when none has it.
     */
    public java.util.Optional<String> subjectField(Subject.Kind kind, String field) {
        return subjects.stream().filter(s -> s.is(kind) && s.get(field) != null).map(s -> String.valueOf(s.get(field))).findFirst();
    }

    /** Every value of {@code field} among the subjects (of any kind), as text, in order. */
    public List<String> subjectValues(String field) {
        return subjects.stream().filter(s -> s.get(field) != null).map(s -> String.valueOf(s.get(field))).toList();
    }

    /** The parameters the wizard of {@code fixId} starts with; empty when the finding names none. */
    public Map<String, String> paramsFor(String fixId) {
        return fixParams.getOrDefault(fixId, Map.of());
    }
}
