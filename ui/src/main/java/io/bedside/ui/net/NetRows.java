package io.bedside.ui.net;

import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.net.NetAssessment;
import io.bedside.model.net.NetLimits;
import io.bedside.model.net.NetRules;
import io.bedside.model.net.NetSnapshot;
import io.bedside.model.sample.Sample;
import io.bedside.ui.findings.FindingItem;
import io.bedside.ui.findings.FindingItems;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One sample's network limits as the area shows them: the findings, the client tuples by their use
 * of the local port range, the listening sockets with their queues and owners, and one line of the
 * limits themselves (port range, conntrack, somaxconn, drop rates).
 *
 * @param limits  the limits line; a limit the host did not give says why
 * @param absence why the tables are not known; empty when they are
 */
public record NetRows(List<FindingItem> findings, List<TupleRow> tuples, List<ListenerRow> listeners, String limits, String absence) {
    /** How many tuples the table shows, busiest first. */
    static final int TUPLES = 50;

    public NetRows {
        findings = List.copyOf(findings);
        tuples = List.copyOf(tuples);
        listeners = List.copyOf(listeners);
    }

    /** A client tuple: its connections against the usable ports of the range. */
    public record TupleRow(String local, String remote, int inUse, int timeWait, double use) {
        public String useText() {
            return String.format(Locale.ROOT, "%.0f%%", use * 100);
        }
    }

    /** A listening socket: its accept queue against its backlog, and who holds it (names as the host wrote them). */
    public record ListenerRow(String local, long queued, long backlog, boolean full, String owners)
            implements io.bedside.ui.findings.AboutFinding {
    @Override
    public boolean isAbout(io.bedside.ui.findings.FindingItem f) {
        return f.subjectValues("local").contains(local);
    }

        public String queueText() {
            return queued + " / " + backlog + (full ? "  FULL" : "");
        }
    }

    static NetRows of(Sample latest, List<Sample> history) {
        List<FindingItem> findings = new ArrayList<>();
        for (Finding f : new Diagnosis(NetRules.all()).run(latest, history.isEmpty() ? List.of(latest) : history)) {
            findings.add(FindingItems.of(f));
        }
        NetAssessment a = NetAssessment.of(latest, history.isEmpty() ? List.of(latest) : history);
        List<TupleRow> tuples = new ArrayList<>();
        for (NetAssessment.Tuple t : a.tuples.subList(0, Math.min(TUPLES, a.tuples.size()))) {
            tuples.add(new TupleRow(t.local(), t.remote(), t.inUse(), t.timeWait(), a.usable > 0 ? (double) t.inUse() / a.usable : 0));
        }
        List<ListenerRow> listeners = new ArrayList<>();
        for (NetAssessment.Listener l : a.listeners) {
            String owners = l.owners().isEmpty() ? "(not seen)" : l.holders(3);
            listeners.add(new ListenerRow(l.local(), l.queued(), l.backlog(), l.full(), owners));
        }
        NetSnapshot n = NetSnapshot.of(latest);
        List<String> parts = new ArrayList<>();
        parts.add(a.range.isPresent() ? "ip_local_port_range " + a.rangeText() + " (" + a.usable + " usable)"
                : "ip_local_port_range: " + a.range.describeAbsence());
        parts.add(n.conntrackMax().isPresent()
                ? "conntrack " + n.conntrackCount().get().map(String::valueOf).orElse("?") + " of " + n.conntrackMax().get().orElseThrow()
                + (n.limits().get().flatMap(NetLimits::conntrackMaxWritable).orElse(true) ? "" : " (nf_conntrack_max read-only in this namespace)")
                : "conntrack: " + n.conntrackMax().describeAbsence());
        n.limits().get().ifPresent(l -> {
            l.number(NetLimits.SOMAXCONN).get().ifPresent(v -> parts.add("somaxconn " + v));
            l.text(NetLimits.TW_REUSE).get().ifPresent(v -> parts.add("tcp_tw_reuse " + v.trim()));
            l.perMinute().ifPresent(r -> parts.add(String.format(Locale.ROOT, "ListenOverflows %.1f/min, ListenDrops %.1f/min", r[0], r[1])));
        });
        String absence = a.listenersUnknown.map(w -> "Listening sockets' queues unknown: " + w + ".").orElse("");
        return new NetRows(findings, tuples, listeners, String.join(" · ", parts), absence);
    }
}
