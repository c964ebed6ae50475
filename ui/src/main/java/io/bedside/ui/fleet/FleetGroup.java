package io.bedside.ui.fleet;

import io.bedside.model.findings.Severity;

import java.util.List;

/**
 * One finding across the fleet, as the sweep's end summary groups it: "ipc.sem.exhausted on 2 of
 * 5 hosts: db-01, db-02". Host names are raw: the view shows the text through {@code HostText.window}.
 *
 * @param id       the finding id
 * @param severity its worst severity on those hosts
 * @param hosts    the hosts that have it, worst first
 * @param total    how many hosts the inventory has
 */
public record FleetGroup(String id, Severity severity, List<String> hosts, int total) {
    /** How many names the line lists before it says how many more. */
    static final int NAMES_SHOWN = 10;

    public FleetGroup {
        hosts = List.copyOf(hosts);
    }

    /** "ipc.sem.exhausted on 2 of 5 hosts" */
    public String headline() {
        return id + " on " + hosts.size() + " of " + total + " host" + (total == 1 ? "" : "s");
    }

    /** The names, at most ten, then how many more. */
    public String names() {
        List<String> shown = hosts.subList(0, Math.min(NAMES_SHOWN, hosts.size()));
        return String.join(", ", shown) + (hosts.size() > shown.size() ? ", … (" + (hosts.size() - shown.size()) + " more)" : "");
    }

    /** The whole line, as the sweep prints it. */
    public String text() {
        return headline() + ": " + names();
    }
}
