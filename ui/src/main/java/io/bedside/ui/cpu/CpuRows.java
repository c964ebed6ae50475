package io.bedside.ui.cpu;

import io.bedside.model.cpu.CgroupThrottling;
import io.bedside.model.cpu.CpuRules;
import io.bedside.model.cpu.CpuSnapshot;
import io.bedside.model.cpu.CpuStat;
import io.bedside.model.findings.Diagnosis;
import io.bedside.model.sample.Sample;
import io.bedside.ui.findings.FindingItem;
import io.bedside.ui.findings.FindingItems;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * One sample's CPU as the area shows it: the findings, the cgroups with a quota (most throttled
 * first, over the last minute of samples where there is one), and one line of the host's CPU state.
 *
 * @param findings the CPU findings, worst first
 * @param cgroups  the cgroups with a quota
 * @param absence  why the cgroups are not known; empty when they are
 * @param state    "PSI cpu some 12.3% · 4 runnable on 2 CPUs · steal 0.0%"
 */
public record CpuRows(List<FindingItem> findings, List<CgroupRow> cgroups, String absence, String state) {
    public CpuRows {
        findings = List.copyOf(findings);
        cgroups = List.copyOf(cgroups);
    }

    static CpuRows of(Sample latest, List<Sample> history) {
        List<Sample> before = history.stream().filter(s -> s != latest).toList();
        List<FindingItem> findings = new Diagnosis(CpuRules.all()).run(latest, before).stream().map(FindingItems::of).toList();
        CpuSnapshot cpu = CpuSnapshot.of(latest);
        String absence = cpu.cgroups().isPresent() ? ""
                : "cgroup CPU quotas could not be read: " + cpu.cgroups().describeAbsence() + ".";
        List<CgroupRow> rows = CgroupThrottling.of(latest, before).stream().map(CgroupRow::of).toList();
        if (absence.isEmpty() && rows.isEmpty()) {
            absence = "No cgroup has a CPU quota: nothing on this host can be throttled by one.";
        }
        StringBuilder state = new StringBuilder();
        state.append(cpu.someAvg10().map(v -> String.format(Locale.ROOT, "PSI cpu some avg10 %.1f%%", v))
                .orElse("PSI cpu: " + cpu.pressure().describeAbsence()));
        OptionalLong r = CpuSnapshot.runnable(latest);
        if (r.isPresent()) {
            state.append(" · ").append(r.getAsLong()).append(" runnable");
            latest.facts().get().filter(f -> f.cpusOnline().isPresent())
                    .ifPresent(f -> state.append(" on ").append(f.cpusOnline().getAsInt()).append(" CPUs"));
        }
        cpu.stat().get().flatMap(CpuStat::steal).ifPresent(s -> state.append(String.format(Locale.ROOT, " · steal %.1f%% %s",
                s.percent(), s.basis().words())));
        return new CpuRows(findings, rows, absence, state.toString());
    }
}
