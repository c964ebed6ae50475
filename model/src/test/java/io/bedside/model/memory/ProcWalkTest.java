package io.bedside.model.memory;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.probe.ProbeFiles;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The incremental process walk, for real (the probe on this machine): a full run after one that read
 * every process leaves the command lines of the processes with the same start time unread, and the
 * parse takes them from the sample before; a wrong start time, a forged list, a replay that starts
 * there, and a process whose command line is the marker itself; after {@link ProcWalk#MAX_RUNS}
 * such runs every command line is read again.
 */
class ProcWalkTest {
    private static final long SELF = ProcessHandle.current().pid();
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private static String probe(String prelude) {
        return ProbeFiles.runWithSecretRules(prelude);
    }

    private static ProcessMemory of(Sample s, long pid) {
        return MemorySnapshot.of(s).processes().get().orElseThrow().pid((int) pid)
                .orElseThrow(() -> new AssertionError("pid " + pid + " in procs-mem"));
    }

    /** The raw procs-mem line of {@code pid}. */
    private static String line(String raw, long pid) {
        return raw.lines().filter(l -> l.startsWith(pid + "\t")).findFirst().orElseThrow(() -> new AssertionError("a line for " + pid));
    }

    @Test
    void commandLinesOfUnchangedProcessesAreTakenFromTheSampleBefore() throws Exception {
        // a process whose whole command line is the marker's text: it must not pass for the marker
        Process marker = new ProcessBuilder("bash", "-c", "exec -a '\\=' cat").start();   // cat waits on its open stdin
        try {
            Thread.sleep(300);
            SampleParser parser = Playbooks.parser();
            Map<Class<?>, String> carried = new HashMap<>();
            String first = probe(parser.prelude(null, carried) + parser.standAlone());
            assertFalse(first.contains("\t" + ProcWalk.SAME + "\n"), "a stand-alone run reads every command line");
            Sample full = parser.parse("this machine", T0, first, 5);
            ProcessMemory me = of(full, SELF);
            assertTrue(me.cmdline().contains("java"), me.cmdline());
            assertEquals("\\=", of(full, marker.pid()).cmdline(), "the marker's text, read");
            assertEquals(0, MemorySnapshot.of(full).processes().get().orElseThrow().incrementalRuns());

            String prelude = parser.prelude(full, carried);
            assertTrue(prelude.contains(ProcWalk.VARIABLE + "='") && prelude.contains(" " + SELF + ":" + me.startTicks()), "listed");
            assertFalse(parser.lightPrelude(carried).contains(ProcWalk.VARIABLE), "not in front of light runs");

            String raw = probe(prelude);
            assertTrue(line(raw, SELF).endsWith("\t" + ProcWalk.SAME), "not read again: " + line(raw, SELF));
            assertTrue(raw.lines().anyMatch(l -> l.startsWith("# kernel_threads=") && l.contains(" same=")), "the trailer counts them");
            Sample next = parser.parse("this machine", T0.plusSeconds(10), raw, 5, full);
            assertEquals(me.cmdline(), of(next, SELF).cmdline(), "taken from the sample before");
            assertEquals("\\=", of(next, marker.pid()).cmdline());
            assertEquals(1, MemorySnapshot.of(next).processes().get().orElseThrow().incrementalRuns());
            assertTrue(next.problems().stream().noneMatch(p -> p.source().equals(MemorySnapshot.PROCS)), next.problems().toString());

            // a replay that starts at this sample has no sample before: the command line is not known
            Sample alone = parser.parse("replay", T0, raw, 5);
            assertEquals("?", of(alone, SELF).cmdline());

            // another start time for this pid (a reused pid): read again
            String wrong = prelude.replace(" " + SELF + ":" + me.startTicks(), " " + SELF + ":" + (me.startTicks() + 1));
            assertFalse(line(probe(wrong), SELF).endsWith("\t" + ProcWalk.SAME), "another start time is another process");

            // anything but digits, colons and spaces: the list is not used
            String forged = probe(ProcWalk.VARIABLE + "='" + SELF + ":" + me.startTicks() + ";x'\n");
            assertFalse(forged.contains("\t" + ProcWalk.SAME + "\n"), "a forged list is not used");

            // after MAX_RUNS full samples in a row with the list, the next one reads them all
            Sample s = next;
            for (int i = 2; i <= ProcWalk.MAX_RUNS; i++) {
                s = parser.parse("this machine", T0.plusSeconds(10L * i), probe(parser.prelude(s, carried)), 5, s);
                assertEquals(i, MemorySnapshot.of(s).processes().get().orElseThrow().incrementalRuns());
            }
            String last = parser.prelude(s, carried);
            assertTrue(last.contains(ProcWalk.READ_ALL), "every command line is read again");
            Sample again = parser.parse("this machine", T0.plusSeconds(100), probe(last), 5, s);
            assertEquals(0, MemorySnapshot.of(again).processes().get().orElseThrow().incrementalRuns());
        } finally {
            marker.destroyForcibly();
        }
    }
}
