package io.bedside.model.net;

import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.SysctlPlans;
import io.bedside.model.probe.Reading;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketSnapshot;
import io.bedside.model.sockets.SocketState;
import io.bedside.model.sockets.TcpSocket;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The network limits playbook's fixes: sysctl changes through {@link SysctlPlans} (evidence,
 * re-check, read-back, rollback, optional persist). Each proposes its values from the sample by a
 * rule written in its summary; an operator may choose others within the bounds checked here.
 */
public final class NetFixPlans {
    public static final String WIDEN_RANGE = "net.ports.widen-range";
    public static final String CONNTRACK_RAISE = "net.conntrack.raise-limit";
    public static final String RAISE_BACKLOG = "net.listen.raise-backlog";
    static final String PORTS_FILE = "/etc/sysctl.d/60-bedside-net-ports.conf";
    static final String CONNTRACK_FILE = "/etc/sysctl.d/60-bedside-net-conntrack.conf";
    static final String SOMAXCONN_FILE = "/etc/sysctl.d/60-bedside-net-somaxconn.conf";
    /** The busiest tuple should use at most this share of the new range. */
    static final double TARGET_USE = 0.4;
    /** The lowest port a widened range may start at: below are the privileged ports. */
    static final int LOWEST = 1024;
    /** Bytes of kernel memory one conntrack entry takes, roughly (struct nf_conn on x86_64, 5.x-6.x). */
    static final int CONNTRACK_ENTRY_BYTES = 320;
    static final long SOMAXCONN_CAP = 65535;

    private NetFixPlans() {
    }

    /**
     * The proposed range: twice the current size, or enough for the busiest tuple to use at most
     * 40% of it, whichever is more (plus the reserved ports inside), grown upwards to 65535 first and
     * then downwards, never below 1024.
     */
    public static PortRange proposedRange(PortRange current, int busiest, ReservedPorts reserved) {
        long want = Math.max(2L * current.size(), (long) Math.ceil(busiest / TARGET_USE));
        int high = current.high();
        int low = current.low();
        for (int i = 0; i < 4; i++) {
            long size = want + reserved.within(new PortRange(low, high));
            high = (int) Math.min(65535, Math.max(current.high(), low + size - 1));
            low = (int) Math.max(LOWEST, Math.min(current.low(), high - size + 1));
        }
        return new PortRange(low, high);
    }

