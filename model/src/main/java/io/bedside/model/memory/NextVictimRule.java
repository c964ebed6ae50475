package io.bedside.model.memory;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Rule;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.host.MemInfo;
import io.bedside.model.sample.Sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@value MemoryRules#NEXT_VICTIM}: the process the OOM killer would take next (of the host, or of
 * a memory cgroup at 80% of its limit or more) is marked critical, or holds most of the memory it is
 * limited by; a warning when marked critical (critical when memory is also short), else info.
 */
final class NextVictimRule implements Rule {
    private final MemoryAssessment assessment;

    NextVictimRule(MemoryAssessment assessment) {
        this.assessment = assessment;
    }

    @Override
    public String id() {
        return MemoryRules.NEXT_VICTIM;
    }

    @Override
    public List<Finding> evaluate(Sample latest, List<Sample> history) {
        MemorySnapshot memory = MemorySnapshot.of(latest);
        Optional<ProcessMemoryTable> table = memory.processes().get();
        if (table.isEmpty()) {
            return List.of();
        }
        List<ProcessMemory> ranked = table.get().byOomScore();
        if (ranked.isEmpty()) {
            return List.of();
        }
        List<Subject> subjects = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        boolean criticalHit = false;
        boolean urgent = assessment.shortage(latest).map(l -> l.severity() != Severity.INFO).orElse(false);
        // the host's OOM killer
        ProcessMemory top = ranked.get(0);
        OptionalLong total = latest.memory().get().map(MemInfo::memTotalKb).orElse(OptionalLong.empty());
        Optional<String> why = reason(top, total);
        Optional<CgroupMemoryTable> cgroups = memory.cgroups().get();
        if (why.isPresent()) {
            criticalHit |= assessment.critical.contains(top.comm());
            subjects.add(subject(top, "host", total, OptionalLong.empty(), why.get()));
        }
        // each memory cgroup near its limit has an OOM killer of its own
        if (cgroups.isPresent()) {
            Map<CgroupRef, CgroupMemoryTable.Binding> bindings = new LinkedHashMap<>();
            Map<CgroupRef, ProcessMemory> tops = new LinkedHashMap<>();
            for (ProcessMemory p : ranked) {
                if (p.cgroup().isEmpty()) {
                    continue;
                }
                Optional<CgroupMemoryTable.Binding> b = cgroups.get().binding(p.cgroup().get());
                if (b.isEmpty() || b.get().fill().orElse(0.0) < MemoryRules.CGROUP_NEAR) {
                    continue;
                }
                bindings.putIfAbsent(b.get().at(), b.get());
                tops.putIfAbsent(b.get().at(), p);
            }
            for (Map.Entry<CgroupRef, ProcessMemory> e : tops.entrySet()) {
                CgroupMemoryTable.Binding b = bindings.get(e.getKey());
                ProcessMemory p = e.getValue();
                Optional<String> w = reason(p, OptionalLong.of(b.bytes() / 1024));
                if (w.isEmpty() || (p == top && why.isPresent())) {
                    continue;
                }
                criticalHit |= assessment.critical.contains(p.comm());
                urgent |= b.fill().orElse(0.0) >= 0.95;
                subjects.add(subject(p, "cgroup " + b.at(), OptionalLong.of(b.bytes() / 1024), b.usageBytes(), w.get()
                        + String.format(Locale.ROOT, "; its memory cgroup %s is at %.0f%% of its limit", b.at(), 100 * b.fill().get())));
                cgroups.get().get(b.at()).ifPresent(c -> ev.add(new Evidence(MemorySnapshot.CGROUPS,
                        "memory cgroup " + b.at() + ": limit and use", List.of(c.line()))));
            }
        }
        if (subjects.isEmpty()) {
            return List.of();
        }
        List<String> rows = new ArrayList<>();
        rows.add(table.get().header());
        ranked.stream().limit(10).forEach(p -> rows.add(p.line()));
        ev.add(0, new Evidence(MemorySnapshot.PROCS, "the processes the OOM killer would take first (highest oom_score)", rows));
        Subject first = subjects.get(0);
        String summary = "The OOM killer would take " + first.get("comm") + " (pid " + first.get("pid") + ", oom_score "
                + first.get("oom_score") + ") next" + (first.get("scope").equals("host") ? "" : " in " + first.get("scope"))
                + ": " + first.get("reason") + (subjects.size() > 1 ? "; " + subjects.size() + " processes are in that state" : "");
        Severity severity = criticalHit ? (urgent ? Severity.CRITICAL : Severity.WARNING) : (urgent ? Severity.WARNING : Severity.INFO);
        return List.of(new Finding(MemoryRules.NEXT_VICTIM, severity, summary, subjects, ev,
                List.of(FixOffer.of(MemoryFixPlans.PROTECT, "pid", first.get("pid").toString()))));
    }

    private Optional<String> reason(ProcessMemory p, OptionalLong limitKb) {
        List<String> why = new ArrayList<>();
        if (assessment.critical.contains(p.comm())) {
            why.add("it is marked critical");
        }
        if (p.rssKb().isPresent() && limitKb.isPresent() && limitKb.getAsLong() > 0
                && p.rssKb().getAsLong() >= assessment.thresholds.mostOfMemory() * limitKb.getAsLong()) {
            why.add(String.format(Locale.ROOT, "it holds %.0f%% of the memory, %s of %s",
                    100.0 * p.rssKb().getAsLong() / limitKb.getAsLong(), io.bedside.model.text.ByteSize.ofKib(p.rssKb().getAsLong()),
                    io.bedside.model.text.ByteSize.ofKib(limitKb.getAsLong())));
        }
        return why.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", why));
    }

    private Subject subject(ProcessMemory p, String scope, OptionalLong limitKb, OptionalLong usageBytes, String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", p.pid());
        m.put("comm", p.comm());
        m.put("oom_score", p.oomScore().getAsInt());
        m.put("oom_score_adj", p.oomScoreAdj().isPresent() ? (Object) p.oomScoreAdj().getAsInt() : "unknown");
        m.put("rss_kb", MemoryRules.known(p.rssKb()));
        m.put("swap_kb", MemoryRules.known(p.swapKb()));
        m.put("uid", MemoryRules.known(p.uid()));
        m.put("cgroup", p.cgroup().map(CgroupRef::toString).orElse("unknown"));
        m.put("unit", p.unit().orElse(""));
        m.put("scope", scope);
        m.put("limit_kb", limitKb.isPresent() ? (Object) limitKb.getAsLong() : "unknown");
        if (usageBytes.isPresent()) {
            m.put("usage_kb", usageBytes.getAsLong() / 1024);
        }
        m.put("critical", assessment.critical.contains(p.comm()));
        m.put("reason", reason);
        m.put("start", p.startTicks());
        return Subject.of(Subject.Kind.PROCESS, m);
    }
}
