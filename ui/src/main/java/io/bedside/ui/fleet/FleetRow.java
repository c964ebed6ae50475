package io.bedside.ui.fleet;

import io.bedside.model.findings.Finding;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One line of the fleet table: a host and, once it answered, its result. The texts are raw (host
 * names from the inventory, findings' summaries, errors quoting the host): the view shows them
 * through {@code HostText.window}.
 */
public record FleetRow(FleetHost host, Optional<FleetResult> result) {

    /** A host the current sweep has not heard from yet. */
    public static FleetRow waiting(FleetHost host) {
        return new FleetRow(host, Optional.empty());
    }

    /** 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN; -1 before the host answered. */
    public int status() {
        return result.map(FleetResult::status).orElse(-1);
    }

    /** Worst first: CRITICAL, then UNKNOWN, WARNING, OK, then the hosts still waited for (as the sweep's end summary). */
    public int rank() {
        return switch (status()) {
            case 2 -> 0;
            case 3 -> 1;
            case 1 -> 2;
            case 0 -> 3;
            default -> 4;
        };
    }

    /** The monitoring word: OK, WARNING, CRITICAL, UNKNOWN, or "waiting". */
    public String word() {
        return word(status());
    }

    static String word(int status) {
        return switch (status) {
            case 0 -> "OK";
            case 1 -> "WARNING";
            case 2 -> "CRITICAL";
            case 3 -> "UNKNOWN";
            default -> "waiting";
        };
    }

    /** A style class for the status cell: bs-fleet-ok, -warning, -critical, -unknown, -waiting. */
    public String styleClass() {
        return "bs-fleet-" + word().toLowerCase(Locale.ROOT);
    }

    public List<Finding> findings() {
        return result.map(FleetResult::findings).orElse(List.of());
    }

    public Optional<String> error() {
        return result.flatMap(FleetResult::error);
    }

    public long millis() {
        return result.map(FleetResult::millis).orElse(-1L);
    }

    public boolean has(String findingId) {
        return findings().stream().anyMatch(f -> f.id().equals(findingId));
    }

    /**
     * What the row says beside the status: the findings' ids and the worst one's summary, or why
     * the host has no diagnosis, or "no findings". Raw: the summary and the error may quote the host.
     */
    public String summary() {
        if (result.isEmpty()) {
            return "";
        }
        List<Finding> fs = findings();
        if (fs.isEmpty()) {
            return error().orElse("no findings");
        }
        // the worst first; the notes (INFO) counted rather than listed, so the findings that matter read first
        List<Finding> worst = fs.stream().sorted(java.util.Comparator.comparing(Finding::severity).reversed()).toList();
        List<String> ids = worst.stream().filter(f -> f.severity() != io.bedside.model.findings.Severity.INFO)
                .map(Finding::id).distinct().toList();
        long notes = worst.stream().filter(f -> f.severity() == io.bedside.model.findings.Severity.INFO)
                .map(Finding::id).distinct().count();
        String named = ids.isEmpty() ? String.join(", ", worst.stream().map(Finding::id).distinct().toList())
                : String.join(", ", ids) + (notes > 0 ? " (+" + notes + " note" + (notes == 1 ? "" : "s") + ")" : "");
        String out = named + ": " + worst.get(0).summary();
        return error().map(e -> out + " (" + e + ")").orElse(out);
    }

    /** The time the host took, e.g. "1.4 s"; empty while waited for. */
    public String time() {
        long ms = millis();
        if (ms < 0) {
            return "";
        }
        return ms < 10_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0) : (ms / 1000) + " s";
    }
}
