package io.bedside.model.sockets;

import io.bedside.model.Fixtures;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeOutputParser;
import io.bedside.model.probe.Reading;
import io.bedside.model.probe.SourceStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SocketSnapshotTest {
    static SocketSnapshot fixture(String name) {
        List<ParseProblem> problems = new ArrayList<>();
        SocketSnapshot s = SocketSnapshot.from(ProbeOutputParser.parse(Fixtures.text("sockets/" + name)), problems);
        assertEquals(List.of(), problems, name);
        return s;
    }

    private static SourceStatus status(Reading<?> r) {
        return ((Reading.Absent<?>) r).status();
    }

    @Test
    void theLabIncidentFromOneSampleAsRoot() {
        SocketSnapshot s = fixture("probe-lab-closewait-pipe-root-t0.txt");
        assertEquals(OptionalInt.of(0), s.probeUid());
        assertEquals(Optional.of("x86_64"), s.machine());
        SocketTable<TcpSocket> tcp = s.tcp().get().orElseThrow();
        assertEquals(List.of("ss-tcp"), tcp.sources());
        assertEquals(133, tcp.count(SocketState.CLOSE_WAIT));
        assertTrue(s.udp().isPresent());
        for (TcpSocket cw : tcp.inState(SocketState.CLOSE_WAIT)) {
            assertEquals(List.of(5025), s.holders(cw).stream().map(SocketOwner::pid).toList(), cw.lines().get(0));
            assertEquals("python3", s.holders(cw).get(0).name());
        }
        assertTrue(s.wchanKnown(5025));
        assertFalse(s.wchanKnown(1), "pid 1's fds are unreadable even as root, so its wchan 0 means nothing");

        List<BlockedPipe> blocked = s.blockedPipes();
        assertEquals(1, blocked.size(), blocked.toString());
        BlockedPipe b = blocked.get(0);
        assertEquals(5025, b.pid());
        assertEquals("python3", b.comm());
        assertEquals(OptionalLong.of(351838), b.startTime());
        assertEquals(OptionalInt.of(2), b.fd());
        assertEquals("syscall", b.fdFrom());
        assertEquals(Optional.of(new PipeId.Anonymous(726930)), b.pipe());
        assertEquals(10, b.threads().size());
        assertTrue(b.threads().stream().allMatch(t -> t.name().startsWith("CP Server Th-")));
        PipeEnds ends = b.ends().orElseThrow();
        assertEquals(1, ends.readers().size());
        PipeEnd reader = ends.readers().get(0);
        assertEquals(5027, reader.pid());
        assertEquals("bedside-reader", reader.comm());
        assertEquals(3, reader.fd());
        assertEquals(Optional.of('S'), reader.state());
        assertEquals(Optional.of("hrtimer_nanosleep"), reader.wchan());
        assertEquals(List.of(5025), ends.writers().stream().map(PipeEnd::pid).toList());
        assertFalse(ends.complete(), "pid 1 could not be read: it might hold an end too");

        // the drill-down: every pipe with both ends; the server's stderr is among them
        assertTrue(s.pipeEnds().contains(ends));
        assertTrue(s.pipeEnds().stream().allMatch(e -> !e.readers().isEmpty() || !e.writers().isEmpty()));
    }

    @Test
    void withoutRootNothingIsCalledBlockedAndNoOwnerIsInvented() {
        SocketSnapshot s = fixture("probe-lab-closewait-pipe-user.txt");
        assertEquals(OptionalInt.of(1001), s.probeUid());
        assertFalse(s.wchanKnown(5025));
        assertEquals(List.of(), s.blockedPipes(), "other users' wchan read 0: no claim either way");
        TcpSocket cw = s.tcp().get().orElseThrow().inState(SocketState.CLOSE_WAIT).get(0);
        assertEquals(List.of(), s.holders(cw));
    }

    @Test
    void aNamedFifoWithItsReader() {
        SocketSnapshot s = fixture("probe-debian12-kernel6.18-fifo-root.txt");
        BlockedPipe b = s.blockedPipes().stream().filter(x -> x.pid() == 18809).findFirst().orElseThrow();
        assertEquals(Optional.of(new PipeId.Fifo("/tmp/bs/scene.fifo")), b.pipe());
        assertEquals(OptionalInt.of(16), b.fd());
        assertEquals("syscall", b.fdFrom());
        assertEquals(List.of(18851), b.ends().orElseThrow().readers().stream().map(PipeEnd::pid).toList());
        assertEquals(List.of(18852), b.threads().stream().map(ThreadInfo::tid).toList(), "the writer thread, not the main one");
        // the scene's sockets are held by the parent and the forked child alike
        TcpSocket cw = s.tcp().get().orElseThrow().inState(SocketState.CLOSE_WAIT).get(0);
        assertEquals(List.of(18809, 18851), s.holders(cw).stream().map(SocketOwner::pid).sorted().toList());
    }

    @Test
    void olderKernelsPipeWaitCountsOnlyWhenTheSyscallIsAWrite() {
        SocketSnapshot s = fixture("probe-centos7-kernel3.10-seed004-transcribed.txt");
        BlockedPipe b = s.blockedPipes().get(0);
        assertEquals(139756, b.pid());
        assertEquals(2, b.threads().size());
        assertEquals(OptionalInt.of(2), b.fd());
        PipeEnds ends = b.ends().orElseThrow();
        assertEquals(List.of(), ends.readers());
        assertTrue(ends.complete(), "every process was read: nobody holds the read end");
        assertEquals(List.of("bash", "python"), ends.writers().stream().map(PipeEnd::comm).toList());

        // the same line in pipe_wait, reading fd 4 (read end of a self-pipe): not a writer
        SocketSnapshot r = new SocketProbeText()
                .fd(7, 4, "r", 'p', "pipe:[55]").fd(7, 5, "w", 'p', "pipe:[55]").process(7, 100, "app", 1024, true)
                .thread(7, 7, 'S', "pipe_wait", "0:0x4", "app").snapshot();
        assertEquals(List.of(), r.blockedPipes());
        // pipe_wait on an fd open read-write (a FIFO opened O_RDWR): the call decides, by this machine's numbers
        SocketProbeText rw = new SocketProbeText().fd(7, 4, "rw", 'p', "/run/app.fifo").process(7, 100, "app", 1024, true);
        assertEquals(1, rw.thread(7, 8, 'S', "pipe_wait", "1:0x4", "app").snapshot().blockedPipes().size(), "write is 1 on x86_64");
        assertEquals(List.of(), new SocketProbeText().fd(7, 4, "rw", 'p', "/run/app.fifo").process(7, 100, "app", 1024, true)
                .thread(7, 8, 'S', "pipe_wait", "0:0x4", "app").snapshot().blockedPipes(), "read is 0 on x86_64");
        assertEquals(1, new SocketProbeText().machine("aarch64").fd(7, 4, "rw", 'p', "/run/app.fifo").process(7, 100, "app", 1024, true)
                .thread(7, 8, 'S', "pipe_wait", "64:0x4", "app").snapshot().blockedPipes().size(), "write is 64 on aarch64");
        assertEquals(List.of(), new SocketProbeText().machine("mips").fd(7, 4, "rw", 'p', "/run/app.fifo").process(7, 100, "app", 1024, true)
                .thread(7, 8, 'S', "pipe_wait", "4004:0x4", "app").snapshot().blockedPipes(), "numbers not known here: no claim");
    }

    @Test
    void withoutSsTheSocketsComeFromProcNetAndBigEndianHostsDecodeRight() {
        List<String> v4 = Fixtures.text("sockets/proc-net-tcp-s390x-transcribed.txt").lines().toList();
        SocketSnapshot s = new SocketProbeText().machine("s390x").without(SocketSnapshot.SS_TCP).without(SocketSnapshot.SS_UDP)
                .section(SocketSnapshot.PROC_TCP, "ok /proc/net/tcp", v4)
                .section(SocketSnapshot.PROC_TCP6, "missing /proc/net/tcp6", List.of())
                .section(SocketSnapshot.PROC_UDP, "ok /proc/net/udp", List.of(v4.get(0)))
                .section(SocketSnapshot.PROC_UDP6, "missing /proc/net/udp6", List.of())
                .snapshot();
        SocketTable<TcpSocket> t = s.tcp().get().orElseThrow();
        assertEquals(List.of("proc-net-tcp"), t.sources(), "IPv6 switched off: no IPv6 sockets, not an unknown");
        assertEquals("127.0.0.1:9999", t.sockets().get(1).local().text());
        assertEquals(0, s.udp().get().orElseThrow().sockets().size());

        SocketSnapshot v6needsRoot = new SocketProbeText().without(SocketSnapshot.SS_TCP)
                .section(SocketSnapshot.PROC_TCP, "ok /proc/net/tcp", Fixtures.text("sockets/proc-net-tcp-debian12-kernel6.18.txt").lines().toList())
                .section(SocketSnapshot.PROC_TCP6, "needs-root /proc/net/tcp6", List.of()).snapshot();
        assertEquals(SourceStatus.NEEDS_ROOT, status(v6needsRoot.tcp()), "half a table would undercount");
        assertTrue(v6needsRoot.tcp().describeAbsence().contains("IPv6 sockets unknown"));
    }

    @Test
    void missingAndTruncatedSourcesAreAbsentWithTheirReason() {
        SocketSnapshot none = new SocketProbeText().without(SocketSnapshot.SS_TCP).without(SocketSnapshot.SS_UDP).snapshot();
        assertEquals(SourceStatus.ERROR, status(none.tcp()));
        assertTrue(none.tcp().describeAbsence().contains("neither ss nor proc-net-tcp"));

        SocketSnapshot cut = SocketSnapshot.from(ProbeOutputParser.parse(new SocketProbeText().process(7, 1, "a", 1024, true)
                .thread(7, 7, 'S', "0", "-", "a").truncated().text()), new ArrayList<>());
        assertEquals(SourceStatus.NOT_RECEIVED, status(cut.threads()), "the section the output was cut in is not used");
        assertTrue(cut.fds().isPresent());

        SocketSnapshot noAwk = new SocketProbeText().status(SocketSnapshot.FDS, "missing awk").snapshot();
        assertEquals(SourceStatus.MISSING, status(noAwk.fds()));
        assertEquals(List.of(), noAwk.holders(new SocketProbeText().tcp("CLOSE-WAIT", 1, "127.0.0.1:80", "127.0.0.1:5000", 9)
                .snapshot().tcp().get().orElseThrow().sockets().get(0)));
    }

    @Test
    void socketsThatClosedBetweenSsAndTheFdPassHaveNoHolder() {
        SocketSnapshot s = new SocketProbeText()
                .closeWait(3, 8080, 500, 300)
                .socketFds(40, 10, 500, 2) // inode 502 is in ss but no fd holds it any more
                .process(40, 77, "svc", 1024, true).snapshot();
        List<TcpSocket> cw = s.tcp().get().orElseThrow().sockets();
        assertEquals(List.of(40), s.holders(cw.get(0)).stream().map(SocketOwner::pid).toList());
        assertEquals(List.of(), s.holders(cw.get(2)));
        assertEquals(2, SocketRules.closeWaitOf(s, 40).size());
    }

    @Test
    void theUnitComesFromTheSocketsCgroup() {
        SocketSnapshot s = new SocketProbeText()
                .tcpLine("LISTEN 0 128 0.0.0.0:80 0.0.0.0:* ino:900 sk:1 cgroup:/system.slice/nginx.service <->")
                .tcpLine("LISTEN 0 128 0.0.0.0:81 0.0.0.0:* ino:901 sk:1 cgroup:/user.slice/user-1000.slice/session-3.scope <->")
                .fd(50, 3, "rw", 's', "socket:[900]").process(50, 1, "nginx", 1024, true)
                .fd(51, 3, "rw", 's', "socket:[901]").process(51, 1, "python3", 1024, true).snapshot();
        assertEquals(Optional.of("nginx.service"), s.unit(50));
        assertEquals(Optional.empty(), s.unit(51), "a session scope is no unit to restart");
        assertEquals(Optional.of("getty@tty1.service"), SocketSnapshot.unitOf("/system.slice/system-getty.slice/getty@tty1.service"));
        assertEquals(Optional.empty(), SocketSnapshot.unitOf("/"));
    }
}
