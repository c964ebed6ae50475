package io.bedside.ui.sockets;

import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.probe.Reading;
import io.bedside.model.sample.Sample;
import io.bedside.model.probe.SourceStatus;
import io.bedside.model.sockets.InetSocket;
import io.bedside.model.sockets.SocketOwner;
import io.bedside.model.sockets.SocketRules;
import io.bedside.model.sockets.SocketSnapshot;
import io.bedside.model.sockets.SocketState;
import io.bedside.model.sockets.SocketTable;
import io.bedside.model.sockets.TcpSocket;
import io.bedside.model.sockets.UdpSocket;
import io.bedside.ui.findings.FindingItem;
import io.bedside.ui.findings.FindingItems;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * One sample's sockets as the sockets area shows them: the socket findings (with what each fix's
 * wizard starts with), the chains of the blocked pipes, the sockets grouped by process and by
 * local port, and the counts per TCP state for the chart. Pure: no JavaFX, built off the FX thread.
 *
 * @param sampledAt   when the sample was taken
 * @param snapshot    the sample's sockets, for the drill-down of a selected process
 * @param findings    the socket findings, worst first
 * @param chains      the evidence chain of each blocked-on-pipe subject
 * @param byProcess   the sockets grouped by the process holding them
 * @param byPort      the sockets grouped by local port
 * @param absence     why the socket tables are not known (never shown as zero); empty when they are
 * @param ownerNote   why some sockets' holders are unknown (needs root); empty when all are known
 * @param count       {@code 412 TCP sockets (133 CLOSE_WAIT) · 9 UDP}
 */
