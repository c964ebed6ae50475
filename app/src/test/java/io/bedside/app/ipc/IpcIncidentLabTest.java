package io.bedside.app.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.LabCli;
import io.bedside.app.lab.WithLab;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeds 000 and 001 for real: the lab host's semaphore arrays (then shared memory segments) are
 * filled by leaked objects beside objects a live process uses, a service cannot start; Bedside
 * diagnoses it through a real sshd, removes only the leaked objects, and the service starts.
 */
@WithLab
class IpcIncidentLabTest {
    private final LabCli cli = new LabCli();

    private static JsonNode finding(JsonNode diag, String id) {
        for (JsonNode f : diag.get("findings")) {
            if (f.get("id").asText().equals(id)) {
                return f;
            }
        }
        return null;
    }

    @Test
    void seed000SemaphoreArraysFullThenFixedAndTheServiceStarts(Lab lab) throws Exception {
        String made = LabCli.incident(lab, "sem-exhaustion.sh", "--semmni", "24");
        try {
            assertTrue(lab.exec("ipcmk -S 1 2>&1 || true").contains("No space left on device"), "the service cannot start");
            Set<String> inUse = new HashSet<>();
            for (String line : lab.exec("cat /proc/sysvipc/sem").lines().skip(1).toList()) {
                String[] f = line.trim().split("\\s+");
                if (f[0].equals(Integer.toString(0x50038d9e)) || f[0].equals(Integer.toString(0x52038d9e))) {
                    inUse.add(f[1]);
                }
            }
            assertEquals(2, inUse.size(), made);

            String cfg = lab.sshConfig().toString();
            assertEquals(2, cli.run("diagnose", "-F", cfg, lab.alias(), "--sudo", "--json"), cli.err());
            JsonNode diag = new ObjectMapper().readTree(cli.out());
            JsonNode exhausted = finding(diag, "ipc.sem.exhausted");
            assertEquals("critical", exhausted.get("severity").asText());
            JsonNode subject = exhausted.get("subjects").get(0);
            assertEquals("SEMMNI", subject.get("limit").asText());
            assertEquals(24, subject.get("used").asInt());
            assertEquals(24, subject.get("max").asInt());
            assertTrue(exhausted.get("fixes").toString().contains("ipc.sem.raise-limit"));
            JsonNode orphaned = finding(diag, "ipc.sem.orphaned");
            Set<String> orphanIds = new HashSet<>();
            orphaned.get("subjects").forEach(s -> orphanIds.add(s.get("semid").asText()));
            assertEquals(22, orphanIds.size(), orphaned.toString());
            for (String id : inUse) {
                assertFalse(orphanIds.contains(id), "array " + id + " is used by a live process and must not be called orphaned");
            }
            JsonNode first = orphaned.get("subjects").get(0);
            assertTrue(first.get("key").asText().startsWith("0x"));
            assertTrue(first.has("owner") && first.has("nsems") && first.has("age"));

            // preview only, then a dry run: nothing changes
            assertEquals(3, cli.run("fix", "-F", cfg, lab.alias(), "ipc.sem.remove-orphans", "--sudo"));
            assertTrue(cli.out().contains("Nothing was changed."));
            assertEquals(0, cli.run("fix", "-F", cfg, lab.alias(), "ipc.sem.remove-orphans", "--sudo", "--dry-run"), cli.err());
            assertEquals(24, lab.exec("cat /proc/sysvipc/sem").lines().count() - 1);

            // without administrative access the fix stops before changing anything
            assertEquals(3, cli.run("fix", "-F", cfg, lab.alias(), "ipc.sem.remove-orphans", "--yes"));
            assertEquals(24, lab.exec("cat /proc/sysvipc/sem").lines().count() - 1);

            assertEquals(0, cli.run("fix", "-F", cfg, lab.alias(), "ipc.sem.remove-orphans", "--sudo", "--yes"), cli.both());
            assertTrue(cli.out().contains("Verification: PASSED"), cli.out());
            String left = lab.exec("cat /proc/sysvipc/sem");
            assertEquals(2, left.lines().count() - 1, left);
            for (String id : inUse) {
                assertTrue(left.lines().anyMatch(l -> l.trim().split("\\s+")[1].equals(id)), "live array " + id + " kept");
            }
            assertTrue(lab.exec("ipcmk -S 1").contains("Semaphore id"), "the service starts");
            // the lab host shares this machine's kernel log (other tests' OOM kills show there): judge the IPC findings
            cli.run("diagnose", "-F", cfg, lab.alias(), "--sudo", "--json");
            JsonNode after = new ObjectMapper().readTree(cli.out());
            for (JsonNode f : after.get("findings")) {
                assertFalse(f.get("id").asText().startsWith("ipc.") && !f.get("severity").asText().equals("info"), f.toString());
            }
        } finally {
            LabCli.incident(lab, "sem-exhaustion.sh", "--reset");
            lab.exec("ipcs -s | awk '$2 ~ /^[0-9]+$/ {print $2}' | xargs -r -n1 ipcrm -s");
        }
    }

