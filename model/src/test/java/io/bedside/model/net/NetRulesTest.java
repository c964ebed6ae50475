package io.bedside.model.net;

import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Rule;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.sample.Sample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetRulesTest {
    private static final long T0 = 1_700_000_000_000_000_000L;

    static List<Finding> run(Sample latest, Sample... before) {
        List<Finding> out = new ArrayList<>();
        for (Rule r : NetRules.all()) {
            out.addAll(r.evaluate(latest, List.of(before)));
        }
        return out;
    }

    static Finding only(List<Finding> fs, String id) {
        List<Finding> m = fs.stream().filter(f -> f.id().equals(id)).toList();
        assertEquals(1, m.size(), fs.toString());
        return m.get(0);
    }

    @Test
    void aClientThatUsedEveryPortOfANarrowRangeToOnePeerIsCritical() {
        Sample s = new NetProbeText().range(32768, 32799)
                .clients(32, 10, "10.0.0.2", 32768, "10.0.0.9:5432")
                .clients(3, 0, "10.0.0.2", 40000, "10.0.0.8:80") // outside the range: bound by the application
                .sample();
        Finding f = only(run(s), NetRules.PORTS_EXHAUSTED);
        assertEquals(Severity.CRITICAL, f.severity());
        Subject sub = f.subjects().get(0);
        assertEquals(Subject.Kind.LIMIT, sub.kind());
        assertEquals("10.0.0.2", sub.get("local"));
        assertEquals("10.0.0.9:5432", sub.get("remote"));
        assertEquals(32, sub.get("in_use"));
        assertEquals("32768-32799", sub.get("range"));
        assertEquals(10, sub.get("time_wait"));
        assertEquals(1, f.subjects().size(), "the other tuple is 3 of 32 and not in the range anyway");
        FixOffer o = f.fixes().get(0);
        assertEquals(NetFixPlans.WIDEN_RANGE, o.fixId());
        assertEquals("32768", o.params().get("low"));
        assertEquals("32847", o.params().get("high"), "80 ports: the 32 in use at 40%");
        assertEquals(List.of("net.ports.widen-range", "low=32768", "high=32847", "tw_reuse=keep"), o.words(),
                "tcp_tw_reuse (2 here) is shown as its own choice, left as it is until the operator picks tw_reuse=1");
    }

    @Test
    void twReuseIsOfferedOnlyWhereItCanBeRaisedToOne() {
        for (String v : List.of("0", "2")) {
            Sample s = new NetProbeText().range(32768, 32799).sysctl("/proc/sys/net/ipv4/tcp_tw_reuse", v)
                    .clients(32, 0, "10.0.0.2", 32768, "10.0.0.9:80").sample();
            assertEquals("keep", only(run(s), NetRules.PORTS_EXHAUSTED).fixes().get(0).params().get("tw_reuse"), v);
        }
        for (NetProbeText t : List.of(new NetProbeText().sysctl("/proc/sys/net/ipv4/tcp_tw_reuse", "1"),
                new NetProbeText().missing("/proc/sys/net/ipv4/tcp_tw_reuse"))) {
            Sample s = t.range(32768, 32799).clients(32, 0, "10.0.0.2", 32768, "10.0.0.9:80").sample();
            assertFalse(only(run(s), NetRules.PORTS_EXHAUSTED).fixes().get(0).params().containsKey("tw_reuse"));
        }
    }

    @Test
    void eightyPercentWarnsAndLessIsQuiet() {
        Sample warn = new NetProbeText().range(32768, 32799).clients(26, 0, "10.0.0.2", 32768, "10.0.0.9:80").sample();
        assertEquals(Severity.WARNING, only(run(warn), NetRules.PORTS_EXHAUSTED).severity());
        Sample quiet = new NetProbeText().range(32768, 32799).clients(25, 0, "10.0.0.2", 32768, "10.0.0.9:80").sample();
        assertTrue(run(quiet).stream().noneMatch(f -> f.id().equals(NetRules.PORTS_EXHAUSTED)), run(quiet).toString());
    }

    @Test
    void reservedPortsShrinkTheUsableRange() {
        // 25 of 32 is 78%; with 4 ports reserved inside the range, 25 of 28 is 89%
        Sample s = new NetProbeText().range(32768, 32799).sysctl("/proc/sys/net/ipv4/ip_local_reserved_ports", "32790-32793,8080")
                .clients(25, 0, "10.0.0.2", 32768, "10.0.0.9:80").sample();
        Finding f = only(run(s), NetRules.PORTS_EXHAUSTED);
        assertEquals(28, f.subjects().get(0).get("usable"));
    }

    @Test
    void aListenerFullInTwoSamplesIsNamedWithItsOwner() {
        Sample before = new NetProbeText().at(T0).tcp("LISTEN", 5, 4, "0.0.0.0:8080", "0.0.0.0:*", 777).process(4242, "slowsrv", 777).sample();
        Sample now = new NetProbeText().at(T0 + 2_000_000_000L).tcp("LISTEN", 5, 4, "0.0.0.0:8080", "0.0.0.0:*", 777).process(4242, "slowsrv", 777).sample();
        assertTrue(run(before).stream().noneMatch(f -> f.id().equals(NetRules.LISTEN_OVERFLOW)), "one sample is not enough");
        Finding f = only(run(now, before), NetRules.LISTEN_OVERFLOW);
        assertEquals(Severity.WARNING, f.severity());
        Subject sub = f.subjects().get(0);
        assertEquals("0.0.0.0:8080", sub.get("local"));
        assertEquals(4242, sub.get("pid"));
        assertEquals("slowsrv", sub.get("comm"));
        assertEquals(4L, sub.get("backlog"));
        assertEquals(5L, sub.get("queued"));
        assertNull(sub.get("overflows_per_min"), "no counters before");
        assertEquals("8192", f.fixes().get(0).params().get("somaxconn"));
    }

    @Test
    void aHostileOwnerNameStaysOneFieldOfOneSubject() {
        // the fd walk prints a name escaped (enc); a newline and a marker in it stay inside the comm field
        Sample before = new NetProbeText().at(T0).tcp("LISTEN", 5, 4, "0.0.0.0:8080", "0.0.0.0:*", 777)
                .process(4242, "ev\\x0a@@bedside:end\\x20x", 777).sample();
        Sample now = new NetProbeText().at(T0 + 2_000_000_000L).tcp("LISTEN", 5, 4, "0.0.0.0:8080", "0.0.0.0:*", 777)
                .process(4242, "ev\\x0a@@bedside:end\\x20x", 777).sample();
        Finding f = only(run(now, before), NetRules.LISTEN_OVERFLOW);
        assertEquals(1, f.subjects().size());
        assertEquals("ev\n@@bedside:end x", f.subjects().get(0).get("comm"), "the name as the host wrote it, for HostText to show");
        assertEquals(4242, f.subjects().get(0).get("pid"));
    }

    @Test
    void growingCountersWarnAloneAndMakeAFullListenerCritical() {
        Sample before = new NetProbeText().at(T0).counters(100, 100).tcp("LISTEN", 5, 4, "0.0.0.0:8080", "0.0.0.0:*", 777).sample();
        Sample now = new NetProbeText().at(T0 + 30_000_000_000L).previous(T0, 100, 100).counters(130, 131)
                .tcp("LISTEN", 5, 4, "0.0.0.0:8080", "0.0.0.0:*", 777).sample();
        Finding f = only(run(now, before), NetRules.LISTEN_OVERFLOW);
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals(60.0, f.subjects().get(0).get("overflows_per_min"));
        assertNull(f.subjects().get(0).get("pid"), "no fd walk saw the owner");

        Sample emptyQueue = new NetProbeText().at(T0 + 30_000_000_000L).previous(T0, 100, 100).counters(130, 131)
                .tcp("LISTEN", 0, 4, "0.0.0.0:8080", "0.0.0.0:*", 777).sample();
        Finding g = only(run(emptyQueue, before), NetRules.LISTEN_OVERFLOW);
        assertEquals(Severity.WARNING, g.severity());
        assertEquals(Subject.Kind.METRIC, g.subjects().get(0).kind());
        assertEquals(62.0, g.subjects().get(0).get("drops_per_min"));
    }

    @Test
    void countersThatWentBackAreARebootNotARate() {
        Sample now = new NetProbeText().at(T0 + 30_000_000_000L).previous(T0, 500, 500).counters(3, 3).sample();
        assertTrue(NetSnapshot.of(now).limits().get().orElseThrow().perMinute().isEmpty());
        assertTrue(run(now).isEmpty(), run(now).toString());
    }

    @Test
    void conntrackNearItsLimitWarnsAndTheKernelLogMakesItCritical() {
        Sample warn = new NetProbeText().sysctl("/proc/sys/net/netfilter/nf_conntrack_max", "1000").conntrack(950).kernelLog().sample();
        Finding f = only(run(warn), NetRules.CONNTRACK_FULL);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals(950L, f.subjects().get(0).get("count"));
        assertEquals(1000L, f.subjects().get(0).get("max"));
        assertEquals(0L, f.subjects().get(0).get("drops"));
        assertEquals("16384", f.fixes().get(0).params().get("max"));

        Sample logged = new NetProbeText().sysctl("/proc/sys/net/netfilter/nf_conntrack_max", "1000").conntrack(400)
                .kernelLog("[1737157.057528] nf_conntrack: table full, dropping packet.",
                        "[1737162.214084] __ratelimit: 83 callbacks suppressed",
                        "[1737163.000001] nf_conntrack: nf_conntrack: table full, dropping packet")
                .sample();
        Finding g = only(run(logged, warn), NetRules.CONNTRACK_FULL);
        assertEquals(Severity.CRITICAL, g.severity());
        assertEquals(2L, g.subjects().get(0).get("drops"));
    }

    @Test
    void withoutTheModuleThereIsNoCountAndNoFinding() {
        Sample s = new NetProbeText().missing("/proc/sys/net/netfilter/nf_conntrack_count").missing("/proc/sys/net/netfilter/nf_conntrack_max")
                .missing("/proc/sys/net/netfilter/nf_conntrack_buckets").sample();
        assertTrue(run(s).isEmpty());
        NetSnapshot n = NetSnapshot.of(s);
        assertFalse(n.conntrackMax().isPresent());
        assertTrue(n.conntrackMax().describeAbsence().contains("not loaded"), n.conntrackMax().describeAbsence());
        assertFalse(n.conntrackCount().isPresent(), "never a zero");
    }

    private static Sample capture(String name) {
        String text = io.bedside.model.Fixtures.text("net/" + name);
        String head = text.lines().findFirst().orElseThrow();
        long ns = Long.parseLong(head.substring(head.indexOf("epoch_ns=") + 9).split(" ")[0]);
        return io.bedside.model.playbooks.Playbooks.parser().parse("lab", java.time.Instant.ofEpochSecond(0, ns), text, 40);
    }

    @Test
    void theLabsCaptures() {
        Sample ports = capture("probe-lab-ports-t1.txt");
        Finding f = only(run(ports, capture("probe-lab-ports-t0.txt")), NetRules.PORTS_EXHAUSTED);
        assertEquals(Severity.CRITICAL, f.severity());
        Subject sub = f.subjects().get(0);
        assertEquals(32, sub.get("in_use"));
        assertEquals(8, sub.get("time_wait"));
        assertEquals("32768-32799", sub.get("range"));
        assertTrue(((String) sub.get("remote")).endsWith(":7000"));

        Sample t0 = capture("probe-lab-listen-t0.txt");
        Sample t1 = capture("probe-lab-listen-t1.txt");
        assertTrue(run(t0).stream().noneMatch(x -> x.id().equals(NetRules.LISTEN_OVERFLOW)), "one sample, no rate: not yet");
        Finding g = only(run(t1, t0), NetRules.LISTEN_OVERFLOW);
        Subject l = g.subjects().get(0);
        assertTrue(((String) l.get("local")).endsWith(":7001"), l.toString());
        assertEquals("python3", l.get("comm"));
        assertEquals(8L, l.get("backlog"));
        assertEquals(9L, l.get("queued"));
        assertTrue(NetSnapshot.of(t1).limits().get().orElseThrow().previous().isEmpty(), "the capture's prev=AT:: is ignored");
    }

    @Test
    void aProcessNameCannotPoseAsATableFullLine() {
        // the kernel log section holds escaped lines; an OOM line naming a process cannot start a line
        Sample s = new NetProbeText().sysctl("/proc/sys/net/netfilter/nf_conntrack_max", "1000").conntrack(10)
                .kernelLog("[1.0] Out of memory: Killed process 12 (nf_conntrack:\\x0a[2.0] nf_conntrack: table full, dropping packet)",
                        "[3.0] Killed process 13 (x) nf_conntrack: table full, dropping packet")
                .sample();
        assertTrue(run(s).isEmpty(), run(s).toString());
    }
}
