package io.bedside.model.sockets;

import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeFiles;
import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.probe.ProbeOutputParser;
import io.bedside.model.probe.SourceStatus;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A light sample reads only the sockets in the states the rules watch every sample, and puts them
 * in place of the carried full list's: the real probe, ss and this machine's own sockets.
 */
class HotSocketsOnThisMachineTest {

    @Test
    void aConnectionThatTurnsCloseWaitBetweenTwoSamplesShowsItsNewStateAndANewListenerAppears() throws Exception {
        assumeTrue(new java.io.File("/usr/bin/ss").canExecute() || new java.io.File("/bin/ss").canExecute(), "no ss here");
        InetAddress lo = InetAddress.getLoopbackAddress();
        List<Socket> crowd = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 400, lo)) {
            // 300 more connections (600 sockets): the list is big enough to be parsed once while carried
            for (int i = 0; i < 300; i++) {
                crowd.add(new Socket(lo, server.getLocalPort()));
                crowd.add(server.accept());
            }
            Socket client = new Socket(lo, server.getLocalPort());
            try (Socket accepted = server.accept()) {
                ProbeOutput full = run(false);
                int port = server.getLocalPort();
                TcpSocket before = find(SocketSnapshot.from(full, new ArrayList<>()), port, client.getLocalPort());
                assertEquals(SocketState.ESTABLISHED, before.state());
                // ss pads its last column: none of it is taken into the cgroup
                before.cgroup().ifPresent(c -> assertFalse(c.endsWith(" ") || c.contains("<->"), "cgroup '" + c + "'"));

                client.close(); // the server side, never closed, is now in CLOSE_WAIT
                try (ServerSocket later = new ServerSocket(0, 50, lo)) {
                    Thread.sleep(100);
                    ProbeOutput light = run(true);
                    assertEquals(SourceStatus.SKIPPED, light.section(SocketSnapshot.SS_TCP).orElseThrow().status());
                    assertTrue(light.section(SocketSnapshot.SS_TCP_HOT).orElseThrow().lines().size()
                            < full.section(SocketSnapshot.SS_TCP).orElseThrow().lines().size() + 1);
                    ProbeOutput merged = light.carryForward(full, Instant.now());
                    List<ParseProblem> problems = new ArrayList<>();
                    SocketTable<TcpSocket> tcp = SocketSnapshot.from(merged, problems).tcp().get().orElseThrow();
                    assertEquals(List.of(SocketSnapshot.SS_TCP, SocketSnapshot.SS_TCP_HOT), tcp.sources());
                    // the same socket (inode), once, in its new state
                    List<TcpSocket> same = tcp.sockets().stream().filter(s -> s.inode().equals(before.inode())).toList();
                    assertEquals(1, same.size(), same.toString());
                    assertEquals(SocketState.CLOSE_WAIT, same.get(0).state());
                    // a listener opened after the full sample is there
                    assertTrue(tcp.sockets().stream().anyMatch(s -> s.state() == SocketState.LISTEN
                            && s.local().port().orElse(-1) == later.getLocalPort()));
                    // no CLOSE_WAIT is taken from the carried list
                    assertFalse(tcp.sockets().stream().anyMatch(s -> s.state() == SocketState.CLOSE_WAIT
                            && !s.inode().equals(before.inode()) && s.local().port().orElse(-1) == port
                            && s.remote().port().orElse(-1) == client.getLocalPort()));
                    // and the carried list is parsed once while it is carried: a second light sample takes it as it is
                    ProbeOutput light2 = run(true).carryForward(merged, Instant.now());
                    SocketTable<TcpSocket> again = SocketSnapshot.from(light2, new ArrayList<>()).tcp().get().orElseThrow();
                    TcpSocket carriedOne = tcp.sockets().stream().filter(s -> !SocketSnapshot.HOT.contains(s.state())).findFirst().orElseThrow();
                    assertTrue(again.sockets().stream().anyMatch(s -> s == carriedOne), "the same parsed socket object");
                }
            } finally {
                client.close();
            }
        } finally {
            for (Socket s : crowd) {
                s.close();
            }
        }
    }

    @Test
    void aLightSampleWhoseHotListFailedDoesNotPassTheCarriedListOffAsThisSamples() {
        String t = "0123456789abcdef0123456789abcdef";
        String m = "@@bedside:" + t + ":";
        ProbeOutput full = ProbeOutputParser.parse("@@bedside:probe version=2 token=" + t + "\n"
                + m + "section ss-tcp ok ss -tane\n"
                + "State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n"
                + "CLOSE-WAIT 1 0 127.0.0.1:8080 127.0.0.1:5000 ino:77 sk:1 <->\n"
                + m + "end elapsed_ns=1\n");
        ProbeOutput light = ProbeOutputParser.parse("@@bedside:probe version=2 token=" + t + "\n"
                + m + "section ss-tcp skipped light sample\n"
                + m + "section ss-tcp-hot ok ss -tane state close-wait state listening state syn-recv\n"
                + m + "status ss-tcp-hot error ss -tane failed\n"
                + m + "end elapsed_ns=1\n").carryForward(full, Instant.now());
        var tcp = SocketSnapshot.from(light, new ArrayList<>()).tcp();
        assertFalse(tcp.isPresent());
        assertTrue(tcp.describeAbsence().contains("CLOSE-WAIT"), tcp.describeAbsence());
        // the full one alone still has its CLOSE_WAIT socket
        assertEquals(1, SocketSnapshot.from(full, new ArrayList<>()).tcp().get().orElseThrow().sockets().size());
    }

    /** The accepted end of this test's connection: its local port is the server's, its peer's the client's. */
    private static TcpSocket find(SocketSnapshot s, int port, int peerPort) {
        return s.tcp().get().orElseThrow().sockets().stream()
                .filter(x -> x.local().port().orElse(-1) == port && x.remote().port().orElse(-1) == peerPort
                        && x.remote().address().endsWith("127.0.0.1")).findFirst().orElseThrow();
    }

    private static ProbeOutput run(boolean light) {
        ProbeOutput o = ProbeOutputParser.parse(ProbeFiles.run("", light));
        assertTrue(o.complete());
        return o;
    }
}
