package io.bedside.model.procs;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Rule;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.host.LoadAverage;
import io.bedside.model.sample.Sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@value ProcsRules#PIDS_EXHAUSTED}: tasks near the kernel's limits (every thread takes a pid below
 * kernel.pid_max and counts against kernel.threads-max; /proc/loadavg's 4th field counts them), or
 * a cgroup's pids near its pids.max (where fork() fails with EAGAIN: "Resource temporarily
 * unavailable"). Offers {@value ProcsFixPlans#RAISE_LIMIT} with the limit and a proposed value.
 */
public final class PidsExhaustedRule implements Rule {
    @Override
    public String id() {
        return ProcsRules.PIDS_EXHAUSTED;
    }

    @Override
    public List<Finding> evaluate(Sample latest, List<Sample> history) {
        ProcsSnapshot p = ProcsSnapshot.of(latest);
        List<Subject> subjects = new ArrayList<>();
        List<String> phrases = new ArrayList<>();
        List<FixOffer> fixes = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        Severity worst = null;
        Optional<LoadAverage> load = latest.load().get();
        Optional<PidLimits> limits = p.limits().get();
        if (load.isPresent() && limits.isPresent()) {
            long used = load.get().total();
            List<String> lines = new ArrayList<>();
            for (String name : List.of(ProcsFixPlans.PID_MAX, ProcsFixPlans.THREADS_MAX)) {
                OptionalLong max = name.equals(ProcsFixPlans.PID_MAX) ? limits.get().pidMax() : limits.get().threadsMax();
                if (max.isEmpty() || max.getAsLong() <= 0 || 100 * used < ProcsRules.PIDS_WARNING_PERCENT * max.getAsLong()) {
                    continue;
                }
                Severity sev = 100 * used >= ProcsRules.PIDS_CRITICAL_PERCENT * max.getAsLong() ? Severity.CRITICAL : Severity.WARNING;
                worst = worse(worst, sev);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("limit", name);
                m.put("used", used);
                m.put("max", max.getAsLong());
                m.put("cgroup", null);
                m.put("percent", 100 * used / max.getAsLong());
                m.put("severity", sev.token());
                subjects.add(Subject.of(Subject.Kind.LIMIT, m));
                phrases.add(used + " tasks of " + name + " " + max.getAsLong() + " (" + 100 * used / max.getAsLong() + "%)");
                ProcsFixPlans.proposedSysctl(name, max.getAsLong(), used).ifPresent(v -> fixes.add(new FixOffer(ProcsFixPlans.RAISE_LIMIT,
                        ordered("limit", name, "value", Long.toString(v)))));
                lines.add(name + "=" + max.getAsLong());
            }
            if (!lines.isEmpty()) {
                latest.output().section("loadavg").ifPresent(s -> lines.addAll(0, s.lines()));
                ev.add(new Evidence(ProcsSnapshot.LIMITS, "tasks (4th field of /proc/loadavg: running/total) against the kernel's limits", lines));
            }
        }
        Optional<CgroupPidsTable> before = previousCgroups(latest, history);
        List<String> cgLines = new ArrayList<>();
        for (CgroupPids c : p.cgroups().get().map(CgroupPidsTable::cgroups).orElse(List.of())) {
            if (c.current().isEmpty()) {
                continue;
            }
            long cur = c.current().getAsLong();
            boolean near = c.max() == 0 || 100 * cur >= ProcsRules.PIDS_WARNING_PERCENT * c.max();
            OptionalLong refusedBefore = before.flatMap(b -> b.find(c.ref())).map(CgroupPids::eventsMax).orElse(OptionalLong.empty());
            boolean refusing = c.eventsMax().isPresent() && refusedBefore.isPresent() && c.eventsMax().getAsLong() > refusedBefore.getAsLong();
            if (!near && !refusing) {
                continue;
            }
            cgLines.add(c.line());
            Severity sev = refusing || cur >= c.max() || 100 * cur >= ProcsRules.PIDS_CRITICAL_PERCENT * c.max()
                    ? Severity.CRITICAL : Severity.WARNING;
            worst = worse(worst, sev);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("limit", "pids.max");
            m.put("used", cur);
            m.put("max", c.max());
            m.put("cgroup", c.ref());
            m.put("percent", c.percent().orElse(100));
            c.eventsMax().ifPresent(e -> m.put("refused_forks", e));
            m.put("severity", sev.token());
            subjects.add(Subject.of(Subject.Kind.LIMIT, m));
            phrases.add("cgroup " + c.path() + " (" + c.version() + ") holds " + cur + " of its pids.max " + c.max()
                    + (c.eventsMax().isPresent() && c.eventsMax().getAsLong() > 0 ? ", " + c.eventsMax().getAsLong() + " forks refused" : ""));
            fixes.add(new FixOffer(ProcsFixPlans.RAISE_LIMIT, ordered("cgroup", c.ref(), "max",
                    Long.toString(ProcsFixPlans.proposedCgroupMax(c.max(), cur)))));
        }
        if (!cgLines.isEmpty()) {
            ev.add(new Evidence(ProcsSnapshot.CGROUPS, "cgroups at " + ProcsRules.PIDS_WARNING_PERCENT
                    + "% or more of pids.max, or refusing forks (version, path, pids.max, pids.current, pids.events max)", cgLines));
        }
        if (subjects.isEmpty()) {
            return List.of();
        }
        String summary = "Tasks near their limit: " + String.join("; ", phrases.subList(0, Math.min(3, phrases.size())))
                + (phrases.size() > 3 ? "; and " + (phrases.size() - 3) + " more" : "")
                + ". At the limit fork() and pthread_create() fail (\"Resource temporarily unavailable\").";
        return List.of(new Finding(ProcsRules.PIDS_EXHAUSTED, worst, summary, subjects, ev, fixes));
    }

    /** The cgroup walk of the last earlier sample that read one itself (not carried). */
    private static Optional<CgroupPidsTable> previousCgroups(Sample latest, List<Sample> history) {
        // a light sample carries the last walk: compare that walk with the one before it
        int skip = latest.output().carried().containsKey(ProcsSnapshot.CGROUPS) ? 1 : 0;
        for (int i = history.size() - 1; i >= 0; i--) {
            Sample s = history.get(i);
            if (s == latest || s.output().carried().containsKey(ProcsSnapshot.CGROUPS)
                    || ProcsSnapshot.of(s).cgroups().get().isEmpty()) {
                continue;
            }
            if (skip > 0) {
                skip--;
                continue;
            }
            Optional<CgroupPidsTable> t = ProcsSnapshot.of(s).cgroups().get();
            if (t.isPresent()) {
                return t;
            }
        }
        return Optional.empty();
    }

    private static Severity worse(Severity a, Severity b) {
        return a == null || b.compareTo(a) > 0 ? b : a;
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
