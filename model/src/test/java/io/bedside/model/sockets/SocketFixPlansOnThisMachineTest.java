package io.bedside.model.sockets;

import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import io.bedside.model.probe.ProbeFiles;
import io.bedside.model.probe.ProbeOutputParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The probe, the parsers, the rules and the fix plans' shell commands on this machine's
 * own processes (no SSH): a writer blocked on a pipe nobody reads is found by the real probe, and
 * the drain plan's re-check, change, verifications and rollback run through {@code sh -c} and
 * print exactly what the plan expects. Signals: a process without a USR1 handler is left alone.
 * Skipped where there is no /proc, sh or the probe files. A test that hangs fails after 2 minutes.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SocketFixPlansOnThisMachineTest {
    private static final Path PROBE = ProbeFiles.PROBE;
    private final List<Process> started = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Path f : files) {
            Files.deleteIfExists(f);
        }
    }

    private static void assumeLinux() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")) && Files.isExecutable(Path.of("/bin/sh")), "needs Linux /proc and sh");
        assumeTrue(Files.isRegularFile(PROBE), "needs the probe");
    }

    /** Runs sh -c; stdout with one trailing newline removed, as the fix executor compares it. */
    private static String sh(String command) throws IOException, InterruptedException {
        // stderr discarded, not read after stdout: a full stdout pipe would block the command (and this test) forever
        Process p = new ProcessBuilder("/bin/sh", "-c", "LC_ALL=C; export LC_ALL\n" + command)
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), command);
        return out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
    }

    private static SocketSnapshot probe() throws IOException, InterruptedException {
        String text = ProbeFiles.script();
        Process p = new ProcessBuilder("/bin/sh", "-s").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return SocketSnapshot.from(ProbeOutputParser.parse(out), new ArrayList<>());
    }

    private Process start(String script) throws IOException {
        Process p = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        return p;
    }

    /** Runs a plan as the wizard would (re-check, change, verify; a failed re-check skips the rest); returns what happened. */
    private static List<String> run(List<FixStep> steps) throws IOException, InterruptedException {
        List<String> log = new ArrayList<>();
        for (FixStep s : steps) {
            if (s.precondition().isPresent()) {
                String got = sh(s.precondition().get().command());
                if (!got.equals(s.precondition().get().expectedOutput())) {
                    log.add("skipped " + s.kind() + ": " + got);
                    return log;
                }
            }
            String out = sh(s.command());
            if (s.kind() == FixStep.Kind.VERIFY) {
                log.add(out.equals(s.expectedOutput().orElseThrow()) ? "verified" : "verify failed: " + out);
            } else {
                log.add("ran " + s.kind());
            }
        }
        return log;
    }

    @Test
    void theProbeFindsAWriterBlockedOnAPipeAndTheDrainPlanFreesIt() throws Exception {
        assumeLinux();
        // a writer whose stdout is a pipe that `sleep` holds and never reads; 1 KiB lines, then one a second
        String line = "x".repeat(1000);
        Process p = start("(i=0; while :; do echo " + line + "; i=$((i + 1)); if [ $i -gt 150 ]; then sleep 1; fi; done) | sleep 600");
        Set<Long> ours = Set.of();
        Optional<BlockedPipe> blocked = Optional.empty();
        for (int i = 0; i < 20 && blocked.isEmpty(); i++) {
            Thread.sleep(300);
            ours = p.descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
            Set<Long> mine = ours;
            blocked = probe().blockedPipes().stream().filter(b -> mine.contains((long) b.pid())).findFirst();
        }
        assertTrue(blocked.isPresent(), "the probe found our writer blocked");
        BlockedPipe b = blocked.get();
        assertEquals(1, b.fd().orElseThrow());
        assertTrue(b.pipe().orElseThrow() instanceof PipeId.Anonymous);
        List<PipeEnd> readers = b.ends().orElseThrow().readers();
        assertEquals(1, readers.size());
        assertEquals("sleep", readers.get(0).comm());
        assertTrue(ours.contains((long) readers.get(0).pid()));

        SocketSnapshot snap = probe();
        FixPlan plan = SocketFixPlans.drainPipe(snap, b.pid(), 1);
        files.add(Path.of(SocketFixPlans.drainLog(b.pid(), 1)));
        files.add(Path.of(SocketFixPlans.drainPidFile(b.pid(), 1)));
        try {
            assertEquals(List.of("ran EVIDENCE", "ran CHANGE", "verified", "verified"), run(plan.steps()));
            assertTrue(Files.size(Path.of(SocketFixPlans.drainLog(b.pid(), 1))) >= 64 * 1024, "what the pipe held is in the log");
            // a second drain of the same fd is refused by its re-check
            assertEquals(List.of("ran EVIDENCE", "skipped CHANGE: link=" + b.pipe().get().text() + " start="
                    + b.startTime().getAsLong() + " drain=running"), run(plan.steps()));
        } finally {
            assertEquals(List.of("ran CHANGE", "verified"), run(plan.rollback()));
        }
    }

    @Test
    void aSignalWithoutAHandlerIsNotSentAndOneWithAHandlerIs() throws Exception {
        assumeLinux();
        assumeTrue(sh("env kill -l USR1").matches("[0-9]+"), "needs an external kill that names signals");
        Process plain = start("exec sleep 600");
        Path got = Files.createTempFile("bedside-usr1", ".txt");
        files.add(got);
        Process handler = start("trap 'echo got >> " + got + "' USR1; while :; do sleep 0.2; done");
        Thread.sleep(500);
        long plainStart = startTime(plain.pid());
        assertEquals(List.of("ran EVIDENCE", "ran EVIDENCE", "skipped CHANGE: start=" + plainStart + " caught=no guard=ok"),
                run(SocketFixPlans.signal((int) plain.pid(), plainStart, "USR1").steps()));
        assertTrue(plain.isAlive(), "USR1 would have ended it");

        long handlerStart = startTime(handler.pid());
        assertEquals(List.of("ran EVIDENCE", "ran EVIDENCE", "ran CHANGE", "verified"),
                run(SocketFixPlans.signal((int) handler.pid(), handlerStart, "SIGUSR1").steps()));
        Thread.sleep(500);
        assertEquals("got", Files.readString(got).strip());

        // a stale start time: the pid names another process now, nothing is sent
        assertEquals(List.of("ran EVIDENCE", "ran EVIDENCE", "skipped CHANGE: start=" + plainStart + " guard=ok"),
                run(SocketFixPlans.signal((int) plain.pid(), plainStart + 1, "TERM").steps()));
        assertTrue(plain.isAlive());
        assertEquals(List.of("ran EVIDENCE", "ran EVIDENCE", "ran CHANGE", "verified"),
                run(SocketFixPlans.signal((int) plain.pid(), plainStart, "TERM").steps()));
        assertTrue(plain.waitFor(5, TimeUnit.SECONDS));
        assertFalse(plain.isAlive());
    }

    private static long startTime(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(") ") + 2).split(" ")[19]);
    }
}
