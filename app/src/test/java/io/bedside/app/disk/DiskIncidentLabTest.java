package io.bedside.app.disk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.LabCli;
import io.bedside.app.lab.WithLab;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The disk incident staged for real in a lab host (lab/incidents/disk-full.sh: a tmpfs
 * filled by a log writer whose log is deleted while open, a spool tmpfs out of inodes, both in the
 * lab host's own mount namespace), diagnosed through the real sshd, then fixed with
 * disk.deleted.truncate the way an operator would: dry run, then for real, verification PASSED.
 */
@WithLab
class DiskIncidentLabTest {
    private final LabCli cli = new LabCli();

    private static List<JsonNode> findings(JsonNode diag, String id, String mount) {
        List<JsonNode> l = new ArrayList<>();
        diag.get("findings").forEach(f -> {
            if (f.get("id").asText().equals(id) && f.get("subjects").get(0).get("mount").asText().equals(mount)) {
                l.add(f);
            }
        });
        return l;
    }

    @Test
    void aFullDiskHeldByADeletedLogAndASpoolOutOfInodesAreFoundAndTheLogIsTruncated(Lab lab) throws Exception {
        String made = LabCli.incident(lab, "disk-full.sh", "--logs-mb", "16");
        try {
            Matcher logs = Pattern.compile("\\n  logs +(\\S+) ").matcher(made);
            Matcher spool = Pattern.compile("\\n  spool +(\\S+) ").matcher(made);
            Matcher writer = Pattern.compile("writer +pid (\\d+) \\(app-logger\\) fd (\\d+)").matcher(made);
            assertTrue(logs.find() && spool.find() && writer.find(), made);
            String pid = writer.group(1);
            String fd = writer.group(2);
            String cfg = lab.sshConfig().toString();

            int status = cli.run("diagnose", "-F", cfg, lab.alias(), "--sudo", "--json");
            assertEquals(2, status, "critical: " + cli.err());
            JsonNode diag = new ObjectMapper().readTree(cli.out());

            List<JsonNode> full = findings(diag, "disk.full", logs.group(1));
            assertEquals(1, full.size(), made);
            JsonNode f = full.get(0);
            assertEquals("critical", f.get("severity").asText());
            JsonNode fs = f.get("subjects").get(0);
            assertEquals("tmpfs", fs.get("fstype").asText());
            assertEquals("bedside-lab-logs", fs.get("device").asText());
            assertEquals(16L << 20, fs.get("size_bytes").asLong());
            assertEquals(0, fs.get("avail_bytes").asLong());
            assertEquals(100, fs.get("used_pct").asInt());

            List<JsonNode> held = findings(diag, "disk.deleted-open", logs.group(1));
            assertEquals(1, held.size(), made);
            JsonNode file = held.get(0).get("subjects").get(0);
            assertEquals(pid, file.get("pid").asText());
            assertEquals("app-logger", file.get("comm").asText());
            assertEquals(fd, file.get("fd").asText());
            assertEquals(logs.group(1) + "/app.log", file.get("path").asText());
            assertTrue(file.get("size_bytes").asLong() >= 15L << 20, file.toString());
            assertEquals(1, held.get(0).get("subjects").size(), "only the writer holds it (its sleep does not): " + held.get(0));

            List<JsonNode> inodes = findings(diag, "disk.inodes.exhausted", spool.group(1));
            assertEquals(1, inodes.size(), made);
            JsonNode in = inodes.get(0).get("subjects").get(0);
            assertEquals("critical", inodes.get(0).get("severity").asText());
            assertEquals(256, in.get("inodes").asLong());
            assertEquals(0, in.get("inodes_free").asLong());
            for (JsonNode x : diag.get("findings")) {
                if (x.get("id").asText().startsWith("disk.")) {
                    String mount = x.get("subjects").get(0).get("mount").asText();
                    assertTrue(!mount.startsWith("/proc") && !mount.startsWith("/sys") && !mount.startsWith("/snap"),
                            "no pseudo file system is reported: " + x);
                }
            }

            assertEquals(0, cli.run("fix", "-F", cfg, lab.alias(), "disk.deleted.truncate", "pid=" + pid, "fd=" + fd, "--sudo",
                    "--dry-run"), cli.both());
            assertTrue(cli.out().contains("Dry run complete: nothing was changed."), cli.out());
            assertTrue(cli.out().contains("keeps writing at its offset"), cli.out());
            assertEquals(0, cli.run("fix", "-F", cfg, lab.alias(), "disk.deleted.truncate", "pid=" + pid, "fd=" + fd, "--sudo",
                    "--yes"), cli.both());
            assertTrue(cli.out().contains("Verification: PASSED"), cli.out());

            cli.run("diagnose", "-F", cfg, lab.alias(), "--sudo", "--json");
            JsonNode after = new ObjectMapper().readTree(cli.out());
            assertEquals(List.of(), findings(after, "disk.full", logs.group(1)), "room again: " + after.get("findings"));
            assertEquals(1, findings(after, "disk.inodes.exhausted", spool.group(1)).size(), "the spool is untouched");

        } finally {
            LabCli.incident(lab, "disk-full.sh", "--reset");
        }
    }
}
