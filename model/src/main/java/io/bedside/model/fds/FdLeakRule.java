package io.bedside.model.fds;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.sockets.SocketFixPlans;
import io.bedside.model.sockets.SocketSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@value FdsRules#LEAK}: a process whose fds grew in every full sample of a run (see {@link FdsRules}
 * for how long), with the kinds that grew (compared first against now) and the rate.
 */
public final class FdLeakRule extends FdsRule {
    public FdLeakRule() {
        this(new FdsAssessment.Cache(FdsRules.Thresholds.DEFAULTS));
    }

    FdLeakRule(FdsAssessment.Cache cache) {
        super(cache);
    }

    @Override
    public String id() {
        return FdsRules.LEAK;
    }

    @Override
    Optional<Finding> raise(FdsAssessment a) {
        if (a.leaks.isEmpty()) {
            return Optional.empty();
        }
        Severity worst = Severity.WARNING;
        List<Subject> subjects = new ArrayList<>();
        List<String> phrases = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        Map<String, FixOffer> fixes = new LinkedHashMap<>();
        for (FdLeak l : a.leaks) {
            boolean near = l.soft().isPresent() && 100L * l.fdsNow() >= (long) a.limits.fdPercent() * l.soft().getAsLong();
            boolean soon = l.minutesToLimit().isPresent() && l.minutesToLimit().getAsLong() <= a.limits.leakHorizon().toMinutes();
            Severity sev = near || soon ? Severity.CRITICAL : Severity.WARNING;
            if (sev.compareTo(worst) > 0) {
                worst = sev;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", l.pid());
            m.put("comm", l.comm());
            m.put("start", l.start());
            m.put("fds_first", l.fdsFirst());
            m.put("fds_now", l.fdsNow());
            m.put("per_minute", l.perMinute());
            m.put("fd_kind", l.kind());
            m.put("fd_kinds", new LinkedHashMap<>(l.kinds()));
            m.put("samples", l.samples());
            m.put("since_seconds", l.span().toSeconds());
            l.soft().ifPresent(s -> m.put("limit", s));
            l.hard().ifPresent(h -> m.put("hard_limit", h));
            l.minutesToLimit().ifPresent(t -> m.put("minutes_to_limit", t));
            Optional<String> unit = a.sockets.unit(l.pid());
            unit.ifPresent(u -> m.put("unit", u));
            m.put("severity", sev.token());
            subjects.add(Subject.of(Subject.Kind.PROCESS, m));
            phrases.add(l.comm() + " (pid " + l.pid() + ") went from " + l.fdsFirst() + " to " + l.fdsNow() + " fds in "
                    + l.samples() + " samples over " + duration(l.span().toSeconds()) + ", " + l.perMinute() + "/min, mostly "
                    + l.kind());
            lines.add(l.lineFirst());
            lines.add(l.lineNow());
            a.sockets.fds().get().flatMap(t -> t.process(l.pid())).flatMap(p -> FdsFixPlans.proposedNofile(p, a.fds.table().get()
                            .flatMap(t -> t.nrOpen().isPresent() ? Optional.of(t.nrOpen().getAsLong()) : Optional.empty())))
                    .ifPresent(n -> FdNearLimitRule.offer(fixes, FdsFixPlans.RAISE_LIMIT, "pid", Integer.toString(l.pid()), "nofile", n));
            unit.ifPresent(u -> FdNearLimitRule.offer(fixes, SocketFixPlans.RESTART_UNIT, "unit", u));
        }
        String summary = "Fds growing in every sample: " + String.join("; ", phrases.subList(0, Math.min(3, phrases.size())))
                + (phrases.size() > 3 ? "; and " + (phrases.size() - 3) + " more" : "");
        List<Evidence> ev = List.of(new Evidence(SocketSnapshot.FDS, a.caption("each growing process at the start of its run and now",
                lines.size()), a.firstLines(lines)));
        return Optional.of(new Finding(FdsRules.LEAK, worst, summary, subjects, ev, List.copyOf(fixes.values())));
    }

    static String duration(long s) {
        return s < 120 ? s + " s" : s < 7200 ? (s / 60) + " min" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
