package io.bedside.model.fds;

import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.probe.ProbeFiles;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fd fragment under every shell this machine has (dash, bash, busybox), and the whole probe,
 * the near-limit rule and the prlimit plan on a real process of this machine: a bash that holds
 * most of a soft limit of 256 (hard 4096). The plan's re-check, change, read-back, rollback and its
 * read-back run through {@code sh -c} and print exactly what the plan expects.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FdsOnThisMachineTest {
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static String run(List<String> argv, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
    }

    private static String sh(String command) throws IOException, InterruptedException {
        return run(List.of("/bin/sh", "-c", "LC_ALL=C; export LC_ALL\n" + command), "");
    }

    @Test
    void theFragmentReadsTheTableUnderEveryShellOrSaysWhyNot() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/sys/fs/file-nr")), "needs /proc/sys/fs");
        String fragment = new String(FdsSnapshot.class.getResourceAsStream("probe-fdtable.sh").readAllBytes(), StandardCharsets.UTF_8);
        // Java reads /proc/sys/fs/file-max a byte at a time too, and sees "2" of "2466248": cat it
        long max = Long.parseLong(sh("cat /proc/sys/fs/file-max"));
        int shells = 0;
        for (List<String> shell : List.of(List.of("/bin/dash"), List.of("/bin/bash"), List.of("/bin/busybox", "sh"))) {
            if (!Files.isExecutable(Path.of(shell.get(0)))) {
                continue;
            }
            shells++;
            for (String light : List.of("0", "1")) {
                List<String> argv = new ArrayList<>(shell);
                argv.add("-s");
                String out = run(argv, "bs_m='@@bedside:section '; bs_m='@@bedside:'; bs_light=" + light + "\n" + fragment);
                String head = out.lines().findFirst().orElseThrow();
                boolean byteWise = !shell.get(0).endsWith("bash");
                if (byteWise && light.equals("1")) {
                    assertEquals("@@bedside:section fs-file skipped this shell's read takes a byte at a time", head, shell.toString());
                    continue;
                }
                assertEquals("@@bedside:section fs-file ok " + (byteWise ? "grep" : "read"), head, shell + " light=" + light);
                List<io.bedside.model.probe.ParseProblem> problems = new ArrayList<>();
                FileTable t = FileTable.parse(out.lines().skip(1).toList(), problems).orElseThrow();
                assertEquals(List.of(), problems);
                assertEquals(max, t.max(), shell.toString());
                assertTrue(t.allocated() > 10, "a running machine has files open: " + t);
                assertEquals(max, t.fileMax().orElseThrow());
                assertTrue(t.nrOpen().isPresent());
            }
        }
        assumeTrue(shells > 0, "no shell to run it");
    }

    @Test
    void aProcessNearItsSoftLimitIsFoundAndItsLimitRaisedAndRolledBack() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")) && Files.isExecutable(Path.of("/bin/bash")), "needs prlimit and bash");
        assumeTrue(Files.isRegularFile(ProbeFiles.PROBE), "needs the probe");
        // 3 + 220 fds of a soft limit of 256: 87%
        Process holder = new ProcessBuilder("/usr/bin/prlimit", "--nofile=256:4096", "/bin/bash", "-c",
                "for i in $(seq 10 229); do eval \"exec $i</dev/null\"; done; echo ready; exec sleep 300")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        started.add(holder);
        assertEquals("ready", new String(holder.getInputStream().readNBytes(5), StandardCharsets.UTF_8));
        int pid = (int) holder.pid();
        String out = run(List.of("/bin/sh", "-s"), ProbeFiles.script());
        Sample s = Playbooks.parser().parse("this machine", Instant.now(), out, 5);
        assertTrue(FdsSnapshot.of(s).table().isPresent(), FdsSnapshot.of(s).table().describeAbsence());
        var p = SocketSnapshot.of(s).fds().get().orElseThrow().process(pid).orElseThrow();
        assertEquals(223, p.fdCount().getAsInt(), p.line());
        assertEquals(java.util.OptionalLong.of(256), p.nofileSoft(), p.line());
        Finding f = new FdNearLimitRule().evaluate(s, List.of(s)).get(0);
        FixOffer offer = f.fixes().stream().filter(o -> o.fixId().equals(FdsFixPlans.RAISE_LIMIT)).findFirst().orElseThrow();
        assertEquals(Map.of("pid", Integer.toString(pid), "nofile", "1024:4096"), offer.params());
        FixPlan plan = Playbooks.allFixes().stream().filter(k -> k.id().equals(FdsFixPlans.RAISE_LIMIT)).findFirst().orElseThrow()
                .plan().plan(s, offer.params(), java.util.OptionalLong.of(0));
        FixStep change = plan.steps().get(1);
        assertEquals(change.precondition().orElseThrow().expectedOutput(), sh(change.precondition().orElseThrow().command()));
        sh(change.command());
        assertEquals(plan.steps().get(2).expectedOutput().orElseThrow(), sh(plan.steps().get(2).command()));
        FixStep back = plan.rollback().get(0);
        assertEquals(back.precondition().orElseThrow().expectedOutput(), sh(back.precondition().orElseThrow().command()));
        sh(back.command());
        assertEquals("256:4096", sh(plan.rollback().get(1).command()));
        // a restart is another process: the re-check no longer matches
        assertTrue(sh(change.precondition().orElseThrow().command().replace("/proc/" + pid + "/", "/proc/1/"))
                .length() > 0);
    }
}
