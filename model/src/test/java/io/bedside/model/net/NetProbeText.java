package io.bedside.model.net;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds probe output with the sections this playbook reads in the probe's own formats (ss -tane
 * squeezed, proc-fds, net-limits, net-conntrack, kernel-log), parsed by the registry's parser, so
 * rule tests run through the real parsers.
 */
final class NetProbeText {
    private final Map<String, List<String>> sections = new LinkedHashMap<>();
    private final Map<String, String> details = new LinkedHashMap<>();
    private final Map<String, String> limits = new LinkedHashMap<>();
    private final List<String> modes = new ArrayList<>();
    private long overflows = 0;
    private long drops = 0;
    private String prev = "none";
    private long atNs = 1_700_000_000_000_000_000L;

    NetProbeText() {
        section("ss-tcp", "ok ss -tane", "State Recv-Q Send-Q Local Address:Port Peer Address:Port Process");
        section("ss-udp", "ok ss -uane", "State Recv-Q Send-Q Local Address:Port Peer Address:Port Process");
        section("proc-fds", "ok find /proc/PID/fd (uid 0)");
        limits.put("/proc/sys/net/ipv4/ip_local_port_range", "32768\t60999");
        limits.put("/proc/sys/net/ipv4/ip_local_reserved_ports", "");
        limits.put("/proc/sys/net/ipv4/tcp_tw_reuse", "2");
        limits.put("/proc/sys/net/core/somaxconn", "4096");
        limits.put("/proc/sys/net/ipv4/tcp_max_syn_backlog", "2048");
        limits.put("/proc/sys/net/netfilter/nf_conntrack_count", "0");
        limits.put("/proc/sys/net/netfilter/nf_conntrack_max", "262144");
        limits.put("/proc/sys/net/netfilter/nf_conntrack_buckets", "65536");
    }

    NetProbeText section(String name, String statusAndDetail, String... lines) {
        sections.put(name, new ArrayList<>(List.of(lines)));
        details.put(name, statusAndDetail);
        return this;
    }

    NetProbeText sysctl(String path, String value) {
        limits.put(path, value);
        return this;
    }

    /** The file is not there (value null) on this host. */
    NetProbeText missing(String path) {
        limits.put(path, null);
        return this;
    }

    /** A "mode OCTAL PATH" line of the section, as the probe's stat prints it. */
    NetProbeText mode(String octal, String path) {
        modes.add("mode " + octal + " " + path);
        return this;
    }

    /** The modes of nf_conntrack_max and hashsize in the initial network namespace (as root reads them here). */
    NetProbeText initialNamespace() {
        return mode("644", "/proc/sys/net/netfilter/nf_conntrack_max").mode("600", "/sys/module/nf_conntrack/parameters/hashsize");
    }

    /** The same in a network namespace of its own (a container, the lab's tgt host): nf_conntrack_max 0444. */
    NetProbeText otherNamespace() {
        return mode("444", "/proc/sys/net/netfilter/nf_conntrack_max").mode("600", "/sys/module/nf_conntrack/parameters/hashsize");
    }

    /** The sysctls and modes of a captured net-limits section (its TcpExt line is left to {@link #counters}). */
    NetProbeText limitsFrom(List<String> lines) {
        for (String l : lines) {
            if (l.startsWith("mode ")) {
                String[] w = l.split(" ", 3);
                mode(w[1], w[2]);
            } else if (l.startsWith("/proc/sys/")) {
                int colon = l.indexOf(':');
                sysctl(l.substring(0, colon), l.substring(colon + 1));
            }
        }
        return this;
    }

    NetProbeText range(int low, int high) {
        return sysctl("/proc/sys/net/ipv4/ip_local_port_range", low + "\t" + high);
    }

    NetProbeText counters(long overflows, long drops) {
        this.overflows = overflows;
        this.drops = drops;
        return this;
    }

    NetProbeText previous(long atNs, long overflows, long drops) {
        this.prev = atNs + ":" + overflows + ":" + drops;
        return this;
    }

    NetProbeText at(long ns) {
        this.atNs = ns;
        return this;
    }

    NetProbeText conntrack(long entries) {
        return section("net-conntrack", "ok /proc/net/stat/nf_conntrack",
                "entries  clashres found new invalid ignore delete chainlength insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart",
                String.format("%08x  00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000  00000000 00000000 00000000 00000000", entries));
    }

    NetProbeText tcp(String state, long recvQ, long sendQ, String local, String peer, long inode) {
        sections.get("ss-tcp").add(state + " " + recvQ + " " + sendQ + " " + local + " " + peer + " ino:" + inode + " sk:1 cgroup:/ <->");
        return this;
    }

    /** n client connections from local to peer, local ports from firstPort, the first tw of them in TIME-WAIT. */
    NetProbeText clients(int n, int tw, String localAddr, int firstPort, String peer) {
        for (int i = 0; i < n; i++) {
            tcp(i < tw ? "TIME-WAIT" : "ESTAB", 0, 0, localAddr + ":" + (firstPort + i), peer, i < tw ? 0 : 5000 + firstPort + i);
        }
        return this;
    }

    NetProbeText process(int pid, String comm, long... socketInodes) {
        List<String> fds = sections.get("proc-fds");
        for (int i = 0; i < socketInodes.length; i++) {
            fds.add(pid + " " + (3 + i) + " lrwx------ s socket:[" + socketInodes[i] + "]");
        }
        fds.add("pid=" + pid + " start=100 nofile=1024/524288 fds=" + socketInodes.length + " comm=" + comm);
        return this;
    }

    NetProbeText kernelLog(String... lines) {
        return section("kernel-log", "ok dmesg cursor=dmesg:1:1.0:1 from=start scanned=" + lines.length, lines);
    }

    String text() {
        StringBuilder b = new StringBuilder("@@bedside:probe version=2 uid=0 epoch_ns=" + atNs + "\n");
        b.append("@@bedside:section host ok\nhostname=h\nkernel=6.18.44\nmachine=x86_64\nuid=0\n");
        sections.forEach((name, lines) -> {
            b.append("@@bedside:section ").append(name).append(' ').append(details.get(name)).append('\n');
            lines.forEach(l -> b.append(l).append('\n'));
        });
        b.append("@@bedside:section net-limits ok prev=").append(prev).append(" at=").append(atNs).append('\n');
        limits.forEach((p, v) -> b.append(v == null ? "missing " + p : p + ":" + v).append('\n'));
        b.append("/proc/net/netstat:TcpExt: SyncookiesSent ListenOverflows ListenDrops TCPTimeouts\n");
        b.append("/proc/net/netstat:TcpExt: 0 ").append(overflows).append(' ').append(drops).append(" 7\n");
        modes.forEach(m -> b.append(m).append('\n'));
        if (!sections.containsKey("net-conntrack")) {
            b.append("@@bedside:section net-conntrack missing /proc/net/stat/nf_conntrack (nf_conntrack not loaded)\n");
        }
        b.append("@@bedside:end elapsed_ns=1\n");
        return b.toString();
    }

    Sample sample() {
        return Playbooks.parser().parse("test", Instant.ofEpochSecond(0, atNs), text(), 1);
    }
}
