package io.bedside.app.sweep;

import io.bedside.app.lab.Lab;
import io.bedside.app.lab.LabCli;
import io.bedside.app.lab.WithLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sweep of 50 lab hosts, each its own sshd with its own host key and its own IPC, UTS and mount
 * namespaces: seed 000 (semaphore arrays full) staged for real on three of them, one whose sshd is
 * gone (refused), one whose sshd is frozen (accepts, never answers: the per-host timeout), one whose
 * host key changed. The sweep is the CLI's, through the lab's own ssh_config as the inventory.
 * (SweepBenchmark times sweeps of this lab and of 200 hosts.)
 */
// alone: 51 sshds and a 20 s timeout that must not be hit by load from another test
@org.junit.jupiter.api.parallel.Isolated
@WithLab(fleet = 50)
class FleetSweepLabTest {
    private static final List<Integer> SEM = List.of(7, 23, 41);
    private static final int DOWN = 49;
    private static final int FROZEN = 2;   // early, so its timeout runs beside the other hosts
    private static final int REKEYED = 50;

    private final LabCli cli = new LabCli();

    @Test
    void fiftyHostsWithIncidentsUnreachableAndRekeyedHosts(Lab lab, @TempDir Path dir) throws Exception {
        assertEquals(50, lab.fleet().size());
        // the inventory: the lab's ssh_config, with a known_hosts of its own where one host's key is another
        Path other = dir.resolve("other");
        Process kg = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString()).start();
        assertEquals(0, kg.waitFor());
        String otherKey = Files.readString(dir.resolve("other.pub")).trim().split(" ", 3)[1];
        Lab.FleetHost rekeyed = host(lab, REKEYED);
        Path known = dir.resolve("known_hosts");
        String hosts = Files.readString(lab.knownHosts()).lines()
                .map(l -> l.startsWith("[127.0.0.1]:" + rekeyed.port() + " ") ? "[127.0.0.1]:" + rekeyed.port() + " ssh-ed25519 " + otherKey : l)
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(known, hosts);
        Path config = dir.resolve("ssh_config");
        Files.writeString(config, Files.readString(lab.sshConfig()).replace(lab.knownHosts().toString(), known.toString()));

