package io.bedside.model.probe;

import java.util.Comparator;
import java.util.List;

/**
 * What reading some sections cost the host: the CPU the probe's shell and the commands it waited for
 * used between two {@code cpu} marks (the shell's builtin {@code times}), charged to the sections
 * opened between them. Several sections share one cost when one command prints them all (the
 * process walk's awk prints vmstat-oom, procs-mem and cgroup-mem).
 *
 * @param sections  the sections, in the order printed
 * @param cpuMillis user and system CPU, in milliseconds; the kernel counts it in clock ticks
 *                  (10 ms), so a cheap section reads 0 or 10
 */
public record SectionCost(List<String> sections, long cpuMillis) {
    public SectionCost {
        sections = List.copyOf(sections);
    }

    /** The sections' names joined with "+". */
    public String name() {
        return String.join("+", sections);
    }

    /** The costliest first, then in the order printed. */
    public static List<SectionCost> top(List<SectionCost> costs, int n) {
        return costs.stream().filter(c -> c.cpuMillis() > 0)
                .sorted(Comparator.comparingLong(SectionCost::cpuMillis).reversed()).limit(n).toList();
    }
}
