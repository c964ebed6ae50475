package io.bedside.model.net;

import io.bedside.model.Fixtures;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.probe.ProbeFiles;
import io.bedside.model.probe.SourceStatus;
import io.bedside.model.sample.Sample;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real probe on this machine: full and light samples, the listen counters passed back for
 * rates, and the kernel log's filter keeping table-full lines beside the OOM lines.
 */
class NetProbeOnThisMachineTest {
    private static String run(String prelude) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-s").start();
        p.getOutputStream().write((prelude + ProbeFiles.script()).getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void fullThenLightThenFullWithTheCountersPassedBack() throws Exception {
        Instant t0 = Instant.parse("2026-12-06T10:00:00Z");
        Sample full = Playbooks.parser().parse("this machine", t0, run(""), 5);
        NetSnapshot n = NetSnapshot.of(full);
        NetLimits l = n.limits().get().orElseThrow(() -> new AssertionError(n.limits().describeAbsence()));
        // not Files.readString: it reads a file of size 0 a byte at a time, and an integer sysctl
        // answers a read at a non-zero offset with end-of-file (the probe's reason for awk)
        String range;
        try (var in = Files.newInputStream(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            range = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
        assertEquals(PortRange.parse(range), l.portRange().get().orElseThrow());
        assertTrue(l.tcpExt(NetLimits.LISTEN_OVERFLOWS).isPresent());
        if (Files.exists(Path.of("/proc/net/stat/nf_conntrack"))) {
            assertTrue(n.entries().isPresent(), n.entries().describeAbsence());
            assertTrue(n.conntrackMax().isPresent());
            // the mode the kernel gives nf_conntrack_max here (0644 in the initial namespace, 0444 in another)
            String mode = Integer.toOctalString(Files.getAttribute(Path.of("/proc/sys/net/netfilter/nf_conntrack_max"), "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS) instanceof Integer m ? m & 0777 : -1);
            assertEquals(java.util.Optional.of(mode.charAt(0) == '6'), l.conntrackMaxWritable(), "mode " + mode + ": " + l.modes());
            assertEquals(mode.charAt(0) == '6' && Files.exists(Path.of(NetLimits.HASHSIZE_PATH)), l.hashsizeWritable(), l.modes().toString());
        } else {
            assertEquals(SourceStatus.MISSING, ((io.bedside.model.probe.Reading.Absent<?>) n.entries()).status());
        }

        Map<Class<?>, String> none = new java.util.HashMap<>();
        String prelude = Playbooks.parser().prelude(full, none);
        assertTrue(prelude.contains("BS_NET_PREV='"), prelude);
        Sample light = Playbooks.parser().parse("this machine", t0.plusSeconds(2), run("BS_LIGHT=1\n" + prelude), 5, full);
        assertEquals(t0, light.output().carried().get(NetSnapshot.LIMITS), "a light sample does not read the sysctls: it carries them");
        assertFalse(light.output().carried().containsKey(NetSnapshot.CONNTRACK));
        assertEquals(l, NetSnapshot.of(light).limits().get().orElseThrow(), "carried from the full sample");
        assertEquals(n.entries().isPresent(), NetSnapshot.of(light).entries().isPresent(), "conntrack is read on light samples too");

        Thread.sleep(20);
        Sample again = Playbooks.parser().parse("this machine", t0.plusSeconds(4), run(prelude), 5, light);
        double[] rates = NetSnapshot.of(again).limits().get().orElseThrow().perMinute().orElseThrow();
        assertTrue(rates[0] >= 0 && rates[1] >= 0);
        assertFalse(new NetPlaybook().data(again).isEmpty());
    }

    @Test
    void theKernelLogFilterKeepsTableFullLinesAndStillTheOomOnes() throws Exception {
        String host = resource("/io/bedside/model/probe/probe-host.sh");
        String mem = resource("/io/bedside/model/memory/probe-memory.sh");
        String enc = between(host, "bs_encawk='", "\n'\n");
        String oom = between(mem, "bs_oomawk='", "}'\n") + "}";
        Path log = Files.createTempFile("kernlog", ".txt");
        String text = Fixtures.text("net/kernel-log-conntrack-table-full.txt")
                + "[99.1] Out of memory: Killed process 4242 (java) total-vm:1kB\n[99.2] unrelated line\n";
        Files.writeString(log, text);
        Process p = new ProcessBuilder("awk", "-v", "mode=file", "-v", "size=" + text.length(), enc + oom, log.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        Files.delete(log);
        List<String> kept = out.lines().filter(x -> !x.startsWith("@@next")).toList();
        assertEquals(6, kept.size(), out);
        assertTrue(kept.contains("[99.1] Out of memory: Killed process 4242 (java) total-vm:1kB"));
        assertEquals(5, kept.stream().filter(x -> NetSnapshot.TABLE_FULL.matcher(x).find()).count());
    }

    private static String resource(String name) throws IOException {
        try (var in = NetProbeOnThisMachineTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String between(String s, String from, String to) {
        int a = s.indexOf(from);
        int b = s.indexOf(to, a + from.length());
        assertTrue(a >= 0 && b > a, from);
        return s.substring(a + from.length(), b);
    }
}
