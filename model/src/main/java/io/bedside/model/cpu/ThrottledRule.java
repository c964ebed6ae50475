package io.bedside.model.cpu;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Rule;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.probe.Section;
import io.bedside.model.probe.SourceStatus;
import io.bedside.model.probe.WireText;
import io.bedside.model.sample.Sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@value CpuRules#THROTTLED}: a cgroup held back by its CPU quota in at least a quarter of the
 * periods it wanted CPU in. One finding per cgroup, most throttled first, each offering
 * {@value CpuFixPlans#RAISE} with a quota twice the current one.
 */
final class ThrottledRule implements Rule {
    private final CpuAssessment assessment;

    ThrottledRule(CpuAssessment assessment) {
        this.assessment = assessment;
    }

    @Override
    public String id() {
        return CpuRules.THROTTLED;
    }

    @Override
    public List<Finding> evaluate(Sample latest, List<Sample> history) {
        List<Finding> out = new ArrayList<>();
        for (CpuAssessment.Throttling t : assessment.throttling(latest, history)) {
            double pct = t.percent();
            if (t.periods() < CpuRules.MIN_PERIODS || pct < CpuRules.THROTTLED_WARNING) {
                continue;
            }
            boolean window = t.basis() == CpuAssessment.Basis.WINDOW;
            Severity sev = window && pct >= CpuRules.THROTTLED_CRITICAL ? Severity.CRITICAL : Severity.WARNING;
            CgroupCpu c = t.cgroup();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cgroup", t.name());
            m.put("unit", c.unit().orElse(null));
            m.put("quota", c.quotaUsec());
            m.put("period", c.periodUsec().isPresent() ? (Object) c.periodUsec().getAsLong() : null);
            m.put("quota_percent", c.quotaPercent().map(CpuRules::round).orElse(null));
            m.put("throttled_pct", CpuRules.round(pct));
            m.put("throttled_seconds", t.seconds().isPresent() ? (Object) CpuRules.round(t.seconds().getAsDouble()) : null);
            m.put("nr_periods", t.periods());
            m.put("nr_throttled", t.throttled());
            m.put("basis", window ? "window" : "since-start");
            m.put("window_seconds", window ? t.span().toSeconds() : null);
            m.put("usage_cpus", t.usageCpus().isPresent() ? (Object) (Math.round(t.usageCpus().getAsDouble() * 100) / 100.0) : null);
            m.put("hierarchy", c.version());
            String quotaWords = c.quotaPercent().map(q -> String.format(Locale.ROOT, "%.0f%% of a CPU", q))
                    .orElse(c.quotaUsec() + " µs per period");
            String summary = String.format(Locale.ROOT, "cgroup %s%s was throttled in %.0f%% of its CPU periods %s (%d of %d%s); its quota is %s",
                    t.name(), c.unit().map(u -> " (" + u + ")").orElse(""), pct, t.basisWords(), t.throttled(), t.periods(),
                    t.seconds().isPresent() ? String.format(Locale.ROOT, ", held back %.1f s", t.seconds().getAsDouble()) : "",
                    quotaWords)
                    + (window ? "" : "; a second sample a minute later tells whether it still is");
            List<Evidence> ev = new ArrayList<>();
            latest.output().section(CpuSnapshot.CGROUPS).filter(s -> s.status() == SourceStatus.OK).map(Section::lines)
                    .ifPresent(lines -> ev.add(new Evidence(CpuSnapshot.CGROUPS, "cpu.max / cpu.cfs_quota_us and cpu.stat of the cgroup",
                            lines.stream().filter(l -> matches(l, c)).toList())));
            out.add(new Finding(CpuRules.THROTTLED, sev, summary, List.of(Subject.of(Subject.Kind.LIMIT, m)), ev,
                    List.of(CpuFixPlans.offer(c, t.name()))));
        }
        return out;
    }

    private static boolean matches(String line, CgroupCpu c) {
        String[] f = line.split("\t", -1);
        return f.length == 3 && f[0].equals(c.version()) && WireText.decode(f[1]).equals(c.path());
    }
}