    @Test
    void seed000RaisingTheLimitInsteadLetsTheServiceStart(Lab lab) throws Exception {
        String machineSem = java.nio.file.Files.readString(Path.of("/proc/sys/kernel/sem"));
        LabCli.incident(lab, "sem-exhaustion.sh", "--semmni", "24");
        try {
            String cfg = lab.sshConfig().toString();
            assertEquals(0, cli.run("fix", "-F", cfg, lab.alias(), "ipc.sem.raise-limit", "--sudo", "--yes"), cli.both());
            String text = cli.out();
            assertTrue(text.contains("Verification: PASSED"), text);
            assertTrue(text.contains("Semaphore arrays: 24 of 256 (SEMMNI), 232 free"), text);
            String[] sem = lab.exec("cat /proc/sys/kernel/sem").trim().split("\\s+");
            assertEquals("256", sem[3]);
            assertTrue(lab.exec("ipcmk -S 1").contains("Semaphore id"), "the service starts");
            assertEquals(machineSem, java.nio.file.Files.readString(Path.of("/proc/sys/kernel/sem")),
                    "only the lab host's IPC namespace changed");
            // the audit log has every command with its exit status
            String audit = text.lines().filter(l -> l.startsWith("Audit log: ")).findFirst().orElseThrow().substring(11);
            List<String> entries = java.nio.file.Files.readAllLines(Path.of(audit));
            assertTrue(entries.stream().anyMatch(e -> e.contains("\"kind\":\"change\"") && e.contains("sysctl -w kernel.sem")
                    && e.contains("\"exitStatus\":0")), entries.toString());
        } finally {
            LabCli.incident(lab, "sem-exhaustion.sh", "--reset");
            lab.exec("ipcs -s | awk '$2 ~ /^[0-9]+$/ {print $2}' | xargs -r -n1 ipcrm -s");
        }
    }

    @Test
    void seed001SharedMemoryLeakedByKillNineThenFixed(Lab lab) throws Exception {
        String made = LabCli.incident(lab, "shm-leak.sh", "--shmmni", "12");
        try {
            assertTrue(lab.exec("ipcmk -M 65536 2>&1 || true").contains("No space left on device"), made);
            String cfg = lab.sshConfig().toString();
            assertEquals(2, cli.run("diagnose", "-F", cfg, lab.alias(), "--sudo", "--json"), cli.err());
            JsonNode diag = new ObjectMapper().readTree(cli.out());
            assertEquals("critical", finding(diag, "ipc.shm.exhausted").get("severity").asText());
            JsonNode orphaned = finding(diag, "ipc.shm.orphaned");
            for (JsonNode s : orphaned.get("subjects")) {
                assertTrue(s.has("shmid") && s.has("bytes") && s.has("cpid") && s.has("lpid"), s.toString());
                assertFalse(s.get("key").asText().equals("0x6104e88b"), "the live daemon's segment is not orphaned");
            }
            int orphans = orphaned.get("subjects").size();
            assertTrue(orphans >= 8, orphaned.toString());

            assertEquals(0, cli.run("fix", "-F", cfg, lab.alias(), "ipc.shm.remove-orphans", "--sudo", "--yes"), cli.both());
            assertTrue(cli.out().contains("Verification: PASSED"), cli.out());
            String left = lab.exec("cat /proc/sysvipc/shm");
            assertTrue(left.contains(Integer.toString(0x6104e88b)), "the live daemon's segment is kept");
            assertTrue(lab.exec("ipcmk -M 65536").contains("Shared memory id"), "the service starts");
        } finally {
            LabCli.incident(lab, "shm-leak.sh", "--reset");
            lab.exec("ipcs -m | awk '$2 ~ /^[0-9]+$/ {print $2}' | xargs -r -n1 ipcrm -m");
        }
    }
}
