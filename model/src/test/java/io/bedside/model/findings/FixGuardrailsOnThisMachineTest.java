package io.bedside.model.findings;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.playbooks.FixCatalog;
import io.bedside.model.sockets.SocketPlaybook;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import io.bedside.model.fix.ProcessGuard;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import io.bedside.model.sockets.SocketFixPlans;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The guardrails on this machine's own processes, no SSH: the real probe runs under this JVM
 * (as it runs under sshd on a host), and a plan against the probe's ancestors (this JVM), pid 1
 * or a kernel thread is refused; the host re-check, run by a real sh, finds init, kthreadd, a
 * gone pid and the shell's own ancestors, so a change planned from a stale sample is skipped
 * before it could signal the process the fix runs under. Skipped without /proc, sh or the probe.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FixGuardrailsOnThisMachineTest {
    private static final Path PROBE = io.bedside.model.probe.ProbeFiles.PROBE;
    private final List<Process> started = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        started.forEach(Process::destroyForcibly);
        for (Path f : files) {
            Files.deleteIfExists(f);
        }
    }

    private static void assumeLinux() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")) && Files.isExecutable(Path.of("/bin/sh")), "needs Linux /proc and sh");
        assumeTrue(Files.isRegularFile(PROBE), "needs the probe");
    }

    private static String sh(String command) throws IOException, InterruptedException {
        return sh(List.of("/bin/sh"), command);
    }

    /** Runs command with {@code shell -c}; stdout with one trailing newline removed. */
    private static String sh(List<String> shell, String command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(shell);
        argv.add("-c");
        argv.add(command);
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), command);
        return out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
    }

    private static Sample probe() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-s").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(Files.readAllBytes(PROBE));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return Playbooks.parser().parse("this machine", Instant.now(), out, 0);
    }

    private static long startTime(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(") ") + 2).split(" ")[19]);
    }

    @Test
    void aPlanAgainstTheProbesOwnAncestorsIsRefused() throws Exception {
        assumeLinux();
        Process sleeper = new ProcessBuilder("sleep", "600").start();
        started.add(sleeper);
        Sample s = probe();
        long me = ProcessHandle.current().pid();
        assertTrue(s.output().probePid().isPresent(), "the probe names its own pid");
        ProcessGuard guard = SocketPlaybook.guard(s);
        assertEquals(me, guard.probeAncestors().get(0).pid(), "the probe's parent is this JVM, as sshd is on a host");
        String why = assertThrows(IllegalArgumentException.class,
                () -> FixCatalog.plan("proc.signal", s, Map.of("pid", Long.toString(me), "signal", "TERM"))).getMessage();
        assertTrue(why.contains("carries Bedside's own session on the host"), why);
        ProcessHandle.current().parent().ifPresent(parent -> {
            if (parent.pid() > 1) {
                assertThrows(IllegalArgumentException.class,
                        () -> FixCatalog.plan("proc.signal", s, Map.of("pid", Long.toString(parent.pid()), "signal", "KILL")),
                        "every ancestor, not only the nearest");
            }
        });
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> FixCatalog.plan("proc.signal", s, Map.of("pid", "1", "signal", "TERM"))).getMessage().contains("the host's init"));
        if (Files.readString(Path.of("/proc/2/stat")).contains("(kthreadd)")) {
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> FixCatalog.plan("proc.signal", s, Map.of("pid", "2", "signal", "TERM"))).getMessage().contains("kernel thread"));
        }
        int probe = s.output().probePid().getAsInt();
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> FixCatalog.plan("proc.signal", s, Map.of("pid", Integer.toString(probe), "signal", "TERM"))).getMessage()
                .contains("Bedside's own probe"));
        FixPlan ok = FixCatalog.plan("proc.signal", s, Map.of("pid", Long.toString(sleeper.pid()), "signal", "TERM"));
        assertEquals("kill -s TERM " + sleeper.pid(), ok.steps().stream().filter(x -> x.kind() == FixStep.Kind.CHANGE)
                .findFirst().orElseThrow().command(), "a process of no session is not guarded");
    }

    @Test
    void theHostRecheckFindsInitKernelThreadsGonePidsAndItsOwnAncestors() throws Exception {
        assumeLinux();
        Process sleeper = new ProcessBuilder("sleep", "600").start();
        started.add(sleeper);
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        String print = " printf '%s\\n' \"$bg_g\"";
        List<List<String>> shells = new ArrayList<>(List.of(List.of("/bin/sh")));
        if (Files.isExecutable(Path.of("/bin/bash"))) {
            shells.add(List.of("/bin/bash"));
        }
        if (Files.isExecutable(Path.of("/bin/busybox"))) {
            shells.add(List.of("/bin/busybox", "sh"));
        }
        for (List<String> shell : shells) {
            assertEquals("init", sh(shell, ProcessGuard.hostCheck(1) + print), shell.toString());
            if (Files.readString(Path.of("/proc/2/stat")).contains("(kthreadd)")) {
                assertEquals("kernel-thread", sh(shell, ProcessGuard.hostCheck(2) + print), shell.toString());
            }
            assertEquals("gone", sh(shell, ProcessGuard.hostCheck((int) done.pid()) + print), shell.toString());
            assertEquals("ok", sh(shell, ProcessGuard.hostCheck((int) sleeper.pid()) + print), shell.toString());
            assertEquals("own-session", sh(shell, ProcessGuard.hostCheck((int) ProcessHandle.current().pid()) + print),
                    shell + ": this JVM runs the sh");
            assertEquals("ok", sh(shell, ProcessGuard.hostUnitCheck("nginx.service") + print), shell.toString());
        }
        // a kernel thread other than kthreadd, found by PF_KTHREAD alone
        try (var dir = Files.list(Path.of("/proc"))) {
            List<Integer> kworkers = dir.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9]+") && !n.equals("2"))
                    .filter(n -> {
                        try {
                            return Files.readString(Path.of("/proc/" + n + "/stat")).contains("(kworker/");
                        } catch (IOException e) {
                            return false;
                        }
                    }).map(Integer::parseInt).limit(1).toList();
            for (int k : kworkers) {
                assertEquals("kernel-thread", sh(ProcessGuard.hostCheck(k) + print), "kworker " + k);
            }
        }
        // units: a cgroup path component of the shell's own ancestors
        String cg = Files.readString(Path.of("/proc/self/cgroup"));
        List<String> parts = Arrays.stream(cg.split("\n")).map(l -> l.substring(l.indexOf(':', l.indexOf(':') + 1) + 1))
                .flatMap(p -> Arrays.stream(p.split("/"))).filter(c -> !c.isEmpty()).toList();
        assertEquals("ok", sh(ProcessGuard.hostUnitCheck("nginx.service") + print));
        if (!parts.isEmpty()) {
            assertEquals("own-session", sh(ProcessGuard.hostUnitCheck(parts.get(parts.size() - 1)) + print));
        }
    }

    /**
     * A plan made from a stale sample (the guard at plan time knew nothing of the process) against
     * the very shell the change runs under: its re-check says own-session, so nothing is sent and
     * the shell finishes the step itself. If the guard failed, the TERM would end that shell (the
     * test sees it killed), not this JVM.
     */
    @Test
    void aChangeFromAStaleSampleAgainstTheStepsOwnParentIsSkippedOnTheHost() throws Exception {
        staleChangeAgainstOwnParent("");
    }

    /** The same with a parent that named itself like the tail of a stat line, with a newline (any process may, prctl or /proc/self/comm). */
    @Test
    void aParentWithAForgedNameIsStillFound() throws Exception {
        staleChangeAgainstOwnParent("printf 'a\\n) S 1 1 ' > /proc/$$/comm; ");
    }

    private void staleChangeAgainstOwnParent(String prelude) throws Exception {
        assumeLinux();
        Path cmd = Files.createTempFile("bedside-guard", ".sh");
        files.add(cmd);
        // the parent: prints its pid, waits for a file name, runs that file with a child sh (as a step runs under sshd)
        Process parent = new ProcessBuilder("/bin/sh", "-c", prelude + "echo $$; read -r f; sh \"$f\"; echo \"step status $?\"")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        started.add(parent);
        BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
        int pid = Integer.parseInt(out.readLine().trim());
        long start = startTime(pid);
        if (!prelude.isEmpty()) {
            assertTrue(Files.readString(Path.of("/proc/" + pid + "/stat")).contains("(a\n) S 1 1 )"), "the name took");
        }
        FixPlan plan = SocketFixPlans.signal(pid, start, "TERM");
        FixStep send = plan.steps().stream().filter(x -> x.kind() == FixStep.Kind.CHANGE).findFirst().orElseThrow();
        FixStep.Check check = send.precondition().orElseThrow();
        // what the executor runs: the re-check, and the change only when it printed what the plan expects
        Files.writeString(cmd, "o=$(" + check.command() + "); printf '%s\\n' \"$o\"; if [ \"$o\" = '" + check.expectedOutput()
                + "' ]; then " + send.command() + "; sleep 1; fi\n");
        try (OutputStream in = parent.getOutputStream()) {
            in.write((cmd + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String recheck = out.readLine();
        String status = out.readLine();
        assertTrue(parent.waitFor(30, TimeUnit.SECONDS));
        assertEquals("start=" + start + " guard=own-session", recheck);
        assertEquals("step status 0", status, "nothing was sent");
        assertEquals(0, parent.exitValue(), "the parent ended by itself, not by TERM");
        assertFalse(check.expectedOutput().contains("own-session"));
    }
}
