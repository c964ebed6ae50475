package io.bedside.model.net;

import io.bedside.model.Fixtures;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.SourceStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetParsersTest {
    private static List<String> lines(String fixture) {
        return Fixtures.text("net/" + fixture).lines().toList();
    }

    @Test
    void thisMachinesLimits() {
        List<ParseProblem> problems = new ArrayList<>();
        NetLimits l = NetLimitsParser.parse(lines("net-limits-debian12-kernel6.18.txt"), "prev=none at=1765000000000000000", problems).orElseThrow();
        assertEquals(List.of(), problems);
        assertEquals(new PortRange(32768, 60999), l.portRange().get().orElseThrow());
        assertEquals(ReservedPorts.NONE, l.reserved().get().orElseThrow());
        assertEquals(2L, l.number(NetLimits.TW_REUSE).get().orElseThrow());
        assertEquals(4096L, l.number(NetLimits.SOMAXCONN).get().orElseThrow());
        assertEquals(262144L, l.number(NetLimits.CT_MAX).get().orElseThrow());
        assertTrue(l.tcpExt(NetLimits.LISTEN_OVERFLOWS).isPresent());
        assertEquals(java.util.Set.of(NetLimits.LISTEN_OVERFLOWS, NetLimits.LISTEN_DROPS), l.tcpExt().keySet(), "the probe keeps these two");
        assertTrue(l.previous().isEmpty());
        assertEquals(1765000000000000000L, l.readAtNs().getAsLong());
        assertEquals(java.util.Optional.of(true), l.conntrackMaxWritable(), "root in the initial namespace: 0644");
        assertTrue(l.hashsizeWritable());
    }

    @Test
    void theLabHostsFilledTableInANamespaceOfItsOwn() {
        List<ParseProblem> problems = new ArrayList<>();
        NetLimits l = NetLimitsParser.parse(lines("net-limits-lab-tgt-conntrack-93pct-kernel6.18.txt"), "prev=none at=1", problems).orElseThrow();
        assertEquals(List.of(), problems);
        assertEquals(244224L, l.number(NetLimits.CT_COUNT).get().orElseThrow());
        assertEquals(262144L, l.number(NetLimits.CT_MAX).get().orElseThrow());
        assertEquals(java.util.Optional.of(false), l.conntrackMaxWritable(), "0444 outside the initial namespace");
        assertFalse(l.hashsizeWritable(), "0600, but the kernel refuses it from this namespace");
    }

    @Test
    void aKernelFrom2001() {
        List<String> netstat = lines("netstat-tcpext-linux2.4.3-2001-transcribed.txt").stream().map(s -> "/proc/net/netstat:" + s).toList();
        List<ParseProblem> problems = new ArrayList<>();
        NetLimits l = NetLimitsParser.parse(netstat, "prev=1:3000:3000 at=60000000001", problems).orElseThrow();
        assertEquals(List.of(), problems);
        assertEquals(3843L, l.tcpExt(NetLimits.LISTEN_OVERFLOWS).get().orElseThrow());
        assertEquals(3843L, l.tcpExt(NetLimits.LISTEN_DROPS).get().orElseThrow());
        assertEquals(843.0, l.perMinute().orElseThrow()[0], 0.01, "843 in one minute");
        // no sysctl was printed: that is the probe's error, not a zero
        assertEquals(SourceStatus.ERROR, ((io.bedside.model.probe.Reading.Absent<?>) l.portRange()).status());
    }

    @Test
    void conntrackCountFromEitherHeader() {
        List<ParseProblem> problems = new ArrayList<>();
        assertEquals(0L, ConntrackStatParser.parse(lines("nf_conntrack-stat-debian12-kernel6.18.txt"), problems).orElseThrow());
        assertEquals(65520L, ConntrackStatParser.parse(lines("nf_conntrack-stat-kernel3.x-format.txt"), problems).orElseThrow());
        assertEquals(List.of(), problems);
        assertTrue(ConntrackStatParser.parse(List.of("entries"), problems).isEmpty(), "cut after the header");
        assertTrue(ConntrackStatParser.parse(List.of("entries found", "zz 0"), problems).isEmpty());
        assertTrue(ConntrackStatParser.parse(List.of("found new", "0 0"), problems).isEmpty());
        assertEquals(3, problems.size());
        assertEquals(204L, ConntrackStatParser.parse(List.of("entries=000000cc"), problems).orElseThrow(), "the probe's form");
        assertTrue(ConntrackStatParser.parse(List.of("entries=zz"), problems).isEmpty());
        assertTrue(ConntrackStatParser.parse(List.of("entries=12345678901234567"), problems).isEmpty(), "more than 64 bits");
    }

    @Test
    void tableFullLinesAsPeoplePostedThem() {
        long hits = lines("kernel-log-conntrack-table-full.txt").stream().filter(l -> NetSnapshot.TABLE_FULL.matcher(l).find()).count();
        assertEquals(5, hits);
        assertFalse(NetSnapshot.TABLE_FULL.matcher("[1.0] audit: type=1400 name=\"/tmp/x nf_conntrack: table full, dropping packet\"").find());
        assertTrue(NetSnapshot.TABLE_FULL.matcher("2026-12-06T10:00:00+0000 lab kernel: nf_conntrack: nf_conntrack: table full, dropping packet").find());
        assertTrue(NetSnapshot.TABLE_FULL.matcher("[   12.345678] ip_conntrack: table full, dropping packet.").find());
    }

    @Test
    void modesSayWhereTheLimitAndTheHashSizeMayBeSet() {
        List<ParseProblem> problems = new ArrayList<>();
        NetLimits init = NetLimitsParser.parse(List.of("/proc/sys/net/netfilter/nf_conntrack_max:262144",
                "mode 644 /proc/sys/net/netfilter/nf_conntrack_max", "mode 600 /sys/module/nf_conntrack/parameters/hashsize"), "", problems).orElseThrow();
        assertEquals(List.of(), problems);
        assertEquals(java.util.Optional.of(true), init.conntrackMaxWritable());
        assertTrue(init.hashsizeWritable());
        NetLimits other = NetLimitsParser.parse(List.of("mode 444 /proc/sys/net/netfilter/nf_conntrack_max",
                "mode 600 /sys/module/nf_conntrack/parameters/hashsize"), "", problems).orElseThrow();
        assertEquals(java.util.Optional.of(false), other.conntrackMaxWritable());
        assertFalse(other.hashsizeWritable(), "hashsize is 0600 everywhere; outside the initial namespace the kernel refuses it");
        NetLimits none = NetLimitsParser.parse(List.of("/proc/sys/net/netfilter/nf_conntrack_max:262144"), "", problems).orElseThrow();
        assertTrue(none.conntrackMaxWritable().isEmpty(), "no stat (busybox without it, module not loaded): unknown");
        assertFalse(none.hashsizeWritable());
        assertFalse(NetLimitsParser.parse(List.of("mode 644 /proc/sys/net/netfilter/nf_conntrack_max"), "", problems).orElseThrow()
                .hashsizeWritable(), "the hashsize's own mode unknown");
        assertEquals(List.of(), problems);

        NetLimits hostile = NetLimitsParser.parse(List.of(
                "mode 999 /proc/sys/net/netfilter/nf_conntrack_max",
                "mode 644 /etc/shadow",
                "mode 644",
                "mode  /sys/module/nf_conntrack/parameters/hashsize",
                "mode 77777 /sys/module/nf_conntrack/parameters/hashsize",
                "mode 600 /sys/module/nf_conntrack/parameters/hashsize x",
                "mode 444 /proc/sys/net/netfilter/nf_conntrack_max",
                "mode 644 /proc/sys/net/netfilter/nf_conntrack_max"), "", problems).orElseThrow();
        assertEquals(7, problems.size(), problems.toString());
        assertEquals(java.util.Optional.of(false), hostile.conntrackMaxWritable(), "the first is kept");
        assertFalse(hostile.hashsizeWritable());
    }

    @Test
    void brokenLimitsAreProblemsNotZeros() {
        List<ParseProblem> problems = new ArrayList<>();
        NetLimits l = NetLimitsParser.parse(List.of(
                "/proc/sys/net/ipv4/ip_local_port_range:60999\t32768",
                "/proc/sys/net/core/somaxconn:99999999999999999999999",
                "/proc/sys/net/ipv4/ip_local_reserved_ports:80,a-b",
                "/proc/sys/net/ipv4/tcp_tw_reuse:1",
                "/proc/sys/net/ipv4/tcp_tw_reuse:0",
                "/etc/shadow:root",
                "missing /proc/sys/net/netfilter/nf_conntrack_max",
                "unreadable /proc/sys/net/netfilter/nf_conntrack_count",
                "/proc/net/netstat:TcpExt: A ListenOverflows ListenDrops",
                "/proc/net/netstat:TcpExt: 1 2"), "prev=x;rm at=", problems).orElseThrow();
        NetLimits kept = NetLimitsParser.parse(List.of("/proc/net/netstat:TcpExt: ListenOverflows=18446744073709551615 ListenDrops=-1 x"),
                "", problems).orElseThrow();
        assertFalse(kept.tcpExt(NetLimits.LISTEN_OVERFLOWS).isPresent(), "2^64-1 is not believed");
        assertFalse(kept.tcpExt(NetLimits.LISTEN_DROPS).isPresent(), "a negative counter is not a number of drops");
        assertEquals(6, problems.size(), problems.toString());
        assertFalse(l.portRange().isPresent(), "high before low");
        assertFalse(l.number(NetLimits.SOMAXCONN).isPresent(), "too big for a long");
        assertFalse(l.reserved().isPresent());
        assertEquals(1L, l.number(NetLimits.TW_REUSE).get().orElseThrow(), "the first is kept");
        assertEquals(SourceStatus.MISSING, ((io.bedside.model.probe.Reading.Absent<?>) l.number(NetLimits.CT_MAX)).status());
        assertEquals(SourceStatus.UNREADABLE, ((io.bedside.model.probe.Reading.Absent<?>) l.number(NetLimits.CT_COUNT)).status());
        assertFalse(l.tcpExt(NetLimits.LISTEN_OVERFLOWS).isPresent(), "a cut values line is not used");
        assertTrue(l.previous().isEmpty());
        assertTrue(l.readAtNs().isEmpty());
    }

    @Test
    void portRanges() {
        assertEquals(new PortRange(1024, 65535), PortRange.parse("1024 \t 65535"));
        assertThrows(IllegalArgumentException.class, () -> PortRange.parse("0 10"));
        assertThrows(IllegalArgumentException.class, () -> PortRange.parse("1 70000"));
        assertThrows(IllegalArgumentException.class, () -> PortRange.parse("1"));
        ReservedPorts r = ReservedPorts.parse("8080,32790-32793,32791");
        assertEquals(4, r.within(new PortRange(32768, 32799)));
        assertEquals("8080,32790-32793,32791", r.text());
    }

    @Test
    void proposedRanges() {
        assertEquals(new PortRange(32768, 32847), NetFixPlans.proposedRange(new PortRange(32768, 32799), 32, ReservedPorts.NONE));
        assertEquals(new PortRange(1024, 65535), NetFixPlans.proposedRange(new PortRange(32768, 60999), 28000, ReservedPorts.NONE));
        assertEquals(new PortRange(32768, 32851), NetFixPlans.proposedRange(new PortRange(32768, 32799), 32, ReservedPorts.parse("32800-32803")));
        assertEquals(new PortRange(65436, 65535), NetFixPlans.proposedRange(new PortRange(65486, 65535), 10, ReservedPorts.NONE),
                "grown down when the top is reached");
    }
}
