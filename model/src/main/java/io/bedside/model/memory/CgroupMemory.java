package io.bedside.model.memory;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The memory files of one cgroup, as the probe read them. A value the probe could not read is
 * absent, never 0; "no limit" ({@code max} in v2, the kernel's page-counter maximum in v1) is
 * told apart from "not known".
 *
 * @param ref     the cgroup
 * @param missing the cgroup's directory was not there (the process moved, or no memory controller)
 * @param values  the raw {@code key=value} pairs: v2 {@code max high current swap.max swap.current
 *                oom oom_kill}; v1 {@code limit usage failcnt memsw.limit memsw.usage oom_kill under_oom}
 * @param line    the probe's line, for evidence
 */
public record CgroupMemory(CgroupRef ref, boolean missing, Map<String, String> values, String line) {
    /** A v1 limit at or above this is the kernel's "unlimited" (LONG_MAX rounded down to a page). */
    static final long V1_UNLIMITED = 1L << 62;

    public CgroupMemory {
        values = Map.copyOf(values);
    }

    /**
     * A memory limit.
     *
     * @param bytes the limit, empty when there is none ({@code max})
     */
    public record Limit(OptionalLong bytes) {
        public boolean unlimited() {
            return bytes.isEmpty();
        }
    }

    /** memory.max (v2) or memory.limit_in_bytes (v1); empty when it was not read. */
    public Optional<Limit> limit() {
        return limitOf(ref.version() == 2 ? "max" : "limit");
    }

    /** memory.high (v2 only): above it the cgroup is throttled and reclaimed hard. */
    public Optional<Limit> high() {
        return ref.version() == 2 ? limitOf("high") : Optional.empty();
    }

    /** memory.swap.max (v2) or memory.memsw.limit_in_bytes (v1, memory plus swap). */
    public Optional<Limit> swapLimit() {
        return limitOf(ref.version() == 2 ? "swap.max" : "memsw.limit");
    }

    /** memory.current (v2) or memory.usage_in_bytes (v1). */
    public OptionalLong usageBytes() {
        return number(ref.version() == 2 ? "current" : "usage");
    }

    /** oom_kill of memory.events (v2) or memory.oom_control (v1, kernel 4.13+): kills in this cgroup. */
    public OptionalLong oomKills() {
        return number("oom_kill");
    }

    /** v2 memory.events oom: times the cgroup hit its limit and the OOM killer was invoked. */
    public OptionalLong oomEvents() {
        return number("oom");
    }

    /** v1 memory.failcnt: times usage hit the limit. */
    public OptionalLong failcnt() {
        return number("failcnt");
    }

    private Optional<Limit> limitOf(String key) {
        String v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v.equals("max")) {
            return Optional.of(new Limit(OptionalLong.empty()));
        }
        OptionalLong n = parse(v);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Limit(n.getAsLong() >= V1_UNLIMITED ? OptionalLong.empty() : n));
    }

    private OptionalLong number(String key) {
        String v = values.get(key);
        return v == null ? OptionalLong.empty() : parse(v);
    }

    private static OptionalLong parse(String v) {
        try {
            long n = Long.parseLong(v);
            return n < 0 ? OptionalLong.empty() : OptionalLong.of(n);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
