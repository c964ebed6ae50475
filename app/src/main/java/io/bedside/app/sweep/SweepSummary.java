package io.bedside.app.sweep;

import io.bedside.app.monitoring.PluginOutput;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FleetGroup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a sweep says at its end: the same finding across hosts as one line ("ipc.sem.exhausted on
 * 12 of 140 hosts: db-07, db-09, …"), then one line per host, worst first, and the exit status of
 * the worst host. Host text (names from the inventory, findings' summaries) is passed raw: the
 * caller shows it through its medium's function.
 */
public final class SweepSummary {
    private final List<HostResult> results;

    public SweepSummary(List<HostResult> results) {
        this.results = List.copyOf(results);
    }

    public List<HostResult> results() {
        return results;
    }

    /** The status of the sweep: the worst host's, CRITICAL before UNKNOWN before WARNING before OK. */
    public int status() {
        return results.stream().min(Comparator.comparingInt(HostResult::rank)).map(HostResult::status).orElse(3);
    }

    public List<HostResult> worstFirst() {
        return results.stream().sorted(Comparator.comparingInt(HostResult::rank)
                .thenComparing(r -> r.target().name())).toList();
    }

    /** The findings grouped by id, the worst and most widespread first. */
    public List<FleetGroup> groups() {
        return FleetGroup.of(worstFirst().stream().map(r -> new FleetGroup.Host(r.target().name(), r.findings())).toList());
    }

    /** The end summary, line by line. */
    public List<String> text() {
        List<String> out = new ArrayList<>();
        int total = results.size();
        long unknown = results.stream().filter(r -> r.status() == 3).count();
        out.add("BEDSIDE SWEEP " + PluginOutput.word(status()) + " - " + total + " host" + (total == 1 ? "" : "s") + ", "
                + results.stream().filter(r -> !r.findings().isEmpty()).count() + " with findings, " + unknown + " unknown");
        List<FleetGroup> groups = groups();
        if (!groups.isEmpty()) {
            out.add("");
            for (FleetGroup g : groups) {
                out.add("  [" + g.severity().token() + "] " + g.text());
            }
        }
        out.add("");
        for (HostResult r : worstFirst()) {
            out.add("  " + line(r));
        }
        return out;
    }

    /** One host: its status, name and findings' ids, or why it has none. */
    public static String line(HostResult r) {
        String head = String.format("%-8s %s", PluginOutput.word(r.status()), r.target().name());
        if (r.error().isPresent() && r.findings().isEmpty()) {
            return head + ": " + r.error().get();
        }
        if (r.findings().isEmpty()) {
            return head + ": no findings";
        }
        StringBuilder b = new StringBuilder(head).append(": ");
        List<String> ids = r.findings().stream().map(Finding::id).distinct().toList();
        b.append(String.join(", ", ids));
        Finding worst = r.findings().get(0);
        b.append(" (").append(worst.summary()).append(')');
        r.error().ifPresent(e -> b.append("; ").append(e));
        return b.toString();
    }
}
