package io.bedside.model.net;

import io.bedside.model.findings.LastResult;
import io.bedside.model.probe.Reading;
import io.bedside.model.probe.SourceStatus;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketOwner;
import io.bedside.model.sockets.SocketSnapshot;
import io.bedside.model.sockets.TcpCounts;
import io.bedside.model.sockets.SocketState;
import io.bedside.model.sockets.SocketTable;
import io.bedside.model.sockets.TcpSocket;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the network limit rules share about one sample, worked out once: the client connections
 * grouped by (local address, remote address, remote port) against the local port range, the
 * listening sockets with their accept queues, conntrack's use and the listen drop rates.
 */
public final class NetAssessment {
    /**
     * The kernel picks a connection's local port per (local address, remote address, remote port):
     * such a group is a tuple. {@code sockets} are its sockets when the sample has the TCP list;
     * when the host counted the table instead ({@link TcpCounts}), they are empty and {@code counted}
     * is the host's line for it.
     */
    public record Tuple(String local, String remoteAddress, int remotePort, int inUse, int timeWait, List<TcpSocket> sockets,
                        Optional<String> counted) {
        public String remote() {
            return (remoteAddress.indexOf(':') >= 0 ? "[" + remoteAddress + "]" : remoteAddress) + ":" + remotePort;
        }
    }

    /**
     * A listening TCP socket.
     *
     * @param queued      Recv-Q of its LISTEN line: connections done with the handshake, waiting for accept()
     * @param backlog     Send-Q of its LISTEN line: the backlog in effect, min(listen()'s argument, somaxconn then)
     * @param full        whether the accept queue is full now (queued >= backlog)
     * @param fullBefore  whether it was full in the sample before, too
     */
    public record Listener(TcpSocket socket, long queued, long backlog, List<SocketOwner> owners, boolean full, boolean fullBefore) {
        /** Where it listens: {@code 0.0.0.0:8080}, {@code [::]:22}. */
        public String local() {
            return socket.local().text();
        }

        /** Its holders as "comm (pid)", one per process, at most {@code max} and "…" after; names raw as the host wrote them. */
        public String holders(int max) {
            List<String> out = new ArrayList<>();
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (SocketOwner o : owners) {
                if (seen.add(o.pid()) && out.size() < max) {
                    out.add(o.name() + " (" + o.pid() + ")");
                }
            }
            return String.join(", ", out) + (seen.size() > max ? " …" : "");
        }
    }

    final Sample sample;
    final NetSnapshot now;
    /** The range, or why it is not known. */
    public final Reading<PortRange> range;
    public final ReservedPorts reserved;
    /** Ports of the range the kernel may pick: its size less the reserved ones in it. */
    public final int usable;
    /**
     * The {@link #BUSIEST} busiest client tuples, busiest first; empty when the range or the sockets
     * are not known. (On a big host every accepted connection to a port in the range is a tuple of
     * its own: 50,000 of them, of which the rule and the views read the first few.)
     */
    public final List<Tuple> tuples;
    /** How many tuples {@link #tuples} keeps. */
    public static final int BUSIEST = 64;
    /** Listening TCP sockets; empty when the TCP table is not from ss (only ss shows the backlog). */
    public final List<Listener> listeners;
    /** Why listeners cannot be judged, when they cannot. */
    public final Optional<String> listenersUnknown;
    /** ListenOverflows and ListenDrops a minute since the full sample before. */
    public final Optional<double[]> perMinute;
    /** Conntrack table-full lines in the kernel log, this sample and the ones before it in this session; empty when the log could not be read. */
    public final OptionalDouble tableFullLines;
    public final List<String> tableFullLatest;

