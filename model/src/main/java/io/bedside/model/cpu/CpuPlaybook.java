package io.bedside.model.cpu;

import io.bedside.model.findings.Chart;
import io.bedside.model.findings.FixKind;
import io.bedside.model.findings.Measure;
import io.bedside.model.findings.Playbook;
import io.bedside.model.findings.Rule;
import io.bedside.model.host.Pressure;
import io.bedside.model.probe.ProbeFragment;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SamplePart;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * CPU: cgroups starved by their CPU quota (throttling), CPU pressure with the run queue and steal
 * time (issue 13).
 */
public final class CpuPlaybook implements Playbook {
    public static final String ID = "cpu";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "CPU";
    }

    @Override
    public SamplePart<?> part() {
        return CpuSnapshot.PART;
    }

    @Override
    public List<ProbeFragment> fragments() {
        return List.of(ProbeFragment.beside(CpuSnapshot.class, "probe-cpu.sh"));
    }

    @Override
    public List<String> findingIds() {
        return List.of(CpuRules.THROTTLED, CpuRules.PRESSURE);
    }

    @Override
    public List<Rule> rules() {
        return CpuRules.all();
    }

    @Override
    public List<FixKind> fixes() {
        return List.of(new FixKind(CpuFixPlans.RAISE, "Raise a cgroup's CPU quota (CPUQuota=, cpu.max, cpu.cfs_quota_us)",
                "Raise quota…", (s, p, uid) -> CpuFixPlans.plan(CpuSnapshot.of(s), p)));
    }

    @Override
    public List<String> standing(Sample sample) {
        List<String> out = new ArrayList<>();
        CpuSnapshot cpu = CpuSnapshot.of(sample);
        cpu.someAvg10().ifPresent(v -> out.add(String.format(Locale.ROOT, "PSI cpu some avg10: %.2f%%", v)));
        cpu.cgroups().get().ifPresent(t -> t.cgroups().stream().limit(5).forEach(c -> out.add(quotaLine(t, c))));
        return out;
    }

    private static String quotaLine(CgroupCpuTable t, CgroupCpu c) {
        return "CPU quota of " + t.name(c) + c.unit().map(u -> " (" + u + ")").orElse("") + ": "
                + c.quotaPercent().map(q -> String.format(Locale.ROOT, "%.1f%% of a CPU", q)).orElse(c.quotaUsec() + " µs")
                + (c.nrPeriods().isPresent() && c.nrThrottled().isPresent() && c.nrPeriods().getAsLong() > 0
                ? String.format(Locale.ROOT, ", throttled in %.1f%% of its periods since it began",
                100.0 * c.nrThrottled().getAsLong() / c.nrPeriods().getAsLong()) : "");
    }

    @Override
    public List<Chart> charts() {
        return List.of(
                new Chart("cpu.pressure", "CPU pressure (PSI avg10)", "% of time", List.of(
                        Chart.Line.of("some", s -> psi(s, false)),
                        Chart.Line.of("full", s -> psi(s, true)))),
                new Chart("cpu.runqueue", "Run queue", "tasks", List.of(
                        Chart.Line.of("runnable", s -> {
                            java.util.OptionalLong r = CpuSnapshot.runnable(s);
                            return r.isPresent() ? OptionalDouble.of(r.getAsLong()) : OptionalDouble.empty();
                        }),
                        Chart.Line.limit("CPUs online", s -> s.facts().get().filter(f -> f.cpusOnline().isPresent())
                                .map(f -> OptionalDouble.of(f.cpusOnline().getAsInt())).orElse(OptionalDouble.empty())))),
                new Chart("cpu.steal", "Steal and iowait", "% of CPU time", List.of(
                        Chart.Line.of("steal", s -> interval(stat(s).flatMap(CpuStat::steal))),
                        Chart.Line.of("iowait", s -> interval(stat(s).flatMap(CpuStat::iowait))))));
    }

    private static Optional<CpuStat> stat(Sample s) {
        return CpuSnapshot.of(s).stat().get();
    }

    /** A share measured between two samples; a since-boot figure is not drawn among them. */
    private static OptionalDouble interval(Optional<CpuStat.Share> share) {
        return share.filter(x -> x.basis() == CpuStat.Basis.INTERVAL).map(x -> OptionalDouble.of(x.percent()))
                .orElse(OptionalDouble.empty());
    }

    private static OptionalDouble psi(Sample s, boolean full) {
        Optional<Pressure> p = CpuSnapshot.of(s).pressure().get();
        if (full) {
            return p.flatMap(Pressure::full).map(f -> OptionalDouble.of(f.avg10())).orElse(OptionalDouble.empty());
        }
        return p.map(x -> OptionalDouble.of(x.some().avg10())).orElse(OptionalDouble.empty());
    }

    @Override
    public List<Measure> measures() {
        return List.of(
                new Measure("CPU quotas", s -> CpuSnapshot.of(s).cgroups().get().map(t -> t.cgroups().stream()
                        .sorted(Comparator.comparing(t::name)).limit(5)
                        .map(c -> t.name(c) + " " + c.quotaPercent().map(q -> String.format(Locale.ROOT, "%.0f%%", q)).orElse(c.quotaUsec() + "µs"))
                        .reduce((a, b) -> a + ", " + b).orElse("none"))),
                new Measure("PSI cpu some avg10", s -> CpuSnapshot.of(s).someAvg10().map(v -> String.format(Locale.ROOT, "%.2f%%", v)), 0.25));
    }

    @Override
    public Map<String, Object> data(Sample sample) {
        return CpuData.of(sample);
    }
}
