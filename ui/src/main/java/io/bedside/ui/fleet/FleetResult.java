package io.bedside.ui.fleet;

import io.bedside.model.findings.Finding;

import java.util.List;
import java.util.Optional;

/**
 * What the sweep learned of one host: its findings, or why there are none.
 *
 * @param status   the monitoring status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN
 * @param findings worst first, as the rules raised them
 * @param error    why the host could not be diagnosed (one sentence, may quote the host)
 * @param millis   how long the host took, connection included
 */
public record FleetResult(FleetHost host, int status, List<Finding> findings, Optional<String> error, long millis) {
    public FleetResult {
        findings = List.copyOf(findings);
        if (status < 0 || status > 3) {
            throw new IllegalArgumentException("a monitoring status is 0 to 3, not " + status);
        }
    }
}
