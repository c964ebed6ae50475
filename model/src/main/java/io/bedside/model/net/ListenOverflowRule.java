package io.bedside.model.net;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Rule;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketOwner;
import io.bedside.model.sockets.SocketSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@value NetRules#LISTEN_OVERFLOW}: a listening socket's accept queue is full (Recv-Q &gt;= its
 * backlog, Send-Q in ss) in this sample and the one before (warning), or TcpExt ListenOverflows or
 * ListenDrops grew since the last full sample (warning; critical when both). The counters are
 * host-wide (per network namespace): they do not say which socket, the queues do, so while they
 * grow a listener full in this sample alone is named too.
 */
public final class ListenOverflowRule implements Rule {
    @Override
    public String id() {
        return NetRules.LISTEN_OVERFLOW;
    }

    @Override
    public List<Finding> evaluate(Sample latest, List<Sample> history) {
        NetAssessment a = NetAssessment.of(latest, history);
        Optional<double[]> rates = a.perMinute;
        boolean growing = rates.isPresent() && (rates.get()[0] > 0 || rates.get()[1] > 0);
        // full in two samples; or full now while the counters grow (the counters do not name a socket, a full queue does)
        List<NetAssessment.Listener> full = a.listeners.stream().filter(l -> l.full() && (l.fullBefore() || growing)).toList();
        if (full.isEmpty() && !growing) {
            return List.of();
        }
        Double perMin = rates.map(r -> Math.round(r[0] * 10) / 10.0).orElse(null);
        List<Subject> subjects = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        String source = SocketSnapshot.of(latest).tcp().get().map(t -> t.sources().get(0)).orElse("ss-tcp");
        for (NetAssessment.Listener l : full) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("local", l.socket().local().text());
            SocketOwner o = l.owners().isEmpty() ? null : l.owners().get(0);
            m.put("pid", o == null ? null : o.pid());
            m.put("comm", o == null ? null : o.name());
            if (l.owners().size() > 1) {
                m.put("holders", l.owners().size());
            }
            m.put("backlog", l.backlog());
            m.put("queued", l.queued());
            m.put("overflows_per_min", perMin);
            subjects.add(Subject.of(Subject.Kind.SOCKET, m));
            ev.add(new Evidence(source, "the LISTEN line: Recv-Q " + l.queued() + " waiting for accept(), Send-Q " + l.backlog() + " the backlog",
                    l.socket().lines().stream().limit(1).toList()));
        }
        if (subjects.isEmpty()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("local", null);
            m.put("pid", null);
            m.put("comm", null);
            m.put("backlog", null);
            m.put("queued", null);
            m.put("overflows_per_min", perMin);
            m.put("drops_per_min", rates.map(r -> Math.round(r[1] * 10) / 10.0).orElse(null));
            m.put("note", a.listenersUnknown.orElse("no listening socket was seen full in two samples: the queue emptied between them"));
            subjects.add(Subject.of(Subject.Kind.METRIC, m));
        }
        if (rates.isPresent()) {
            ev.add(new Evidence(NetSnapshot.LIMITS, "TcpExt counters since the full sample before",
                    List.of(String.format(Locale.ROOT, "ListenOverflows %+.1f/min, ListenDrops %+.1f/min (now %s, %s)", rates.get()[0], rates.get()[1],
                            a.now.limits().get().flatMap(x -> x.tcpExt(NetLimits.LISTEN_OVERFLOWS).get()).map(String::valueOf).orElse("?"),
                            a.now.limits().get().flatMap(x -> x.tcpExt(NetLimits.LISTEN_DROPS).get()).map(String::valueOf).orElse("?")))));
        }
        Severity sev = !full.isEmpty() && growing ? Severity.CRITICAL : Severity.WARNING;
        String summary;
        if (!full.isEmpty()) {
            NetAssessment.Listener l = full.get(0);
            String who = l.owners().isEmpty() ? "an owner not seen" : l.owners().get(0).name() + " (pid " + l.owners().get(0).pid() + ")";
            summary = "The accept queue of " + l.socket().local().text() + " (" + who + ") is full: " + l.queued() + " connections wait for accept(),"
                    + " backlog " + l.backlog() + (perMin != null ? String.format(Locale.ROOT, "; %.1f listen overflows a minute", perMin) : "")
                    + (full.size() > 1 ? "; " + (full.size() - 1) + " more listeners full" : "");
        } else {
            summary = String.format(Locale.ROOT, "Listen queues overflow: %.1f ListenOverflows and %.1f ListenDrops a minute", rates.get()[0], rates.get()[1]);
        }
        List<FixOffer> fixes = new ArrayList<>();
        a.now.limits().get().flatMap(x -> x.number(NetLimits.SOMAXCONN).get()).ifPresent(s -> {
            long p = NetFixPlans.proposedSomaxconn(s);
            if (p > s) {
                fixes.add(FixOffer.of(NetFixPlans.RAISE_BACKLOG, "somaxconn", Long.toString(p)));
            }
        });
        return List.of(new Finding(id(), sev, summary, subjects, ev, fixes));
    }
}
