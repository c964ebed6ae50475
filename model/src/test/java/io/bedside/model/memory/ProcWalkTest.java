package io.bedside.model.memory;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.probe.ProbeFiles;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The incremental process walk, for real (the probe on this machine): a full run after one that read
 * every process leaves the command lines of the processes with the same start time unread, and the
 * parse takes them from the sample before; a wrong start time, a forged list, a replay that starts
 * there, and a process whose command line is the marker itself; a quiet process (the same resident
 * set to the page) has its uid, swap and OOM fields taken from before, one whose resident set moved
 * has them read; after {@link ProcWalk#MAX_RUNS}
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

            // the marker (cat, waiting): the same resident set to the page, so its status and OOM files were not read
            String quiet = line(raw, marker.pid());
            String[] q = quiet.split("\t", -1);
            assertEquals(List.of(ProcWalk.SAME, ProcWalk.SAME, ProcWalk.SAME, ProcWalk.SAME),
                    List.of(q[3], q[6], q[7], q[8]), "uid, swap, OOM score and adjustment left unread: " + quiet);
            assertEquals(Long.toString(of(full, marker.pid()).rssKb().getAsLong()), q[5], "its resident set, the same");
            assertTrue(raw.lines().anyMatch(l -> l.startsWith("# kernel_threads=") && l.contains(" same_rss=")), "counted");
            ProcessMemory was = of(full, marker.pid());
            ProcessMemory now = of(next, marker.pid());
            assertEquals(List.of(was.uid(), was.swapKb(), was.oomScore(), was.oomScoreAdj(), was.cgroup()),
                    List.of(now.uid(), now.swapKb(), now.oomScore(), now.oomScoreAdj(), now.cgroup()), "taken from the sample before");
            assertTrue(raw.lines().anyMatch(l -> l.startsWith("# kernel_threads=") && l.contains(" same_cgroup=")), "cgroups carried");
            // its cgroup came from the list, not /proc/PID/cgroup: a list that says another (with a quote, quoted) shows it
            String cgLine = prelude.lines().filter(l -> l.startsWith(ProcWalk.CGROUPS + "='")).findFirst().orElseThrow();
            String mine = java.util.regex.Pattern.compile("[ ']" + marker.pid() + ":" + was0(full, marker.pid()) + ":([0-9]+)[ ']").matcher(prelude).results()
                    .map(r -> r.group(1)).findFirst().orElseThrow(() -> new AssertionError("the marker's cgroup is listed"));
            String forgedTable = prelude.substring(prelude.indexOf(cgLine));
            forgedTable = forgedTable.substring(0, forgedTable.indexOf("'\n", ProcWalk.CGROUPS.length() + 2) + 2);
            StringBuilder table = new StringBuilder(ProcWalk.CGROUPS + "='");
            int lines = forgedTable.split("\n", -1).length - 1;
            for (int i = 1; i <= lines; i++) {
                table.append(i > 1 ? "\n" : "").append(i == Integer.parseInt(mine) ? "v2:/it'\\''s moved\t" : "v2:/other\t");
            }
            table.append("'\n");
            // (the processes that share the marker's cgroup share its line: the marker's field may be the line above's ditto)
            Sample carriedCg = parser.parse("this machine", T0.plusSeconds(10), probe(prelude.replace(forgedTable, table.toString())), 5, full);
            assertEquals(java.util.Optional.of(new CgroupRef(2, "/it's moved")), of(carriedCg, marker.pid()).cgroup(), "the listed cgroup, not read");

            // another resident set (the process grew or shrank): its status and OOM files are read again
            String moved = prelude.replace(" " + marker.pid() + ":" + was.startTicks() + ":" + was.rssKb().getAsLong() + ":",
                    " " + marker.pid() + ":" + was.startTicks() + ":" + (was.rssKb().getAsLong() + 4) + ":");
            assertTrue(!moved.equals(prelude), "the marker is listed with its resident set");
            String[] m = line(probe(moved), marker.pid()).split("\t", -1);
            assertEquals(Long.toString(was.uid().getAsLong()), m[3], "read");
            assertTrue(m[7].matches("[0-9]+") && m[8].matches("-?[0-9]+"), "OOM score and adjustment read");
            assertEquals(ProcWalk.SAME, m[12], "the command line still taken from before");

            // a replay that starts at this sample has no sample before: the command line is not known
            Sample alone = parser.parse("replay", T0, raw, 5);
            assertEquals("?", of(alone, SELF).cmdline());
            assertTrue(of(alone, marker.pid()).oomScore().isEmpty() && of(alone, marker.pid()).uid().isEmpty(), "nor its OOM score and uid");

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

    /** A cgroup that is the line above's comes as a ditto; the parse puts the path back, and a ditto with no line above is not known. */
    @Test
    void aCgroupDittoTakesTheLineAbovesPath() throws Exception {
        String raw = probe(Playbooks.parser().standAlone());
        assertTrue(raw.contains("\t" + ProcWalk.DITTO + "\t"), "processes sharing a cgroup on this machine");
        Sample s = Playbooks.parser().parse("this machine", T0, raw, 5);
        assertTrue(s.problems().stream().noneMatch(p -> p.source().equals(MemorySnapshot.PROCS)), s.problems().toString());
        List<String> procs = raw.lines().dropWhile(l -> !l.startsWith("pid\t")).skip(1).takeWhile(l -> !l.startsWith("# ")).toList();
        for (int i = 1; i < procs.size(); i++) {
            String[] f = procs.get(i).split("\t", -1);
            if (f[9].equals(ProcWalk.DITTO)) {
                int pid = Integer.parseInt(f[0]);
                int above = Integer.parseInt(procs.get(i - 1).split("\t", -1)[0]);
                assertEquals(of(s, above).cgroup(), of(s, pid).cgroup(), procs.get(i));
                assertTrue(of(s, pid).cgroup().isPresent());
            }
        }
        String header = "@@bedside:probe version=2 token=0123456789abcdef0123456789abcdef uid=0\n"
                + "@@bedside:0123456789abcdef0123456789abcdef:section procs-mem ok x\n"
                + "pid\tstate\tppid\tuid\tstart\trss_kb\tswap_kb\toom_score\toom_score_adj\tcgroup\tsd_cgroup\tcomm\tcmdline\n";
        String lines = "7\tS\t1\t0\t100\t10\t0\t0\t0\t\\^\t-\tfirst\tx\n"
                + "8\tS\t1\t0\t100\t10\t0\t0\t0\tv2:/a\t-\tsecond\tx\n"
                + "9\tS\t1\t0\t100\t10\t0\t0\t0\t\\^\t-\t\\^\t\\^\n"
                + "# kernel_threads=0 exited=0\n";
        Sample f = Playbooks.parser().parse("forged", T0, header + lines + "@@bedside:0123456789abcdef0123456789abcdef:end elapsed_ns=1\n", 5);
        assertTrue(of(f, 7).cgroup().isEmpty(), "no line above: not known");
        assertEquals("/a", of(f, 9).cgroup().orElseThrow().path());
        assertEquals("\\^", of(f, 9).comm(), "a name that looks like a ditto is a name");
        assertEquals("\\^", of(f, 9).cmdline());
    }

    /** An exec keeps pid and start time but renames the process: what was taken from before is not known then, and read at the next run. */
    @Test
    void anExecSinceTheSampleBeforeIsNotTakenForTheSameProcess() {
        String header = "@@bedside:probe version=2 token=0123456789abcdef0123456789abcdef uid=0\n"
                + "@@bedside:0123456789abcdef0123456789abcdef:section procs-mem ok x\n"
                + "pid\tstate\tppid\tuid\tstart\trss_kb\tswap_kb\toom_score\toom_score_adj\tcgroup\tsd_cgroup\tcomm\tcmdline\n";
        String end = "# kernel_threads=0 exited=0\n@@bedside:0123456789abcdef0123456789abcdef:end elapsed_ns=1\n";
        SampleParser parser = Playbooks.parser();
        Sample first = parser.parse("h", T0, header + "7\tS\t1\t1000\t100\t400\t0\t3\t0\tv2:/a\t-\twrapper.sh\tsh wrapper.sh --password=***\n"
                + "8\tS\t1\t1000\t100\t400\t0\t3\t0\tv2:/a\t-\tcat\tcat\n" + end, 5);
        String same = "\t\\=\t100\t400\t\\=\t\\=\t\\=\tv2:/a\t-\t";
        Sample next = parser.parse("h", T0.plusSeconds(10), header + "7\tS\t1" + same + "java\t\\=\n"
                + "8\tS\t1" + same + "cat\t\\=\n" + end.replace("exited=0", "exited=0 same=2 same_rss=2"), 5, first);
        ProcessMemory exec = of(next, 7);
        assertEquals(List.of("?", java.util.OptionalLong.empty(), java.util.OptionalInt.empty()),
                List.of(exec.cmdline(), exec.uid(), exec.oomScore()), "not the process read before");
        assertEquals(List.of("cat", java.util.OptionalLong.of(1000), java.util.OptionalInt.of(3)),
                List.of(of(next, 8).cmdline(), of(next, 8).uid(), of(next, 8).oomScore()));
        String prelude = parser.prelude(next, new HashMap<>());
        assertTrue(prelude.contains(ProcWalk.VARIABLE + "='8:100:400:1'\n" + ProcWalk.CGROUPS + "='v2:/a\t'\n"), "only the one known is listed: " + prelude);
    }

    /** A cgroup name that escaping changed (ESC, a tab, non-ASCII) is not handed back to the host: that process's cgroup is read. */
    @Test
    void onlyPlainCgroupNamesGoBackToTheHostAndQuoted() {
        String header = "@@bedside:probe version=2 token=0123456789abcdef0123456789abcdef uid=0\n"
                + "@@bedside:0123456789abcdef0123456789abcdef:section procs-mem ok x\n"
                + "pid\tstate\tppid\tuid\tstart\trss_kb\tswap_kb\toom_score\toom_score_adj\tcgroup\tsd_cgroup\tcomm\tcmdline\n";
        String row = "\tS\t1\t0\t100\t400\t0\t3\t0\t";
        Sample s = Playbooks.parser().parse("h", T0, header
                + "7" + row + "v2:/esc\\x1b[31m\t-\ta\ta\n"
                + "8" + row + "v2:/tab\\x09x\t-\tb\tb\n"
                + "9" + row + "v2:/caf\\xc3\\xa9\t-\tc\tc\n"
                + "10" + row + "v2:/it's $(reboot) `x`\t-\td\td\n"
                + "# kernel_threads=0 exited=0\n@@bedside:0123456789abcdef0123456789abcdef:end elapsed_ns=1\n", 5);
        assertTrue(of(s, 7).cgroup().orElseThrow().path().contains("\u001b"), "decoded as the host has it");
        String prelude = ProcWalk.prelude(MemorySnapshot.of(s).processes());
        assertTrue(prelude.contains("'7:100:400 8:100:400 9:100:400 10:100:400:1'"), prelude);
        assertTrue(prelude.endsWith(ProcWalk.CGROUPS + "='v2:/it'\\''s $(reboot) `x`\t'\n"), "one line, single-quoted: " + prelude);
    }

    private static String was0(Sample s, long pid) {
        ProcessMemory p = of(s, pid);
        return p.startTicks() + ":" + p.rssKb().getAsLong();
    }
}
