package io.bedside.model.findings;

import io.bedside.model.sample.Sample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs every rule over a sample. The playbooks contribute rules; the exit status of
 * {@code diagnose} follows the monitoring-plugin convention (0 OK, 1 warning, 2 critical, 3 unknown).
 */
public final class Diagnosis {
    private final List<Rule> rules;

    public Diagnosis(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<Finding> run(Sample latest, List<Sample> history) {
        List<Finding> out = new ArrayList<>();
        for (Rule r : rules) {
            out.addAll(r.evaluate(latest, history));
        }
        out.sort(Comparator.comparing(Finding::severity).reversed().thenComparing(Finding::id));
        return out;
    }

    public static int exitStatus(List<Finding> findings) {
        int status = 0;
        for (Finding f : findings) {
            status = Math.max(status, switch (f.severity()) {
                case INFO -> 0;
                case WARNING -> 1;
                case CRITICAL -> 2;
            });
        }
        return status;
    }
}
