package io.bedside.model.findings;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One finding across a fleet: "ipc.sem.exhausted on 2 of 5 hosts: db-01, db-02". The sweep's end
 * summary and the window's fleet view group a sweep's findings with {@link #of}. Host names are raw:
 * each medium shows them through its {@code HostText} function.
 *
 * @param id       the finding id
 * @param severity its worst severity on those hosts
 * @param hosts    the hosts that have it, in the order they were given (worst first)
 * @param total    how many hosts were swept
 */
public record FleetGroup(String id, Severity severity, List<String> hosts, int total) {
    /** How many names a line lists before it says how many more. */
    public static final int NAMES_SHOWN = 10;

    /** One swept host: its name and its findings (none when it could not be diagnosed). */
    public record Host(String name, List<Finding> findings) {
        public Host {
            findings = List.copyOf(findings);
        }
    }

    public FleetGroup {
        hosts = List.copyOf(hosts);
    }

    /**
     * The findings of {@code hosts} (worst host first) grouped by id, each at its worst severity:
     * the worst and most widespread first, then by id.
     */
    public static List<FleetGroup> of(List<Host> hosts) {
        Map<String, List<String>> names = new LinkedHashMap<>();
        Map<String, Severity> worst = new LinkedHashMap<>();
        for (Host h : hosts) {
            for (Finding f : h.findings()) {
                List<String> hs = names.computeIfAbsent(f.id(), k -> new ArrayList<>());
                if (!hs.contains(h.name())) {
                    hs.add(h.name());
                }
                worst.merge(f.id(), f.severity(), (x, y) -> x.compareTo(y) >= 0 ? x : y);
            }
        }
        List<FleetGroup> out = new ArrayList<>();
        names.forEach((id, hs) -> out.add(new FleetGroup(id, worst.get(id), hs, hosts.size())));
        out.sort(Comparator.comparing(FleetGroup::severity).reversed()
                .thenComparing(g -> -g.hosts().size()).thenComparing(FleetGroup::id));
        return out;
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

    /** The whole line: "ipc.sem.exhausted on 2 of 5 hosts: db-01, db-02". */
    public String text() {
        return headline() + ": " + names();
    }
}
