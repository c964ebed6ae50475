package io.bedside.model.sockets;

import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeFiles;
import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.probe.ProbeOutputParser;
import io.bedside.model.probe.Reading;
import org.junit.jupiter.api.Test;

import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The incremental fd walk: what the session tells the probe, and how a skipped process's fds come back. */
class FdWalkTest {
    private static final String T = "0123456789abcdef0123456789abcdef";
    private static final String M = "@@bedside:" + T + ":";

    private static ProbeOutput out(String fdsLines, boolean incremental) {
        return ProbeOutputParser.parse("@@bedside:probe version=2 token=" + T + " uid=0\n"
                + M + "section proc-fds ok find /proc/PID/fd (uid 0)\n" + fdsLines
                + M + "end elapsed_ns=1" + (incremental ? " incremental=1" : "") + " stat=x\n");
    }

    private static ProcessFdTable table(ProbeOutput o) {
        List<ParseProblem> problems = new ArrayList<>();
        ProcessFdTable t = SocketSnapshot.from(o, problems).fds().get().orElseThrow();
        assertEquals(List.of(), problems);
        return t;
    }

    @Test
    void aSkippedProcessKeepsTheFdsTheSampleBeforeReadAndCountsItsSkips() {
        ProbeOutput first = out("""
                700 3 lrwx------ s socket:[9001]
                700 4 lrwx------ s socket:[9002]
                701 0 lr-x------ c /dev/null
                pid=700 start=5000 nofile=1024/4096 fds=2 comm=java
                pid=701 start=5100 nofile=1024/4096 fds=1 comm=sleep
                """, false);
        assertTrue(first.standsAlone());
        ProbeOutput second = out("""
                701 0 lr-x------ c /dev/null
                701 1 l-wx------ p pipe:[77]
                pid=700 start=5000 nofile=1024/4096 fds=same comm=java
                pid=701 start=5100 nofile=1024/4096 fds=2 comm=sleep
                """, true);
        assertFalse(second.standsAlone(), "it needs the sample before");
        ProbeOutput done = FdWalk.complete(second, first);
        ProcessFdTable t = table(done);
        ProcessFds java = t.processes().get(700);
        assertEquals(2, java.fdCount().getAsInt());
        assertEquals(List.of(9001L, 9002L), java.fds().stream().map(f -> ((FdTarget.Socket) f.target()).inode()).toList());
        assertEquals(1, FdWalk.skips(java.line()));
        assertEquals(2, t.processes().get(701).fdCount().getAsInt());

        // skipped again: the count goes on from the completed sample
        ProbeOutput third = FdWalk.complete(out("pid=700 start=5000 nofile=1024/4096 fds=same comm=java\n", true), done);
        assertEquals(2, FdWalk.skips(table(third).processes().get(700).line()));
    }

    @Test
    void aSkippedProcessTheSampleBeforeDoesNotKnowIsUnreadableNeverEmpty() {
        ProbeOutput skipped = out("pid=700 start=5000 nofile=1024/4096 fds=same comm=java\n", true);
        // a replay that starts at this sample
        assertTrue(table(FdWalk.complete(skipped, null)).processes().get(700).fdCount().isEmpty());
        // the pid was reused: the sample before had another process under it
        ProbeOutput other = out("700 3 lrwx------ s socket:[1]\npid=700 start=4000 nofile=1024/4096 fds=1 comm=old\n", false);
        assertTrue(table(FdWalk.complete(skipped, other)).processes().get(700).fdCount().isEmpty());
    }

    @Test
    void aProcessNameCannotMakeAProcessLookSkipped() {
        ProbeOutput first = out("700 3 lrwx------ s socket:[9001]\npid=700 start=5000 nofile=1024/4096 fds=1 comm=a fds=same same=4 b\n", false);
        ProbeOutput next = out("pid=700 start=5000 nofile=1024/4096 fds=0 comm=x fds=same y\n", false);
        ProbeOutput done = FdWalk.complete(next, first);
        assertTrue(done == next, "nothing to complete");
        assertEquals(0, table(done).processes().get(700).fdCount().getAsInt());
        assertEquals(0, FdWalk.skips(table(first).processes().get(700).line()));
    }