public record SocketRows(Instant sampledAt, SocketSnapshot snapshot, List<FindingItem> findings, List<PipeChain> chains,
                         List<SocketGroupRow> byProcess, List<SocketGroupRow> byPort, String absence, String ownerNote,
                         String count) {

    /** The most ports (or pids) a row lists before counting the rest. */
    static final int LISTED = 6;

    public SocketRows {
        findings = List.copyOf(findings);
        chains = List.copyOf(chains);
        byProcess = List.copyOf(byProcess);
        byPort = List.copyOf(byPort);
    }

    public static SocketRows of(Sample latest, List<Sample> history) {
        return of(latest, history, new SocketGroupHistory());
    }

    /** The rows, their growth and age from {@code groups}, which remembers the history's samples grouped. */
    static SocketRows of(Sample latest, List<Sample> history, SocketGroupHistory groups) {
        SocketSnapshot s = SocketSnapshot.of(latest);
        List<FindingItem> findings = new ArrayList<>();
        List<PipeChain> chains = new ArrayList<>();
        for (Finding f : new Diagnosis(SocketRules.all()).run(latest, history.isEmpty() ? List.of(latest) : history)) {
            findings.add(item(f));
            if (f.id().equals(SocketRules.BLOCKED_ON_PIPE)) {
                for (Map<String, Object> subject : f.subjects()) {
                    chains.add(chain(subject));
                }
            }
        }
        List<SocketGroupRow> byProcess = new ArrayList<>();
        List<SocketGroupRow> byPort = new ArrayList<>();
        String absence = "";
        String ownerNote = "";
        String count = "";
        if (s.tcp().get().isEmpty()) {
            absence = "TCP sockets could not be read: " + s.tcp().describeAbsence() + "." + rootHint(s.tcp());
        } else {
            List<InetSocket> all = new ArrayList<>(s.tcp().get().orElseThrow().sockets());
            s.udp().get().ifPresent(u -> all.addAll(u.sockets()));
            int unknown = group(s, all, byProcess, byPort);
            List<SocketGroupRow> p = groups.annotate(latest, history, byProcess, false);
            List<SocketGroupRow> q = groups.annotate(latest, history, byPort, true);
            byProcess.clear();
            byProcess.addAll(p);
            byPort.clear();
            byPort.addAll(q);
            if (unknown > 0) {
                boolean root = s.probeUid().isPresent() && s.probeUid().getAsInt() == 0;
                ownerNote = unknown + (unknown == 1 ? " socket's" : " sockets'") + " process could not be seen: "
                        + (s.fds().get().isEmpty() ? SocketSnapshot.FDS + " " + s.fds().describeAbsence()
                        : root ? "no process the probe could read holds them (another namespace, or fds unreadable even as root)"
                        : "fds of other users' processes need root (switch on administrative access)") + ".";
            }
            SocketTable<TcpSocket> tcp = s.tcp().get().orElseThrow();
            count = tcp.sockets().size() + " TCP sockets (" + tcp.count(SocketState.CLOSE_WAIT) + " CLOSE_WAIT) · "
                    + s.udp().get().map(u -> u.sockets().size() + " UDP").orElse("UDP " + s.udp().describeAbsence());
        }
        return new SocketRows(latest.sampledAt(), s, findings, chains, byProcess, byPort, absence, ownerNote, count);
    }

    private static String rootHint(Reading<?> r) {
        return r instanceof Reading.Absent<?> a && a.status() == SourceStatus.NEEDS_ROOT
                ? " Switch on administrative access." : "";
    }

    // ------------------------------------------------------------------ grouping

    private static final class Acc {
        final String key;
        final int pid;
        final Set<String> names = new TreeSet<>();
        final Set<Integer> members = new TreeSet<>();
        final Set<String> seen = new HashSet<>();
        int total;
        int closeWait;
        long recvQ;

        Acc(String key, int pid) {
            this.key = key;
            this.pid = pid;
        }

        void add(InetSocket s, String id, String name, int member) {
            if (!seen.add(id)) {
                return;
            }
            if (!name.isEmpty()) {
                names.add(name);
            }
            if (member >= 0) {
                members.add(member);
            }
            total++;
            if (s instanceof TcpSocket && s.state() == SocketState.CLOSE_WAIT) {
                closeWait++;
            }
            recvQ += s.recvQ();
        }
    }

    /** Fills both groupings; returns how many sockets had no holder the probe could see. */
    static int group(SocketSnapshot s, List<InetSocket> all, List<SocketGroupRow> byProcess, List<SocketGroupRow> byPort) {
        Map<Integer, Acc> procs = new LinkedHashMap<>();
        Map<String, Acc> ports = new LinkedHashMap<>();
        Acc nobody = new Acc("?", -1);
        Acc kernel = new Acc("-", -1);
        int unknown = 0;
        int n = 0;
        for (InetSocket sock : all) {
            String id = sock.hasInode() ? sock.protocol() + sock.inode().getAsLong() : sock.protocol() + "#" + (n++);
            int port = sock.local().port().isPresent() ? sock.local().port().getAsInt() : -1;
            String portKey = port < 0 ? "*" : Integer.toString(port);
            Acc pa = ports.computeIfAbsent(portKey, k -> new Acc(k, -1));
            if (!sock.hasInode()) {
                // TIME_WAIT and the like: the kernel holds them, no process does (inode 0)
                kernel.add(sock, id, "", port);
                pa.add(sock, id, "", -1);
                continue;
            }
            List<SocketOwner> holders = s.holders(sock);
            if (holders.isEmpty()) {
                unknown++;
                nobody.add(sock, id, "", port);
                pa.add(sock, id, "", -1);
                continue;
            }
            for (SocketOwner o : holders) {
                procs.computeIfAbsent(o.pid(), p -> new Acc(Integer.toString(p), p)).add(sock, id, o.name(), port);
                pa.add(sock, id, o.name(), o.pid());
            }
        }
        for (Acc a : procs.values()) {
            byProcess.add(new SocketGroupRow(a.key, a.pid, String.join(", ", a.names), a.total, a.closeWait, a.recvQ,
                    list(a.members)));
        }
        if (nobody.total > 0) {
            boolean root = s.probeUid().isPresent() && s.probeUid().getAsInt() == 0;
            byProcess.add(new SocketGroupRow("?", -1, root ? "process not seen" : "process not seen (needs root)", nobody.total, nobody.closeWait,
                    nobody.recvQ, list(nobody.members)));
        }
        if (kernel.total > 0) {
            byProcess.add(new SocketGroupRow("-", -1, "no process (kernel-held, e.g. TIME_WAIT)", kernel.total, kernel.closeWait,
                    kernel.recvQ, list(kernel.members)));
        }
        for (Acc a : ports.values()) {
            byPort.add(new SocketGroupRow(a.key, -1, a.names.isEmpty() ? "no process seen" : String.join(", ", a.names),
                    a.total, a.closeWait, a.recvQ, a.members.isEmpty() ? "" : "pid " + list(a.members)));
        }
        java.util.Comparator<SocketGroupRow> worst = java.util.Comparator.comparingInt(SocketGroupRow::closeWait).reversed()
                .thenComparing(java.util.Comparator.comparingInt(SocketGroupRow::total).reversed());
        byProcess.sort(worst);
        byPort.sort(worst);
        return unknown;
    }

    private static String list(Set<Integer> xs) {
        List<String> out = new ArrayList<>();
        for (int x : xs) {
            if (out.size() == LISTED) {
                out.add("+" + (xs.size() - LISTED) + " more");
                break;
            }
            out.add(x < 0 ? "*" : Integer.toString(x));
        }
        return String.join(", ", out);
    }

    // ------------------------------------------------------------------ findings

    /** The finding, with what each of its fixes' wizards starts with: the process (and fd, unit) its rule offered. */
    static FindingItem item(Finding f) {
        return FindingItems.of(f);
    }

    /** The chain of one blocked-on-pipe subject (see {@link SocketRules}). */
    static PipeChain chain(Map<String, Object> m) {
        int pid = m.get("pid") instanceof Number n ? n.intValue() : -1;
        List<PipeChain.Link> links = new ArrayList<>();
        int cw = m.get("close_wait") instanceof Number n ? n.intValue() : 0;
        links.add(new PipeChain.Link(PipeChain.Kind.SOCKETS, cw + " CLOSE_WAIT", cw == 1 ? "socket" : "sockets"));
        links.add(new PipeChain.Link(PipeChain.Kind.PROCESS, String.valueOf(m.get("comm")), "pid " + pid));
        int blocked = m.get("blocked_threads") instanceof Number n ? n.intValue() : 0;
        String wchan = "";
        if (m.get("threads") instanceof List<?> ts && !ts.isEmpty() && ts.get(0) instanceof Map<?, ?> t0
                && t0.get("wchan") instanceof String w) {
            wchan = "in " + w;
        }
        links.add(new PipeChain.Link(PipeChain.Kind.THREADS, blocked + (blocked == 1 ? " thread" : " threads")
                + " blocked writing", wchan));
        Object fd = m.get("fd");
        String fdName = fd instanceof Number n ? switch (n.intValue()) {
            case 1 -> "stdout";
            case 2 -> "stderr";
            default -> "";
        } : "";
        String from = String.valueOf(m.getOrDefault("fd_from", ""));
        String fdDetail = (fdName + ("guess".equals(from) ? " (a guess)" : "")).strip();
        links.add(new PipeChain.Link(fd == null ? PipeChain.Kind.UNKNOWN : PipeChain.Kind.FD,
                fd == null ? "fd unknown" : "fd " + fd, fdDetail));
        Object pipe = m.get("pipe");
        String kind = String.valueOf(m.get("pipe_kind"));
        links.add(new PipeChain.Link(pipe == null ? PipeChain.Kind.UNKNOWN : PipeChain.Kind.PIPE,
                pipe == null ? "pipe unknown" : "fifo".equals(kind) ? pipe.toString() : "pipe:[" + pipe + "]",
                "fifo".equals(kind) ? "named FIFO" : pipe == null ? "" : "anonymous pipe"));
        List<?> readers = m.get("readers") instanceof List<?> l ? l : List.of();
        for (Object r : readers) {
            if (r instanceof Map<?, ?> rm) {
                Object st = rm.get("state");
                Object w = rm.get("wchan");
                links.add(new PipeChain.Link(PipeChain.Kind.READER, "reader " + rm.get("comm"),
                        "pid " + rm.get("pid") + ", fd " + rm.get("fd") + (st == null ? "" : ", state " + st)
                                + (w == null ? "" : ", in " + w)));
            }
        }
        if (readers.isEmpty()) {
            Object why = m.get("readers_unknown_because");
            links.add(why == null
                    ? new PipeChain.Link(PipeChain.Kind.READER, "no reader", "no process holds the read end")
                    : new PipeChain.Link(PipeChain.Kind.UNKNOWN, "reader unknown", why.toString()));
        } else if (m.get("readers_unknown_because") instanceof String why) {
            links.add(new PipeChain.Link(PipeChain.Kind.UNKNOWN, "maybe more readers", why));
        }
        return new PipeChain(pid, links);
    }
}
