package io.bedside.model.sockets;

import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeFiles;
import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.probe.ProbeOutputParser;
import io.bedside.model.probe.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    /** A walk of everything: java (pid 700) with two sockets, sleep (701) with /dev/null. */
    private static ProbeOutput firstWalk() {
        return out("""
                700 3 lrwx------ s socket:[9001]
                700 4 lrwx------ s socket:[9002]
                701 0 lr-x------ c /dev/null
                pid=700 start=5000 nofile=1024/4096 fds=2 comm=java
                pid=701 start=5100 nofile=1024/4096 fds=1 comm=sleep
                """, false);
    }

    @Test
    void aSkippedProcessKeepsTheFdsTheSampleBeforeReadAndCountsItsSkips() {
        ProbeOutput first = firstWalk();
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

    /** The app's side: a skipped process's fds, parsed for the sample before, are taken as they are, not parsed again. */
    @Test
    void aSkippedProcessesParsedFdsAreTakenFromTheTableBefore() {
        ProbeOutput first = firstWalk();
        ProcessFdTable before = table(first);
        ProbeOutput done = FdWalk.complete(out("""
                701 0 lr-x------ c /dev/null
                701 1 l-wx------ p pipe:[77]
                pid=701 start=5100 nofile=1024/4096 fds=2 comm=sleep
                same 700:5000
                """, true), first);
        List<ParseProblem> problems = new ArrayList<>();
        ProcessFdTable t = SocketSnapshot.from(done, problems, before).fds().get().orElseThrow();
        assertEquals(List.of(), problems);
        assertTrue(t.processes().get(700).fds().get(0) == before.processes().get(700).fds().get(0), "taken, not parsed again");
        List<String> lines = done.section("proc-fds").orElseThrow().lines();
        ProcessFdTable parsed = ProcFdsParser.parse(lines, "", new ArrayList<>()).orElseThrow();
        assertEquals(parsed.processes(), t.processes(), "the same as parsing the completed lines");

        // fd lines of its own for a process the completion marked: not copies, so everything is parsed
        List<String> more = new ArrayList<>(lines);
        more.add(0, "700 5 lrwx------ s socket:[9999]");
        more.add(0, "\u001b[2J not an fd line");
        List<ParseProblem> found = new ArrayList<>();
        ProcessFds odd = ProcFdsParser.parse(more, "", found, before).orElseThrow().processes().get(700);
        assertEquals(3, odd.fds().size(), "what the host printed is shown");
        assertTrue(found.stream().anyMatch(p -> p.message().contains("fds=2 but 3")), found.toString());
        assertEquals(1, found.stream().filter(p -> p.message().startsWith("Unrecognized")).count(), "reported once, not again by the full parse: " + found);
        // another start time or count in the table before: parsed
        ProbeOutput other = out("700 3 lrwx------ s socket:[1]\npid=700 start=4000 nofile=1024/4096 fds=1 comm=old\n", false);
        ProcessFds fresh = ProcFdsParser.parse(lines, "", new ArrayList<>(), table(other)).orElseThrow().processes().get(700);
        assertEquals(List.of(9001L, 9002L), fresh.fds().stream().map(f -> ((FdTarget.Socket) f.target()).inode()).toList());
    }

    @Test
    void aListedProcessKeepsItsWholeLineFromTheSampleBefore() {
        ProbeOutput first = out("""
                700 3 lrwx------ s socket:[9001]
                800 3 lrwx------ s socket:[9003]
                pid=700 start=5000 nofile=1024/4096 fds=1 comm=java
                pid=800 start=6000 nofile=?/? fds=1 same=2 comm=unread limits
                """, false);
        ProbeOutput next = out("same 700:5000 800:6000 900:7000 701:x 9999999999999:1\n", true);
        ProcessFdTable t = table(FdWalk.complete(next, first));
        ProcessFds java = t.processes().get(700);
        assertEquals(List.of(1024L, 4096L, 1, 1, "java"), List.of(java.nofileSoft().getAsLong(), java.nofileHard().getAsLong(),
                java.fdCount().getAsInt(), FdWalk.skips(java.line()), java.comm()));
        assertEquals(List.of(9001L), java.fds().stream().map(f -> ((FdTarget.Socket) f.target()).inode()).toList());
        // the sample before could not read its limits: not known now either
        ProcessFds u = t.processes().get(800);
        assertTrue(u.nofileSoft().isEmpty() && u.fdCount().getAsInt() == 1 && FdWalk.skips(u.line()) == 3, u.line());
        // not in the sample before (a replay that starts here): listed, with nothing known
        ProcessFds gone = t.processes().get(900);
        assertTrue(gone.nofileSoft().isEmpty() && gone.fdCount().isEmpty() && gone.startTime().getAsLong() == 7000, gone.line());
        // malformed entries are no processes
        assertEquals(List.of(700, 800, 900), t.processes().keySet().stream().sorted().toList());
        // a name cannot make a list
        ProbeOutput named = out("pid=700 start=5000 nofile=1024/4096 fds=2 comm=x same 700:5000\n", false);
        assertTrue(FdWalk.complete(named, first) == named);
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
        assertEquals("BS_FDSAME='700:5000:71:1024'\n", FdWalk.prelude(Reading.of(table(o))));
        ProbeOutput tired = out("pid=700 start=5000 nofile=1024/4096 fds=71 same=5 comm=java\n", false);
        assertEquals("BS_FDSAME=\n", FdWalk.prelude(SocketSnapshot.from(tired, new ArrayList<>()).fds()));
        assertEquals("BS_FDSAME=\n", FdWalk.prelude(Reading.absent(io.bedside.model.probe.SourceStatus.NEEDS_ROOT, "x")));
    }

    /** The real probe on this machine: this JVM is skipped while it does not change (with this machine's awk and BusyBox's). */
    @ParameterizedTest(name = "awk: {0}")
    @ValueSource(strings = {"default", "busybox"})
    void theRealProbeSkipsThisProcessUntilItOpensAnFd(String awk) throws Exception {
        Path busybox = Path.of("/bin/busybox");
        String shim = "";
        if (awk.equals("busybox")) {
            assumeTrue(Files.isExecutable(busybox), "needs BusyBox at /bin/busybox");
            shim = "awk() { " + busybox + " awk \"$@\"; }\n";
        }
        List<Pipe> pipes = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                pipes.add(Pipe.open());
            }
            long self = ProcessHandle.current().pid();
            ProbeOutput full = run(shim);
            assertTrue(full.standsAlone());
            ProcessFdTable t = table(full);
            ProcessFds me = t.processes().get((int) self);
            assertTrue(me.fdCount().getAsInt() >= FdWalk.MIN_FDS, "this JVM holds " + me.fdCount());
            String prelude = FdWalk.prelude(Reading.of(t));
            assertTrue(prelude.contains(" " + self + ":") || prelude.contains("'" + self + ":"), prelude);

            ProbeOutput inc = run(shim + prelude);
            assertFalse(inc.standsAlone());
            // this JVM holds far under half its soft limit (the JDK raises it to the hard one): listed by pid and start only
            assertTrue(me.fdCount().getAsInt() * 2 < me.nofileSoft().getAsLong(), me.line());
            String entry = " " + self + ":" + me.startTime().getAsLong();
            assertTrue(inc.section("proc-fds").orElseThrow().lines().stream().anyMatch(l -> l.startsWith("same ")
                    && (l + " ").contains(entry + " ")), "this JVM was skipped");
            assertTrue(inc.section("proc-fds").orElseThrow().lines().stream().noneMatch(l -> l.startsWith("pid=" + self + " ")));
            ProcessFdTable done = table(FdWalk.complete(inc, full));
            ProcessFds again = done.processes().get((int) self);
            assertEquals(me.fds(), again.fds());
            assertEquals(List.of(me.nofileSoft(), me.nofileHard(), me.comm(), 1), List.of(again.nofileSoft(), again.nofileHard(), again.comm(),
                    FdWalk.skips(again.line())));
            // told a soft limit it is near: its limits are read again, on a line of its own
            String near = prelude.replaceFirst("(\\b" + self + ":[0-9]+:[0-9]+):[0-9]+", "$1:" + me.fdCount().getAsInt());
            assertTrue(!near.equals(prelude), near.length() + " " + prelude.length());
            List<String> nearLines = run(shim + near).section("proc-fds").orElseThrow().lines();
            String read = nearLines.stream().filter(l -> l.startsWith("pid=" + self + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no line for this JVM"));
            // every other process is on a list line or a line of its own: none lost between them
            assertTrue(nearLines.stream().filter(l -> l.startsWith("same ")).allMatch(l -> l.matches("same( [0-9]+:[0-9]+)+")), "list lines hold entries only");
            assertTrue(read.contains(" fds=same ") && read.contains(" nofile=" + me.nofileSoft().getAsLong() + "/"), read);

            pipes.add(Pipe.open()); // two more fds: walked again
            ProbeOutput changed = run(shim + prelude);
            assertTrue(changed.section("proc-fds").orElseThrow().lines().stream().anyMatch(l -> l.startsWith("pid=" + self + " ")
                    && !l.contains(" fds=same ")), "this JVM was walked");
            // and a list with anything but digits, colons and spaces is not used at all
            ProbeOutput refused = run(shim + "BS_FDSAME='" + self + ":1:2;x'\n");
            assertTrue(refused.standsAlone());
        } finally {
            for (Pipe p : pipes) {
                p.source().close();
                p.sink().close();
            }
        }
    }

    /**
     * The real probe: once a walk printed this JVM's /proc/PID/fd inode, the next skips it by that
     * inode without reading its stat (a forged start time in the list is not seen, and comes back as
     * listed), a changed inode makes it read and print the new one, and an inode the walk did not print
     * is kept from the table before.
     */
    @ParameterizedTest(name = "awk: {0}")
    @ValueSource(strings = {"default", "busybox"})
    void theRealProbeKnowsAnUnchangedProcessByItsFdDirectorysInode(String awk) throws Exception {
        String shim = "";
        if (awk.equals("busybox")) {
            assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs BusyBox at /bin/busybox");
            shim = "awk() { /bin/busybox awk \"$@\"; }\n";
        }
        int self = (int) ProcessHandle.current().pid();
        ProbeOutput full = run(shim);
        ProcessFdTable t = table(full);
        assertTrue(t.fdDirInode(self).isEmpty(), "a walk of everything prints no inode");
        long start = t.processes().get(self).startTime().getAsLong();
        // no inode listed: read as before, and its inode printed; only listed processes have one printed
        // (another user's process, which a login user cannot walk, is never listed: printed, it would be every time)
        String first = FdWalk.prelude(Reading.of(t));
        ProbeOutput inc = FdWalk.complete(run(shim + first), full);
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (String entry : first.substring(first.indexOf('\'') + 1, first.lastIndexOf('\'')).split(" ")) {
            listed.add(entry.substring(0, entry.indexOf(':')));
        }
        List<String> printed = inc.section("proc-fds").orElseThrow().lines().stream().filter(l -> l.startsWith("ino "))
                .flatMap(l -> java.util.Arrays.stream(l.substring(4).split(" "))).map(e -> e.substring(0, e.indexOf(':'))).toList();
        assertTrue(!printed.isEmpty() && listed.containsAll(printed), "printed " + printed + " of listed " + listed.size());
        ProcessFdTable second = fdsAfter(inc, t);
        long ino = ((Number) Files.getAttribute(Path.of("/proc/" + self + "/fd"), "unix:ino")).longValue();
        assertEquals(java.util.OptionalLong.of(ino), second.fdDirInode(self));
        assertTrue(second.processes().get(self).line().contains(" same=1 "), second.processes().get(self).line());
        String prelude = FdWalk.prelude(Reading.of(second));
        assertTrue(prelude.matches("(?s).*[' ]" + self + ":" + start + ":[0-9]+:[0-9]*:" + ino + "[' ].*"), prelude);

        // the inode alone decides: a start time the list forged is not checked against the process's stat
        String forged = prelude.replaceFirst("([' ])" + self + ":" + start + ":", "$1" + self + ":" + (start + 12345) + ":");
        List<String> lines = run(shim + forged).section("proc-fds").orElseThrow().lines();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("same ") && (l + " ").contains(" " + self + ":" + (start + 12345) + " ")),
                "skipped by its inode without a read");
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("ino ") && (l + " ").contains(" " + self + ":")), "its inode is not printed again");

        // another inode: its stat is read (the true start time is checked), and the inode it has is printed
        String moved = prelude.replaceFirst(":" + ino + "([' ])", ":" + (ino + 1) + "$1");
        ProbeOutput third = run(shim + moved);
        lines = third.section("proc-fds").orElseThrow().lines();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("same ") && (l + " ").contains(" " + self + ":" + start + " ")), "still the same process");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ino ") && (l + " ").contains(" " + self + ":" + ino + " ")), "its inode printed");
        assertTrue(lines.stream().filter(l -> l.startsWith("ino ")).allMatch(l -> l.matches("ino( [0-9]+:[0-9]+)+")), "inode lines hold entries only");

        // not printed (unchanged): kept from the table before, so the list after still has it
        ProcessFdTable fourth = fdsAfter(FdWalk.complete(run(shim + prelude), inc), second);
        assertEquals(java.util.OptionalLong.of(ino), fourth.fdDirInode(self));
    }

    /** The fd table of {@code o} parsed after {@code before}, as a session does. */
    private static ProcessFdTable fdsAfter(ProbeOutput o, ProcessFdTable before) {
        List<ParseProblem> problems = new ArrayList<>();
        ProcessFdTable t = SocketSnapshot.from(o, problems, before).fds().get().orElseThrow();
        assertEquals(List.of(), problems);
        return t;
    }

    @Test
    void anInodeLineThatIsNotPidColonInodeIsAProblemAndNothingElse() {
        List<ParseProblem> problems = new ArrayList<>();
        ProcessFdTable t = SocketSnapshot.from(out("""
                700 3 lrwx------ s socket:[9001]
                ino 700:123 701:x;rm
                pid=700 start=5000 nofile=1024/4096 fds=1 comm=java
                """, true), problems).fds().get().orElseThrow();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().contains("PID:INODE"), problems.toString());
        assertEquals(1, t.processes().get(700).fds().size());
    }

    /** The walk's preparation gives up (mawk at a read error): everything is walked, and its message is no line of the section. */
    @Test
    void aPreparationThatGivesUpWalksEverythingAndLeavesNoLine() {
        ProcessFdTable t = table(run(""));
        String prelude = FdWalk.prelude(Reading.of(t));
        String shim = "awk() { case \"$*\" in *self=*) printf 'mawk: run time error: read error (No such process)\\n\\tFILENAME=\\\"-\\\" FNR=5\\n' >&2; return 2;; esac;"
                + " command awk \"$@\"; }\n";
        ProbeOutput o = run(shim + prelude);
        List<ParseProblem> problems = new ArrayList<>();
        ProcessFdTable walked = SocketSnapshot.from(o, problems).fds().get().orElseThrow();
        assertEquals(List.of(), problems);
        assertTrue(o.standsAlone(), "nothing was taken from the sample before");
        ProcessFds me = walked.processes().get((int) ProcessHandle.current().pid());
        assertTrue(me.fdCount().isPresent() && !me.fds().isEmpty(), "this JVM walked: " + me.line());
    }

    private static ProbeOutput run(String prelude) {
        ProbeOutput o = ProbeOutputParser.parse(ProbeFiles.run(prelude, false));
        assertTrue(o.complete());
        return o;
    }
}
