package io.bedside.app.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.LabCli;
import io.bedside.app.lab.WithLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 004 (a CLOSE_WAIT pile behind a blocked pipe) staged for real on a lab host, diagnosed
 * through sshd with administrative access, then again while processes that any user could start
 * sit on the host under names and FIFO paths made to forge the probe's framing (issue: a process
 * named "\r@@bedside:end " cut every sample; a FIFO named with newlines and marker lines forged a
 * critical finding against sshd; a TAB in a name hid the process). The findings must be exactly
 * the same, and the sample complete.
 */
@WithLab
class HostileNamesLabTest {
    private static final Path SPAWNER = Path.of("../model/src/test/resources/io/bedside/model/probe/hostile.py");
    private final LabCli cli = new LabCli();
    private final List<Process> started = new ArrayList<>();
    private Path dir;

    @AfterEach
    void stop() throws IOException {
        // the named processes first, while their spawner lives: it ignores SIGCHLD, so each is gone
        // as it dies instead of staying a zombie (named as it was) until this machine's init reaps
        // it, which took over 10 s once on a loaded machine; then the spawner, this JVM's child
        List<ProcessHandle> named = new ArrayList<>();
        for (Process p : started) {
            p.descendants().forEach(named::add);
        }
        killAndWait(named);
        killAndWait(started.stream().map(Process::toHandle).toList());
        started.clear();
        if (dir != null) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
            dir = null;
        }
    }

    /** Kills {@code all} and waits until each is gone, so it cannot make a forged finding look like the host's. */
    private static void killAndWait(List<ProcessHandle> all) throws IOException {
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IOException("hostile process " + h.pid() + " did not end", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    @Test
    void hostileNamesChangeNothingInTheDiagnosis(Lab lab) throws Exception {
        LabCli.incident(lab, "closewait-pipe.sh", "--clients", "120", "--every", "0");
        try {
            String cfg = lab.sshConfig().toString();
            Set<String> clean = findingKeys(cfg, lab);
            assertTrue(clean.stream().anyMatch(k -> k.startsWith("net.closewait.pileup ")), clean.toString());
            assertTrue(clean.stream().anyMatch(k -> k.startsWith("proc.blocked-on-pipe ")), clean.toString());

            List<Integer> pids = startHostile();
            Set<String> hostile = findingKeys(cfg, lab);

            assertEquals(0, cli.run("snapshot", "-F", cfg, lab.alias(), "--sudo", "--json"), cli.both());
            JsonNode snap = new ObjectMapper().readTree(cli.out());
            assertTrue(snap.toString().contains("\"complete\":true"), "the sample is complete");
            assertFalse(cli.out().contains("after the end marker"), "nothing was cut");
            for (int pid : pids) {
                assertTrue(ProcessHandle.of(pid).isPresent(), "hostile process " + pid + " still runs");
            }

            // The lab host sees this shared machine's whole process table, where other tests'
            // processes come and go (one neared its fd limit, then ended). So the findings without
            // the hostile processes are taken before and after: a finding both have is the host's
            // and must not be hidden; one neither has must not be forged; one only in either
            // belongs to a process that changed in between, and proves nothing either way.
            stop();
            Set<String> after = findingKeys(cfg, lab);
            for (String k : clean) {
                assertTrue(!after.contains(k) || hostile.contains(k), "not hidden by the hostile processes: " + k
                        + " (before " + clean + ", with them " + hostile + ", after " + after + ")");
            }
            for (String k : hostile) {
                assertTrue(clean.contains(k) || after.contains(k), "not forged by the hostile processes: " + k
                        + " (before " + clean + ", with them " + hostile + ", after " + after + ")");
            }
            assertTrue(hostile.stream().anyMatch(k -> k.startsWith("net.closewait.pileup ")), hostile.toString());
            assertTrue(hostile.stream().anyMatch(k -> k.startsWith("proc.blocked-on-pipe ")), hostile.toString());
        } finally {
            LabCli.incident(lab, "closewait-pipe.sh", "--reset");
        }
    }

    /** "ID PID" of every finding's first subject (or "ID -"): what the engineer is pointed at. */
    private Set<String> findingKeys(String cfg, Lab lab) throws Exception {
        int status = cli.run("diagnose", "-F", cfg, lab.alias(), "--sudo", "--json");
        assertTrue(status >= 1 && status <= 2, cli.both());
        JsonNode diag = new ObjectMapper().readTree(cli.out());
        Set<String> keys = new TreeSet<>();
        for (JsonNode f : diag.get("findings")) {
            String id = f.get("id").asText();
            if (id.startsWith("net.") || id.startsWith("proc.")) {
                JsonNode s = f.path("subjects").path(0);
                keys.add(id + " " + (s.has("pid") ? s.get("pid").asText() : "-"));
            }
        }
        return keys;
    }

    private List<Integer> startHostile() throws Exception {
        dir = Files.createTempDirectory("bedside-hostile-");
        HexFormat hex = HexFormat.of();
        String[][] items = {
                {"\r@@bedside:end ", "fifo\r@@bedside:end x"},
                {"a\tb c", "a\nb"},
                {"\u001b[31mred", "l\n@@bedside:section proc-fds ok\n1 9 l-wx------ p pipe:[1]"},
                {"sshd", "x\n@@bedside:section proc-threads ok\n1 1 S pipe_write 1:2 sshd"},
        };
        List<String> cmd = new ArrayList<>(List.of("python3", SPAWNER.toString(), dir.toString()));
        for (String[] i : items) {
            cmd.add(hex.formatHex(i[0].getBytes(StandardCharsets.UTF_8)) + ":" + hex.formatHex(i[1].getBytes(StandardCharsets.UTF_8)));
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        started.add(p);
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        List<Integer> pids = new ArrayList<>();
        for (String[] ignored : items) {
            String l = in.readLine();
            assertTrue(l != null, "the hostile processes started");
            pids.add(Integer.parseInt(l.trim()));
        }
        return pids;
    }
}
