package io.bedside.model.fds;

import io.bedside.model.fds.FdsRules.Thresholds;
import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.sockets.BlockedPipe;
import io.bedside.model.sockets.ProcessFds;
import io.bedside.model.sockets.SocketFixPlans;
import io.bedside.model.sockets.SocketSnapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@value FdsRules#NEAR_LIMIT}: a process's fds are &gt;= {@code fdPercent} of its RLIMIT_NOFILE soft
 * limit; critical at &gt;= {@code fdCriticalPercent}. Moved here from the socket playbook with its id,
 * words and fields; it now also offers {@value FdsFixPlans#RAISE_LIMIT}.
 */
public final class FdNearLimitRule extends FdsRule {
    public FdNearLimitRule() {
        this(new FdsAssessment.Cache(Thresholds.DEFAULTS));
    }

    FdNearLimitRule(FdsAssessment.Cache cache) {
        super(cache);
    }

    @Override
    public String id() {
        return FdsRules.NEAR_LIMIT;
    }

    @Override
    Optional<Finding> raise(FdsAssessment a) {
        Thresholds limits = a.limits;
        SocketSnapshot s = a.sockets;
        if (s.fds().get().isEmpty()) {
            return Optional.empty();
        }
        List<ProcessFds> hits = new ArrayList<>();
        for (ProcessFds p : s.fds().get().orElseThrow().processes().values()) {
            if (p.fdCount().isPresent() && p.nofileSoft().isPresent() && p.nofileSoft().getAsLong() > 0
                    && 100L * p.fdCount().getAsInt() >= (long) limits.fdPercent() * p.nofileSoft().getAsLong()) {
                hits.add(p);
            }
        }
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        hits.sort(Comparator.comparingDouble((ProcessFds p) -> -(double) p.fdCount().getAsInt() / p.nofileSoft().getAsLong()));
        List<BlockedPipe> blocked = s.blockedPipes();
        Severity worst = Severity.WARNING;
        List<Subject> subjects = new ArrayList<>();
        List<String> phrases = new ArrayList<>();
        Map<String, FixOffer> fixes = new LinkedHashMap<>();
        for (ProcessFds p : hits) {
            long fds = p.fdCount().getAsInt();
            long lim = p.nofileSoft().getAsLong();
            long pct = 100 * fds / lim;
            Severity sev = 100 * fds >= (long) limits.fdCriticalPercent() * lim ? Severity.CRITICAL : Severity.WARNING;
            if (sev.compareTo(worst) > 0) {
                worst = sev;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", p.pid());
            m.put("comm", p.comm());
            m.put("fds", fds);
            m.put("limit", lim);
            p.nofileHard().ifPresent(h -> m.put("hard_limit", h));
            m.put("percent", pct);
            p.startTime().ifPresent(st -> m.put("start", st));
            Optional<String> unit = s.unit(p.pid());
            unit.ifPresent(u -> m.put("unit", u));
            m.put("severity", sev.token());
            subjects.add(Subject.of(Subject.Kind.PROCESS, m));
            phrases.add(p.comm() + " (pid " + p.pid() + ") holds " + fds + " of its " + lim + " fds (" + pct + "%)");
            blocked.stream().filter(b -> b.pid() == p.pid() && b.fd().isPresent() && b.pipe().isPresent() && b.startTime().isPresent())
                    .findFirst().ifPresent(b -> offer(fixes, SocketFixPlans.PIPE_DRAIN,
                            "pid", Integer.toString(p.pid()), "fd", Integer.toString(b.fd().getAsInt())));
            if (p.startTime().isPresent()) {
                FdsFixPlans.proposedNofile(p, a.fds.table().get().flatMap(t -> t.nrOpen().isPresent()
                                ? Optional.of(t.nrOpen().getAsLong()) : Optional.empty()))
                        .ifPresent(n -> offer(fixes, FdsFixPlans.RAISE_LIMIT, "pid", Integer.toString(p.pid()), "nofile", n));
            }
            unit.ifPresent(u -> offer(fixes, SocketFixPlans.RESTART_UNIT, "unit", u));
        }
        String summary = "Near the open-files limit: " + String.join("; ", phrases.subList(0, Math.min(3, phrases.size())))
                + (phrases.size() > 3 ? "; and " + (phrases.size() - 3) + " more" : "");
        List<Evidence> ev = List.of(new Evidence(SocketSnapshot.FDS, a.caption("processes at " + limits.fdPercent()
                + "% or more of RLIMIT_NOFILE (soft/hard)", hits.size()), a.firstLines(hits.stream().map(ProcessFds::line).toList())));
        return Optional.of(new Finding(FdsRules.NEAR_LIMIT, worst, summary, subjects, ev, List.copyOf(fixes.values())));
    }

    /** Offers a fix with the first (worst) process's parameters; a later one does not replace them. */
    static void offer(Map<String, FixOffer> fixes, String fixId, String... keyValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            params.put(keyValues[i], keyValues[i + 1]);
        }
        fixes.putIfAbsent(fixId, new FixOffer(fixId, params));
    }
}