    public static FixPlan widenRange(Sample sample, Map<String, String> params) {
        NetAssessment a = NetAssessment.of(sample, List.of());
        NetLimits limits = NetSnapshot.of(sample).limits().get()
                .orElseThrow(() -> new IllegalArgumentException("The sample holds no network limits (" + NetSnapshot.of(sample).limits().describeAbsence() + ")."));
        PortRange cur = a.range.get().orElseThrow(() -> new IllegalArgumentException("ip_local_port_range is not known: " + a.range.describeAbsence() + "."));
        int busiest = a.tuples.isEmpty() ? 0 : a.tuples.get(0).inUse();
        PortRange proposed = proposedRange(cur, busiest, a.reserved);
        int low = intParam(params, "low", proposed.low());
        int high = intParam(params, "high", proposed.high());
        if (low < LOWEST || high > 65535 || low > high) {
            throw new IllegalArgumentException("The range " + low + "-" + high + " is not within " + LOWEST + "-65535.");
        }
        PortRange next = new PortRange(low, high);
        if (next.low() > cur.low() || next.high() < cur.high() || next.equals(cur)) {
            throw new IllegalArgumentException("The range " + next.text() + " does not widen " + cur.text() + ".");
        }
        List<String> summary = new ArrayList<>();
        summary.add("ip_local_port_range " + cur.low() + "-" + cur.high() + " (" + cur.size() + " ports) -> " + next.low() + "-" + next.high()
                + " (" + next.size() + "): " + (params.containsKey("low") || params.containsKey("high") ? "as chosen."
                : "twice as many ports, or enough for the busiest tuple (" + busiest + " connections) to use at most "
                + Math.round(TARGET_USE * 100) + "%, grown up to 65535 first, never below " + LOWEST + "."));
        summary.add("The kernel picks a new connection's local port per (local address, remote address, remote port); "
                + "the range bounds each such tuple, TIME_WAIT included, so a wider range only gives room: the cause is "
                + "usually short-lived connections to one peer (no keep-alive or connection pool).");
        TreeSet<Integer> listening = new TreeSet<>();
        SocketSnapshot.of(sample).tcp().get().ifPresent(t -> {
            for (TcpSocket s : t.inState(SocketState.LISTEN)) {
                s.local().port().ifPresent(p -> {
                    if (next.contains(p) && !a.reserved.contains(p)) {
                        listening.add(p);
                    }
                });
            }
        });
        if (listening.isEmpty()) {
            summary.add("No TCP socket listens on a port in " + next.text().replace(' ', '-') + " now.");
        } else {
            summary.add("Listening now on ports inside the new range: " + String.join(", ", listening.stream().limit(20).map(String::valueOf).toList())
                    + (listening.size() > 20 ? " and " + (listening.size() - 20) + " more" : "") + ". The kernel skips a port a listener holds,"
                    + " but if that service restarts, an outgoing connection may take its port first: add them to"
                    + " net.ipv4.ip_local_reserved_ports, or choose low= and high= around them.");
        }
        List<SysctlPlans.Sysctl> changes = new ArrayList<>();
        changes.add(new SysctlPlans.Sysctl("net.ipv4.ip_local_port_range", cur.text(), next.text(), cur.proc(), next.proc()));
        Map<String, String> file = new LinkedHashMap<>();
        file.put("net.ipv4.ip_local_port_range", next.text());
        if ("1".equals(params.get("tw_reuse"))) {
            Reading<Long> tw = limits.number(NetLimits.TW_REUSE);
            long old = tw.get().orElseThrow(() -> new IllegalArgumentException("tcp_tw_reuse is not known: " + tw.describeAbsence() + "."));
            if (old != 1) {
                changes.add(new SysctlPlans.Sysctl("net.ipv4.tcp_tw_reuse", Long.toString(old), "1", Long.toString(old), "1"));
                file.put("net.ipv4.tcp_tw_reuse", "1");
                summary.add("A separate step: tcp_tw_reuse " + old + " -> 1 lets a new outgoing connection take a port still in"
                        + " TIME_WAIT to the same peer when TCP timestamps show the old one's segments cannot be mistaken for"
                        + " the new one's (2, the default since 4.19, allows it on loopback only). It changes nothing for"
                        + " incoming connections; with timestamps off on either side it does nothing.");
            }
        } else if (params.containsKey("tw_reuse")) {
            throw new IllegalArgumentException("tw_reuse may only be 1 (leave it out to keep tcp_tw_reuse as it is).");
        }
        summary.add("Per network namespace: this changes the namespace Bedside's shell runs in (a container has its own).");
        return SysctlPlans.plan(WIDEN_RANGE, "Widen the local port range", summary, changes, PORTS_FILE, file);
    }

    /** Twice the limit or twice the entries, whichever is more, in steps of 16384. */
    public static long proposedConntrackMax(long max, long count) {
        long want = Math.max(2 * max, 2 * count);
        return (want + 16383) / 16384 * 16384;
    }

    public static FixPlan raiseConntrack(Sample sample, Map<String, String> params) {
        NetSnapshot n = NetSnapshot.of(sample);
        Reading<Long> max = n.conntrackMax();
        long old = max.get().orElseThrow(() -> new IllegalArgumentException("nf_conntrack_max is not known: " + max.describeAbsence() + "."));
        long count = n.conntrackCount().get().orElse(0L);
        long next = longParam(params, "max", proposedConntrackMax(old, count));
        if (next <= old) {
            throw new IllegalArgumentException("nf_conntrack_max " + next + " does not raise " + old + ".");
        }
        if (next > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("nf_conntrack_max " + next + " is above the kernel's " + Integer.MAX_VALUE + ".");
        }
        List<String> summary = new ArrayList<>();
        summary.add("nf_conntrack_max " + old + " -> " + next + (params.containsKey("max") ? ": as chosen."
                : ": twice the limit or twice the " + count + " entries, whichever is more, in steps of 16384."));
        summary.add(String.format(Locale.ROOT, "Each tracked connection takes about %d bytes of kernel memory: at the new limit up to %.0f MiB.",
                CONNTRACK_ENTRY_BYTES, next * (double) CONNTRACK_ENTRY_BYTES / (1 << 20)));
        n.limits().get().flatMap(l -> l.number(NetLimits.CT_BUCKETS).get()).ifPresent(b -> summary.add(
                "The hash table has " + b + " buckets (" + String.format(Locale.ROOT, "%.1f", (double) next / b)
                        + " entries a bucket at the new limit). This fix does not change them: the hash size is set in"
                        + " /sys/module/nf_conntrack/parameters/hashsize (root, initial namespace only) and re-hashes the whole table."));
        summary.add("Outside the host's initial network namespace nf_conntrack_max may be read-only: the change then fails and nothing is changed.");
        summary.add("A full table drops new flows; a wider table keeps them, but the cause is often many short connections or long"
                + " timeouts (net.netfilter.nf_conntrack_tcp_timeout_*), or traffic that needs no tracking (a NOTRACK rule).");
        Map<String, String> file = new LinkedHashMap<>();
        file.put("net.netfilter.nf_conntrack_max", Long.toString(next));
        return SysctlPlans.plan(CONNTRACK_RAISE, "Raise the conntrack table's limit", summary,
                List.of(new SysctlPlans.Sysctl("net.netfilter.nf_conntrack_max", Long.toString(old), Long.toString(next),
                        Long.toString(old), Long.toString(next))), CONNTRACK_FILE, file);
    }

