package io.bedside.model.sockets;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.sockets.SocketRules.Thresholds;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.bedside.model.sockets.SocketAssessment.offer;

/**
 * {@value SocketRules#BLOCKED_ON_PIPE}: threads sleep in the kernel's pipe write; critical when no
 * process holds the read end or the process also piles up CLOSE_WAIT, warning when it was blocked
 * in the earlier sample too or no readable process holds the read end, else info. See
 * {@link SocketRules}.
 */
public final class BlockedOnPipeRule extends SocketRule {
    public BlockedOnPipeRule() {
        this(Thresholds.DEFAULTS);
    }

    public BlockedOnPipeRule(Thresholds limits) {
        this(new SocketAssessment.Cache(limits));
    }

    BlockedOnPipeRule(SocketAssessment.Cache cache) {
        super(cache);
    }

    @Override
    public String id() {
        return SocketRules.BLOCKED_ON_PIPE;
    }

    @Override
    Optional<Finding> raise(SocketAssessment a) {
        if (a.blocked.isEmpty()) {
            return Optional.empty();
        }
        SocketSnapshot s = a.now;
        Severity worst = Severity.INFO;
        List<Subject> subjects = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        List<String> phrases = new ArrayList<>();
        Map<String, FixOffer> fixes = new LinkedHashMap<>();
        List<BlockedPipe> order = new ArrayList<>(a.blocked);
        order.sort(Comparator.comparing((BlockedPipe b) -> a.severity(b)).reversed()
                .thenComparing(b -> -b.threads().size()));
        for (BlockedPipe b : order) {
            int cw = a.closeWaitCount(b);
            boolean persisted = a.persisted(b);
            Optional<PipeEnds> ends = b.ends();
            boolean complete = ends.map(PipeEnds::complete).orElse(false);
            Severity sev = a.severity(b);
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
            ev.addAll(a.chain(b, true));
            if (b.fd().isPresent() && b.pipe().isPresent() && b.startTime().isPresent()) {
                offer(fixes, SocketFixPlans.PIPE_DRAIN, "pid", Integer.toString(b.pid()), "fd", Integer.toString(b.fd().getAsInt()));
            }
            offer(fixes, SocketFixPlans.SIGNAL, "pid", Integer.toString(b.pid()));
            s.unit(b.pid()).ifPresent(u -> offer(fixes, SocketFixPlans.RESTART_UNIT, "unit", u));
        }
        String summary = String.join("; ", phrases.subList(0, Math.min(3, phrases.size())))
                + (phrases.size() > 3 ? "; and " + (phrases.size() - 3) + " more" : "");
        return Optional.of(new Finding(SocketRules.BLOCKED_ON_PIPE, worst, summary, subjects, ev, List.copyOf(fixes.values())));
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
                .append(n == 1 ? ") is" : ") are").append(" blocked writing to ").append(SocketAssessment.fdName(b));
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
}
