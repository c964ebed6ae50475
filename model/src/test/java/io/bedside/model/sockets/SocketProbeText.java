package io.bedside.model.sockets;

import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeOutputParser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds probe output with the socket sections in the probe's own formats (ss -tane squeezed,
 * proc-fds, proc-threads), so rule tests run through the real parsers.
 */
final class SocketProbeText {
    private final Map<String, List<String>> sections = new LinkedHashMap<>();
    private final Map<String, String> details = new LinkedHashMap<>();
    private String machine = "x86_64";
    private int uid = 0;
    private boolean complete = true;

    SocketProbeText() {
        sections.put(SocketSnapshot.SS_TCP, new ArrayList<>(List.of("State Recv-Q Send-Q Local Address:Port Peer Address:Port Process")));
        details.put(SocketSnapshot.SS_TCP, "ok ss -tane");
        sections.put(SocketSnapshot.SS_UDP, new ArrayList<>(List.of("State Recv-Q Send-Q Local Address:Port Peer Address:Port Process")));
        details.put(SocketSnapshot.SS_UDP, "ok ss -uane");
        sections.put(SocketSnapshot.FDS, new ArrayList<>());
        details.put(SocketSnapshot.FDS, "ok find /proc/PID/fd (uid 0)");
        sections.put(SocketSnapshot.THREADS, new ArrayList<>());
        details.put(SocketSnapshot.THREADS, "ok /proc/PID/task (uid 0)");
    }

    SocketProbeText machine(String m) {
        machine = m;
        return this;
    }

    /** The probe's uid (header); the sections' details say it too. */
    SocketProbeText uid(int u) {
        uid = u;
        details.put(SocketSnapshot.FDS, "ok find /proc/PID/fd (uid " + u + (u == 0 ? "" : ": other users' fds need root") + ")");
        return this;
    }

    SocketProbeText truncated() {
        complete = false;
        return this;
    }

    /** A TCP socket line as ss -tane prints it (squeezed). */
    SocketProbeText tcp(String state, long recvQ, String local, String peer, long inode) {
        sections.get(SocketSnapshot.SS_TCP).add(state + " " + recvQ + " 0 " + local + " " + peer + " ino:" + inode + " sk:1 cgroup:/ <->");
        return this;
    }

    SocketProbeText tcpLine(String line) {
        sections.get(SocketSnapshot.SS_TCP).add(line);
        return this;
    }

    /** n CLOSE-WAIT sockets on local port, inodes from firstInode, each with recvQ bytes unread. */
    SocketProbeText closeWait(int n, int port, long firstInode, long recvQ) {
        for (int i = 0; i < n; i++) {
            tcp("CLOSE-WAIT", recvQ, "127.0.0.1:" + port, "127.0.0.1:" + (40000 + i), firstInode + i);
        }
        return this;
    }

    /** A process line; fds counts the fd lines added for it so far unless unreadable. */
    SocketProbeText process(int pid, long start, String comm, long soft, boolean readable) {
        long n = sections.get(SocketSnapshot.FDS).stream().filter(l -> l.startsWith(pid + " ")).count();
        sections.get(SocketSnapshot.FDS).add("pid=" + pid + " start=" + start + " nofile=" + soft + "/524288 fds="
                + (readable ? Long.toString(n) : "unreadable") + " comm=" + comm);
        return this;
    }

    /** An fd line: mode r, w or rw; type p s f c ?. */
    SocketProbeText fd(int pid, int fd, String mode, char type, String target) {
        String m = switch (mode) {
            case "r" -> "lr-x------";
            case "w" -> "l-wx------";
            default -> "lrwx------";
        };
        sections.get(SocketSnapshot.FDS).add(pid + " " + fd + " " + m + " " + type + " " + target);
        return this;
    }

    /** Socket fds from fd number first for inodes firstInode.. */
    SocketProbeText socketFds(int pid, int first, long firstInode, int n) {
        for (int i = 0; i < n; i++) {
            fd(pid, first + i, "rw", 's', "socket:[" + (firstInode + i) + "]");
        }
        return this;
    }

    SocketProbeText thread(int pid, int tid, char state, String wchan, String syscall, String name) {
        sections.get(SocketSnapshot.THREADS).add(pid + " " + tid + " " + state + " " + wchan + " " + syscall + " " + name);
        return this;
    }

    SocketProbeText status(String section, String statusAndDetail) {
        details.put(section, statusAndDetail);
        if (!statusAndDetail.startsWith("ok")) {
            sections.put(section, new ArrayList<>());
        }
        return this;
    }

    SocketProbeText without(String section) {
        sections.remove(section);
        details.remove(section);
        return this;
    }

    SocketProbeText section(String name, String statusAndDetail, List<String> lines) {
        sections.put(name, new ArrayList<>(lines));
        details.put(name, statusAndDetail);
        return this;
    }

    String text() {
        StringBuilder b = new StringBuilder("@@bedside:probe version=1 uid=" + uid + " epoch_ns=1700000000000000000\n");
        b.append("@@bedside:section host ok\nhostname=h\nkernel=6.18.44\nmachine=").append(machine).append("\nuid=").append(uid).append('\n');
        sections.forEach((name, lines) -> {
            b.append("@@bedside:section ").append(name).append(' ').append(details.get(name)).append('\n');
            lines.forEach(l -> b.append(l).append('\n'));
        });
        if (complete) {
            b.append("@@bedside:end elapsed_ns=1\n");
        }
        return b.toString();
    }

    SocketSnapshot snapshot() {
        List<ParseProblem> problems = new ArrayList<>();
        SocketSnapshot s = SocketSnapshot.from(ProbeOutputParser.parse(text()), problems);
        if (complete && !problems.isEmpty()) {
            throw new AssertionError("the builder printed something the parsers reject: " + problems);
        }
        return s;
    }
}
