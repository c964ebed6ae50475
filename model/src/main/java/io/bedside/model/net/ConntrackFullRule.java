package io.bedside.model.net;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Rule;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.sample.Sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@value NetRules#CONNTRACK_FULL}: conntrack holds &gt;= 90% of nf_conntrack_max entries (warning;
 * critical at &gt;= 98%), or the kernel log says "nf_conntrack: table full, dropping packet" in
 * this sample (critical). {@code drops} counts the table-full lines read this session (the first
 * sample reads the log from the boot); the kernel rate-limits them, so packets dropped are more.
 * It offers {@code net.conntrack.raise-limit} with {@code max}, and {@code hashsize} where the
 * probe saw the hash size writable (a separate step of that fix).
 */
public final class ConntrackFullRule implements Rule {
    static final double WARN = 0.90;
    static final double CRIT = 0.98;

    @Override
    public String id() {
        return NetRules.CONNTRACK_FULL;
    }

    @Override
    public List<Finding> evaluate(Sample latest, List<Sample> history) {
        NetAssessment a = NetAssessment.of(latest, history);
        NetSnapshot n = a.now;
        Optional<Long> count = n.conntrackCount().get();
        Optional<Long> max = n.conntrackMax().get();
        double use = count.isPresent() && max.isPresent() && max.get() > 0 ? (double) count.get() / max.get() : 0;
        boolean logged = !a.tableFullLatest.isEmpty();
        if (use < WARN && !logged) {
            return List.of();
        }
        Severity sev = use >= CRIT || logged ? Severity.CRITICAL : Severity.WARNING;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", count.orElse(null));
        m.put("max", max.orElse(null));
        m.put("use_pct", count.isPresent() && max.isPresent() ? Math.round(use * 1000) / 10.0 : null);
        m.put("drops", a.tableFullLines.isPresent() ? (long) a.tableFullLines.getAsDouble() : null);
        if (a.tableFullLines.isEmpty()) {
            m.put("drops_unknown", "the kernel log: " + n.tableFull().describeAbsence());
        }
        n.limits().get().flatMap(l -> l.number(NetLimits.CT_BUCKETS).get()).ifPresent(b -> m.put("buckets", b));
        List<Evidence> ev = new ArrayList<>();
        List<String> nums = new ArrayList<>();
        count.ifPresent(c -> nums.add("entries " + c));
        max.ifPresent(x -> nums.add("nf_conntrack_max " + x));
        ev.add(new Evidence(n.entries().isPresent() ? NetSnapshot.CONNTRACK : NetSnapshot.LIMITS, "conntrack's use", List.of(String.join(", ", nums))));
        if (logged) {
            ev.add(new Evidence("kernel-log", a.tableFullLatest.size() + " table-full lines new in this sample",
                    a.tableFullLatest.stream().limit(10).toList()));
        }
        String summary = count.isPresent() && max.isPresent()
                ? String.format(Locale.ROOT, "The conntrack table holds %d of %d entries (%.0f%%)%s", count.get(), max.get(), use * 100,
                logged ? "; the kernel is dropping packets (table full)" : "")
                : "The kernel log says the conntrack table is full and packets are dropped";
        List<FixOffer> fixes = new ArrayList<>();
        max.ifPresent(x -> {
            long next = NetFixPlans.proposedConntrackMax(x, count.orElse(0L));
            Map<String, String> params = new LinkedHashMap<>();
            params.put("max", Long.toString(next));
            // the hash size, a separate step, only where the probe saw it writable (the initial namespace, root's file)
            n.limits().get().filter(NetLimits::hashsizeWritable).flatMap(l -> l.number(NetLimits.CT_BUCKETS).get()).ifPresent(b -> {
                long h = NetFixPlans.proposedHashsize(x, b, next);
                if (h > b) {
                    params.put("hashsize", Long.toString(h));
                }
            });
            fixes.add(new FixOffer(NetFixPlans.CONNTRACK_RAISE, params));
        });
        return List.of(new Finding(id(), sev, summary, List.of(Subject.of(Subject.Kind.LIMIT, m)), ev, fixes));
    }
}
