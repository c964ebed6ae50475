package io.bedside.model.memory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The probe's {@code cgroup-mem} section: the cgroups of the processes and their ancestors.
 *
 * @param cgroups  by cgroup, in the order printed
 * @param v2Mount  where the unified hierarchy is mounted, when it is
 * @param v1Mount  where the v1 memory hierarchy is mounted, when it is
 */
public record CgroupMemoryTable(Map<CgroupRef, CgroupMemory> cgroups, Optional<String> v2Mount, Optional<String> v1Mount) {
    public CgroupMemoryTable {
        cgroups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cgroups));
    }

    public Optional<CgroupMemory> get(CgroupRef ref) {
        return Optional.ofNullable(cgroups.get(ref));
    }

    /**
     * The limit that binds a process in {@code ref}: the smallest memory limit of the cgroup and
     * its ancestors (a child cannot use more than its parent allows).
     *
     * @param at    the cgroup whose limit it is
     * @param bytes the limit
     * @param usageBytes that cgroup's usage, when read
     */
    public record Binding(CgroupRef at, long bytes, OptionalLong usageBytes) {
        /** Usage as a share of the limit, 0..1 and more; empty when usage is not known or the limit is 0. */
        public Optional<Double> fill() {
            return usageBytes.isPresent() && bytes > 0 ? Optional.of((double) usageBytes.getAsLong() / bytes) : Optional.empty();
        }
    }

    /**
     * The binding limit for a cgroup, or empty when neither it nor any ancestor that was read has
     * one (unlimited, or not known: the absence does not say which).
     */
    public Optional<Binding> binding(CgroupRef ref) {
        Binding best = null;
        Optional<CgroupRef> c = Optional.of(ref);
        while (c.isPresent()) {
            CgroupMemory m = cgroups.get(c.get());
            if (m != null) {
                Optional<CgroupMemory.Limit> l = m.limit();
                if (l.isPresent() && l.get().bytes().isPresent()
                        && (best == null || l.get().bytes().getAsLong() < best.bytes())) {
                    best = new Binding(c.get(), l.get().bytes().getAsLong(), m.usageBytes());
                }
            }
            c = c.get().parent();
        }
        return Optional.ofNullable(best);
    }
}
