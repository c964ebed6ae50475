package io.bedside.app.sweep;

import io.bedside.model.findings.Finding;
import io.bedside.model.sample.Sample;

import java.util.List;
import java.util.Optional;

/**
 * What a sweep learned of one host: its diagnosis, or why there is none.
 *
 * @param status  the monitoring status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (unreachable,
 *                unknown or changed host key, a cut probe output, timed out)
 * @param sample  the sample diagnosed, when one was taken
 * @param error   why the host could not be diagnosed, one sentence
 * @param millis  how long it took, connection included
 */
public record HostResult(Target target, int status, List<Finding> findings, Optional<Sample> sample,
                         Optional<String> error, long millis) {
    public HostResult {
        findings = List.copyOf(findings);
    }

    /** The order of the end summary: CRITICAL, then UNKNOWN, WARNING, OK. */
    public int rank() {
        return switch (status) {
            case 2 -> 0;
            case 3 -> 1;
            case 1 -> 2;
            default -> 3;
        };
    }
}
