package io.bedside.model.procs;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Rule;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.host.Pressure;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@value ProcsRules#STUCK}: threads in uninterruptible sleep (D) in {@value ProcsRules#STUCK_SAMPLES}
 * or more consecutive full samples, grouped by the kernel function they sleep in (wchan), with the
 * kernel's "blocked for more than N seconds" lines about them, the NFS servers the log says do not
 * answer, and I/O pressure. A D thread cannot be signalled, not even with KILL: what it waits on
 * (a disk, an NFS server, a FUSE daemon) has to answer, so this finding offers no fix; it shows the
 * chain and says so.
 */
public final class StuckRule implements Rule {
    @Override
    public String id() {
        return ProcsRules.STUCK;
    }

    @Override
    public List<Finding> evaluate(Sample latest, List<Sample> history) {
        Optional<List<StuckThread>> stuck = StuckThreads.of(latest, history, ProcsRules.STUCK_SAMPLES);
        if (stuck.isEmpty() || stuck.get().isEmpty()) {
            return List.of();
        }
        Map<String, List<StuckThread>> byWchan = new LinkedHashMap<>();
        for (StuckThread t : stuck.get()) {
            byWchan.computeIfAbsent(t.wchan().orElse("?"), k -> new ArrayList<>()).add(t);
        }
        boolean logged = stuck.get().stream().anyMatch(t -> !t.logged().isEmpty());
        List<Subject> subjects = new ArrayList<>();
        List<String> phrases = new ArrayList<>();
        List<String> threadLines = new ArrayList<>();
        List<String> logLines = new ArrayList<>();
        for (Map.Entry<String, List<StuckThread>> e : byWchan.entrySet()) {
            String wchan = e.getKey();
            Optional<String> on = e.getKey().equals("?") ? Optional.empty() : StuckThreads.waitsOn(wchan);
            Set<String> names = new LinkedHashSet<>();
            for (StuckThread t : e.getValue()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("pid", t.pid());
                m.put("tid", t.tid());
                m.put("comm", t.comm());
                m.put("wchan", t.wchan().orElse(null));
                m.put("since", t.since().toString());
                m.put("samples", t.samples());
                t.start().ifPresent(st -> m.put("start", st));
                on.ifPresent(o -> m.put("waits_on", o));
                if (!t.logged().isEmpty()) {
                    m.put("blocked_seconds", t.logged().get(t.logged().size() - 1).seconds().orElse(0));
                }
                subjects.add(Subject.of(Subject.Kind.PROCESS, m));
                names.add(t.comm() + " (pid " + t.pid() + (t.tid() != t.pid() ? " tid " + t.tid() : "") + ")");
                threadLines.add(t.pid() + " " + t.tid() + " D " + t.wchan().orElse("?") + " " + t.comm());
                t.logged().forEach(h -> logLines.add(h.line()));
            }
            List<String> n = new ArrayList<>(names);
            phrases.add(e.getValue().size() + " in " + (wchan.equals("?") ? "an unknown kernel function (wchan needs root)" : wchan)
                    + on.map(o -> " (" + o + ")").orElse("") + ": " + String.join(", ", n.subList(0, Math.min(3, n.size())))
                    + (n.size() > 3 ? " and " + (n.size() - 3) + " more" : ""));
        }
        List<String> nfs = new ArrayList<>();
        for (Sample s : history) {
            ProcsSnapshot.hangs(s.output()).get().ifPresent(hs -> hs.stream().filter(h -> h.server().isPresent())
                    .forEach(h -> nfs.add(h.line())));
        }
        if (history.stream().noneMatch(s -> s == latest)) {
            ProcsSnapshot.of(latest).hangs().get().ifPresent(hs -> hs.stream().filter(h -> h.server().isPresent())
                    .forEach(h -> nfs.add(h.line())));
        }
        List<String> servers = nfs.stream().distinct().toList();
        Optional<Pressure> io = ProcsSnapshot.of(latest).io().get();
        String psi = io.map(p -> "I/O pressure (PSI) some " + p.some().avg10() + "%"
                + p.full().map(f -> ", full " + f.avg10() + "%").orElse("") + " of the last 10 s")
                .orElse("I/O pressure: " + ProcsSnapshot.of(latest).io().describeAbsence());
        String summary = "Threads stuck in uninterruptible sleep (D) for " + ProcsRules.STUCK_SAMPLES + " samples or more: "
                + String.join("; ", phrases) + ". " + psi + "."
                + (servers.isEmpty() ? "" : " The kernel log says an NFS server does not answer.")
                + " No fix from here: a D thread ignores every signal, even KILL; what it waits on has to answer (or the host be rebooted).";
        List<Evidence> ev = new ArrayList<>();
        ev.add(new Evidence(SocketSnapshot.THREADS, "threads in D (pid tid state wchan name)", threadLines));
        if (!logLines.isEmpty()) {
            ev.add(new Evidence(ProcsSnapshot.KERNEL_LOG, "the kernel's hung-task watchdog", logLines.stream().distinct().toList()));
        }
        if (!servers.isEmpty()) {
            ev.add(new Evidence(ProcsSnapshot.KERNEL_LOG, "NFS servers that do not answer", servers));
        }
        io.ifPresent(p -> ev.add(new Evidence(ProcsSnapshot.PRESSURE_IO, "I/O pressure (/proc/pressure/io)",
                latest.output().section(ProcsSnapshot.PRESSURE_IO).map(x -> x.lines()).orElse(List.of()))));
        return List.of(new Finding(ProcsRules.STUCK, logged ? Severity.CRITICAL : Severity.WARNING, summary, subjects, ev, List.of()));
    }
}
