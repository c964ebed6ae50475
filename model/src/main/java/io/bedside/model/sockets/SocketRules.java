package io.bedside.model.sockets;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Subject;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Rule;
import io.bedside.model.findings.Severity;
import io.bedside.model.sample.Sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The socket playbook's findings (issue 5). The ids are fixed: {@code diagnose --json} and the
 * window use them.
 *
 * <table>
 * <caption>Findings</caption>
 * <tr><th>id</th><th>when</th><th>severity</th></tr>
 * <tr><td>{@value #CLOSEWAIT_PILEUP}</td><td>a process holds &gt;= {@code closeWait} (50) CLOSE_WAIT sockets, or
 *     they grow by &gt;= {@code growthPerMinute} (10) a minute and number &gt;= {@code growthMinimum} (10)</td>
 *     <td>critical at &gt;= {@code closeWaitCritical} (500), when also growing, or when the process is blocked on a
 *     pipe; else warning</td></tr>
 * <tr><td>{@value #BLOCKED_ON_PIPE}</td><td>threads sleep in the kernel's pipe write (wchan {@code pipe_write},
 *     {@code anon_pipe_write}; {@code pipe_wait} when the syscall is a write)</td>
 *     <td>critical when no process holds the read end, or the process also piles up CLOSE_WAIT; warning when it was
 *     blocked in a sample at least 30 s older too, or no readable process holds the read end but some could not be
 *     read; else info (may be a slow reader's moment)</td></tr>
 * <tr><td>{@value #FD_NEAR_LIMIT}</td><td>fds &gt;= {@code fdPercent} (80%) of the RLIMIT_NOFILE soft limit</td>
 *     <td>critical at &gt;= {@code fdCriticalPercent} (95%), else warning</td></tr>
 * </table>
 *
 * <p>Who holds a socket comes from proc-fds (by inode). A CLOSE_WAIT socket that no file holds yet
 * (inode 0: still in a listener's accept queue) counts for the process holding that listener, as
 * {@code unaccepted}. Sockets whose holder cannot be known (fds that need root) are one subject
 * with {@code pid} null and the reason; nothing is ever called free of a reader, or unblocked,
 * because the probe could not see it.
 */
public final class SocketRules implements Rule {
    /** Still one class for the whole playbook: it raises every id of {@link SocketPlaybook#findingIds()}. */
    @Override
    public String id() {
        return "sockets.*";
    }

    public static final String CLOSEWAIT_PILEUP = "net.closewait.pileup";
    public static final String BLOCKED_ON_PIPE = "proc.blocked-on-pipe";
    public static final String FD_NEAR_LIMIT = "proc.fd.near-limit";

    /**
     * @param closeWait         CLOSE_WAIT sockets of one process that make a pile-up
     * @param closeWaitCritical ... that make it critical
     * @param growthPerMinute   growth per minute that makes a pile-up of fewer sockets
     * @param growthMinimum     ... provided the process holds at least this many
     * @param growthWindow      how far back the sample compared against may lie
     * @param minimumSpan       how old that sample must be at least (growth and "still blocked")
     * @param fdPercent         fds at this percentage of the soft limit are near it
     * @param fdCriticalPercent ... and critical at this one
     * @param evidenceLines     raw lines per list in the evidence (the caption says how many there were)
     */
    public record Thresholds(int closeWait, int closeWaitCritical, double growthPerMinute, int growthMinimum,
                             Duration growthWindow, Duration minimumSpan, int fdPercent, int fdCriticalPercent,
                             int evidenceLines) {
        public static final Thresholds DEFAULTS = new Thresholds(50, 500, 10.0, 10, Duration.ofMinutes(10),
                Duration.ofSeconds(30), 80, 95, 20);

        public Thresholds {
            if (closeWait < 1 || closeWaitCritical < closeWait || growthPerMinute <= 0 || growthMinimum < 1
                    || growthWindow.compareTo(minimumSpan) <= 0 || minimumSpan.isNegative() || fdPercent < 1 || fdPercent > 100
                    || fdCriticalPercent < fdPercent || fdCriticalPercent > 100 || evidenceLines < 1) {
                throw new IllegalArgumentException("inconsistent socket thresholds");
            }
        }

        public Thresholds withCloseWait(int n) {
            return new Thresholds(n, Math.max(n, closeWaitCritical), growthPerMinute, growthMinimum, growthWindow, minimumSpan,
                    fdPercent, fdCriticalPercent, evidenceLines);
        }
    }

    /** An earlier snapshot and the host's time it was taken at. */
    public record Timed(Instant at, SocketSnapshot snapshot) {
    }

    private final Thresholds limits;

    public SocketRules() {
        this(Thresholds.DEFAULTS);
    }

    public SocketRules(Thresholds limits) {
        this.limits = limits;
    }

    public Thresholds thresholds() {
        return limits;
    }

    /**
     * Evaluates the latest sample at the host's time. Of the history only the one sample compared
     * against is parsed: the oldest within {@code growthWindow} that is at least
     * {@code minimumSpan} older than the latest. 
     */
    @Override
    public List<Finding> evaluate(Sample latest, List<Sample> history) {
        SocketSnapshot now = SocketSnapshot.of(latest);
        Instant at = latest.hostTime();
        Sample ref = null;
        for (Sample s : history) {
            if (s == latest || !inWindow(s.hostTime(), at)) {
                continue;
            }
            if (ref == null || s.hostTime().isBefore(ref.hostTime())) {
                ref = s;
            }
        }
        List<Timed> past = ref == null ? List.of() : List.of(new Timed(ref.hostTime(), SocketSnapshot.of(ref)));
        return evaluate(now, at, past);
    }

    private boolean inWindow(Instant t, Instant at) {
        return !t.isBefore(at.minus(limits.growthWindow())) && !t.isAfter(at.minus(limits.minimumSpan()));
    }

    /**
     * @param now     the latest snapshot
     * @param at      the host's time of it
     * @param history earlier snapshots; the oldest one within the growth window that is at least
     *                the minimum span old is compared against
     */
    public List<Finding> evaluate(SocketSnapshot now, Instant at, List<Timed> history) {
        Optional<Timed> ref = history.stream().filter(t -> inWindow(t.at(), at)).min(Comparator.comparing(Timed::at));
        List<BlockedPipe> blocked = now.blockedPipes();
        Map<Key, Pile> piles = piles(now);
        List<Finding> out = new ArrayList<>();
        closeWait(now, at, ref, piles, blocked).ifPresent(out::add);
        blockedOnPipe(now, at, ref, piles, blocked).ifPresent(out::add);
        nearLimit(now, blocked).ifPresent(out::add);
        return out;
    }

    // ------------------------------------------------------------------ CLOSE_WAIT

    /** A process by pid and start time (a reused pid is another process); start -1 when unknown. */
    record Key(int pid, long start) {
        static final Key UNKNOWN = new Key(-1, -1);
    }

    /** The CLOSE_WAIT sockets of one process. */
    static final class Pile {
        final Key key;
        final String comm;
        final List<TcpSocket> sockets = new ArrayList<>();
        int unaccepted;

        Pile(Key key, String comm) {
            this.key = key;
            this.comm = comm;
        }

        long recvQ() {
            return sockets.stream().mapToLong(TcpSocket::recvQ).sum();
        }

        List<Integer> ports() {
            Set<Integer> p = new TreeSet<>();
            sockets.forEach(s -> s.local().port().ifPresent(p::add));
            return List.copyOf(p);
        }
    }

    private static Key key(SocketSnapshot s, int pid) {
        long start = s.fds().get().flatMap(t -> t.process(pid)).map(ProcessFds::startTime).orElse(OptionalLong.empty()).orElse(-1);
        return new Key(pid, start);
    }

    private static String comm(SocketSnapshot s, int pid, String fallback) {
        return s.fds().get().flatMap(t -> t.process(pid)).map(ProcessFds::comm).orElse(fallback);
    }

    /** The process's CLOSE_WAIT sockets that it holds (not counting ones still in its accept queue). */
    public static List<TcpSocket> closeWaitOf(SocketSnapshot s, int pid) {
        if (s.tcp().get().isEmpty()) {
            return List.of();
        }
        List<TcpSocket> out = new ArrayList<>();
        for (TcpSocket t : s.tcp().get().orElseThrow().inState(SocketState.CLOSE_WAIT)) {
            if (s.holders(t).stream().anyMatch(o -> o.pid() == pid)) {
                out.add(t);
            }
        }
        return out;
    }

    /** CLOSE_WAIT sockets by holder; inode 0 by the holder of the listener on the same address. */
    static Map<Key, Pile> piles(SocketSnapshot s) {
        Map<Key, Pile> out = new LinkedHashMap<>();
        if (s.tcp().get().isEmpty()) {
            return out;
        }
        SocketTable<TcpSocket> table = s.tcp().get().orElseThrow();
        Map<String, List<SocketOwner>> listeners = new HashMap<>();
        for (TcpSocket t : table.inState(SocketState.LISTEN)) {
            listeners.put(t.local().address() + ":" + t.local().port(), s.holders(t));
        }
        for (TcpSocket t : table.inState(SocketState.CLOSE_WAIT)) {
            List<SocketOwner> holders = s.holders(t);
            boolean unaccepted = false;
            if (holders.isEmpty() && t.inode().isPresent() && t.inode().getAsLong() == 0) {
                holders = listenerOf(listeners, t.local());
                unaccepted = !holders.isEmpty();
            }
            if (holders.isEmpty()) {
                out.computeIfAbsent(Key.UNKNOWN, k -> new Pile(k, "")).sockets.add(t);
                continue;
            }
            Set<Integer> seen = new HashSet<>();
            for (SocketOwner o : holders) {
                if (!seen.add(o.pid())) {
                    continue;
                }
                Pile p = out.computeIfAbsent(key(s, o.pid()), k -> new Pile(k, comm(s, o.pid(), o.name())));
                p.sockets.add(t);
                if (unaccepted) {
                    p.unaccepted++;
                }
            }
        }
        return out;
    }

    private static List<SocketOwner> listenerOf(Map<String, List<SocketOwner>> listeners, Endpoint local) {
        List<SocketOwner> exact = listeners.get(local.address() + ":" + local.port());
        if (exact != null) {
            return exact;
        }
        for (String any : List.of("0.0.0.0", "::", "*")) {
            List<SocketOwner> l = listeners.get(any + ":" + local.port());
            if (l != null) {
                return l;
            }
        }
        return List.of();
    }

    private Optional<Finding> closeWait(SocketSnapshot s, Instant at, Optional<Timed> ref, Map<Key, Pile> piles,
                                        List<BlockedPipe> blocked) {
        Map<Key, Integer> before = ref.map(r -> counts(piles(r.snapshot()))).orElse(Map.of());
        double minutes = ref.map(r -> Duration.between(r.at(), at).toMillis() / 60000.0).orElse(0.0);
        List<Pile> hits = new ArrayList<>();
        Map<Pile, Double> growth = new HashMap<>();
        for (Pile p : piles.values()) {
            Double g = null;
            if (p.key != Key.UNKNOWN && p.key.start() >= 0 && before.containsKey(p.key) && minutes > 0) {
                g = Math.round((p.sockets.size() - before.get(p.key)) / minutes * 10) / 10.0;
            }
            growth.put(p, g);
            boolean growing = g != null && g >= limits.growthPerMinute() && p.sockets.size() >= limits.growthMinimum();
            if (p.sockets.size() >= limits.closeWait() || (p.key != Key.UNKNOWN && growing)) {
                hits.add(p);
            }
        }
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        hits.sort(Comparator.comparingInt((Pile p) -> p.sockets.size()).reversed());
        Severity worst = Severity.WARNING;
        List<Subject> subjects = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        List<String> phrases = new ArrayList<>();
        Map<String, FixOffer> fixes = new LinkedHashMap<>();
        String source = s.tcp().get().orElseThrow().sources().get(0);
        int shown = 0;
        for (Pile p : hits) {
            Double g = growth.get(p);
            Optional<BlockedPipe> b = p.key == Key.UNKNOWN ? Optional.empty()
                    : blocked.stream().filter(x -> x.pid() == p.key.pid()).findFirst();
            boolean crit = p.sockets.size() >= limits.closeWaitCritical()
                    || (p.sockets.size() >= limits.closeWait() && g != null && g > 0) || b.isPresent();
            Severity sev = crit ? Severity.CRITICAL : Severity.WARNING;
            if (sev.compareTo(worst) > 0) {
                worst = sev;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            if (p.key == Key.UNKNOWN) {
                m.put("pid", null);
                m.put("comm", null);
                m.put("owner", "unknown: " + unknownOwnerReason(s));
            } else {
                m.put("pid", p.key.pid());
                m.put("comm", p.comm);
                if (p.key.start() >= 0) {
                    m.put("start", p.key.start());
                }
            }
            m.put("count", p.sockets.size());
            m.put("recv_q_bytes", p.recvQ());
            m.put("local_ports", p.ports());
            m.put("growth_per_min", g);
            m.put("unaccepted", p.unaccepted);
            Optional<String> unit = p.key == Key.UNKNOWN ? Optional.empty() : s.unit(p.key.pid());
            unit.ifPresent(u -> m.put("unit", u));
            b.ifPresent(x -> m.put("blocked_on", x.pipe().map(PipeId::text).orElse("a pipe")));
            m.put("severity", sev.token());
            subjects.add(Subject.of(Subject.Kind.SOCKET, m));

            String who = p.key == Key.UNKNOWN ? "processes that could not be seen (" + unknownOwnerReason(s) + ")"
                    : p.comm + " (pid " + p.key.pid() + ")";
            StringBuilder ph = new StringBuilder(who + " hold" + (p.key == Key.UNKNOWN ? "" : "s") + " " + p.sockets.size()
                    + " CLOSE_WAIT socket" + (p.sockets.size() == 1 ? "" : "s") + " (" + p.recvQ() + " bytes unread) on port"
                    + (p.ports().size() == 1 ? " " : "s ") + portList(p.ports()));
            if (g != null) {
                ph.append(String.format(Locale.ROOT, ", %+.1f a minute", g));
            }
            b.ifPresent(x -> ph.append("; ").append(x.threads().size()).append(" of its threads are blocked writing to ")
                    .append(fdName(x)));
            phrases.add(ph.toString());
            if (shown++ < 5) {
                ev.add(new Evidence(source, caption("CLOSE_WAIT sockets of " + who, p.sockets.size()),
                        firstLines(p.sockets.stream().flatMap(t -> t.lines().stream().limit(1)).toList())));
                if (p.key != Key.UNKNOWN) {
                    s.fds().get().flatMap(t -> t.process(p.key.pid())).ifPresent(pr ->
                            ev.add(new Evidence(SocketSnapshot.FDS, "the process: fds, limit, start time", List.of(pr.line()))));
                    b.ifPresent(x -> ev.addAll(chain(s, x, false)));
                } else {
                    unreadableEvidence(s).ifPresent(ev::add);
                }
            }
            if (p.key != Key.UNKNOWN) {
                if (b.isPresent() && b.get().fd().isPresent() && b.get().pipe().isPresent() && b.get().startTime().isPresent()) {
                    offer(fixes, SocketFixPlans.PIPE_DRAIN, "pid", Integer.toString(p.key.pid()), "fd",
                            Integer.toString(b.get().fd().getAsInt()));
                }
                offer(fixes, SocketFixPlans.SIGNAL, "pid", Integer.toString(p.key.pid()));
                unit.ifPresent(u -> offer(fixes, SocketFixPlans.RESTART_UNIT, "unit", u));
            }
        }
        String summary = String.join("; and ", phrases.subList(0, Math.min(3, phrases.size())))
                + (phrases.size() > 3 ? "; and " + (phrases.size() - 3) + " more processes" : "");
        return Optional.of(new Finding(CLOSEWAIT_PILEUP, worst, summary, subjects, ev, List.copyOf(fixes.values())));
    }

    private static Map<Key, Integer> counts(Map<Key, Pile> piles) {
        Map<Key, Integer> m = new HashMap<>();
        piles.forEach((k, v) -> m.put(k, v.sockets.size()));
        return m;
    }

    private static String unknownOwnerReason(SocketSnapshot s) {
        if (s.fds().get().isEmpty()) {
            return "proc-fds " + s.fds().describeAbsence();
        }
        int n = s.fds().get().orElseThrow().unreadable().size();
        return n == 0 ? "their holders closed them after ss listed them"
                : n + " process" + (n == 1 ? "'s" : "es'") + " fds could not be read (needs root)";
    }

    private Optional<Evidence> unreadableEvidence(SocketSnapshot s) {
        return s.fds().get().filter(t -> !t.unreadable().isEmpty()).map(t -> new Evidence(SocketSnapshot.FDS,
                caption("processes whose fds could not be read (" + t.detail() + ")", t.unreadable().size()),
                t.unreadable().stream().limit(20).map(ProcessFds::line).toList()));
    }

    // ------------------------------------------------------------------ blocked on a pipe

    private Optional<Finding> blockedOnPipe(SocketSnapshot s, Instant at, Optional<Timed> ref, Map<Key, Pile> piles,
                                            List<BlockedPipe> blocked) {
        if (blocked.isEmpty()) {
            return Optional.empty();
        }
        Set<String> before = new HashSet<>();
        ref.ifPresent(r -> r.snapshot().blockedPipes().forEach(b -> b.threads().forEach(t ->
                before.add(b.pid() + "/" + b.startTime().orElse(-1) + "/" + t.tid()))));
        Severity worst = Severity.INFO;
        List<Subject> subjects = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        List<String> phrases = new ArrayList<>();
        Map<String, FixOffer> fixes = new LinkedHashMap<>();
        List<BlockedPipe> order = new ArrayList<>(blocked);
        order.sort(Comparator.comparing((BlockedPipe b) -> severity(b, piles, before)).reversed()
                .thenComparing(b -> -b.threads().size()));
        for (BlockedPipe b : order) {
            int cw = closeWaitCount(b, piles);
            boolean persisted = persisted(b, before);
            Optional<PipeEnds> ends = b.ends();
            boolean complete = ends.map(PipeEnds::complete).orElse(false);
            Severity sev = severity(b, piles, before);
            if (sev.compareTo(worst) > 0) {
                worst = sev;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", b.pid());
            m.put("comm", b.comm());
            b.startTime().ifPresent(st -> m.put("start", st));
            m.put("fd", b.fd().isPresent() ? (Object) b.fd().getAsInt() : null);
            m.put("fd_from", b.fdFrom());
            m.put("pipe", b.pipe().map(PipeId::subject).orElse(null));
            m.put("pipe_kind", b.pipe().map(PipeId::kind).orElse(null));
            m.put("blocked_threads", b.threads().size());
            List<Map<String, Object>> threads = new ArrayList<>();
            for (ThreadInfo t : b.threads()) {
                Map<String, Object> tm = new LinkedHashMap<>();
                tm.put("tid", t.tid());
                tm.put("name", t.name());
                tm.put("state", String.valueOf(t.state()));
                tm.put("wchan", t.wchan().orElse(null));
                threads.add(Collections.unmodifiableMap(tm));
            }
            m.put("threads", List.copyOf(threads));
            m.put("readers", ends.map(e -> ends(e.readers())).orElse(List.of()));
            m.put("readers_complete", complete);
            m.put("writers", ends.map(e -> ends(e.writers())).orElse(List.of()));
            if (!complete) {
                m.put("readers_unknown_because", ends.isEmpty() ? "proc-fds " + s.fds().describeAbsence()
                        : ends.get().unreadable().size() + " process" + (ends.get().unreadable().size() == 1 ? "'s" : "es'")
                        + " fds could not be read (needs root)");
            }
            m.put("close_wait", cw);
            m.put("blocked_before", persisted);
            s.unit(b.pid()).ifPresent(u -> m.put("unit", u));
            m.put("severity", sev.token());
            subjects.add(Subject.of(Subject.Kind.PIPE, m));
            phrases.add(phrase(b, ends, complete, persisted));
            ev.addAll(chain(s, b, true));
            if (b.fd().isPresent() && b.pipe().isPresent() && b.startTime().isPresent()) {
                offer(fixes, SocketFixPlans.PIPE_DRAIN, "pid", Integer.toString(b.pid()), "fd", Integer.toString(b.fd().getAsInt()));
            }
            offer(fixes, SocketFixPlans.SIGNAL, "pid", Integer.toString(b.pid()));
            s.unit(b.pid()).ifPresent(u -> offer(fixes, SocketFixPlans.RESTART_UNIT, "unit", u));
        }
        String summary = String.join("; ", phrases.subList(0, Math.min(3, phrases.size())))
                + (phrases.size() > 3 ? "; and " + (phrases.size() - 3) + " more" : "");
        return Optional.of(new Finding(BLOCKED_ON_PIPE, worst, summary, subjects, ev, List.copyOf(fixes.values())));
    }

    private static int closeWaitCount(BlockedPipe b, Map<Key, Pile> piles) {
        return Optional.ofNullable(piles.get(new Key(b.pid(), b.startTime().orElse(-1)))).map(p -> p.sockets.size()).orElse(0);
    }

    /** Whether a thread blocked now was blocked in the earlier sample too (same pid, start time and tid). */
    private static boolean persisted(BlockedPipe b, Set<String> before) {
        return b.startTime().isPresent() && b.threads().stream()
                .anyMatch(t -> before.contains(b.pid() + "/" + b.startTime().getAsLong() + "/" + t.tid()));
    }

    private Severity severity(BlockedPipe b, Map<Key, Pile> piles, Set<String> before) {
        boolean noReader = b.ends().map(e -> e.readers().isEmpty()).orElse(false);
        boolean complete = b.ends().map(PipeEnds::complete).orElse(false);
        if ((noReader && complete) || closeWaitCount(b, piles) >= limits.closeWait()) {
            return Severity.CRITICAL;
        }
        return persisted(b, before) || noReader ? Severity.WARNING : Severity.INFO;
    }

    private static List<Map<String, Object>> ends(List<PipeEnd> ends) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PipeEnd e : ends) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", e.pid());
            m.put("comm", e.comm());
            m.put("state", e.state().map(String::valueOf).orElse(null));
            m.put("fd", e.fd());
            m.put("wchan", e.wchan().orElse(null));
            out.add(Collections.unmodifiableMap(m));
        }
        return List.copyOf(out);
    }

    private static String phrase(BlockedPipe b, Optional<PipeEnds> ends, boolean complete, boolean persisted) {
        StringBuilder p = new StringBuilder();
        int n = b.threads().size();
        p.append(n).append(n == 1 ? " thread of " : " threads of ").append(b.comm()).append(" (pid ").append(b.pid())
                .append(n == 1 ? ") is" : ") are").append(" blocked writing to ").append(fdName(b));
        if (ends.isPresent()) {
            List<PipeEnd> r = ends.get().readers();
            if (r.isEmpty()) {
                p.append(complete ? "; no process holds its read end"
                        : "; no readable process holds its read end (" + ends.get().unreadable().size() + " could not be read)");
            } else {
                p.append("; its read end is held by ").append(String.join(", ", r.stream().map(e -> e.comm() + " (pid " + e.pid()
                        + e.state().map(st -> ", " + st).orElse("") + e.wchan().map(w -> " in " + w).orElse("") + ")").toList()));
            }
        }
        if (persisted) {
            p.append(", as in the earlier sample");
        }
        return p.toString();
    }

    private static String fdName(BlockedPipe b) {
        String pipe = b.pipe().map(x -> (x instanceof PipeId.Fifo ? "FIFO " : "") + x.text()).orElse("a pipe");
        if (b.fd().isEmpty()) {
            return pipe + " (fd not known)";
        }
        int fd = b.fd().getAsInt();
        String name = fd == 2 ? "stderr, " : fd == 1 ? "stdout, " : "";
        return "fd " + fd + " (" + name + pipe + (b.fdFrom().equals("syscall") || b.fdFrom().equals("only pipe") ? "" : ", a guess") + ")";
    }

    /**
     * The evidence chain: process -> blocked threads -> fd -> pipe -> the processes holding its
     * ends -> the readers' threads. With {@code withSockets}, the process's CLOSE_WAIT sockets first.
     */
    private List<Evidence> chain(SocketSnapshot s, BlockedPipe b, boolean withSockets) {
        List<Evidence> ev = new ArrayList<>();
        if (withSockets) {
            List<TcpSocket> cw = closeWaitOf(s, b.pid());
            if (!cw.isEmpty()) {
                ev.add(new Evidence(s.tcp().get().orElseThrow().sources().get(0), caption("CLOSE_WAIT sockets of pid " + b.pid(), cw.size()),
                        firstLines(cw.stream().map(t -> t.lines().get(0)).toList())));
            }
            s.fds().get().flatMap(t -> t.process(b.pid())).ifPresent(pr ->
                    ev.add(new Evidence(SocketSnapshot.FDS, "the process: fds, limit, start time", List.of(pr.line()))));
        }
        ev.add(new Evidence(SocketSnapshot.THREADS, caption("threads of pid " + b.pid() + " blocked writing to a pipe", b.threads().size()),
                firstLines(b.threads().stream().map(ThreadInfo::line).toList())));
        b.fdLine().ifPresent(f -> ev.add(new Evidence(SocketSnapshot.FDS, "fd " + f.fd() + " of pid " + b.pid()
                + (b.fdFrom().equals("syscall") ? " (the fd the blocked write() names)" : " (" + b.fdFrom() + ")"), List.of(f.line()))));
        b.ends().ifPresent(e -> {
            List<String> lines = new ArrayList<>();
            Set<Integer> pids = new LinkedHashSet<>();
            for (Fd f : s.fds().get().orElseThrow().holdersOfPipe(e.pipe())) {
                lines.add(f.line());
                pids.add(f.pid());
            }
            for (int pid : pids) {
                s.fds().get().orElseThrow().process(pid).ifPresent(p -> lines.add(p.line()));
            }
            ev.add(new Evidence(SocketSnapshot.FDS, "every fd that is an end of " + e.pipe().text() + " ("
                    + e.readers().size() + " reading, " + e.writers().size() + " writing), and their processes", lines));
            List<String> readerThreads = new ArrayList<>();
            for (PipeEnd r : e.readers()) {
                s.threads().get().flatMap(t -> t.main(r.pid())).ifPresent(t -> readerThreads.add(t.line()));
            }
            ev.add(new Evidence(SocketSnapshot.THREADS, e.readers().isEmpty()
                    ? (e.complete() ? "no process holds the read end" : "no readable process holds the read end")
                    : "where the read end's holders sleep", readerThreads));
            if (!e.complete()) {
                unreadableEvidence(s).ifPresent(ev::add);
            }
        });
        return ev;
    }

    // ------------------------------------------------------------------ fd limit

    private Optional<Finding> nearLimit(SocketSnapshot s, List<BlockedPipe> blocked) {
        if (s.fds().get().isEmpty()) {
            return Optional.empty();
        }
        List<ProcessFds> hits = new ArrayList<>();
        for (ProcessFds p : s.fds().get().orElseThrow().processes().values()) {
            if (p.fdCount().isPresent() && p.nofileSoft().isPresent() && p.nofileSoft().getAsLong() > 0
                    && 100L * p.fdCount().getAsInt() >= (long) limits.fdPercent() * p.nofileSoft().getAsLong()) {
                hits.add(p);
            }
        }
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        hits.sort(Comparator.comparingDouble((ProcessFds p) -> -(double) p.fdCount().getAsInt() / p.nofileSoft().getAsLong()));
        Severity worst = Severity.WARNING;
        List<Subject> subjects = new ArrayList<>();
        List<String> phrases = new ArrayList<>();
        Map<String, FixOffer> fixes = new LinkedHashMap<>();
        for (ProcessFds p : hits) {
            long fds = p.fdCount().getAsInt();
            long lim = p.nofileSoft().getAsLong();
            long pct = 100 * fds / lim;
            Severity sev = 100 * fds >= (long) limits.fdCriticalPercent() * lim ? Severity.CRITICAL : Severity.WARNING;
            if (sev.compareTo(worst) > 0) {
                worst = sev;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", p.pid());
            m.put("comm", p.comm());
            m.put("fds", fds);
            m.put("limit", lim);
            p.nofileHard().ifPresent(h -> m.put("hard_limit", h));
            m.put("percent", pct);
            p.startTime().ifPresent(st -> m.put("start", st));
            Optional<String> unit = s.unit(p.pid());
            unit.ifPresent(u -> m.put("unit", u));
            m.put("severity", sev.token());
            subjects.add(Subject.of(Subject.Kind.PROCESS, m));
            phrases.add(p.comm() + " (pid " + p.pid() + ") holds " + fds + " of its " + lim + " fds (" + pct + "%)");
            blocked.stream().filter(b -> b.pid() == p.pid() && b.fd().isPresent() && b.pipe().isPresent()
                    && b.startTime().isPresent()).findFirst().ifPresent(b -> offer(fixes, SocketFixPlans.PIPE_DRAIN,
                    "pid", Integer.toString(p.pid()), "fd", Integer.toString(b.fd().getAsInt())));
            unit.ifPresent(u -> offer(fixes, SocketFixPlans.RESTART_UNIT, "unit", u));
        }
        String summary = "Near the open-files limit: " + String.join("; ", phrases.subList(0, Math.min(3, phrases.size())))
                + (phrases.size() > 3 ? "; and " + (phrases.size() - 3) + " more" : "");
        List<Evidence> ev = List.of(new Evidence(SocketSnapshot.FDS, caption("processes at " + limits.fdPercent()
                + "% or more of RLIMIT_NOFILE (soft/hard)", hits.size()), firstLines(hits.stream().map(ProcessFds::line).toList())));
        return Optional.of(new Finding(FD_NEAR_LIMIT, worst, summary, subjects, ev, List.copyOf(fixes.values())));
    }

    /**
     * Offers a fix with the parameters of the first (worst) process it fits; a later process does
     * not replace them (the operator can choose another in the wizard or on the command line).
     */
    private static void offer(Map<String, FixOffer> fixes, String fixId, String... keyValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            params.put(keyValues[i], keyValues[i + 1]);
        }
        fixes.putIfAbsent(fixId, new FixOffer(fixId, params));
    }

    // ------------------------------------------------------------------ words

    private List<String> firstLines(List<String> lines) {
        return lines.size() <= limits.evidenceLines() ? lines : lines.subList(0, limits.evidenceLines());
    }

    private String caption(String what, int n) {
        return n > limits.evidenceLines() ? what + " (the first " + limits.evidenceLines() + " of " + n + ")" : what + " (" + n + ")";
    }

    private static String portList(List<Integer> ports) {
        if (ports.isEmpty()) {
            return "(none)";
        }
        List<String> p = ports.stream().limit(5).map(String::valueOf).toList();
        return String.join(", ", p) + (ports.size() > 5 ? " and " + (ports.size() - 5) + " more" : "");
    }
}