    @Test
    void theSessionListsBusyProcessesWithoutDeletedFilesAndWalksAllAfterFiveSkips() {
        StringBuilder many = new StringBuilder();
        for (int fd = 0; fd < 70; fd++) {
            many.append("700 ").append(fd).append(" lrwx------ s socket:[").append(9000 + fd).append("]\n");
            many.append("800 ").append(fd).append(" lrwx------ s socket:[").append(19000 + fd).append("]\n");
        }
        many.append("800 70 l-wx------ f /var/log/app.log (deleted)\n");
        ProbeOutput o = out(many + "700 70 l-wx------ f /var/log/ok.log\n"
                + "pid=700 start=5000 nofile=1024/4096 fds=71 comm=java\n"
                + "pid=800 start=6000 nofile=1024/4096 fds=71 comm=logger\n"
                + "pid=900 start=7000 nofile=1024/4096 fds=0 comm=idle\n"
                + "pid=1 start=1 nofile=1024/4096 fds=unreadable comm=init\n", false);
        assertEquals("BS_FDSAME='700:5000:71'\n", FdWalk.prelude(Reading.of(table(o))));
        ProbeOutput tired = out("pid=700 start=5000 nofile=1024/4096 fds=71 same=5 comm=java\n", false);
        assertEquals("BS_FDSAME=\n", FdWalk.prelude(SocketSnapshot.from(tired, new ArrayList<>()).fds()));
        assertEquals("BS_FDSAME=\n", FdWalk.prelude(Reading.absent(io.bedside.model.probe.SourceStatus.NEEDS_ROOT, "x")));
    }

    /** The real probe on this machine: this JVM, with well over 64 fds, is skipped while it does not change. */
    @Test
    void theRealProbeSkipsThisProcessUntilItOpensAnFd() throws Exception {
        List<Pipe> pipes = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                pipes.add(Pipe.open());
            }
            long self = ProcessHandle.current().pid();
            ProbeOutput full = run("");
            assertTrue(full.standsAlone());
            ProcessFdTable t = table(full);
            ProcessFds me = t.processes().get((int) self);
            assertTrue(me.fdCount().getAsInt() >= FdWalk.MIN_FDS, "this JVM holds " + me.fdCount());
            String prelude = FdWalk.prelude(Reading.of(t));
            assertTrue(prelude.contains(" " + self + ":") || prelude.contains("'" + self + ":"), prelude);

            ProbeOutput inc = run(prelude);
            assertFalse(inc.standsAlone());
            assertTrue(inc.section("proc-fds").orElseThrow().lines().stream().anyMatch(l -> l.startsWith("pid=" + self + " ")
                    && l.contains(" fds=same ")), "this JVM was skipped");
            ProcessFds again = table(FdWalk.complete(inc, full)).processes().get((int) self);
            assertEquals(me.fds(), again.fds());

            pipes.add(Pipe.open()); // two more fds: walked again
            ProbeOutput changed = run(prelude);
            assertTrue(changed.section("proc-fds").orElseThrow().lines().stream().anyMatch(l -> l.startsWith("pid=" + self + " ")
                    && !l.contains(" fds=same ")), "this JVM was walked");
            // and a list with anything but digits, colons and spaces is not used at all
            ProbeOutput refused = run("BS_FDSAME='" + self + ":1:2;x'\n");
            assertTrue(refused.standsAlone());
        } finally {
            for (Pipe p : pipes) {
                p.source().close();
                p.sink().close();
            }
        }
    }

    private static ProbeOutput run(String prelude) {
        ProbeOutput o = ProbeOutputParser.parse(ProbeFiles.run(prelude, false));
        assertTrue(o.complete());
        return o;
    }
}
