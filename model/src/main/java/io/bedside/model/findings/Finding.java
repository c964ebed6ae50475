package io.bedside.model.findings;

import java.util.List;

/**
 * A conclusion about the host, with what it rests on and what can be done.
 *
 * @param id       a fixed id such as {@code ipc.sem.exhausted}, used by the window and by {@code diagnose --json}
 * @param severity how bad it is
 * @param summary  one line for the operator
 * @param subjects the things it is about, each with its kind and its fields named after the kernel's own
 * @param evidence the rows and raw lines it came from
 * @param fixes    the fixes that apply, with the parameters the rule found
 */
public record Finding(String id, Severity severity, String summary, List<Subject> subjects,
                      List<Evidence> evidence, List<FixOffer> fixes) {
    public Finding {
        subjects = List.copyOf(subjects);
        evidence = List.copyOf(evidence);
        fixes = List.copyOf(fixes);
    }
}
