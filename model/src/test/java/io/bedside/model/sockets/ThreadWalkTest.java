package io.bedside.model.sockets;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.probe.ProbeFiles;
import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.probe.ProbeOutputParser;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The incremental thread walk: a thread that has not run since the last full sample (the same
 * schedstat runtime) is not read again, and its line comes from the sample before; one that ran is
 * read. The real probe on this machine, with a sleeping process and one woken between two runs.
 */
class ThreadWalkTest {
    private static final String T = "0123456789abcdef0123456789abcdef";
    private static final Instant T0 = Instant.parse("2026-12-07T22:00:00Z");

    private static List<String> section(String raw) {
        return ProbeOutputParser.parse(raw).section(SocketSnapshot.THREADS).orElseThrow().lines();
    }

    private static ThreadInfo main(Sample s, long pid) {
        return SocketSnapshot.of(s).threads().get().orElseThrow().main((int) pid)
                .orElseThrow(() -> new AssertionError("a thread line for pid " + pid));
    }

    @Test
    void aThreadThatHasNotRunIsTakenFromTheSampleBeforeAndOneThatRanIsRead() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/schedstat")), "needs /proc/PID/schedstat (CONFIG_SCHED_INFO)");
        Process sleeper = new ProcessBuilder("sleep", "600").start();
        Process reader = new ProcessBuilder("cat").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Thread.sleep(300);
            SampleParser parser = Playbooks.parser();
            Map<Class<?>, String> carried = new HashMap<>();
            String first = ProbeFiles.run(parser.prelude(null, carried) + parser.standAlone(), false);
            assertTrue(section(first).stream().noneMatch(l -> l.startsWith(ThreadWalk.SAME)), "a stand-alone run reads every thread");
            Sample full = parser.parse("this machine", T0, first, 5);
            ThreadTable t = SocketSnapshot.of(full).threads().get().orElseThrow();
            assertTrue(t.runtimes().containsKey((int) sleeper.pid()), "its runtime was read");
            ThreadInfo sleeping = main(full, sleeper.pid());

            String prelude = parser.prelude(full, carried);
            assertTrue(prelude.contains(ThreadWalk.VARIABLE + "='"), prelude.length() + " chars");
            assertFalse(parser.lightPrelude(carried).contains(ThreadWalk.VARIABLE), "not in front of light runs");
            // the reader runs between the two samples: it reads a line
            OutputStream in = reader.getOutputStream();
            in.write("wake\n".getBytes());
            in.flush();
            Thread.sleep(300);

