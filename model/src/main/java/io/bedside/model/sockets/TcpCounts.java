package io.bedside.model.sockets;

import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.WireText;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The TCP table counted on the host (section {@value #SOURCE}): what a full sample says about
 * every socket when nobody asked for the list itself (a window whose Sockets area is not showing).
 * The list is then carried from the last sample that read it, and the sockets in the states the
 * rules watch come fresh from ss-tcp-hot.
 *
 * @param states  sockets per state, a state with none left out
 * @param tuples  the busiest client tuples the host printed (at most 64), busiest first
 * @param sockets every TCP socket ss listed
 * @param tupleCount how many client tuples there were in all
 */
public record TcpCounts(Map<SocketState, Integer> states, List<Tuple> tuples, int sockets, int tupleCount) {
    public static final String SOURCE = "ss-tcp-counts";

    /**
     * Sockets from one local address to one remote address and port whose local port the kernel
     * chose (inside the local port range).
     *
     * @param inUse    how many
     * @param timeWait how many of them are in TIME-WAIT
     * @param sample   one of them, as ss printed its local end
     * @param remote   their remote end
     * @param line     the host's line, for evidence
     */
    public record Tuple(int inUse, int timeWait, Endpoint sample, Endpoint remote, String line) {
    }

    public TcpCounts {
        Map<SocketState, Integer> m = new EnumMap<>(SocketState.class);
        m.putAll(states);
        states = Collections.unmodifiableMap(m);
        tuples = List.copyOf(tuples);
    }

    public int count(SocketState s) {
        return states.getOrDefault(s, 0);
    }

    /**
     * Parses the section's lines. A line that is none of the three forms, or whose numbers or
     * endpoints do not parse, is a problem and left out; without the closing "# sockets=" line the
     * counts are not used (the host's awk did not finish).
     */
    public static Optional<TcpCounts> parse(List<String> lines, List<ParseProblem> problems) {
        Map<SocketState, Integer> states = new EnumMap<>(SocketState.class);
        List<Tuple> tuples = new ArrayList<>();
        Integer total = null;
        int tupleCount = 0;
        for (String line : lines) {
            String[] f = line.split(" ", -1);
            try {
                if (f.length == 3 && f[0].equals("state")) {
                    SocketState s = SocketState.fromSsName(WireText.decode(f[1]))
                            .orElseThrow(() -> new IllegalArgumentException("unknown state"));
                    states.merge(s, count(f[2]), Integer::sum);
                } else if (f.length == 5 && f[0].equals("tuple")) {
                    int n = count(f[1]);
                    int tw = count(f[2]);
                    if (tw > n) {
                        throw new IllegalArgumentException("more in TIME-WAIT than in all");
                    }
                    Endpoint local = Endpoint.parseSs(WireText.decode(f[3]));
                    Endpoint remote = Endpoint.parseSs(WireText.decode(f[4]));
                    if (local.port().isEmpty() || remote.port().isEmpty()) {
                        throw new IllegalArgumentException("a tuple without ports");
                    }
                    tuples.add(new Tuple(n, tw, local, remote, line));
                } else if (line.startsWith("# sockets=")) {
                    String[] kv = line.substring(2).split(" ");
                    total = count(kv[0].substring("sockets=".length()));
                    if (kv.length > 1 && kv[1].startsWith("tuples=")) {
                        tupleCount = count(kv[1].substring("tuples=".length()));
                    }
                } else if (!line.isEmpty()) {
                    throw new IllegalArgumentException("not a state, tuple or total line");
                }
            } catch (IllegalArgumentException e) {
                problems.add(new ParseProblem(SOURCE, line, "Unrecognized count line: " + e.getMessage() + "."));
            }
        }
        if (total == null) {
            problems.add(new ParseProblem(SOURCE, "", "The counts have no closing total line; not used."));
            return Optional.empty();
        }
        tuples.sort(Comparator.comparingInt((Tuple t) -> -t.inUse()).thenComparing(t -> t.remote().text())
                .thenComparing(t -> t.sample().address()));
        return Optional.of(new TcpCounts(states, tuples, total, Math.max(tupleCount, tuples.size())));
    }

    private static int count(String s) {
        if (!Fields.digits(s, 9)) {
            throw new IllegalArgumentException("'" + s + "' is not a count");
        }
        return Integer.parseInt(s);
    }
}