    private NetAssessment(Sample latest, List<Sample> history) {
        sample = latest;
        now = NetSnapshot.of(latest);
        range = now.limits().get().map(NetLimits::portRange).orElse(Reading.absent(SourceStatus.ERROR, "no net-limits"));
        reserved = now.limits().get().flatMap(l -> l.reserved().get()).orElse(ReservedPorts.NONE);
        usable = range.get().map(r -> r.size() - reserved.within(r)).orElse(0);
        SocketSnapshot sockets = SocketSnapshot.of(latest);
        Optional<SocketTable<TcpSocket>> tcp = sockets.tcp().get();
        Optional<TcpCounts> counts = sockets.counts().get();
        tuples = counts.isPresent() ? counted(counts.get())
                : range.get().isPresent() && tcp.isPresent() ? tuples(tcp.get(), range.get().orElseThrow()) : List.of();
        Sample before = previous(latest, history);
        boolean fromSs = tcp.isPresent() && tcp.get().sources().stream().allMatch(s -> s.startsWith("ss-"));
        if (tcp.isEmpty()) {
            listeners = List.of();
            listenersUnknown = Optional.of("the TCP socket table: " + sockets.tcp().describeAbsence());
        } else if (!fromSs) {
            listeners = List.of();
            listenersUnknown = Optional.of("the host has no ss: /proc/net/tcp does not show a listening socket's backlog");
        } else {
            Map<String, Boolean> fullThen = new HashMap<>();
            if (before != null) {
                SocketSnapshot.of(before).tcp().get().ifPresent(t -> t.inState(SocketState.LISTEN)
                        .forEach(s -> fullThen.put(key(s), full(s))));
            }
            List<Listener> out = new ArrayList<>();
            for (TcpSocket s : tcp.get().inState(SocketState.LISTEN)) {
                out.add(new Listener(s, s.recvQ(), s.sendQ(), sockets.holders(s), full(s), fullThen.getOrDefault(key(s), false)));
            }
            out.sort(Comparator.comparingDouble((Listener l) -> -(double) l.queued() / Math.max(1, l.backlog())));
            listeners = List.copyOf(out);
            listenersUnknown = Optional.empty();
        }
        perMinute = now.limits().get().flatMap(NetLimits::perMinute);
        if (now.tableFull().isPresent()) {
            long n = now.tableFull().get().orElseThrow().size();
            for (Sample s : history) {
                if (s != latest) {
                    n += NetSnapshot.of(s).tableFull().get().map(List::size).orElse(0);
                }
            }
            tableFullLines = OptionalDouble.of(n);
            tableFullLatest = now.tableFull().get().orElseThrow();
        } else {
            tableFullLines = OptionalDouble.empty();
            tableFullLatest = List.of();
        }
    }

    private static final LastResult<NetAssessment> LAST = new LastResult<>();

    /** The assessment of {@code latest} (computed once for the rules of one diagnosis). */
    public static NetAssessment of(Sample latest, List<Sample> history) {
        return LAST.get(() -> new NetAssessment(latest, history), latest, history);
    }

    /** The most recent sample before {@code latest}, or null. */
    static Sample previous(Sample latest, List<Sample> history) {
        Sample best = null;
        for (Sample s : history) {
            if (s != latest && s.hostTime().isBefore(latest.hostTime()) && (best == null || s.hostTime().isAfter(best.hostTime()))) {
                best = s;
            }
        }
        return best;
    }

    static boolean full(TcpSocket s) {
        return s.recvQ() >= Math.max(1, s.sendQ());
    }

    private static String key(TcpSocket s) {
        return s.local().text() + "|" + (s.hasInode() ? s.inode().getAsLong() : -1);
    }