    /** Twice the limit, at least 4096 (the kernel's default since 5.4), at most 65535. */
    public static long proposedSomaxconn(long current) {
        return Math.min(SOMAXCONN_CAP, Math.max(4096, 2 * current));
    }

    public static FixPlan raiseBacklog(Sample sample, Map<String, String> params) {
        NetLimits limits = NetSnapshot.of(sample).limits().get()
                .orElseThrow(() -> new IllegalArgumentException("The sample holds no network limits (" + NetSnapshot.of(sample).limits().describeAbsence() + ")."));
        Reading<Long> cur = limits.number(NetLimits.SOMAXCONN);
        long old = cur.get().orElseThrow(() -> new IllegalArgumentException("net.core.somaxconn is not known: " + cur.describeAbsence() + "."));
        long next = longParam(params, "somaxconn", proposedSomaxconn(old));
        if (next <= old) {
            throw new IllegalArgumentException("somaxconn " + next + " does not raise " + old + ".");
        }
        if (next > SOMAXCONN_CAP) {
            throw new IllegalArgumentException("somaxconn " + next + " is above " + SOMAXCONN_CAP + ", which older kernels hold in 16 bits.");
        }
        List<String> summary = new ArrayList<>();
        summary.add("net.core.somaxconn " + old + " -> " + next + (params.containsKey("somaxconn") ? ": as chosen."
                : ": twice the limit, at least 4096 (the default since kernel 5.4), at most 65535."));
        summary.add("somaxconn caps the backlog an application asks for in listen(); ss shows the backlog in effect as the"
                + " Send-Q of its LISTEN line. It applies at the next listen(): the service must restart (or re-listen) to get it.");
        NetAssessment a = NetAssessment.of(sample, List.of());
        List<String> capped = new ArrayList<>();
        for (NetAssessment.Listener l : a.listeners) {
            if ((l.full() || l.fullBefore()) && l.backlog() < old) {
                capped.add(l.socket().local().text() + " (backlog " + l.backlog() + ")");
            }
        }
        if (!capped.isEmpty()) {
            summary.add("Full listeners whose backlog is below the current somaxconn " + old + ": " + String.join(", ", capped)
                    + ". Their own listen() argument is the cap, and raising somaxconn alone changes nothing for them:"
                    + " raise the application's backlog setting (e.g. nginx listen ... backlog=N) as well.");
        }
        summary.add("A queue that fills because the application does not call accept() fast enough stays full at any size: "
                + "a larger backlog absorbs bursts, it does not add capacity.");
        Map<String, String> file = new LinkedHashMap<>();
        file.put("net.core.somaxconn", Long.toString(next));
        return SysctlPlans.plan(RAISE_BACKLOG, "Raise the listen backlog limit (somaxconn)", summary,
                List.of(new SysctlPlans.Sysctl("net.core.somaxconn", Long.toString(old), Long.toString(next), Long.toString(old),
                        Long.toString(next))), SOMAXCONN_FILE, file);
    }

    private static int intParam(Map<String, String> params, String key, int dflt) {
        long v = longParam(params, key, dflt);
        if (v > 65535) {
            throw new IllegalArgumentException(key + " " + v + " is not a port.");
        }
        return (int) v;
    }

    private static long longParam(Map<String, String> params, String key, long dflt) {
        String v = params.get(key);
        if (v == null) {
            return dflt;
        }
        if (v.isEmpty() || v.length() > 12 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(key + "=" + v + " is not a whole number.");
        }
        return Long.parseLong(v);
    }
}
