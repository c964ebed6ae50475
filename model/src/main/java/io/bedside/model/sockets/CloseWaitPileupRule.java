package io.bedside.model.sockets;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.sockets.SocketAssessment.Key;
import io.bedside.model.sockets.SocketAssessment.Pile;
import io.bedside.model.sockets.SocketRules.Thresholds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.bedside.model.sockets.SocketAssessment.offer;

/**
 * {@value SocketRules#CLOSEWAIT_PILEUP}: a process holds &gt;= {@code closeWait} CLOSE_WAIT
 * sockets, or they grow by &gt;= {@code growthPerMinute} a minute and number &gt;=
 * {@code growthMinimum}; critical at &gt;= {@code closeWaitCritical}, when also growing, or when the
 * process is blocked on a pipe. See {@link SocketRules}.
 */
public final class CloseWaitPileupRule extends SocketRule {
    public CloseWaitPileupRule() {
        this(Thresholds.DEFAULTS);
    }

    public CloseWaitPileupRule(Thresholds limits) {
        this(new SocketAssessment.Cache(limits));
    }

    CloseWaitPileupRule(SocketAssessment.Cache cache) {
        super(cache);
    }

    @Override
    public String id() {
        return SocketRules.CLOSEWAIT_PILEUP;
    }

    @Override
    Optional<Finding> raise(SocketAssessment a) {
        Thresholds limits = a.limits;
        SocketSnapshot s = a.now;
        Map<Key, Integer> before = a.ref.map(r -> counts(SocketAssessment.piles(r.snapshot()))).orElse(Map.of());
        double minutes = a.ref.map(r -> Duration.between(r.at(), a.at).toMillis() / 60000.0).orElse(0.0);
        List<Pile> hits = new ArrayList<>();
        Map<Pile, Double> growth = new HashMap<>();
        for (Pile p : a.piles.values()) {
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
                    : a.blocked.stream().filter(x -> x.pid() == p.key.pid()).findFirst();
            // owners lost to a cut output: a blocked writer or growth cannot be ruled out, so the
            // pile is judged as the worst it could be, never milder for the missing data
            boolean cannotRuleOut = p.key == Key.UNKNOWN && SocketAssessment.fdsCut(s);
            boolean crit = p.sockets.size() >= limits.closeWaitCritical()
                    || (p.sockets.size() >= limits.closeWait() && g != null && g > 0) || b.isPresent() || cannotRuleOut;
            Severity sev = crit ? Severity.CRITICAL : Severity.WARNING;
            if (sev.compareTo(worst) > 0) {
                worst = sev;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            if (p.key == Key.UNKNOWN) {
                m.put("pid", null);
                m.put("comm", null);
                m.put("owner", "unknown: " + SocketAssessment.unknownOwnerReason(s));
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

            String who = p.key == Key.UNKNOWN ? "processes that could not be seen (" + SocketAssessment.unknownOwnerReason(s) + ")"
                    : p.comm + " (pid " + p.key.pid() + ")";
            StringBuilder ph = new StringBuilder(who + " hold" + (p.key == Key.UNKNOWN ? "" : "s") + " " + p.sockets.size()
                    + " CLOSE_WAIT socket" + (p.sockets.size() == 1 ? "" : "s") + " with " + io.bedside.model.text.ByteSize.of(p.recvQ()) + " unread on port"
                    + (p.ports().size() == 1 ? " " : "s ") + SocketAssessment.portList(p.ports()));
            if (g != null) {
                ph.append(String.format(Locale.ROOT, ", %+.1f a minute", g));
            }
            b.ifPresent(x -> ph.append("; ").append(x.threads().size()).append(" of its threads are blocked writing to ")
                    .append(SocketAssessment.fdName(x)));
            phrases.add(ph.toString());
            if (shown++ < 5) {
                ev.add(new Evidence(source, a.caption("CLOSE_WAIT sockets of " + who, p.sockets.size()),
                        a.firstLines(p.sockets.stream().flatMap(t -> t.lines().stream().limit(1)).toList())));
                if (p.key != Key.UNKNOWN) {
                    s.fds().get().flatMap(t -> t.process(p.key.pid())).ifPresent(pr ->
                            ev.add(new Evidence(SocketSnapshot.FDS, "the process: fds, limit, start time", List.of(pr.line()))));
                    b.ifPresent(x -> ev.addAll(a.chain(x, false)));
                } else {
                    a.unreadableEvidence().ifPresent(ev::add);
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
        return Optional.of(new Finding(SocketRules.CLOSEWAIT_PILEUP, worst, summary, subjects, ev, List.copyOf(fixes.values())));
    }

    private static Map<Key, Integer> counts(Map<Key, Pile> piles) {
        Map<Key, Integer> m = new HashMap<>();
        piles.forEach((k, v) -> m.put(k, v.sockets.size()));
        return m;
    }
}