    /** Groups the sockets whose local port is in the range (the kernel chose it) by tuple, busiest first. */
    static List<Tuple> tuples(SocketTable<TcpSocket> tcp, PortRange range) {
        // a record key: the address strings' own cached hashes, no text built per socket; counts
        // first, the sockets of the busiest few only (100,000 sockets and 50,000 tuples on a big host)
        record Key(String local, String remote, int port) {
        }
        Map<Key, int[]> counts = new HashMap<>();
        for (TcpSocket s : tcp.sockets()) {
            if (inRange(s, range)) {
                int[] c = counts.computeIfAbsent(new Key(s.local().address(), s.remote().address(), s.remote().port().getAsInt()),
                        k -> new int[2]);
                c[0]++;
                c[1] += s.state() == SocketState.TIME_WAIT ? 1 : 0;
            }
        }
        // busiest first; ties by the remote's address and port, then the local address (no string built per comparison)
        Comparator<Map.Entry<Key, int[]>> order = (a, b) -> {
            int c = Integer.compare(b.getValue()[0], a.getValue()[0]);
            if (c == 0) {
                c = a.getKey().remote().compareTo(b.getKey().remote());
            }
            if (c == 0) {
                c = Integer.compare(a.getKey().port(), b.getKey().port());
            }
            return c != 0 ? c : a.getKey().local().compareTo(b.getKey().local());
        };
        // the kept few with the least of them on top: a tuple enters only when it comes before that one
        // (50,000 tuples of one socket each: one comparison apiece, not a queue's dozen)
        java.util.PriorityQueue<Map.Entry<Key, int[]>> top = new java.util.PriorityQueue<>(BUSIEST + 1, order.reversed());
        for (Map.Entry<Key, int[]> e : counts.entrySet()) {
            if (top.size() < BUSIEST) {
                top.add(e);
            } else if (e.getValue()[0] >= top.peek().getValue()[0] && order.compare(e, top.peek()) < 0) {
                top.poll();
                top.add(e);
            }
        }
        List<Map.Entry<Key, int[]>> kept = new ArrayList<>(top);
        kept.sort(order);
        Map<Key, List<TcpSocket>> sockets = new HashMap<>();
        kept.forEach(e -> sockets.put(e.getKey(), new ArrayList<>(e.getValue()[0])));
        for (TcpSocket s : tcp.sockets()) {
            if (inRange(s, range)) {
                List<TcpSocket> l = sockets.get(new Key(s.local().address(), s.remote().address(), s.remote().port().getAsInt()));
                if (l != null) {
                    l.add(s);
                }
            }
        }
        List<Tuple> out = new ArrayList<>(kept.size());
        for (Map.Entry<Key, int[]> e : kept) {
            Key k = e.getKey();
            out.add(new Tuple(k.local(), k.remote(), k.port(), e.getValue()[0], e.getValue()[1], sockets.get(k), Optional.empty()));
        }
        return List.copyOf(out);
    }

    /**
     * The tuples the host counted, busiest first. The host judged "inside the range" by the range it
     * read in the same pass as ss, which is the one the counts are right for.
     */
    static List<Tuple> counted(TcpCounts counts) {
        List<Tuple> out = new ArrayList<>(Math.min(BUSIEST, counts.tuples().size()));
        for (TcpCounts.Tuple t : counts.tuples()) {
            if (out.size() == BUSIEST) {
                break;
            }
            out.add(new Tuple(t.sample().address(), t.remote().address(), t.remote().port().getAsInt(), t.inUse(), t.timeWait(),
                    List.of(), Optional.of(t.line())));
        }
        return List.copyOf(out);
    }

    /** A client socket whose local port is in the range: the kernel chose it. */
    private static boolean inRange(TcpSocket s, PortRange range) {
        return s.state() != SocketState.LISTEN && s.local().port().isPresent() && s.remote().port().isPresent()
                && range.contains(s.local().port().getAsInt());
    }

    /** The busiest tuple's share of the usable ports, 0..1+; empty without a range or sockets. */
    public OptionalDouble worstUse() {
        SocketSnapshot s = SocketSnapshot.of(sample);
        if (range.get().isEmpty() || (s.tcp().get().isEmpty() && s.counts().get().isEmpty()) || usable <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(tuples.isEmpty() ? 0 : (double) tuples.get(0).inUse() / usable);
    }

    /** The range text {@code 32768-60999}. */
    public String rangeText() {
        return range.get().map(r -> r.low() + "-" + r.high()).orElse("?");
    }
}
