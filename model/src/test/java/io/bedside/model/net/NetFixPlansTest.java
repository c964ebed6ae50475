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

    private static List<FixStep> about(List<FixStep> steps, String subject) {
        return steps.stream().filter(st -> st.subject().equals(subject)).toList();
    }

    @Test
    void twReuseIsItsOwnExplainedStepOnlyWhenChosen() {
        Sample s = new NetProbeText().range(32768, 32799).clients(32, 8, "10.0.0.2", 32768, "10.0.0.9:80").sample();
        FixPlan keep = NetFixPlans.widenRange(s, Map.of("tw_reuse", "keep"));
        assertTrue(about(keep.steps(), "net.ipv4.tcp_tw_reuse").isEmpty(), "keep: no step");
        String why = String.join(" ", keep.summary());
        assertTrue(why.contains("tcp_tw_reuse stays 2") && why.contains("loopback") && why.contains("tw_reuse=1")
                && why.contains("Never tcp_tw_recycle"), why);
        assertEquals(1, keep.changes().size());

        FixPlan tw = NetFixPlans.widenRange(s, Map.of("tw_reuse", "1"));
        List<FixStep> own = about(tw.steps(), "net.ipv4.tcp_tw_reuse");
        assertEquals(List.of(FixStep.Kind.EVIDENCE, FixStep.Kind.CHANGE, FixStep.Kind.VERIFY), own.stream().map(FixStep::kind).toList(),
                "saved, set (re-checked), read back: " + own);
        assertEquals("2", own.get(1).precondition().orElseThrow().expectedOutput(), "re-checked against the value the plan saw");
        assertEquals("1", own.get(2).expectedOutput().orElseThrow());
        List<FixStep> back = about(tw.rollback(), "net.ipv4.tcp_tw_reuse");
        assertEquals("sysctl -w net.ipv4.tcp_tw_reuse=2", back.get(0).command());
        assertEquals("1", back.get(0).precondition().orElseThrow().expectedOutput(), "rolled back only if still 1");
        assertTrue(own.stream().noneMatch(FixStep::optional), "chosen by its parameter, not hidden among the optional persist steps");
        assertEquals(List.of("net.ipv4.ip_local_port_range", "net.ipv4.tcp_tw_reuse"), tw.changes().stream().map(c -> c.what()).toList());
        assertTrue(String.join(" ", tw.summary()).contains("A separate step, chosen with tw_reuse=1: tcp_tw_reuse 2 -> 1"), tw.summary().toString());
        FixStep persist = tw.steps().stream().filter(st -> st.file().isPresent()).findFirst().orElseThrow();
        assertTrue(persist.optional() && persist.file().get().content().contains("net.ipv4.tcp_tw_reuse = 1"), "persist optional, both keys");

        Sample off = new NetProbeText().range(32768, 32799).sysctl("/proc/sys/net/ipv4/tcp_tw_reuse", "0").sample();
        assertTrue(String.join(" ", NetFixPlans.widenRange(off, Map.of()).summary()).contains("At 0 no connection reuses"));
        assertTrue(commands(NetFixPlans.widenRange(off, Map.of("tw_reuse", "1")).rollback()).contains("sysctl -w net.ipv4.tcp_tw_reuse=0"));

        Sample on = new NetProbeText().range(32768, 32799).sysctl("/proc/sys/net/ipv4/tcp_tw_reuse", "1").sample();
        FixPlan already = NetFixPlans.widenRange(on, Map.of("tw_reuse", "1"));
        assertTrue(about(already.steps(), "net.ipv4.tcp_tw_reuse").isEmpty());
        assertTrue(String.join(" ", already.summary()).contains("is 1 already"));

        Sample odd = new NetProbeText().range(32768, 32799).sysctl("/proc/sys/net/ipv4/tcp_tw_reuse", "3").sample();
        assertThrows(IllegalArgumentException.class, () -> NetFixPlans.widenRange(odd, Map.of("tw_reuse", "1")));
        Sample unknown = new NetProbeText().range(32768, 32799).missing("/proc/sys/net/ipv4/tcp_tw_reuse").sample();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetFixPlans.widenRange(unknown, Map.of("tw_reuse", "1")));
        assertTrue(e.getMessage().contains("tcp_tw_reuse is not known"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NetFixPlans.widenRange(s, Map.of("tw_reuse", "2")));
    }

    /** A table at 95% of the 6.x default (max = buckets = 262144), as the probe reads it in the initial namespace. */
    private static NetProbeText fullTable() {
        return new NetProbeText().sysctl("/proc/sys/net/netfilter/nf_conntrack_max", "262144")
                .sysctl("/proc/sys/net/netfilter/nf_conntrack_buckets", "262144").conntrack(250000);
    }

    @Test
    void theHashSizeIsASeparateStepWhereTheProbeSawItWritable() {
        FixPlan p = NetFixPlans.raiseConntrack(fullTable().initialNamespace().sample(), Map.of());
        List<FixStep> hash = about(p.steps(), "nf_conntrack hashsize");
        assertEquals(List.of(FixStep.Kind.EVIDENCE, FixStep.Kind.CHANGE, FixStep.Kind.VERIFY), hash.stream().map(FixStep::kind).toList());
        assertEquals("echo 524288 > /sys/module/nf_conntrack/parameters/hashsize", hash.get(1).command(), "the 1:1 ratio kept");
        assertEquals("cat /sys/module/nf_conntrack/parameters/hashsize", hash.get(1).precondition().orElseThrow().command());
        assertEquals("262144", hash.get(1).precondition().orElseThrow().expectedOutput());
        assertEquals("524288", hash.get(2).expectedOutput().orElseThrow());
        assertTrue(hash.stream().allMatch(FixStep::needsRoot), "hashsize is 0600: even its read-back needs root");
        List<String> order = p.steps().stream().map(st -> st.subject() + ":" + st.kind()).toList();
        assertTrue(order.indexOf("nf_conntrack hashsize:CHANGE") > order.indexOf("net.netfilter.nf_conntrack_max:VERIFY")
                && order.indexOf("nf_conntrack hashsize:VERIFY") < order.indexOf("persist:EVIDENCE"), "after the limit, before persisting: " + order);
        List<FixStep> back = about(p.rollback(), "nf_conntrack hashsize");
        assertEquals("echo 262144 > /sys/module/nf_conntrack/parameters/hashsize", back.get(0).command());
        assertEquals("524288", back.get(0).precondition().orElseThrow().expectedOutput(), "rolled back only if still what the fix set");
        assertEquals("262144", back.get(1).expectedOutput().orElseThrow());
        assertEquals(List.of("net.netfilter.nf_conntrack_max", "nf_conntrack hashsize"), p.changes().stream().map(c -> c.what()).toList());
        String why = String.join(" ", p.summary());
        assertTrue(why.contains("A separate step: the hash table 262144 -> 524288 buckets") && why.contains("options nf_conntrack hashsize=524288"), why);

        // the finding offers it as a parameter of its own, and the plan made from the offer is the same
        Sample init = fullTable().initialNamespace().sample();
        Map<String, String> offer = new ConntrackFullRule().evaluate(init, List.of(init)).get(0).fixes().get(0).params();
        assertEquals(Map.of("max", "524288", "hashsize", "524288"), offer);
        assertEquals(commands(p.steps()), commands(NetFixPlans.raiseConntrack(init, offer).steps()));
        Sample ns = fullTable().otherNamespace().sample();
        assertEquals(Map.of("max", "524288"), new ConntrackFullRule().evaluate(ns, List.of(ns)).get(0).fixes().get(0).params());

        // an older kernel's 4:1 ratio is kept, rounded up to whole 64 KiB pages of heads
        FixPlan old = NetFixPlans.raiseConntrack(new NetProbeText().sysctl("/proc/sys/net/netfilter/nf_conntrack_max", "65536")
                .sysctl("/proc/sys/net/netfilter/nf_conntrack_buckets", "16384").conntrack(65000).initialNamespace().sample(), Map.of("max", "100000"));
        assertEquals("echo 32768 > /sys/module/nf_conntrack/parameters/hashsize", about(old.steps(), "nf_conntrack hashsize").get(1).command());
        assertEquals(32768, NetFixPlans.proposedHashsize(65536, 16384, 100000), "25000 rounded up to 8192s");
        assertEquals(24576, NetFixPlans.proposedHashsize(1_000_000, 16384, 1_100_000), "18023 rounded up to 8192s");

        // chosen by the operator: kept, or a size of their own within bounds
        assertTrue(about(NetFixPlans.raiseConntrack(fullTable().initialNamespace().sample(), Map.of("hashsize", "keep")).steps(),
                "nf_conntrack hashsize").isEmpty());
        assertEquals("echo 1048576 > /sys/module/nf_conntrack/parameters/hashsize", about(NetFixPlans.raiseConntrack(
                fullTable().initialNamespace().sample(), Map.of("hashsize", "1048576")).steps(), "nf_conntrack hashsize").get(1).command());
        for (String bad : List.of("100000", "131072", "4294967296", "1e6", "524288; reboot")) {
            assertThrows(IllegalArgumentException.class, () -> NetFixPlans.raiseConntrack(fullTable().initialNamespace().sample(),
                    Map.of("hashsize", bad)), bad);
        }
    }

    @Test
    void theLabCaptureFindsTheTableAndPlansWithoutTheHashSize() {
        Sample s = new NetProbeText().limitsFrom(io.bedside.model.Fixtures.text("net/net-limits-lab-tgt-conntrack-93pct-kernel6.18.txt").lines().toList())
                .conntrack(0x3ba00).sample();
        io.bedside.model.findings.Finding f = new ConntrackFullRule().evaluate(s, List.of(s)).get(0);
        assertEquals(io.bedside.model.findings.Severity.WARNING, f.severity());
        assertEquals(244224L, f.subjects().get(0).get("count"));
        assertEquals(Map.of("max", "524288"), f.fixes().get(0).params());
        FixPlan p = NetFixPlans.raiseConntrack(s, f.fixes().get(0).params());
        assertTrue(about(p.steps(), "nf_conntrack hashsize").isEmpty());
        assertTrue(String.join(" ", p.summary()).contains("read-only (mode 0444)"), p.summary().toString());
    }

    @Test
    void withoutAWritableHashSizeThePlanExplainsAndAReadOnlyLimitFailsInOneSentence() {
        // another network namespace: nf_conntrack_max 0444 (the kernel refuses a hashsize write there too)
        FixPlan ns = NetFixPlans.raiseConntrack(fullTable().otherNamespace().sample(), Map.of());
        assertTrue(about(ns.steps(), "nf_conntrack hashsize").isEmpty());
        String why = String.join(" ", ns.summary());
        assertTrue(why.contains("read-only (mode 0444)") && why.contains("This fix does not change them"), why);
        FixStep set = about(ns.steps(), "net.netfilter.nf_conntrack_max").stream().filter(st -> st.kind() == FixStep.Kind.CHANGE).findFirst().orElseThrow();
        assertTrue(set.command().startsWith("if [ -w /proc/sys/net/netfilter/nf_conntrack_max ]; then sysctl -w net.netfilter.nf_conntrack_max=524288;"
                + " else echo 'nf_conntrack_max is read-only in this network namespace"), set.command());
        assertThrows(IllegalArgumentException.class, () -> NetFixPlans.raiseConntrack(fullTable().otherNamespace().sample(), Map.of("hashsize", "524288")));
        // hashsize not writable by its owner (a module that fixes it), or the probe could not stat: explained, no step
        FixPlan ro = NetFixPlans.raiseConntrack(fullTable().mode("644", "/proc/sys/net/netfilter/nf_conntrack_max")
                .mode("400", "/sys/module/nf_conntrack/parameters/hashsize").sample(), Map.of());
        assertTrue(about(ro.steps(), "nf_conntrack hashsize").isEmpty());
        FixPlan unknown = NetFixPlans.raiseConntrack(fullTable().sample(), Map.of());
        assertTrue(about(unknown.steps(), "nf_conntrack hashsize").isEmpty());
        assertTrue(String.join(" ", unknown.summary()).contains("could not tell whether it is writable"), unknown.summary().toString());
        assertTrue(String.join(" ", unknown.summary()).contains("may be read-only"));
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
        assertTrue(commands(ct.steps()).stream().anyMatch(c -> c.contains("then sysctl -w net.netfilter.nf_conntrack_max=16384;")),
                commands(ct.steps()).toString());
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
