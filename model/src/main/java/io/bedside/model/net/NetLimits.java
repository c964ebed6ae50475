package io.bedside.model.net;

import io.bedside.model.probe.Reading;
import io.bedside.model.probe.SourceStatus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The kernel's network limits and listen counters as one full sample read them (the probe's
 * {@code net-limits} section). Sample:
 * <pre>
 * /proc/sys/net/ipv4/ip_local_port_range:32768	60999
 * /proc/sys/net/netfilter/nf_conntrack_max:262144
 * missing /proc/sys/net/netfilter/nf_conntrack_buckets
 * /proc/net/netstat:TcpExt: SyncookiesSent ... ListenOverflows ListenDrops ...
 * /proc/net/netstat:TcpExt: 0 ... 12 14 ...
 * </pre>
 *
 * @param values   the sysctls read, by their file name (ip_local_port_range, nf_conntrack_max...), as the kernel printed them
 * @param absent   the files that were not there or could not be read, by file name (netstat for /proc/net/netstat)
 * @param tcpExt   /proc/net/netstat's TcpExt counters by name; empty when it was not read
 * @param readAtNs when the probe read them (its start, host clock in ns), for rates
 * @param previous the counters of the full sample before, as Bedside passed them back to the probe
 * @param modes    the permission bits of nf_conntrack_max ({@link #CT_MAX}) and of the module's
 *                 hashsize parameter ({@link #HASHSIZE}) when the probe could stat them
 */
public record NetLimits(Map<String, String> values, Map<String, SourceStatus> absent, Map<String, Long> tcpExt,
                        OptionalLong readAtNs, Optional<Counters> previous, Map<String, Integer> modes) {

    public static final String PORT_RANGE = "ip_local_port_range";
    public static final String RESERVED = "ip_local_reserved_ports";
    public static final String TW_REUSE = "tcp_tw_reuse";
    public static final String SOMAXCONN = "somaxconn";
    public static final String SYN_BACKLOG = "tcp_max_syn_backlog";
    public static final String CT_COUNT = "nf_conntrack_count";
    public static final String CT_MAX = "nf_conntrack_max";
    public static final String CT_BUCKETS = "nf_conntrack_buckets";
    public static final String NETSTAT = "netstat";
    /** The nf_conntrack module's hash size parameter (root only; the initial network namespace only). */
    public static final String HASHSIZE = "hashsize";
    public static final String HASHSIZE_PATH = "/sys/module/nf_conntrack/parameters/hashsize";
    public static final String LISTEN_OVERFLOWS = "ListenOverflows";
    public static final String LISTEN_DROPS = "ListenDrops";

    /** The sysctl name of each file this section reads. */
    public static final Map<String, String> SYSCTL = Map.of(PORT_RANGE, "net.ipv4.ip_local_port_range",
            RESERVED, "net.ipv4.ip_local_reserved_ports", TW_REUSE, "net.ipv4.tcp_tw_reuse", SOMAXCONN, "net.core.somaxconn",
            SYN_BACKLOG, "net.ipv4.tcp_max_syn_backlog", CT_COUNT, "net.netfilter.nf_conntrack_count",
            CT_MAX, "net.netfilter.nf_conntrack_max", CT_BUCKETS, "net.netfilter.nf_conntrack_buckets");

    /**
     * The listen counters of one full sample.
     *
     * @param atNs      when they were read (host clock, ns)
     * @param overflows TcpExt ListenOverflows
     * @param drops     TcpExt ListenDrops
     */
    public record Counters(long atNs, long overflows, long drops) {
        /** {@code AT:OVERFLOWS:DROPS}, as the probe takes it back in BS_NET_PREV. */
        public String text() {
            return atNs + ":" + overflows + ":" + drops;
        }

        /** Parses {@link #text()}; empty when it is not that. */
        public static Optional<Counters> parse(String s) {
            String[] w = s.split(":", -1);
            if (w.length != 3) {
                return Optional.empty();
            }
            for (String x : w) {
                if (x.isEmpty() || x.length() > 19 || !x.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return Optional.empty();
                }
            }
            try {
                return Optional.of(new Counters(Long.parseLong(w[0]), Long.parseLong(w[1]), Long.parseLong(w[2])));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    public NetLimits {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        absent = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(absent));
        tcpExt = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tcpExt));
        modes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(modes));
    }

    /**
     * Whether nf_conntrack_max may be written here: its mode has the owner's write bit. The kernel
     * makes it 0444 outside the initial network namespace (5.12 on), where even root may not set it;
     * empty when the probe did not stat it.
     */
    public Optional<Boolean> conntrackMaxWritable() {
        return Optional.ofNullable(modes.get(CT_MAX)).map(m -> (m & 0200) != 0);
    }

    /**
     * Whether the hash size may be set from here: the hashsize parameter is writable by its owner
     * (root) and nf_conntrack_max is too, which on 5.12 and newer means the initial network
     * namespace (the kernel refuses a hashsize write from any other). False when either is unknown.
     */
    public boolean hashsizeWritable() {
        Integer h = modes.get(HASHSIZE);
        return h != null && (h & 0200) != 0 && conntrackMaxWritable().orElse(false);
    }

    /** A sysctl's text, or why there is none ("not present on this host" for conntrack without its module). */
    public Reading<String> text(String key) {
        String v = values.get(key);
        if (v != null) {
            return Reading.of(v);
        }
        SourceStatus st = absent.get(key);
        if (st != null) {
            return Reading.absent(st, (SYSCTL.containsKey(key) ? SYSCTL.get(key) : key)
                    + (st == SourceStatus.MISSING && key.startsWith("nf_conntrack") ? " (nf_conntrack is not loaded)" : ""));
        }
        return Reading.absent(SourceStatus.ERROR, "the probe did not report " + key);
    }

    /** An integer sysctl, or why there is none; a value that is not a number is an error, not a 0. */
    public Reading<Long> number(String key) {
        Reading<String> t = text(key);
        if (t instanceof Reading.Absent<String> a) {
            return Reading.absent(a.status(), a.detail());
        }
        String s = t.get().orElseThrow().trim();
        if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Reading.absent(SourceStatus.ERROR, key + " is '" + s + "', not a number");
        }
        try {
            return Reading.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Reading.absent(SourceStatus.ERROR, key + " is '" + s + "', not a number");
        }
    }

    public Reading<PortRange> portRange() {
        Reading<String> t = text(PORT_RANGE);
        if (t instanceof Reading.Absent<String> a) {
            return Reading.absent(a.status(), a.detail());
        }
        try {
            return Reading.of(PortRange.parse(t.get().orElseThrow()));
        } catch (IllegalArgumentException e) {
            return Reading.absent(SourceStatus.ERROR, PORT_RANGE + ": " + e.getMessage());
        }
    }

    public Reading<ReservedPorts> reserved() {
        Reading<String> t = text(RESERVED);
        if (t instanceof Reading.Absent<String> a) {
            return Reading.absent(a.status(), a.detail());
        }
        try {
            return Reading.of(ReservedPorts.parse(t.get().orElseThrow()));
        } catch (IllegalArgumentException e) {
            return Reading.absent(SourceStatus.ERROR, RESERVED + ": " + e.getMessage());
        }
    }

    /** A TcpExt counter, or why there is none. */
    public Reading<Long> tcpExt(String name) {
        Long v = tcpExt.get(name);
        if (v != null) {
            return Reading.of(v);
        }
        SourceStatus st = absent.get(NETSTAT);
        if (st != null) {
            return Reading.absent(st, "/proc/net/netstat");
        }
        return Reading.absent(SourceStatus.MISSING, "no " + name + " in /proc/net/netstat");
    }

    /** This sample's listen counters, when /proc/net/netstat was read and had both. */
    public Optional<Counters> counters() {
        Long o = tcpExt.get(LISTEN_OVERFLOWS);
        Long d = tcpExt.get(LISTEN_DROPS);
        if (o == null || d == null || readAtNs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Counters(readAtNs.getAsLong(), o, d));
    }

    /**
     * ListenOverflows and ListenDrops a minute since the full sample before: {overflows, drops};
     * empty when either sample lacks them, the clock went back or the counters did (a reboot).
     */
    public Optional<double[]> perMinute() {
        Optional<Counters> now = counters();
        if (now.isEmpty() || previous.isEmpty()) {
            return Optional.empty();
        }
        Counters a = previous.get();
        Counters b = now.get();
        long dt = b.atNs() - a.atNs();
        if (dt <= 0 || b.overflows() < a.overflows() || b.drops() < a.drops()) {
            return Optional.empty();
        }
        double min = dt / 60e9;
        return Optional.of(new double[]{(b.overflows() - a.overflows()) / min, (b.drops() - a.drops()) / min});
    }
}
