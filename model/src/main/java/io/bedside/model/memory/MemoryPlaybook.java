package io.bedside.model.memory;

import io.bedside.model.findings.FixKind;
import io.bedside.model.findings.Playbook;
import io.bedside.model.findings.Rule;
import io.bedside.model.probe.Sample;

import java.util.ArrayList;
import io.bedside.model.findings.Measure;
import java.util.Optional;
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
    public List<String> findingIds() {
        return List.of(MemoryRules.OOM_KILLED, MemoryRules.PRESSURE, MemoryRules.NEXT_VICTIM, MemoryRules.REBOOTED,
                MemoryRules.LOG_UNREADABLE);
    }

    @Override
    public List<Rule> rules() {
        return List.of(new MemoryRules());
    }

    @Override
    public List<FixKind> fixes() {
        return List.of(new FixKind(MemoryFixPlans.PROTECT, "Protect a process from the OOM killer (oom_score_adj)", "Protect…",
                (s, p, uid) -> MemoryFixPlans.plan(s.processes(), p)));
    }

    @Override
    public List<String> standing(Sample sample) {
        List<String> out = new ArrayList<>();
        MemorySnapshot m = sample.processes();
        m.oomKills().get().ifPresent(n -> out.add("OOM kills since boot: " + n));
        m.processes().get().ifPresent(t -> t.byOomScore().stream().findFirst().ifPresent(p ->
                out.add("Next OOM victim: " + p.comm() + " (pid " + p.pid() + "), oom_score "
                        + (p.oomScore().isPresent() ? p.oomScore().getAsInt() : "unknown")
                        + ", oom_score_adj " + (p.oomScoreAdj().isPresent() ? p.oomScoreAdj().getAsInt() : "unknown"))));
        return out;
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
