package io.bedside.model.sockets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The sockets of one protocol, from ss or from /proc/net.
 *
 * @param sources the probe sections they came from ({@code ss-tcp}, or {@code proc-net-tcp} and {@code proc-net-tcp6})
 * @param sockets the sockets, in the order printed
 */
public record SocketTable<T extends InetSocket>(List<String> sources, List<T> sockets) {
    public SocketTable {
        sources = List.copyOf(sources);
        sockets = List.copyOf(sockets);
    }

    /** How many sockets are in each state; a state with none is left out. */
    public Map<SocketState, Integer> counts() {
        Map<SocketState, Integer> m = new EnumMap<>(SocketState.class);
        for (T s : sockets) {
            m.merge(s.state(), 1, Integer::sum);
        }
        return Collections.unmodifiableMap(m);
    }

    public int count(SocketState state) {
        int n = 0;
        for (T s : sockets) {
            if (s.state() == state) {
                n++;
            }
        }
        return n;
    }

    public List<T> inState(SocketState state) {
        return sockets.stream().filter(s -> s.state() == state).toList();
    }

    /** This table and another of the same protocol (IPv4 and IPv6 from /proc/net). */
    public SocketTable<T> plus(SocketTable<T> other) {
        List<String> src = new ArrayList<>(sources);
        src.addAll(other.sources);
        List<T> all = new ArrayList<>(sockets);
        all.addAll(other.sockets);
        return new SocketTable<>(src, all);
    }
}
