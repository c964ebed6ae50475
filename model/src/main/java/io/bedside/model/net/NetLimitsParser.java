package io.bedside.model.net;

import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.SourceStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the probe's {@code net-limits} section (see {@link NetLimits} for a sample): {@code PATH:VALUE}
 * lines of the sysctls it knows, {@code missing PATH} and {@code unreadable PATH}, and of
 * /proc/net/netstat's TcpExt either the counters the probe kept ({@code TcpExt: ListenOverflows=3
 * ListenDrops=3}) or both of its lines as the kernel prints them (a header of names, then a line
 * of values in the same order).
 * Pure: no I/O.
 */
public final class NetLimitsParser {
    public static final String SOURCE = "net-limits";
    static final String NETSTAT_PATH = "/proc/net/netstat";
    private static final Map<String, String> PATHS = new LinkedHashMap<>();

    static {
        PATHS.put("/proc/sys/net/ipv4/ip_local_port_range", NetLimits.PORT_RANGE);
        PATHS.put("/proc/sys/net/ipv4/ip_local_reserved_ports", NetLimits.RESERVED);
        PATHS.put("/proc/sys/net/ipv4/tcp_tw_reuse", NetLimits.TW_REUSE);
        PATHS.put("/proc/sys/net/core/somaxconn", NetLimits.SOMAXCONN);
        PATHS.put("/proc/sys/net/ipv4/tcp_max_syn_backlog", NetLimits.SYN_BACKLOG);
        PATHS.put("/proc/sys/net/netfilter/nf_conntrack_count", NetLimits.CT_COUNT);
        PATHS.put("/proc/sys/net/netfilter/nf_conntrack_max", NetLimits.CT_MAX);
        PATHS.put("/proc/sys/net/netfilter/nf_conntrack_buckets", NetLimits.CT_BUCKETS);
        PATHS.put(NETSTAT_PATH, NetLimits.NETSTAT);
    }

    /** The files whose mode the probe reports ({@code mode 644 PATH}), by the key of {@link NetLimits#modes()}. */
    private static final Map<String, String> MODE_PATHS = Map.of(
            "/proc/sys/net/netfilter/nf_conntrack_max", NetLimits.CT_MAX,
            NetLimits.HASHSIZE_PATH, NetLimits.HASHSIZE);

    private NetLimitsParser() {
    }

    /**
     * @param lines   the section's lines
     * @param detail  the section's detail: {@code prev=AT:OVERFLOWS:DROPS|none at=NS}
     * @param problems where lines that do not parse go (kept, with why)
     */
    public static Optional<NetLimits> parse(List<String> lines, String detail, List<ParseProblem> problems) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, SourceStatus> absent = new LinkedHashMap<>();
        List<String> tcpExt = new ArrayList<>(2);
        Map<String, Integer> modes = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.startsWith("mode ")) {
                String[] w = line.split(" ", 3);
                String key = w.length == 3 ? MODE_PATHS.get(w[2]) : null;
                if (key == null || w[1].isEmpty() || w[1].length() > 4 || !w[1].chars().allMatch(c -> c >= '0' && c <= '7')) {
                    problems.add(new ParseProblem(SOURCE, line, "not 'mode OCTAL PATH' of a file this section stats"));
                } else if (modes.putIfAbsent(key, Integer.parseInt(w[1], 8)) != null) {
                    problems.add(new ParseProblem(SOURCE, line, key + "'s mode twice; the first is kept"));
                }
                continue;
            }
            if (line.startsWith("missing ") || line.startsWith("unreadable ")) {
                boolean missing = line.startsWith("missing ");
                String key = PATHS.get(line.substring(line.indexOf(' ') + 1));
                if (key == null) {
                    problems.add(new ParseProblem(SOURCE, line, "not a file this section reads"));
                    continue;
                }
                absent.put(key, missing ? SourceStatus.MISSING : SourceStatus.UNREADABLE);
                continue;
            }
            int colon = line.indexOf(':');
            String key = colon < 0 ? null : PATHS.get(line.substring(0, colon));
            if (key == null) {
                problems.add(new ParseProblem(SOURCE, line, "not PATH:VALUE of a file this section reads"));
                continue;
            }
            String value = line.substring(colon + 1);
            if (key.equals(NetLimits.NETSTAT)) {
                if (value.startsWith("TcpExt:")) {
                    tcpExt.add(value);
                } else {
                    problems.add(new ParseProblem(SOURCE, line, "not a TcpExt line of /proc/net/netstat"));
                }
                continue;
            }
            if (values.containsKey(key)) {
                problems.add(new ParseProblem(SOURCE, line, key + " twice; the first is kept"));
                continue;
            }
            values.put(key, value);
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        if (tcpExt.size() == 1 && tcpExt.get(0).indexOf('=') >= 0 || tcpExt.size() == 1 && tcpExt.get(0).trim().equals("TcpExt:")) {
            // the probe's form: only the counters read, NAME=VALUE
            for (String w : tcpExt.get(0).substring(7).trim().split(" +")) {
                int eq = w.indexOf('=');
                if (w.isEmpty()) {
                    continue;
                }
                try {
                    if (eq <= 0) {
                        throw new NumberFormatException();
                    }
                    counters.put(w.substring(0, eq), counter(w.substring(eq + 1)));
                } catch (NumberFormatException e) {
                    problems.add(new ParseProblem(SOURCE, tcpExt.get(0), "'" + w + "' is not NAME=NUMBER"));
                }
            }
        } else if (tcpExt.size() == 2) {
            String[] names = tcpExt.get(0).substring(7).trim().split(" +");
            String[] nums = tcpExt.get(1).substring(7).trim().split(" +");
            if (names.length != nums.length) {
                problems.add(new ParseProblem(SOURCE, tcpExt.get(1), "TcpExt has " + names.length + " names and "
                        + nums.length + " values; not used"));
                absent.put(NetLimits.NETSTAT, SourceStatus.ERROR);
            } else {
                for (int i = 0; i < names.length; i++) {
                    try {
                        counters.put(names[i], counter(nums[i]));
                    } catch (NumberFormatException e) {
                        problems.add(new ParseProblem(SOURCE, tcpExt.get(1), "TcpExt " + names[i] + " is '" + nums[i] + "', not a number"));
                    }
                }
            }
        } else if (!absent.containsKey(NetLimits.NETSTAT)) {
            if (!tcpExt.isEmpty()) {
                problems.add(new ParseProblem(SOURCE, tcpExt.get(0), "TcpExt came in " + tcpExt.size() + " lines, not 2; not used"));
            }
            absent.put(NetLimits.NETSTAT, SourceStatus.ERROR);
        }
        Optional<NetLimits.Counters> prev = Optional.empty();
        OptionalLong at = OptionalLong.empty();
        for (String w : detail.trim().split(" +")) {
            if (w.startsWith("prev=")) {
                prev = NetLimits.Counters.parse(w.substring(5));
            } else if (w.startsWith("at=") && w.length() > 3 && w.length() <= 22 && w.substring(3).chars().allMatch(c -> c >= '0' && c <= '9')) {
                at = OptionalLong.of(Long.parseLong(w.substring(3)));
            }
        }
        return Optional.of(new NetLimits(values, absent, counters, at, prev, modes));
    }

    /** A counter: digits only, within a signed long (a counter past 2^63 is not believed). */
    private static long counter(String s) {
        if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NumberFormatException(s);
        }
        return Long.parseLong(s);
    }
}
