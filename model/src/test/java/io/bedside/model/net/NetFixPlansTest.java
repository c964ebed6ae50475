package io.bedside.model.net;

import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import io.bedside.model.sample.Sample;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetFixPlansTest {
    private static List<String> commands(List<FixStep> steps) {
        return steps.stream().map(FixStep::command).toList();
    }

    @Test
    void wideningTheRangeSetsReadsBackAndRollsBack() {
        Sample s = new NetProbeText().range(32768, 32799).clients(32, 0, "10.0.0.2", 32768, "10.0.0.9:80")
                .tcp("LISTEN", 0, 128, "0.0.0.0:32800", "0.0.0.0:*", 9).sample();
        FixPlan p = NetFixPlans.widenRange(s, Map.of());
        List<String> c = commands(p.steps());
        assertTrue(c.contains("sysctl -w net.ipv4.ip_local_port_range='32768 32847'"), c.toString());
        assertTrue(p.steps().stream().anyMatch(st -> "32768\t32847".equals(st.expectedOutput().orElse(null))), "read back as /proc prints it");
        assertTrue(commands(p.rollback()).contains("sysctl -w net.ipv4.ip_local_port_range='32768 32799'"));
        assertTrue(String.join(" ", p.summary()).contains("32800"), "a listener inside the new range is named: " + p.summary());
        assertTrue(c.stream().noneMatch(x -> x.contains("tcp_tw_reuse")), "tw_reuse only when asked");

        FixPlan tw = NetFixPlans.widenRange(s, Map.of("tw_reuse", "1"));
        assertTrue(commands(tw.steps()).contains("sysctl -w net.ipv4.tcp_tw_reuse=1"), commands(tw.steps()).toString());
        assertTrue(commands(tw.rollback()).contains("sysctl -w net.ipv4.tcp_tw_reuse=2"));
    }

    @Test
    void choicesThatNarrowOrReachThePrivilegedPortsAreRefused() {
        Sample s = new NetProbeText().range(32768, 32799).sample();
        assertThrows(IllegalArgumentException.class, () -> NetFixPlans.widenRange(s, Map.of("low", "1000")));
        assertThrows(IllegalArgumentException.class, () -> NetFixPlans.widenRange(s, Map.of("low", "32770", "high", "40000")));
        assertThrows(IllegalArgumentException.class, () -> NetFixPlans.widenRange(s, Map.of("high", "32799")));
        assertThrows(IllegalArgumentException.class, () -> NetFixPlans.widenRange(s, Map.of("high", "70000")));
        assertThrows(IllegalArgumentException.class, () -> NetFixPlans.widenRange(s, Map.of("high", "4e4")));
        assertThrows(IllegalArgumentException.class, () -> NetFixPlans.widenRange(s, Map.of("tw_reuse", "0; reboot")));
        assertEquals("sysctl -w net.ipv4.ip_local_port_range='10000 65535'", commands(NetFixPlans.widenRange(s,
                Map.of("low", "10000", "high", "65535")).steps()).stream().filter(x -> x.startsWith("sysctl")).findFirst().orElseThrow());
    }

    @Test
    void conntrackAndSomaxconn() {
        Sample s = new NetProbeText().sysctl("/proc/sys/net/netfilter/nf_conntrack_max", "1000").conntrack(990)
                .tcp("LISTEN", 129, 128, "0.0.0.0:8080", "0.0.0.0:*", 7).sample();
        FixPlan ct = NetFixPlans.raiseConntrack(s, Map.of());
        assertTrue(commands(ct.steps()).contains("sysctl -w net.netfilter.nf_conntrack_max=16384"), commands(ct.steps()).toString());
        assertTrue(String.join(" ", ct.summary()).contains("65536 buckets"));
        assertThrows(IllegalArgumentException.class, () -> NetFixPlans.raiseConntrack(s, Map.of("max", "999")));

        FixPlan so = NetFixPlans.raiseBacklog(s, Map.of());
        assertTrue(commands(so.steps()).contains("sysctl -w net.core.somaxconn=8192"));
        assertTrue(String.join(" ", so.summary()).contains("0.0.0.0:8080 (backlog 128)"), "its own backlog is the cap: " + so.summary());
        assertThrows(IllegalArgumentException.class, () -> NetFixPlans.raiseBacklog(s, Map.of("somaxconn", "70000")));

        Sample none = new NetProbeText().missing("/proc/sys/net/netfilter/nf_conntrack_max").sample();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetFixPlans.raiseConntrack(none, Map.of()));
        assertTrue(e.getMessage().contains("not loaded"), e.getMessage());
    }
}
