package io.bedside.app.monitoring;

import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;

import java.util.List;
import java.util.Optional;

/**
 * One sample through every playbook's rules, as {@code diagnose} and {@code sweep} judge a host:
 * the findings, the monitoring status of the worst (3 when the output was cut or held no
 * readings, which proves nothing), and the sentence that says why the diagnosis is partial.
 */
public record OneSample(List<Finding> findings, int status, Optional<String> note) {
    public OneSample {
        findings = List.copyOf(findings);
    }

    public static OneSample of(Sample s) {
        List<Finding> findings = new Diagnosis(Playbooks.allRules()).run(s, List.of(s));
        int status = Diagnosis.exitStatus(findings);
        Optional<String> note = Optional.empty();
        if (s.output().sections().isEmpty()) {
            status = 3;
            note = Optional.of("the probe output held no readings; nothing was diagnosed");
        } else if (!s.output().complete()) {
            status = 3;
            note = Optional.of("the probe output was incomplete; the diagnosis may miss findings");
        }
        return new OneSample(findings, status, note);
    }
}
