package io.bedside.model.net;

import io.bedside.model.findings.Chart;
import io.bedside.model.findings.FixKind;
import io.bedside.model.findings.Measure;
import io.bedside.model.findings.Playbook;
import io.bedside.model.findings.Rule;
import io.bedside.model.probe.ProbeFragment;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SamplePart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The network stack's limits: the local port range a client uses up towards one peer, the
 * conntrack table, listen queues that overflow (issue 13).
 */
public final class NetPlaybook implements Playbook {
    public static final String ID = "net";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Network limits";
    }

    @Override
    public SamplePart<?> part() {
        return NetSnapshot.PART;
    }

    @Override
    public List<ProbeFragment> fragments() {
        return List.of(ProbeFragment.beside(NetSnapshot.class, "probe-net.sh"));
    }

    @Override
    public List<String> findingIds() {
        return List.of(NetRules.PORTS_EXHAUSTED, NetRules.CONNTRACK_FULL, NetRules.LISTEN_OVERFLOW);
    }

    @Override
    public List<Rule> rules() {
        return NetRules.all();
    }

    @Override
    public List<FixKind> fixes() {
        return List.of(
                new FixKind(NetFixPlans.WIDEN_RANGE, "Widen the local port range (ip_local_port_range; tcp_tw_reuse as a separate step with tw_reuse=1)",
                        "Widen the port range…", (s, p, uid) -> NetFixPlans.widenRange(s, p)),
                new FixKind(NetFixPlans.CONNTRACK_RAISE, "Raise the conntrack table's limit (nf_conntrack_max; the hash size as a separate step where writable)", "Raise conntrack max…",
                        (s, p, uid) -> NetFixPlans.raiseConntrack(s, p)),
                new FixKind(NetFixPlans.RAISE_BACKLOG, "Raise the listen backlog limit (net.core.somaxconn)", "Raise somaxconn…",
                        (s, p, uid) -> NetFixPlans.raiseBacklog(s, p)));
    }

    @Override
    public List<String> standing(Sample sample) {
        List<String> out = new ArrayList<>();
        NetAssessment a = NetAssessment.of(sample, List.of());
        if (a.range.isPresent()) {
            out.add("ip_local_port_range " + a.rangeText() + ": " + a.usable + " usable ports"
                    + (a.tuples.isEmpty() ? "" : "; busiest tuple " + a.tuples.get(0).local() + " -> " + a.tuples.get(0).remote()
                    + " uses " + a.tuples.get(0).inUse()));
        }
        NetSnapshot n = NetSnapshot.of(sample);
        n.conntrackMax().get().ifPresent(m -> out.add("conntrack " + n.conntrackCount().get().map(String::valueOf).orElse("?") + " of " + m + " entries"));
        n.limits().get().flatMap(l -> l.number(NetLimits.SOMAXCONN).get()).ifPresent(s -> out.add("net.core.somaxconn " + s));
        return out;
    }

    static OptionalDouble some(Optional<? extends Number> v) {
        return v.map(x -> OptionalDouble.of(x.doubleValue())).orElse(OptionalDouble.empty());
    }

    @Override
    public List<Chart> charts() {
        return List.of(
                new Chart("net.ports", "Port range: busiest tuple", "ports", List.of(
                        Chart.Line.of("in use", s -> busiest(s, false)),
                        Chart.Line.of("of them TIME_WAIT", s -> busiest(s, true)),
                        Chart.Line.limit("usable ports", s -> {
                            NetAssessment a = NetAssessment.of(s, List.of());
                            return a.range.isPresent() ? OptionalDouble.of(a.usable) : OptionalDouble.empty();
                        }))),
                new Chart("net.conntrack", "Conntrack table", "entries", List.of(
                        Chart.Line.of("entries", s -> some(NetSnapshot.of(s).conntrackCount().get())),
                        Chart.Line.limit("nf_conntrack_max", s -> some(NetSnapshot.of(s).conntrackMax().get())))),
                new Chart("net.listen", "Listen queue drops", "per minute", List.of(
                        Chart.Line.of("ListenOverflows", s -> rate(s, 0)),
                        Chart.Line.of("ListenDrops", s -> rate(s, 1)))));
    }

    private static OptionalDouble busiest(Sample s, boolean timeWait) {
        NetAssessment a = NetAssessment.of(s, List.of());
        if (a.worstUse().isEmpty()) {
            return OptionalDouble.empty();
        }
        if (a.tuples.isEmpty()) {
            return OptionalDouble.of(0);
        }
        return OptionalDouble.of(timeWait ? a.tuples.get(0).timeWait() : a.tuples.get(0).inUse());
    }

    private static OptionalDouble rate(Sample s, int which) {
        return NetSnapshot.of(s).limits().get().flatMap(NetLimits::perMinute).map(r -> OptionalDouble.of(r[which])).orElse(OptionalDouble.empty());
    }

    @Override
    public List<Measure> measures() {
        return List.of(
                new Measure("ip_local_port_range", s -> NetSnapshot.of(s).limits().get().flatMap(l -> l.portRange().get()).map(r -> r.low() + "-" + r.high())),
                new Measure("busiest tuple's ports in use", s -> {
                    NetAssessment a = NetAssessment.of(s, List.of());
                    return a.worstUse().isPresent() ? Optional.of(a.tuples.isEmpty() ? "0" : Integer.toString(a.tuples.get(0).inUse())
                            + String.format(Locale.ROOT, " (%.0f%%)", 100 * a.worstUse().getAsDouble())) : Optional.empty();
                }, 0.05),
                new Measure("tcp_tw_reuse", s -> NetSnapshot.of(s).limits().get().flatMap(l -> l.text(NetLimits.TW_REUSE).get())),
                new Measure("nf_conntrack_max", s -> NetSnapshot.of(s).conntrackMax().get().map(String::valueOf)),
                new Measure("conntrack entries", s -> NetSnapshot.of(s).conntrackCount().get().map(String::valueOf), 0.05),
                new Measure("net.core.somaxconn", s -> NetSnapshot.of(s).limits().get().flatMap(l -> l.number(NetLimits.SOMAXCONN).get()).map(String::valueOf)));
    }

    @Override
    public Map<String, Object> data(Sample sample) {
        return NetData.of(sample);
    }

    /** Its fragment's sections and the kernel log, which the memory playbook's fragment prints. */
    @Override
    public java.util.Set<String> sections() {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(Playbook.super.sections());
        all.add(io.bedside.model.memory.MemorySnapshot.KERNEL_LOG);
        return java.util.Collections.unmodifiableSet(all);
    }
}
