package io.bedside.app.incidents;

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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeds 003 (a process taken by the OOM killer) and 004 (CLOSE_WAIT pile-up behind a blocked
 * stderr pipe) staged for real in a lab host and diagnosed through a real sshd, headless.
 */
@WithLab
class MemoryAndSocketIncidentLabTest {
    private final LabCli cli = new LabCli();

    private static List<JsonNode> findings(JsonNode diag, String id) {
        List<JsonNode> l = new ArrayList<>();
        diag.get("findings").forEach(f -> {
            if (f.get("id").asText().equals(id)) {
                l.add(f);
            }
        });
        return l;
    }

    @Test
    void seed003TheOomKillIsReportedWithTheVictimsPidAndName(Lab lab) throws Exception {
        String made = LabCli.incident(lab, "oom-kill.sh", "--name", "bedside-victim");
        try {
            Matcher m = Pattern.compile("victim pid (\\d+) name (\\S+)").matcher(made);
            assertTrue(m.find(), made);
            String pid = m.group(1);
            cli.run("diagnose", "-F", lab.sshConfig().toString(), lab.alias(), "--sudo", "--json");
            JsonNode diag = new ObjectMapper().readTree(cli.out());
            JsonNode kill = null;
            for (JsonNode f : findings(diag, "mem.oom.killed")) {
                for (JsonNode s : f.get("subjects")) {
                    if (s.get("pid").asText().equals(pid)) {
                        kill = s;
                    }
                }
            }
            assertNotNull(kill, "the kill of pid " + pid + " is reported: " + diag.get("findings"));
            assertEquals("bedside-victim", kill.get("comm").asText());
            assertTrue(kill.get("anon_rss_kb").asLong() > 10_000, kill.toString());
            assertTrue(kill.has("time") && kill.has("oom_score_adj") && kill.has("constraint") && kill.has("memcg"), kill.toString());
        } finally {
            LabCli.incident(lab, "oom-kill.sh", "--reset");
        }
    }

    @Test
    void seed004TheClosewaitPileAndTheBlockedPipeAreFoundThenDrained(Lab lab) throws Exception {
        String made = LabCli.incident(lab, "closewait-pipe.sh", "--clients", "120", "--every", "0");
        try {
            Matcher server = Pattern.compile("server +pid (\\d+)").matcher(made);
            assertTrue(server.find(), made);
            String pid = server.group(1);
            String cfg = lab.sshConfig().toString();
            int status = cli.run("diagnose", "-F", cfg, lab.alias(), "--sudo", "--json");
            JsonNode diag = new ObjectMapper().readTree(cli.out());
            JsonNode pile = findings(diag, "net.closewait.pileup").stream()
                    .filter(f -> f.get("subjects").get(0).get("pid").asText().equals(pid)).findFirst().orElse(null);
            assertNotNull(pile, made + "\n" + diag.get("findings"));
            assertTrue(pile.get("subjects").get(0).get("count").asInt() >= 50, pile.toString());
            assertTrue(pile.get("subjects").get(0).get("recv_q_bytes").asLong() > 0, pile.toString());
            JsonNode blocked = findings(diag, "proc.blocked-on-pipe").stream()
                    .filter(f -> f.get("subjects").get(0).get("pid").asText().equals(pid)).findFirst().orElse(null);
            assertNotNull(blocked, diag.get("findings").toString());
            JsonNode b = blocked.get("subjects").get(0);
            assertEquals(2, b.get("fd").asInt());
            assertTrue(b.get("blocked_threads").asInt() >= 1, b.toString());
            assertTrue(b.get("readers").size() >= 1, "the reader holding the pipe is named: " + b);
            assertTrue(status >= 1, "a warning or worse");

            assertEquals(0, cli.run("fix", "-F", cfg, lab.alias(), "proc.pipe.drain", "pid=" + pid, "fd=2", "--sudo", "--yes"),
                    cli.both());
            assertTrue(cli.out().contains("Verification: PASSED"), cli.out());
        } finally {
            LabCli.incident(lab, "closewait-pipe.sh", "--reset");
        }
    }
}
