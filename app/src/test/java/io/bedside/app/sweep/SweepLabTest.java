package io.bedside.app.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bedside sweep} against a real sshd with seed 000 staged (semaphore arrays full in the lab
 * host's own IPC namespace), reached under several inventory names, beside hosts that cannot be
 * diagnosed: one down, one whose host key changed, one whose key is unknown. Every host is in the
 * result; the incident is grouped across the hosts that have it; the unreachable ones are UNKNOWN
 * with the reason; nothing is accepted silently.
 */
@WithLab
class SweepLabTest {
    private final LabCli cli = new LabCli();

    @Test
    void anAnsibleInventorySweepGroupsTheIncidentAndKeepsEveryHost(Lab lab, @TempDir Path dir) throws Exception {
        Path otherKey = dir.resolve("other");
        Process kg = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherKey.toString()).start();
        assertEquals(0, kg.waitFor());
        Path changed = dir.resolve("known_hosts_changed");
        Files.writeString(changed, "[127.0.0.1]:" + lab.port() + " " + Files.readString(otherKey.resolveSibling("other.pub")).trim() + "\n");
        Path empty = dir.resolve("known_hosts_empty");
        Files.writeString(empty, "");
        String at = "ansible_host=127.0.0.1 ansible_port=" + lab.port() + " ansible_user=" + lab.user();
        Path inv = dir.resolve("hosts.ini");
        Files.writeString(inv, """
                # seed 000 on db-01 and db-02 (one lab host under two names)
                [db]
                db-01 %s
                db-02 %s
                [broken]
                down-01 ansible_host=127.0.0.1 ansible_port=1
                rekeyed-01 %s ansible_ssh_common_args='-o UserKnownHostsFile=%s'
                newkey-01 %s ansible_ssh_common_args="-o UserKnownHostsFile=%s"
                [all:children]
                db
                broken
                """.formatted(at, at, at, changed, at, empty));

        LabCli.incident(lab, "sem-exhaustion.sh", "--semmni", "24");
        try {
            List<String> ssh = List.of("-i", lab.identity().toString(), "-o", "UserKnownHostsFile=" + lab.knownHosts(),
                    "-o", "GlobalKnownHostsFile=/dev/null", "-o", "StrictHostKeyChecking=yes");
            int status = cli.run(args(List.of("sweep", inv.toString()), ssh, List.of("--sudo", "--timeout", "30s")));
            String out = cli.out();
            assertEquals(2, status, cli.both());
            assertTrue(out.startsWith("BEDSIDE SWEEP CRITICAL - 5 hosts, 2 with findings, 3 unknown"), out);
            assertTrue(out.contains("  [critical] ipc.sem.exhausted on 2 of 5 hosts: db-01, db-02\n"), out);
            Map<String, String> lines = new HashMap<>();
            for (String l : out.lines().filter(l -> l.matches("  (OK|WARNING|CRITICAL|UNKNOWN) +\\S+: .*")).toList()) {
                String[] w = l.trim().split("\\s+", 3);
                lines.put(w[1].replace(":", ""), w[0] + " " + w[2]);
            }
            assertEquals(5, lines.size(), out);
            assertTrue(lines.get("db-01").startsWith("CRITICAL ipc.sem.exhausted"), out);
            assertTrue(lines.get("down-01").startsWith("UNKNOWN") && lines.get("down-01").contains("refused"), out);
            assertTrue(lines.get("rekeyed-01").startsWith("UNKNOWN") && lines.get("rekeyed-01").toLowerCase().contains("changed"), out);
            assertTrue(lines.get("newkey-01").startsWith("UNKNOWN") && lines.get("newkey-01").toLowerCase().contains("unknown"), out);
            // worst first: the two CRITICAL hosts, then the UNKNOWN ones
            List<String> order = out.lines().filter(l -> l.matches("  (OK|WARNING|CRITICAL|UNKNOWN) +\\S+: .*"))
                    .map(l -> l.trim().split("\\s+")[0]).toList();
            assertEquals(List.of("CRITICAL", "CRITICAL", "UNKNOWN", "UNKNOWN", "UNKNOWN"), order, out);
            // the host with the changed key was not trusted: the known_hosts file given for it is as it was
            assertTrue(Files.readString(changed).contains(Files.readString(otherKey.resolveSibling("other.pub")).trim().split(" ")[1]));
            assertEquals("", Files.readString(empty), "nothing was added to known_hosts");

            // --json, --limit: one document, each host with its diagnosis or its error
            status = cli.run(args(List.of("sweep", inv.toString(), "--limit", "all:!rekeyed-01:!newkey-01", "--json"), ssh,
                    List.of("--sudo")));
            assertEquals(2, status, cli.both());
            JsonNode root = new ObjectMapper().readTree(cli.out());
            assertEquals(3, root.get("hosts").size(), cli.out());
            assertEquals("ipc.sem.exhausted", root.get("findings").get(0).get("id").asText());
            for (JsonNode h : root.get("hosts")) {
                if (h.get("name").asText().equals("down-01")) {
                    assertEquals(3, h.get("status").asInt());
                    assertTrue(h.get("error").asText().contains("refused"), h.toString());
                } else {
                    assertEquals(2, h.get("status").asInt(), h.toString());
                    assertTrue(h.get("diagnosis").get("findings").toString().contains("ipc.sem.exhausted"), h.toString());
                }
            }

            // the lab's own ssh_config as the inventory: its concrete aliases, --hosts picks
            status = cli.run("sweep", lab.sshConfig().toString(), "--hosts", "lab-*", "--sudo");
            assertEquals(2, status, cli.both());
            assertTrue(cli.out().contains("[critical] ipc.sem.exhausted on 1 of 1 host: " + lab.alias()), cli.out());
        } finally {
            LabCli.incident(lab, "sem-exhaustion.sh", "--reset");
        }
    }

    private static String[] args(List<String> a, List<String> b, List<String> c) {
        return java.util.stream.Stream.of(a, b, c).flatMap(List::stream).toArray(String[]::new);
    }
}
