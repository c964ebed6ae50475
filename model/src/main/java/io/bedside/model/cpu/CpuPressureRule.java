package io.bedside.model.cpu;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Rule;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.probe.SourceStatus;
import io.bedside.model.sample.Sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@value CpuRules#PRESSURE}: CPU PSI some avg10 past its threshold: tasks waited for a CPU that
 * long a share of the last 10 s. With it, the run queue (procs_running against the CPUs online)
 * and steal time (a hypervisor that gave the CPU to another guest), which tell a busy host from
 * a starved guest.
 */
final class CpuPressureRule implements Rule {
    @Override
    public String id() {
        return CpuRules.PRESSURE;
    }

    @Override
    public List<Finding> evaluate(Sample latest, List<Sample> history) {
        CpuSnapshot cpu = CpuSnapshot.of(latest);
        Optional<Double> some = cpu.someAvg10();
        if (some.isEmpty() || some.get() < CpuRules.PSI_WARNING) {
            return List.of();
        }
        double v = some.get();
        Severity sev = v >= CpuRules.PSI_CRITICAL ? Severity.CRITICAL : Severity.WARNING;
        Optional<CpuStat> stat = cpu.stat().get();
        Optional<CpuStat.Share> steal = stat.flatMap(CpuStat::steal);
        Optional<Integer> cpus = latest.facts().get().flatMap(f -> f.cpusOnline().isPresent()
                ? Optional.of(f.cpusOnline().getAsInt()) : Optional.empty());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("metric", "psi cpu some avg10");
        m.put("some_avg10", v);
        java.util.OptionalLong runnable = CpuSnapshot.runnable(latest);
        m.put("runnable", runnable.isPresent() ? (Object) runnable.getAsLong() : null);
        m.put("cpus", cpus.orElse(null));
        m.put("steal_pct", steal.map(s -> (Object) CpuRules.round(s.percent())).orElse(null));
        m.put("steal_basis", steal.map(s -> s.basis().words()).orElse(null));
        m.put("warning_percent", CpuRules.PSI_WARNING);
        m.put("critical_percent", CpuRules.PSI_CRITICAL);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "Tasks waited for a CPU %.1f%% of the last 10 s (PSI cpu some avg10)", v));
        runnable.ifPresent(x -> s.append("; ").append(x)
                .append(" runnable").append(cpus.map(c -> " on " + c + " CPU" + (c == 1 ? "" : "s")).orElse("")));
        steal.ifPresent(x -> s.append(String.format(Locale.ROOT, "; steal %.1f%% %s", x.percent(), x.basis().words())));
        if (steal.isPresent() && steal.get().percent() >= 10) {
            s.append(": the hypervisor is giving this guest's CPU time to others");
        }
        if (!cpu.stat().isPresent()) {
            s.append(" (steal: ").append(cpu.stat().describeAbsence()).append(")");
        }
        List<Evidence> ev = new ArrayList<>();
        latest.output().section(CpuSnapshot.PRESSURE).filter(x -> x.status() == SourceStatus.OK)
                .ifPresent(x -> ev.add(new Evidence(CpuSnapshot.PRESSURE, "/proc/pressure/cpu", x.lines())));
        latest.output().section("loadavg").filter(x -> x.status() == SourceStatus.OK)
                .ifPresent(x -> ev.add(new Evidence("loadavg", "/proc/loadavg (runnable/total)", x.lines())));
        latest.output().section(CpuSnapshot.STAT).filter(x -> x.status() == SourceStatus.OK)
                .ifPresent(x -> ev.add(new Evidence(CpuSnapshot.STAT, "/proc/stat (cpu ticks)", x.lines())));
        return List.of(new Finding(CpuRules.PRESSURE, sev, s.toString(), List.of(Subject.of(Subject.Kind.METRIC, m)), ev, List.of()));
    }
}
