package io.bedside.model.net;

import io.bedside.model.probe.Reading;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketOwner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The network limits part of a sample as plain data (one codec in app writes it as JSON). */
final class NetData {
    static final int TUPLES_SHOWN = 20;

    private NetData() {
    }

    static Map<String, Object> of(Sample sample) {
        NetSnapshot n = NetSnapshot.of(sample);
        NetAssessment a = NetAssessment.of(sample, List.of());
        Map<String, Object> out = new LinkedHashMap<>();
        if (n.limits().get().isPresent()) {
            NetLimits l = n.limits().get().orElseThrow();
            Map<String, Object> sysctl = new LinkedHashMap<>();
            for (String k : List.of(NetLimits.PORT_RANGE, NetLimits.RESERVED, NetLimits.TW_REUSE, NetLimits.SOMAXCONN, NetLimits.SYN_BACKLOG,
                    NetLimits.CT_COUNT, NetLimits.CT_MAX, NetLimits.CT_BUCKETS)) {
                Reading<String> t = l.text(k);
                sysctl.put(k, t.isPresent() ? t.get().orElseThrow().replace('\t', ' ') : absent(t));
            }
            out.put("sysctl", sysctl);
            Reading<Long> ovf = l.tcpExt(NetLimits.LISTEN_OVERFLOWS);
            Reading<Long> drp = l.tcpExt(NetLimits.LISTEN_DROPS);
            Map<String, Object> tcpExt = new LinkedHashMap<>();
            tcpExt.put(NetLimits.LISTEN_OVERFLOWS, ovf.isPresent() ? ovf.get().orElseThrow() : absent(ovf));
            tcpExt.put(NetLimits.LISTEN_DROPS, drp.isPresent() ? drp.get().orElseThrow() : absent(drp));
            l.perMinute().ifPresent(r -> {
                tcpExt.put("ListenOverflows_per_min", Math.round(r[0] * 10) / 10.0);
                tcpExt.put("ListenDrops_per_min", Math.round(r[1] * 10) / 10.0);
            });
            out.put("netstat", tcpExt);
        } else {
            out.put("sysctl", absent(n.limits()));
        }
        Reading<Long> count = n.conntrackCount();
        Map<String, Object> ct = new LinkedHashMap<>();
        ct.put("count", count.isPresent() ? count.get().orElseThrow() : absent(count));
        Reading<Long> max = n.conntrackMax();
        ct.put("max", max.isPresent() ? max.get().orElseThrow() : absent(max));
        ct.put("table_full_lines", n.tableFull().isPresent() ? n.tableFull().get().orElseThrow().size() : absent(n.tableFull()));
        out.put("conntrack", ct);
        List<Object> tuples = new ArrayList<>();
        for (NetAssessment.Tuple t : a.tuples.subList(0, Math.min(TUPLES_SHOWN, a.tuples.size()))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("local", t.local());
            m.put("remote", t.remote());
            m.put("in_use", t.inUse());
            m.put("time_wait", t.timeWait());
            tuples.add(m);
        }
        out.put("tuples", tuples);
        out.put("usable_ports", a.usable);
        List<Object> listeners = new ArrayList<>();
        for (NetAssessment.Listener l : a.listeners) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("local", l.socket().local().text());
            m.put("queued", l.queued());
            m.put("backlog", l.backlog());
            m.put("full", l.full());
            List<Object> owners = new ArrayList<>();
            for (SocketOwner o : l.owners()) {
                Map<String, Object> om = new LinkedHashMap<>();
                om.put("pid", o.pid());
                om.put("comm", o.name());
                owners.add(om);
            }
            m.put("owners", owners);
            listeners.add(m);
        }
        if (a.listenersUnknown.isPresent()) {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("status", "unknown");
            u.put("detail", a.listenersUnknown.get());
            out.put("listeners", u);
        } else {
            out.put("listeners", listeners);
        }
        return out;
    }

    private static Map<String, Object> absent(Reading<?> r) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (r instanceof Reading.Absent<?> a) {
            m.put("status", a.status().token());
            m.put("detail", a.detail());
        }
        return m;
    }
}
