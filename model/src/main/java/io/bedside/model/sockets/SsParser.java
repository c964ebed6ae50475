package io.bedside.model.sockets;

import io.bedside.model.probe.WireText;
import io.bedside.model.probe.ParseProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parses the probe sections {@code ss-tcp} ({@code ss -tane}) and {@code ss-udp} ({@code ss -uane}),
 * and the output of older probes and older iproute2 with {@code -p} and {@code -i}. Samples:
 * <pre>
 * State Recv-Q Send-Q Local Address:Port Peer Address:Port Process
 * LISTEN 0 128 127.0.0.1:33747 0.0.0.0:* ino:726932 sk:15937 cgroup:/ &lt;-&gt;
 * CLOSE-WAIT 269 0 127.0.0.1:33747 127.0.0.1:48558 ino:728254 sk:15938 cgroup:/ --&gt;
 * ESTAB 0 0 [::ffff:127.0.0.1]:53056 [::ffff:127.0.0.1]:28130 users:(("java",pid=18566,fd=52)) timer:(keepalive,119min,0) ino:327295 sk:7 cgroup:/ &lt;-&gt;
 * 	 ts sack bbr wscale:10,10 rto:204 rtt:0.601/0.519 ...
 * CLOSE-WAIT 299 0 ::ffff:10.1.5.60:8080 ::ffff:10.1.6.104:26032 users:(("python",139756,9)) uid:1000 ino:5226722 sk:ffff88003d4a8000
 * UNCONN 0 0 *:68 *:* users:(("dhclient",1203,6)) ino=12345 sk=ffff880037b5c000
 * </pre>
 * Columns are split on runs of blanks (the probe squeezes ss's padding), an optional Netid column
 * is skipped, and a line starting with a blank (ss -i's details) belongs to the socket above it.
 * Process names in {@code users:} may contain blanks and commas; an entry may carry {@code tid=} (ss -T)
 * or SELinux contexts (ss -Z) between pid and fd. With {@code ino:} (ss -e) a socket without
 * {@code uid:} is root's: ss leaves uid 0 out.
 */
public final class SsParser {
    public static final String TCP_SOURCE = "ss-tcp";
    public static final String UDP_SOURCE = "ss-udp";

    private SsParser() {
    }

    public static Optional<SocketTable<TcpSocket>> parseTcp(List<String> lines, List<ParseProblem> problems) {
        List<TcpSocket> out = new ArrayList<>();
        for (Row r : rows(TCP_SOURCE, lines, problems)) {
            out.add(new TcpSocket(r.state, r.recvQ, r.sendQ, r.local, r.remote, r.inode, r.uid, r.owners, r.cgroup, r.lines(lines)));
        }
        return Optional.of(new SocketTable<>(List.of(TCP_SOURCE), out));
    }

    public static Optional<SocketTable<UdpSocket>> parseUdp(List<String> lines, List<ParseProblem> problems) {
        List<UdpSocket> out = new ArrayList<>();
        for (Row r : rows(UDP_SOURCE, lines, problems)) {
            out.add(new UdpSocket(r.state, r.recvQ, r.sendQ, r.local, r.remote, r.inode, r.uid, r.owners, r.cgroup, r.lines(lines)));
        }
        return Optional.of(new SocketTable<>(List.of(UDP_SOURCE), out));
    }

    private static final OptionalLong ROOT = OptionalLong.of(0);

    private static final class Row {
        SocketState state;
        long recvQ;
        long sendQ;
        Endpoint local;
        Endpoint remote;
        OptionalLong inode = OptionalLong.empty();
        OptionalLong uid = OptionalLong.empty();
        List<SocketOwner> owners = List.of();
        Optional<String> cgroup = Optional.empty();
        /** Its lines in the section: {@code first} and the detail lines right after it, up to {@code end}. */
        int first;
        int end;
        /** Its lines copied, once a detail line came that is not right after them (a blank line between). */
        List<String> copied;

        /** Its raw lines: a view of the section's (a socket keeps no copy of its text) unless copied. */
        List<String> lines(List<String> section) {
            return copied != null ? copied : section.subList(first, end);
        }

        void detail(List<String> section, int index) {
            if (copied == null && index == end) {
                end++;
                return;
            }
            if (copied == null) {
                copied = new ArrayList<>(section.subList(first, end));
            }
            copied.add(section.get(index));
        }
    }

    private static List<Row> rows(String source, List<String> lines, List<ParseProblem> problems) {
        List<Row> out = new ArrayList<>();
        Dedup dedup = new Dedup();
        Row last = null;
        for (int index = 0; index < lines.size(); index++) {
            String line = lines.get(index);
            if (line.isBlank()) {
                continue;
            }
            if (Fields.blank(line.charAt(0))) {
                if (last == null) {
                    problems.add(new ParseProblem(source, line, "A detail line without a socket above it was ignored."));
                } else {
                    last.detail(lines, index);
                }
                continue;
            }
            if (line.startsWith("State ") || line.startsWith("Netid ") || line.equals("State") || line.startsWith("Recv-Q ")) {
                last = null;
                continue;
            }
            try {
                last = row(line, dedup);
                last.first = index;
                last.end = index + 1;
                out.add(last);
            } catch (IllegalArgumentException e) {
                last = null;
                problems.add(new ParseProblem(source, line, "Unrecognized ss line: " + e.getMessage() + "."));
            }
        }
        return out;
    }

    private static Row row(String line, Dedup dedup) {
        // the first five or six columns (where each starts and ends), and where the rest of the line
        // starts: a string is made of the state and the two endpoints only (100,000 lines on a big host)
        int[] at = new int[12];
        int cols = 0;
        int n = line.length();
        int i = 0;
        while (cols < 6 && i < n) {
            while (i < n && Fields.blank(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Fields.blank(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                at[2 * cols] = start;
                at[2 * cols + 1] = i;
                cols++;
            }
            if (cols == 5 && !netid(line, at[0], at[1])) {
                break;
            }
        }
        int first = cols > 0 && netid(line, at[0], at[1]) ? 1 : 0;
        if (cols < first + 5) {
            throw new IllegalArgumentException("fewer than 5 columns");
        }
        Row r = new Row();
        String state = line.substring(at[2 * first], at[2 * first + 1]);
        r.state = SocketState.fromSsName(state)
                .orElseThrow(() -> new IllegalArgumentException("state '" + state + "' is not known"));
        r.recvQ = Fields.number(line, at[2 * first + 2], at[2 * first + 3], "Recv-Q");
        r.sendQ = Fields.number(line, at[2 * first + 4], at[2 * first + 5], "Send-Q");
        // one Endpoint per text: the thousands of sockets accepted on one port share their local one
        r.local = dedup.endpoint(line.substring(at[2 * first + 6], at[2 * first + 7]));
        r.remote = dedup.endpoint(line.substring(at[2 * first + 8], at[2 * first + 9]));
        if (line.indexOf("users:(", i) >= 0) {
            details(r, line.substring(i), dedup);
        } else {
            details(r, line, i, dedup);
        }
        return r;
    }

    private static final String[] NETIDS = {"tcp", "udp", "tcp6", "udp6", "raw", "u_str", "u_dgr", "u_seq", "mptcp", "sctp", "dccp"};

    /** Whether the line's characters from {@code a} to {@code e} are one of ss's Netid column's values. */
    private static boolean netid(String line, int a, int e) {
        for (String id : NETIDS) {
            if (e - a == id.length() && line.startsWith(id, a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * As {@link #details(Row, String, Dedup)} for a line without {@code users:(}, read in place from
     * {@code from}: no string per column.
     */
    private static void details(Row r, String line, int from, Dedup dedup) {
        boolean ino = false;
        int n = line.length();
        for (int i = from; i < n; ) {
            while (i < n && Fields.blank(line.charAt(i))) {
                i++;
            }
            int a = i;
            while (i < n && !Fields.blank(line.charAt(i))) {
                i++;
            }
            if (i == a) {
                break;
            }
            // ino: uid: (ino= uid= in iproute2 3.x's UDP lines)
            if (line.startsWith("cgroup:", a)) {
                // the last column: a path (escaped by the probe), and only the shutdown arrows after it
                if (i - a > 7) {
                    r.cgroup = dedup.optional(WireText.decode(line.substring(a + 7, i)));
                }
                break;
            }
            boolean inode = line.startsWith("ino:", a) || line.startsWith("ino=", a);
            if (ino && inode) {
                continue;
            }
            if (inode) {
                r.inode = OptionalLong.of(Fields.number(line, a + 4, i, "ino"));
                ino = true;
            } else if (line.startsWith("uid:", a) || line.startsWith("uid=", a)) {
                r.uid = dedup.uid(line, a + 4, i);
            }
        }
        if (ino && r.uid.isEmpty()) {
            r.uid = ROOT; // ss -e prints uid: only when it is not 0
        }
    }

    /** The columns after the peer: users:(...), timer:(...), uid:, ino:, sk:, cgroup:, and the shutdown arrows. */
    private static void details(Row r, String rest, Dedup dedup) {
        int u = rest.indexOf("users:(");
        String others = rest;
        if (u >= 0) {
            int[] end = new int[1];
            r.owners = owners(rest, u + "users:(".length(), end);
            others = rest.substring(0, u) + " " + rest.substring(end[0]);
        }
        boolean ino = false;
        for (String tok : Fields.split(others)) {
            // ino: uid: (ino= uid= in iproute2 3.x's UDP lines)
            if (tok.startsWith("cgroup:")) {
                // the last column: a path (escaped by the probe), and only the shutdown arrows after it
                if (tok.length() > 7) {
                    r.cgroup = dedup.optional(WireText.decode(tok.substring(7)));
                }
                break;
            }
            if (ino && (tok.startsWith("ino:") || tok.startsWith("ino="))) {
                continue;
            }
            if (tok.startsWith("ino:") || tok.startsWith("ino=")) {
                r.inode = OptionalLong.of(Fields.number(tok.substring(4), "ino"));
                ino = true;
            } else if (tok.startsWith("uid:") || tok.startsWith("uid=")) {
                String uid = tok.substring(4);
                r.uid = dedup.of("uid", uid, v -> OptionalLong.of(Fields.number(v, "uid")));
            }
        }
        if (ino && r.uid.isEmpty()) {
            r.uid = ROOT; // ss -e prints uid: only when it is not 0
        }
    }

    /**
     * {@code ("name",pid=1,fd=2),("name",3,4))}: from just after {@code users:(} to the closing
     * parenthesis, whose end is stored in end[0].
     */
    private static List<SocketOwner> owners(String s, int pos, int[] end) {
        List<SocketOwner> out = new ArrayList<>();
        while (true) {
            expect(s, pos, "(\"");
            pos += 2;
            int q = pos;
            int after;
            // the name runs to the '",' that is followed by pid= or a digit (it may contain '"' and ',')
            while (true) {
                q = s.indexOf("\",", q);
                if (q < 0) {
                    throw new IllegalArgumentException("unterminated process name in users:(...)");
                }
                after = q + 2;
                if (s.startsWith("pid=", after) || (after < s.length() && Character.isDigit(s.charAt(after)))) {
                    break;
                }
                q++;
            }
            String name = s.substring(pos, q);
            pos = after;
            // fields up to ')': pid=N,fd=M (with tid=, proc_ctx=, sock_ctx= between, ss -T / -Z), or bare N,M (iproute2 3.x)
            int close = s.indexOf(')', pos);
            if (close < 0) {
                throw new IllegalArgumentException("unterminated entry in users:(...)");
            }
            Integer pid = null;
            Integer fd = null;
            List<Integer> bare = new ArrayList<>(2);
            for (String field : s.substring(pos, close).split(",")) {
                int eq = field.indexOf('=');
                if (eq < 0) {
                    if (Fields.digits(field, 10)) {
                        bare.add(Fields.id(field, "pid"));
                    }
                    continue; // a piece of a context with a comma in it
                }
                String k = field.substring(0, eq);
                if (k.equals("pid")) {
                    pid = Fields.id(field.substring(eq + 1), "pid");
                } else if (k.equals("fd")) {
                    fd = Fields.id(field.substring(eq + 1), "fd");
                }
            }
            if (pid == null && fd == null && bare.size() == 2) {
                pid = bare.get(0);
                fd = bare.get(1);
            }
            if (pid == null || fd == null) {
                throw new IllegalArgumentException("no pid and fd in users:(...)");
            }
            pos = close + 1;
            out.add(new SocketOwner(name, pid, fd));
            if (s.startsWith(",", pos)) {
                pos++;
                continue;
            }
            expect(s, pos, ")");
            end[0] = pos + 1;
            return out;
        }
    }

    private static void expect(String s, int pos, String what) {
        if (!s.startsWith(what, pos)) {
            throw new IllegalArgumentException("expected '" + what + "' in users:(...)");
        }
    }
}
