package io.bedside.model.net;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Rule;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@value NetRules#PORTS_EXHAUSTED}: the connections from one local address to one remote address and
 * port use &gt;= 80% of the usable local port range (warning), &gt;= 95% (critical), TIME_WAIT
 * counted. Only sockets whose local port is inside the range count (the kernel chose it).
 */
public final class PortsExhaustedRule implements Rule {
    static final double WARN = 0.80;
    static final double CRIT = 0.95;

    @Override
    public String id() {
        return NetRules.PORTS_EXHAUSTED;
    }

    @Override
    public List<Finding> evaluate(Sample latest, List<Sample> history) {
        NetAssessment a = NetAssessment.of(latest, history);
        if (a.usable <= 0 || a.tuples.isEmpty()) {
            return List.of();
        }
        List<Subject> subjects = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        Severity worst = null;
        String source = SocketSnapshot.of(latest).tcp().get().map(t -> t.sources().get(0)).orElse(SocketSnapshot.SS_TCP_COUNTS);
        for (NetAssessment.Tuple t : a.tuples) {
            double use = (double) t.inUse() / a.usable;
            if (use < WARN) {
                break;
            }
            Severity sev = use >= CRIT ? Severity.CRITICAL : Severity.WARNING;
            worst = worst == null || sev.compareTo(worst) > 0 ? sev : worst;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("local", t.local());
            m.put("remote", t.remote());
            m.put("in_use", t.inUse());
            m.put("range", a.rangeText());
            m.put("usable", a.usable);
            m.put("time_wait", t.timeWait());
            m.put("use_pct", Math.round(use * 1000) / 10.0);
            m.put("severity", sev.token());
            subjects.add(Subject.of(Subject.Kind.LIMIT, m));
            if (ev.size() < 5 && t.counted().isPresent()) {
                ev.add(new Evidence(SocketSnapshot.SS_TCP_COUNTS, t.inUse() + " connections from " + t.local() + " to " + t.remote()
                        + " (counted on the host: the socket list was not read for this sample)", List.of(t.counted().get())));
            } else if (ev.size() < 5) {
                ev.add(new Evidence(source, t.inUse() + " connections from " + t.local() + " to " + t.remote() + " (first lines)",
                        t.sockets().stream().limit(8).flatMap(s -> s.lines().stream().limit(1)).toList()));
            }
        }
        if (worst == null) {
            return List.of();
        }
        NetAssessment.Tuple top = a.tuples.get(0);
        ev.add(new Evidence(NetSnapshot.LIMITS, "the local port range", List.of("ip_local_port_range " + a.rangeText()
                + (a.reserved.ranges().isEmpty() ? "" : ", reserved " + a.reserved.text()) + ": " + a.usable + " usable ports")));
        String summary = String.format(Locale.ROOT, "%d connections from %s to %s use %.0f%% of the %d local ports of %s (%d in TIME_WAIT)%s",
                top.inUse(), top.local(), top.remote(), 100.0 * top.inUse() / a.usable, a.usable, a.rangeText(), top.timeWait(),
                subjects.size() > 1 ? "; " + (subjects.size() - 1) + " more tuples past 80%" : "");
        List<FixOffer> fixes = new ArrayList<>();
        a.range.get().ifPresent(r -> {
            PortRange p = NetFixPlans.proposedRange(r, top.inUse(), a.reserved);
            if (!p.equals(r)) {
                Map<String, String> params = new LinkedHashMap<>();
                params.put("low", Integer.toString(p.low()));
                params.put("high", Integer.toString(p.high()));
                // the operator chooses tcp_tw_reuse apart: offered as "keep", a separate step with tw_reuse=1
                a.now.limits().get().flatMap(l -> l.number(NetLimits.TW_REUSE).get()).filter(v -> v == 0 || v == 2)
                        .ifPresent(v -> params.put("tw_reuse", NetFixPlans.TW_KEEP));
                fixes.add(new FixOffer(NetFixPlans.WIDEN_RANGE, params));
            }
        });
        return List.of(new Finding(id(), worst, summary, subjects, ev, fixes));
    }
}
