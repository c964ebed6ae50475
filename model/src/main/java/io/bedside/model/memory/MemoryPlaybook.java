package io.bedside.model.memory;

import io.bedside.model.findings.Chart;
import io.bedside.model.findings.FixKind;
import io.bedside.model.findings.Playbook;
import io.bedside.model.findings.Rule;
import io.bedside.model.probe.ProbeFragment;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SamplePart;

import java.util.ArrayList;
import io.bedside.model.findings.Measure;
import io.bedside.model.host.MemInfo;
import io.bedside.model.host.Pressure;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.List;
import java.util.Map;

/**
 * Memory: OOM kills from the kernel log, memory pressure, the next victim by OOM score, reboots
 * (seed incident 003).
 */
public final class MemoryPlaybook implements Playbook {
    public static final String ID = "memory";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Memory and the OOM killer";
    }

    @Override
    public SamplePart<?> part() {
        return MemorySnapshot.PART;
    }

    @Override
    public List<ProbeFragment> fragments() {
        return List.of(ProbeFragment.beside(MemorySnapshot.class, "probe-memory.sh"));
    }

    @Override
    public List<String> findingIds() {
        return List.of(MemoryRules.OOM_KILLED, MemoryRules.PRESSURE, MemoryRules.NEXT_VICTIM, MemoryRules.REBOOTED,
                MemoryRules.LOG_UNREADABLE);
    }

    @Override
    public List<Rule> rules() {
        return MemoryRules.all();
    }

    @Override
    public List<FixKind> fixes() {
        return List.of(new FixKind(MemoryFixPlans.PROTECT, "Protect a process from the OOM killer (oom_score_adj)", "Protect…",
                (s, p, uid) -> MemoryFixPlans.plan(MemorySnapshot.of(s), p)));
    }

    @Override
    public List<String> standing(Sample sample) {
        List<String> out = new ArrayList<>();
        MemorySnapshot m = MemorySnapshot.of(sample);
        m.oomKills().get().ifPresent(n -> out.add("OOM kills since boot: " + n));
        m.processes().get().ifPresent(t -> t.byOomScore().stream().findFirst().ifPresent(p ->
                out.add("Next OOM victim: " + p.comm() + " (pid " + p.pid() + "), oom_score "
                        + (p.oomScore().isPresent() ? p.oomScore().getAsInt() : "unknown")
                        + ", oom_score_adj " + (p.oomScoreAdj().isPresent() ? p.oomScoreAdj().getAsInt() : "unknown"))));
        return out;
    }

    @Override
    public List<Chart> charts() {
        return List.of(
                new Chart("memory.available", "Memory available", "MiB", List.of(
                        Chart.Line.of("MemAvailable", s -> mib(s.memory().get().map(MemInfo::memAvailableKb))),
                        // no swap configured: no line rather than a flat zero
                        Chart.Line.of("Swap used", s -> mib(s.memory().get()
                                .filter(m -> !(m.swapTotalKb().isPresent() && m.swapTotalKb().getAsLong() == 0))
                                .map(MemInfo::swapUsedKb))),
                        Chart.Line.limit("MemTotal", s -> mib(s.memory().get().map(MemInfo::memTotalKb))))),
                new Chart("memory.pressure", "Memory pressure (PSI, avg10)", "% of time stalled", List.of(
                        Chart.Line.of("some", s -> s.memoryPressure().get()
                                .map(p -> OptionalDouble.of(p.some().avg10())).orElse(OptionalDouble.empty())),
                        Chart.Line.of("full", s -> s.memoryPressure().get().flatMap(Pressure::full)
                                .map(f -> OptionalDouble.of(f.avg10())).orElse(OptionalDouble.empty())))));
    }

    private static OptionalDouble mib(Optional<OptionalLong> kb) {
        return kb.filter(OptionalLong::isPresent).map(k -> OptionalDouble.of(k.getAsLong() / 1024.0)).orElse(OptionalDouble.empty());
    }

    @Override
    public List<Measure> measures() {
        // memory moves all the time: only a change by a tenth counts as moved
        return List.of(new Measure("MemAvailable", s -> s.memory().get().flatMap(m -> m.memAvailableKb().isPresent()
                ? Optional.of(m.memAvailableKb().getAsLong() / 1024 + " MiB") : Optional.empty()), 0.1));
    }

    @Override
    public Map<String, Object> data(Sample sample) {
        return MemoryData.of(sample);
    }
}
