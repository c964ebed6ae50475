package io.bedside.model.sockets;

import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import io.bedside.model.fix.FixStep.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SocketFixPlansTest {
    private static final SocketSnapshot LAB = SocketSnapshotTest.fixture("probe-lab-closewait-pipe-root-t0.txt");

    @Test
    void drainingTheLabsBlockedStderr() {
        FixPlan plan = SocketFixPlans.drainPipe(LAB, 5025, 2);
        assertEquals("proc.pipe.drain", plan.id());
        assertEquals("Drain pipe:[726930], fd 2 of pid 5025, into /var/tmp/bedside-drain-5025-2.log:", plan.summary().get(0));
        assertEquals("  nohup sh -c 'echo $$ > /var/tmp/bedside-drain-5025-2.pid; exec cat /proc/5025/fd/2 >> "
                + "/var/tmp/bedside-drain-5025-2.log' >/dev/null 2>&1 &", plan.summary().get(1));
        assertTrue(plan.summary().get(2).contains("10 threads are blocked writing to it; the read end is held by 5027 (bedside-reader, state S)"),
                plan.summary().get(2));
        assertTrue(plan.reversible());
        assertTrue(plan.needsRoot(), "another user's pipe needs root to open through /proc");
        assertEquals(List.of(Kind.EVIDENCE, Kind.CHANGE, Kind.VERIFY, Kind.VERIFY, Kind.VERIFY),
                plan.steps().stream().map(FixStep::kind).toList());
        assertTrue(plan.steps().stream().allMatch(s -> s.subject().equals("pid 5025 fd 2")));

        FixStep start = plan.steps().get(1);
        assertEquals("umask 077; nohup sh -c 'echo $$ > /var/tmp/bedside-drain-5025-2.pid; exec cat /proc/5025/fd/2 >> "
                + "/var/tmp/bedside-drain-5025-2.log' >/dev/null 2>&1 &", start.command());
        FixStep.Check check = start.precondition().orElseThrow();
        assertEquals("link=pipe:[726930] start=351838 drain=none", check.expectedOutput());
        assertTrue(check.command().contains("readlink /proc/5025/fd/2"), check.command());
        assertTrue(check.command().contains("sub(/.*\\) /, \"\", s)") && check.command().contains("/proc/5025/stat"),
                "start time after the last ') ' of the whole file: comm may hold ')' and a newline");
        assertTrue(check.meaning().contains("same start time (351838)"));

        assertEquals("cat /proc/5025/fd/2", plan.steps().get(2).expectedOutput().orElseThrow());
        FixStep moved = plan.steps().get(3);
        assertEquals("blocked=0", moved.expectedOutput().orElseThrow());
        assertTrue(moved.command().contains("for t in 5029 5030 5031 5032 5033 5034 5035 5036 5037 5038;"), moved.command());
        assertTrue(moved.command().contains("pipe_write|anon_pipe_write|"), moved.command());
        assertTrue(moved.needsRoot(), "without root every wchan reads 0 and the check would pass for nothing");
        FixStep falls = plan.steps().get(4);
        assertEquals("falling", falls.expectedOutput().orElseThrow());
        assertTrue(falls.command().contains("-lt 133 ]"), falls.command());

        assertEquals(2, plan.rollback().size());
        FixStep stop = plan.rollback().get(0);
        assertEquals(Kind.CHANGE, stop.kind());
        assertEquals("p=$(cat /var/tmp/bedside-drain-5025-2.pid 2>/dev/null); case $p in ''|*[!0-9]*) echo \"no drainer pid in"
                + " /var/tmp/bedside-drain-5025-2.pid\" >&2; exit 1;; esac; [ \"$p\" -gt 1 ] && kill -s TERM \"$p\"", stop.command(),
                "a pid file that holds no plain pid (or -1: every process) is never passed to kill");
        assertEquals("cat /proc/5025/fd/2", stop.precondition().orElseThrow().expectedOutput(),
                "only the drainer itself is killed, never what its pid names later");
        assertEquals("", plan.rollback().get(1).expectedOutput().orElseThrow());
    }

    @Test
    void aFifoIsDrainedByItsPathAndWithoutCloseWaitThatVerifyIsLeftOut() {
        FixPlan plan = SocketFixPlans.drainPipe(40, 9000, 7, new PipeId.Fifo("/run/app/audit.fifo"), List.of(), List.of(44), 0);
        assertEquals("link=/run/app/audit.fifo start=9000 drain=none", plan.steps().get(1).precondition().orElseThrow().expectedOutput());
        assertEquals(4, plan.steps().size());
        assertTrue(plan.summary().get(0).startsWith("Drain FIFO /run/app/audit.fifo, fd 7 of pid 40"));
        assertTrue(plan.summary().get(2).contains("no process holds its read end"), plan.summary().get(2));
    }

    @Test
    void nothingBlockedIsNothingToDrain() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SocketFixPlans.drainPipe(LAB, 5025, 1));
        assertTrue(e.getMessage().contains("No thread of pid 5025 is blocked writing to fd 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SocketFixPlans.drainPipe(LAB, 5027, 3));
        assertThrows(IllegalArgumentException.class, () -> SocketFixPlans.drainPipe(0, 1, 2, new PipeId.Anonymous(1), List.of(), List.of(3), 0));
        assertThrows(IllegalArgumentException.class, () -> SocketFixPlans.drainPipe(5, 1, 2, new PipeId.Anonymous(1), List.of(), List.of(), 0));
    }

    @Test
    void signalsGoByNameAndNumbersAreRefused() {
        for (String n : List.of("10", "-10", "SIG10", "30", "RTMIN+1", "SIGRTMAX-2", "", " ")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SocketFixPlans.signal(5025, 351838, n), n);
            assertFalse(e.getMessage().isBlank());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SocketFixPlans.signal(5025, 351838, "10")).getMessage()
                .contains("never by number"));
        assertThrows(IllegalArgumentException.class, () -> SocketFixPlans.signal(5025, 351838, "DUMP"));
        assertEquals("USR1", SocketFixPlans.signalName("sigusr1"));
        assertEquals("USR1", SocketFixPlans.signalName("-USR1"));
        assertEquals("TERM", SocketFixPlans.signalName("SIGTERM"));

        FixPlan usr1 = SocketFixPlans.signal(5025, 351838, "SIGUSR1");
        assertEquals("proc.signal", usr1.id());
        assertFalse(usr1.reversible());
        FixStep send = usr1.steps().stream().filter(s -> s.kind() == Kind.CHANGE).findFirst().orElseThrow();
        assertEquals("kill -s USR1 5025", send.command());
        assertEquals("start=351838 caught=yes guard=ok", send.precondition().orElseThrow().expectedOutput(),
                "without a handler USR1 ends the process: seed 004's kill -30");
        assertTrue(send.precondition().orElseThrow().command().contains("env kill -l USR1"), "the number is the host's, looked up by name");
        assertTrue(usr1.steps().get(0).command().contains("uname -m"));
        FixStep still = usr1.steps().get(usr1.steps().size() - 1);
        assertEquals("start=351838", still.expectedOutput().orElseThrow());

        FixPlan term = SocketFixPlans.signal(5025, 351838, "term");
        FixStep sendTerm = term.steps().stream().filter(s -> s.kind() == Kind.CHANGE).findFirst().orElseThrow();
        assertEquals("kill -s TERM 5025", sendTerm.command());
        assertEquals("start=351838 guard=ok", sendTerm.precondition().orElseThrow().expectedOutput());
        assertEquals("gone", term.steps().get(term.steps().size() - 1).expectedOutput().orElseThrow());
        assertTrue(term.steps().stream().noneMatch(s -> s.command().matches(".*kill -[0-9].*")));
    }

    @Test
    void terminateIsTermThenAWaitThenKill() {
        FixPlan plan = SocketFixPlans.terminate(5025, 351838, 10);
        List<FixStep> changes = plan.steps().stream().filter(s -> s.kind() == Kind.CHANGE).toList();
        assertEquals(List.of("kill -s TERM 5025", "kill -s KILL 5025"), changes.stream().map(FixStep::command).toList());
        FixStep.Check wait = changes.get(1).precondition().orElseThrow();
        assertTrue(wait.command().startsWith("i=0; while [ $i -lt 10 ]"), wait.command());
        assertEquals("start=351838 guard=ok", wait.expectedOutput(), "KILL only if the same process still runs after the wait");
        assertThrows(IllegalArgumentException.class, () -> SocketFixPlans.terminate(5025, 1, 0));
    }

    @Test
    void restartingAUnit() {
        FixPlan plan = SocketFixPlans.restartUnit("heartbeat@8080.service");
        assertEquals("proc.restart-unit", plan.id());
        FixStep restart = plan.steps().get(1);
        assertEquals("systemctl restart -- heartbeat@8080.service", restart.command());
        assertEquals("LoadState=loaded\nguard=ok", restart.precondition().orElseThrow().expectedOutput());
        assertTrue(restart.precondition().orElseThrow().command().startsWith("systemctl show -p LoadState -- heartbeat@8080.service; "));
        assertEquals("active", plan.steps().get(2).expectedOutput().orElseThrow());
        assertEquals("sleep 2; systemctl is-active -- heartbeat@8080.service", plan.steps().get(2).command());
        assertEquals("systemctl restart -- 'foo\\x2dbar.service'",
                SocketFixPlans.restartUnit("foo\\x2dbar.service").steps().get(1).command(), "systemd's escapes reach sh quoted");
        for (String bad : List.of("nginx", "session-3.scope", "a.service; reboot", "-x.service", "--help.service", "$(id).service",
                "", "foo@.service", "@foo.service", ".service", "a\nb.service", "x".repeat(248) + ".service")) {
            assertThrows(IllegalArgumentException.class, () -> SocketFixPlans.restartUnit(bad), bad);
        }
    }

    @Test
    void plansFromTheOperatorsChoices() {
        FixPlan drain = SocketFixPlans.plan("proc.pipe.drain", LAB, Map.of("pid", "5025"));
        assertEquals("link=pipe:[726930] start=351838 drain=none", drain.steps().get(1).precondition().orElseThrow().expectedOutput(),
                "without fd=, the one fd its threads are blocked on");
        assertEquals(drain, SocketFixPlans.plan("proc.pipe.drain", LAB, Map.of("pid", "5025", "fd", "2")));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SocketFixPlans.plan("proc.pipe.drain", LAB, Map.of("pid", "5027")))
                .getMessage().contains("No thread of pid 5027"));
        assertThrows(IllegalArgumentException.class, () -> SocketFixPlans.plan("proc.pipe.drain", LAB, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> SocketFixPlans.plan("proc.pipe.drain", LAB, Map.of("pid", "x")));

        FixPlan usr1 = SocketFixPlans.plan("proc.signal", LAB, Map.of("pid", "5025", "signal", "USR1"));
        assertTrue(usr1.steps().stream().anyMatch(st -> st.command().equals("kill -s USR1 5025")));
        assertTrue(usr1.steps().stream().anyMatch(st -> st.precondition().map(c -> c.expectedOutput().equals("start=351838 caught=yes guard=ok"))
                .orElse(false)), "the start time comes from the sample");
        assertThrows(IllegalArgumentException.class, () -> SocketFixPlans.plan("proc.signal", LAB, Map.of("pid", "5025", "signal", "10")));
        assertThrows(IllegalArgumentException.class, () -> SocketFixPlans.plan("proc.signal", LAB, Map.of("pid", "5025")));
        assertThrows(IllegalArgumentException.class, () -> SocketFixPlans.plan("proc.signal", LAB, Map.of("pid", "999999", "signal", "TERM")),
                "a pid not in the sample has no start time to re-check");
        FixPlan end = SocketFixPlans.plan("proc.signal", LAB, Map.of("pid", "5025", "signal", "TERM", "kill-after", "15"));
        assertTrue(end.steps().stream().anyMatch(st -> st.command().equals("kill -s KILL 5025")));
        assertThrows(IllegalArgumentException.class,
                () -> SocketFixPlans.plan("proc.signal", LAB, Map.of("pid", "5025", "signal", "USR1", "kill-after", "15")));

        assertEquals("systemctl restart -- app.service", SocketFixPlans.plan("proc.restart-unit", LAB, Map.of("unit", "app.service"))
                .steps().get(1).command());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SocketFixPlans.plan("proc.restart-unit", LAB, Map.of("pid", "5025")))
                .getMessage().contains("not known"), "the lab's cgroup is /: no unit");
        assertThrows(IllegalArgumentException.class, () -> SocketFixPlans.plan("proc.kill", LAB, Map.of()));
        assertEquals(List.of("proc.pipe.drain", "proc.signal", "proc.restart-unit"), SocketFixPlans.IDS);
    }
}
