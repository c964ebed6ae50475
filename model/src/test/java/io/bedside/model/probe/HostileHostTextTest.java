package io.bedside.model.probe;

import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketSnapshot;
import io.bedside.model.memory.MemorySnapshot;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.memory.ProcessMemory;
import io.bedside.model.sockets.Fd;
import io.bedside.model.sockets.FdTarget;
import io.bedside.model.sockets.ProcessFds;
import io.bedside.model.probe.HostileProcesses.Hostile;
import io.bedside.model.sockets.ThreadInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The host is untrusted input: processes that any user can start name themselves with any bytes
 * (prctl PR_SET_NAME, no privilege needed) and hold FIFOs whose file names hold any bytes. The
 * real probe runs on this machine (sh, the machine's awk, and BusyBox awk where installed) with
 * such processes alive, and the parsed sample must be whole (no marker forged, no section cut,
 * complete), and must hold each of them under its exact name, in the process table, the fd table
 * and the thread table. Skipped without Linux /proc, sh or python3.
 */
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileHostTextTest {
    private static final Path PROBE = io.bedside.model.probe.ProbeFiles.PROBE;
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final List<String> SECTIONS = List.of("host", "meminfo", "sysvipc-sem", "pids-alive", "procs-mem",
            "kernel-log", "ss-tcp", "ss-udp", "proc-fds", "proc-threads");

    /** The names the issue saw forge the framing, and their cousins. */
    static List<Hostile> fromTheIssue() {
        return List.of(
                Hostile.of("\r@@bedside:end ", "fifo\r@@bedside:end x"),
                Hostile.of("a\tb c", "a\nb"),
                Hostile.of("\u001b[31mred", "l\n@@bedside:section proc-fds ok\n1 9 l-wx------ p pipe:[1]"),
                Hostile.of("x) S 1 2 3", "\u001b[2J\u001b[H"),
                Hostile.of("\n@@bedside:sec", "sp ace (deleted)"),
                new Hostile(new byte[] {(byte) 0xff, (byte) 0xfe, 'z'}, new byte[] {(byte) 0xff, '\r', '\n'}),
                Hostile.of("\\x41\\", "back\\slash\\x0a"),
                Hostile.of("中文", "tab\there\u202eevil"));
    }

    static List<Hostile> random(long seed, int n) {
        Random r = new Random(seed);
        byte[] alphabet = "\n\r\t\u001b\\@:() =-bedsi".getBytes(StandardCharsets.UTF_8);
        List<Hostile> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Hostile(bytes(r, alphabet, 1 + r.nextInt(15), false), bytes(r, alphabet, 1 + r.nextInt(60), true)));
        }
        return out;
    }

    private static byte[] bytes(Random r, byte[] alphabet, int len, boolean file) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            int pick = r.nextInt(4);
            b[i] = pick == 0 ? (byte) (1 + r.nextInt(255)) : alphabet[r.nextInt(alphabet.length)];
            if (b[i] == 0 || (file && b[i] == '/')) {
                b[i] = 'q';
            }
        }
        if (file && (b[0] == '.')) {
            b[0] = 'f';
        }
        return b;
    }

    private static void assumeMachine() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")) && Files.isExecutable(Path.of("/bin/sh")), "needs Linux /proc and sh");
        assumeTrue(Files.isRegularFile(PROBE), "needs the probe");
        assumeTrue(Stream.of("/usr/bin/python3", "/bin/python3").anyMatch(p -> Files.isExecutable(Path.of(p))), "needs python3");
    }

    @Test
    void namesFromTheIssueCannotForgeHideOrCutASample() throws Exception {
        assumeMachine();
        check(fromTheIssue(), "");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void randomHostileNamesComeOutExact(long seed) throws Exception {
        assumeMachine();
        check(random(seed, 10), "");
    }

    @Test
    void underBusyBoxAwkToo() throws Exception {
        assumeMachine();
        assumeTrue(Files.isExecutable(BUSYBOX), "needs BusyBox at /bin/busybox");
        // BusyBox awk cannot split records at NUL: fd targets holding a newline show it as '?' there
        check(fromTheIssue(), "awk() { " + BUSYBOX + " awk \"$@\"; }\n");
    }

    /** BusyBox find has no -printf, so the fd walk reads `ls -lL` and `ls -l`. */
    private static final String BUSYBOX_FIND = "find() { " + BUSYBOX + " find \"$@\"; }\n";
    /** BusyBox ls prints every control byte of a name or link target as '?'. */
    private static final String BUSYBOX_LS = "awk() { " + BUSYBOX + " awk \"$@\"; }\n" + BUSYBOX_FIND
            + "ls() { " + BUSYBOX + " ls \"$@\"; }\n";
    /** GNU ls prints names and link targets raw when its output is not a terminal. */
    private static final String RAW_LS = BUSYBOX_FIND + "ls() { /bin/ls \"$@\"; }\n";

    @Test
    void underBusyBoxLsTargetsShowControlBytesAsQuestionMarks() throws Exception {
        assumeMachine();
        assumeTrue(Files.isExecutable(BUSYBOX), "needs BusyBox at /bin/busybox");
        check(fromTheIssue(), BUSYBOX_LS);
    }

    @Test
    void underAnLsThatPrintsTargetsRawTheirNewlinesAreKept() throws Exception {
        assumeMachine();
        assumeTrue(Files.isExecutable(BUSYBOX) && Files.isExecutable(Path.of("/bin/ls")), "needs BusyBox find and /bin/ls");
        check(fromTheIssue(), RAW_LS);
    }

    @Test
    void underAnLsThatPrintsTargetsRawAForgedFdLineOrListingIsRefusedNotBelieved() throws Exception {
        assumeMachine();
        assumeTrue(Files.isExecutable(BUSYBOX) && Files.isExecutable(Path.of("/bin/ls")), "needs BusyBox find and /bin/ls");
        assumeTrue(Files.isReadable(Path.of("/proc/1/fd")), "needs root (pid 1's fds listed)");
        // a FIFO path that, printed raw, lists pid 1's fd 0 as a pipe (the path's folders give the '/')
        List<Hostile> forger = List.of(Hostile.of("forger",
                "x\n/proc/1/fd:\nl-wx------ 1 root root 64 Dec  6 19:30 0 -> pipe:[4242]"));
        // and one that adds a second line for its own fd 0
        List<Hostile> own = List.of(Hostile.of("forger2",
                "y\nl-wx------ 1 root root 64 Dec  6 19:30 0 -> pipe:[4243]"));
        for (List<Hostile> items : List.of(forger, own)) {
            try (HostileProcesses started = HostileProcesses.start(HostileProcesses.SPAWNER, items)) {
                ProbeBoundary boundary = ProbeBoundary.fresh();
                String out = runProbe(RAW_LS + boundary.wrap(ProbeFiles.script()));
                Sample s = Playbooks.parser().parse("this machine", Instant.now(), out, 0, null, boundary.token());
                assertTrue(s.output().complete(), "the sample is complete: " + s.problems());
                Section fds = s.output().section("proc-fds").orElseThrow();
                assertEquals(SourceStatus.ERROR, fds.status(), "the fd walk says it cannot be told apart: " + fds.detail());
                assertTrue(fds.detail().contains("link target holds a newline"), fds.detail());
                assertTrue(SocketSnapshot.of(s).fds().get().isEmpty(), "no fd table is believed");
                assertTrue(!out.contains("4242]") && !out.contains("4243]"), "no forged target reaches the parser");
            }
        }
    }

    /** The FIFO path as a pattern: under BusyBox ls any character outside printable ASCII may read '?' (one per byte). */
    private static String lossy(String path) {
        StringBuilder b = new StringBuilder();
        path.codePoints().forEach(c -> b.append(c >= 0x20 && c < 0x7f
                ? Pattern.quote(Character.toString(c))
                : "(?:\\?+|" + Pattern.quote(Character.toString(c)) + ")"));
        return b.toString();
    }

    /**
     * Starts the processes and checks a probe run. A process of ours that ended while the probe ran
     * (it never ends by itself: something on this shared machine ended it) makes the run prove
     * nothing about it: the check runs once more with fresh processes, and a second time is a failure.
     */
    private void check(List<Hostile> items, String prefix) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try (HostileProcesses started = HostileProcesses.start(HostileProcesses.SPAWNER, items)) {
                check(items, prefix, started.dir(), started.pids());
                return;
            } catch (Ended e) {
                if (attempt == 2) {
                    throw new AssertionError("twice a process of ours ended while the probe ran: " + e.getMessage());
                }
                System.err.println("HostileHostTextTest: " + e.getMessage() + "; once more with fresh processes");
            }
        }
    }

    /** A process the test started ended while the probe ran. */
    private static final class Ended extends Exception {
        Ended(String message) {
            super(message, null, false, false);
        }
    }

    private static void stillRunning(List<Integer> pids) throws Ended {
        for (int pid : pids) {
            if (!Files.isDirectory(Path.of("/proc/" + pid + "/fd"))) {
                throw new Ended("pid " + pid + " ended");
            }
        }
    }

    private void check(List<Hostile> items, String prefix, Path dir, List<Integer> pids) throws Exception {
        ProbeBoundary boundary = ProbeBoundary.fresh();
        String out = runProbe(prefix + boundary.wrap(ProbeFiles.script()));
        Sample s = Playbooks.parser().parse("this machine", Instant.now(), out, 0, null, boundary.token());
        stillRunning(pids);

        assertTrue(s.output().complete(), "the sample is complete: " + s.problems());
        for (String name : SECTIONS) {
            assertTrue(s.output().section(name).isPresent(), "section " + name + " arrived: " + s.output().sections().keySet());
        }
        for (ParseProblem p : s.problems()) {
            String m = p.message();
            assertTrue(!m.contains("marker") && !m.contains("outside any section") && !m.contains("truncated")
                    && !m.contains("boundary") && !m.contains("Unrecognized"), "no framing problem: " + p);
        }
        var procs = MemorySnapshot.of(s).processes().get().orElseThrow().processes();
        var fds = SocketSnapshot.of(s).fds().get().orElseThrow();
        var threads = SocketSnapshot.of(s).threads().get().orElseThrow();
        boolean busybox = !prefix.isEmpty();
        for (int i = 0; i < items.size(); i++) {
            Hostile h = items.get(i);
            int pid = pids.get(i);
            String name = WireText.utf8(h.name());
            String file = dir + "/" + WireText.utf8(h.file());
            if (busybox && !prefix.contains("ls()")) {
                file = file.replace('\n', '?');       // BusyBox awk, GNU find: NUL records not split
            }
            ProcessMemory pm = procs.stream().filter(p -> p.pid() == pid).findFirst()
                    .orElseThrow(() -> new AssertionError("pid " + pid + " (" + show(name) + ") is in procs-mem"));
            assertEquals(show(name), show(pm.comm()), "procs-mem name of pid " + pid);
            ProcessFds pf = fds.process(pid).orElseThrow(() -> new AssertionError("pid " + pid + " is in proc-fds ("
                    + fds.processes().size() + " processes, detail " + fds.detail() + "; its lines: "
                    + out.lines().filter(l -> l.startsWith("pid=" + pid + " ") || l.startsWith(pid + " ")).map(HostileHostTextTest::show).toList()
                    + "; problems " + s.problems() + ")"));
            assertEquals(show(name), show(pf.comm()), "proc-fds name of pid " + pid);
            List<String> fifos = pf.fds().stream().filter(f -> f.type() == 'p' && f.target() instanceof FdTarget.Path)
                    .map(Fd::target).map(t -> ((FdTarget.Path) t).path()).toList();
            String want = file.endsWith(" (deleted)") ? file.substring(0, file.length() - 10) : file;
            boolean found = prefix.equals(BUSYBOX_LS)
                    ? fifos.stream().anyMatch(f -> f.matches(lossy(want)))
                    : fifos.contains(want);
            assertTrue(found, "pid " + pid + " holds its FIFO " + show(want) + ": " + fifos.stream().map(HostileHostTextTest::show).toList());
            List<ThreadInfo> ts = threads.of(pid);
            assertTrue(ts.stream().anyMatch(t -> t.name().equals(name)), "proc-threads name of pid " + pid + ": "
                    + ts.stream().map(t -> show(t.name())).toList());
        }
        // nobody's fd table got a line it does not own: every fd line belongs to a pid the table lists
        assertTrue(fds.exited().stream().noneMatch(p -> p <= 1), "no forged fd lines for pid 0 or 1");
    }

    private static String runProbe(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-s").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] b = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the probe finished");
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Java-escaped, so an assertion message shows every character. */
    static String show(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || (c >= 0xd800 && c <= 0xdfff) || c == '\\') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