        for (int i : SEM) {
            LabCli.incident(lab, host(lab, i).nsPid(), "sem-exhaustion.sh", "--semmni", "24");
        }
        Lab.FleetHost down = host(lab, DOWN);
        Lab.FleetHost frozen = host(lab, FROZEN);
        new ProcessBuilder("kill", "-TERM", Long.toString(down.sshdPid())).start().waitFor();
        new ProcessBuilder("kill", "-STOP", Long.toString(frozen.sshdPid())).start().waitFor();
        try {
            long t0 = System.nanoTime();
            // the 50 hosts share this machine's CPUs (each probe walks a /proc that holds every other
            // host's probe too): 16 at once keeps each well within its timeout on a 2-core machine.
            // Without sudo (the semaphore arrays are listed to any user); the run below takes --sudo.
            int status = cli.run("sweep", config.toString(), "--hosts", "lab-" + lab.name() + "-f*",
                    "--parallel", "16", "--timeout", "20s");
            long wallMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("[fleet] 50 lab hosts swept in " + wallMs + " ms");
            String out = cli.out();
            assertEquals(2, status, cli.both());
            assertTrue(out.startsWith("BEDSIDE SWEEP CRITICAL - 50 hosts, "), out);
            assertTrue(out.contains(", 3 unknown"), out);
            String semHosts = SEM.stream().map(i -> host(lab, i).alias()).collect(Collectors.joining(", "));
            assertTrue(out.contains("  [critical] ipc.sem.exhausted on 3 of 50 hosts: " + semHosts + "\n"), out);

            Map<String, String> lines = new HashMap<>();
            for (String l : out.lines().filter(l -> l.matches("  (OK|WARNING|CRITICAL|UNKNOWN) +\\S+: .*")).toList()) {
                String[] w = l.trim().split("\\s+", 3);
                lines.put(w[1].replace(":", ""), w[0] + " " + w[2]);
            }
            assertEquals(50, lines.size(), "every host has its line, none dropped:\n" + out);
            for (int i : SEM) {
                // the findings of a lab host that are the machine's (CPU pressure from the sweep itself, OOM kills
                // in the shared kernel log) may come first; the staged one is on its line
                String line = lines.get(host(lab, i).alias());
                assertTrue(line.startsWith("CRITICAL ") && line.contains("ipc.sem.exhausted"), out);
            }
            assertTrue(lines.get(down.alias()).startsWith("UNKNOWN") && lines.get(down.alias()).contains("refused"), out);
            assertTrue(lines.get(frozen.alias()).startsWith("UNKNOWN") && lines.get(frozen.alias()).contains("within 20 s"), out);
            assertTrue(lines.get(rekeyed.alias()).startsWith("UNKNOWN") && lines.get(rekeyed.alias()).toLowerCase().contains("changed"), out);
            long others = lines.entrySet().stream()
                    .filter(e -> !e.getValue().startsWith("UNKNOWN") && !e.getValue().contains("ipc.sem.exhausted"))
                    .count();
            assertEquals(44, others, "the 44 healthy hosts were diagnosed:\n" + out);
            // worst first: every CRITICAL host, then the UNKNOWN ones, then WARNING, then OK (on this
            // machine the lab hosts' own CPU pressure may make most of them CRITICAL)
            List<String> rank = List.of("CRITICAL", "UNKNOWN", "WARNING", "OK");
            List<Integer> order = out.lines().filter(l -> l.matches("  (OK|WARNING|CRITICAL|UNKNOWN) +\\S+: .*"))
                    .map(l -> rank.indexOf(l.trim().split("\\s+")[0])).toList();
            assertEquals(order.stream().sorted().toList(), order, out);
            assertTrue(Files.readString(known).contains(otherKey), "the changed key was not replaced in known_hosts");

            // --format openmetrics over part of the fleet (f005..f009, seed 000 on f007), with administrative
            // access on each: one exposition, one host label per host
            String five = java.util.stream.IntStream.rangeClosed(5, 9).mapToObj(i -> host(lab, i).alias()).collect(Collectors.joining(","));
            status = cli.run("sweep", config.toString(), "--hosts", five,
                    "--sudo", "--parallel", "8", "--timeout", "30s", "--format", "openmetrics");
            assertEquals(2, status, cli.both());
            String om = cli.out();
            assertEquals(5, om.lines().filter(l -> l.startsWith("bedside_up{")).count(), "f005..f009:\n" + om);
            assertEquals(1, om.lines().filter(l -> l.startsWith("# TYPE bedside_up ")).count(), om);
            assertTrue(om.contains("bedside_finding{host=\"" + host(lab, 7).alias() + "\",id=\"ipc.sem.exhausted\",severity=\"critical\""), om);
            assertTrue(om.contains("bedside_up{host=\"" + host(lab, 9).alias() + "\"} 1"), om);
            assertTrue(om.endsWith("# EOF\n"), om);
            var promtool = io.bedside.app.monitoring.Engines.find("promtool", "prometheus");
            if (promtool.isPresent()) {
                var r = io.bedside.app.monitoring.Engines.run(List.of(promtool.get().toString(), "check", "metrics"), om);
                assertEquals(0, r.exit(), r.output());
            }
        } finally {
            new ProcessBuilder("kill", "-CONT", Long.toString(frozen.sshdPid())).start().waitFor();
            for (int i : SEM) {
                LabCli.incident(lab, host(lab, i).nsPid(), "sem-exhaustion.sh", "--reset");
            }
        }
    }

    private static Lab.FleetHost host(Lab lab, int i) {
        Lab.FleetHost h = lab.fleet().get(i - 1);
        assertEquals(String.format("f%03d", i), h.tag());
        return h;
    }
}
