package io.bedside.ui.cpu;

import io.bedside.model.cpu.CgroupThrottling;

import java.util.Locale;

/**
 * One cgroup with a CPU quota as the table shows it: its name (host text, escaped when shown),
 * unit, quota and use as shares of one CPU, throttling and over what.
 */
public record CgroupRow(String cgroup, String unit, String quota, String used, double throttledPercent, String throttled,
                        String heldBack, String basis)
        implements io.bedside.ui.findings.AboutFinding {
    @Override
    public boolean isAbout(io.bedside.ui.findings.FindingItem f) {
        return f.subjectValues("cgroup").contains(cgroup);
    }


    static CgroupRow of(CgroupThrottling t) {
        return new CgroupRow(t.cgroup(), t.unit().orElse("—"),
                t.quotaPercent().map(q -> String.format(Locale.ROOT, "%.0f%%", q)).orElse("?"),
                t.usagePercent().isPresent() ? String.format(Locale.ROOT, "%.0f%%", t.usagePercent().getAsDouble()) : "—",
                t.throttledPercent(),
                t.periods() == 0 ? "no periods" : String.format(Locale.ROOT, "%.0f%% of %d", t.throttledPercent(), t.periods()),
                t.throttledSeconds().isPresent() ? String.format(Locale.ROOT, "%.1f s", t.throttledSeconds().getAsDouble()) : "?",
                t.basis());
    }
}
