package io.bedside.model.host;

import java.util.Map;
import java.util.OptionalLong;

/**
 * /proc/meminfo, in kB as the kernel prints it. Fields absent on this kernel stay absent
 * (MemAvailable appeared in 3.14), they are never filled in as 0.
 *
 * @param fieldsKb every field the kernel printed, by its kernel name, in kB (HugePages_* are counts)
 */
public record MemInfo(Map<String, Long> fieldsKb) {
    public MemInfo {
        fieldsKb = Map.copyOf(fieldsKb);
    }

    public OptionalLong kb(String field) {
        Long v = fieldsKb.get(field);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    public OptionalLong memTotalKb() {
        return kb("MemTotal");
    }

    public OptionalLong memAvailableKb() {
        return kb("MemAvailable");
    }

    public OptionalLong swapTotalKb() {
        return kb("SwapTotal");
    }

    public OptionalLong swapFreeKb() {
        return kb("SwapFree");
    }

    /** Swap in use, when both figures are present. */
    public OptionalLong swapUsedKb() {
        OptionalLong t = swapTotalKb();
        OptionalLong f = swapFreeKb();
        return t.isPresent() && f.isPresent() ? OptionalLong.of(t.getAsLong() - f.getAsLong()) : OptionalLong.empty();
    }

    public OptionalLong committedKb() {
        return kb("Committed_AS");
    }

    public OptionalLong commitLimitKb() {
        return kb("CommitLimit");
    }
}