            String raw = ProbeFiles.run(prelude, false);
            ProbeOutput o = ProbeOutputParser.parse(raw);
            assertFalse(o.standsAlone(), "it needs the sample before");
            List<String> lines = section(raw);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(ThreadWalk.SAME) && (l + " ").contains(" " + sleeper.pid() + " ")),
                    "the sleeper did not run: not read again");
            assertTrue(lines.stream().noneMatch(l -> l.startsWith(sleeper.pid() + " ")));
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(reader.pid() + " " + reader.pid() + " ")), "the reader ran: read");

            Sample next = parser.parse("this machine", T0.plusSeconds(10), raw, 5, full);
            assertTrue(next.problems().stream().noneMatch(p -> p.source().equals(SocketSnapshot.THREADS)), next.problems().toString());
            ThreadInfo again = main(next, sleeper.pid());
            assertEquals(sleeping, again, "its line from the sample before");
            ThreadTable n = SocketSnapshot.of(next).threads().get().orElseThrow();
            assertEquals(t.runtimes().get((int) sleeper.pid()), n.runtimes().get((int) sleeper.pid()), "and its runtime, for the next list");
            assertTrue(n.runtimes().get((int) reader.pid()) > t.runtimes().get((int) reader.pid()), "the reader's runtime grew");
            assertEquals(t.threads().size() > 0, n.threads().size() > 0);

            // a replay that starts at this sample: the unchanged threads are not known, and it says so
            Sample alone = parser.parse("replay", T0, raw, 5);
            assertTrue(alone.problems().stream().anyMatch(p -> p.source().equals(SocketSnapshot.THREADS)
                    && p.message().contains("did not change since a sample that is not here")), alone.problems().toString());
            // a list with anything but digits, colons and spaces is not used
            String forged = ProbeFiles.run(ThreadWalk.VARIABLE + "='" + sleeper.pid() + ":1;x'\n", false);
            assertTrue(section(forged).stream().noneMatch(l -> l.startsWith(ThreadWalk.SAME)));
        } finally {
            sleeper.destroyForcibly();
            reader.destroyForcibly();
        }
    }

    @Test
    void completedSectionsCarryEveryRuntimeAndForgeNothing() {
        String before = "@@bedside:probe version=2 token=" + T + " uid=0\n@@bedside:" + T + ":section proc-threads ok x\n"
                + "700 700 S do_nanosleep - sleep\n700 701 S futex_wait - worker\nrt 700:5000 701:6000\n"
                + "@@bedside:" + T + ":end elapsed_ns=1\n";
        String now = "@@bedside:probe version=2 token=" + T + " uid=0\n@@bedside:" + T + ":section proc-threads ok x\n"
                + "700 701 R 0 - worker\nsame 700 999 x 1234567890123\nrt 701:7000 abc 1:2:3\n"
                + "@@bedside:" + T + ":end elapsed_ns=1 incremental=1\n";
        ProbeOutput done = ThreadWalk.complete(ProbeOutputParser.parse(now), ProbeOutputParser.parse(before));
        List<String> lines = done.section(SocketSnapshot.THREADS).orElseThrow().lines();
        assertTrue(lines.contains("700 700 S do_nanosleep - sleep"), lines.toString());
        assertTrue(lines.contains("same 999"), "a tid the sample before does not have stays listed: " + lines);
        List<io.bedside.model.probe.ParseProblem> problems = new java.util.ArrayList<>();
        ThreadTable t = ProcThreadsParser.parse(lines, "", problems).orElseThrow();
        assertEquals(Map.of(700, 5000L, 701, 7000L), t.runtimes());
        assertEquals(2, t.threads().size());
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("BS_THRSAME='700:5000 701:7000'\n", ThreadWalk.prelude(io.bedside.model.probe.Reading.of(t)));
        // a name cannot make a line: comm is last on a thread line, which starts with digits
        ProbeOutput named = ProbeOutputParser.parse(now.replace("same 700 999 x 1234567890123\n", "").replace(" worker\n", " same 700\n"));
        assertEquals(named, ThreadWalk.complete(named, ProbeOutputParser.parse(before)));
    }

    /**
     * An awk that fails on the thread walk (every time: a thread gone between open and read fails it
     * once, and it is read again) leaves no empty or cut table that reads as "no thread": the
     * section says it failed.
     */
    @Test
    void aFailedThreadWalkIsAnErrorNotAnEmptyTable() {
        // its message holds ESC, a second line and marker-like text: the detail is one plain line
        String shim = "awk() { case \"$*\" in *sched=*) printf 'awk: line 44: illegal reference to array w\\033[31m\\n@@bedside:x:end\\n' >&2; return 2;; esac;"
                + " command awk \"$@\"; }\n";
        ProbeOutput o = ProbeOutputParser.parse(ProbeFiles.run(shim, false));
        io.bedside.model.probe.Section threads = o.section(SocketSnapshot.THREADS).orElseThrow();
        assertEquals(io.bedside.model.probe.SourceStatus.ERROR, threads.status());
        assertTrue(threads.detail().startsWith("read failed 3 times"), threads.detail());
        assertTrue(threads.detail().chars().allMatch(c -> c >= 0x20 && c < 0x7f) && !threads.detail().contains("@@"), threads.detail());
        assertTrue(o.complete() && o.problems().isEmpty(), "the marker-like text ended nothing: " + o.problems());
        assertTrue(SocketSnapshot.from(o, new java.util.ArrayList<>()).threads().get().isEmpty(), "no table, not an empty one");
    }

    /** An awk that gives up once (mawk at a read error: a thread gone between open and read) is run again, and the table is whole. */
    @Test
    void aThreadWalkThatGivesUpOnceIsReadAgain() throws Exception {
        Path mark = Files.createTempFile("bedside-thread-walk", ".failed");
        Files.delete(mark);
        try {
            String shim = "awk() { case \"$*\" in *sched=*) if [ ! -e '" + mark + "' ]; then : > '" + mark + "';"
                    + " echo '1 1 S do_wait - cut'; return 2; fi;; esac; command awk \"$@\"; }\n";
            ProbeOutput o = ProbeOutputParser.parse(ProbeFiles.run(shim, false));
            assertTrue(Files.exists(mark), "the first walk gave up");
            io.bedside.model.probe.Section threads = o.section(SocketSnapshot.THREADS).orElseThrow();
            assertEquals(io.bedside.model.probe.SourceStatus.OK, threads.status(), threads.detail());
            ThreadTable t = SocketSnapshot.from(o, new java.util.ArrayList<>()).threads().get().orElseThrow();
            assertTrue(t.main((int) ProcessHandle.current().pid()).isPresent(), "this JVM's threads are there");
            assertTrue(threads.lines().stream().noneMatch(l -> l.endsWith(" cut")), "nothing of the walk that gave up");
        } finally {
            Files.deleteIfExists(mark);
        }
    }
}
