package io.bedside.model.memory;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Rule;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.sample.Sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@value MemoryRules#OOM_KILLED}: an OOM kill in the kernel log, every one the log still holds,
 * newest first; critical when one is newer than {@code recent} or arrived during the session, else
 * a warning. The kernel log is read incrementally (each sample holds only what is new since the
 * last), so the kills are gathered from every sample of the history and the latest, once each.
 */
final class OomKilledRule implements Rule {
    private final MemoryAssessment assessment;

    OomKilledRule(MemoryAssessment assessment) {
        this.assessment = assessment;
    }

    @Override
    public String id() {
        return MemoryRules.OOM_KILLED;
    }

    @Override
    public List<Finding> evaluate(Sample latest, List<Sample> history) {
        MemorySnapshot memory = MemorySnapshot.of(latest);
        List<Kill> kills = gatherKills(latest, memory, history);
        if (kills.isEmpty()) {
            return List.of();
        }
        return List.of(killed(kills, memory, latest.hostTime()));
    }

    /** A kill, and whether it arrived during the session (read after the first, full read). */
    record Kill(OomEvent event, boolean arrivedLive) {
    }

    private static List<Kill> gatherKills(Sample latest, MemorySnapshot memory, List<Sample> history) {
        List<Kill> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Sample s : history) {
            if (s == latest) {
                continue;
            }
            MemorySnapshot.kernelLog(s.output(), new ArrayList<ParseProblem>()).get()
                    .ifPresent(k -> add(all, seen, k));
        }
        memory.kernelLog().get().ifPresent(k -> add(all, seen, k));
        List<Kill> newest = new ArrayList<>(all.reversed());
        if (newest.stream().allMatch(k -> k.event().time().isPresent())) {
            newest.sort((a, b) -> b.event().time().get().compareTo(a.event().time().get()));
        }
        return newest;
    }

    private static void add(List<Kill> all, Set<String> seen, KernelLog log) {
        boolean live = log.source().map(s -> !s.fromStart()).orElse(false);
        for (OomEvent e : log.kills()) {
            // the same kill read twice (a source read again from the start) has the same kill message
            String key = e.pid() + "|" + LogStamps.split(e.killLine(), LogClock.UTC).message().strip();
            if (seen.add(key)) {
                all.add(new Kill(e, live));
            }
        }
    }

    private Finding killed(List<Kill> kills, MemorySnapshot memory, Instant now) {
        Map<String, Integer> running = new LinkedHashMap<>();
        memory.processes().get().ifPresent(t -> t.processes().forEach(p -> running.putIfAbsent(p.comm(), p.pid())));
        List<Subject> subjects = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        boolean urgent = false;
        for (Kill k : kills) {
            OomEvent e = k.event();
            boolean fresh = k.arrivedLive() || e.time().map(t -> !t.isBefore(now.minus(assessment.recent))).orElse(false);
            urgent |= fresh;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", e.pid());
            m.put("comm", e.comm());
            m.put("time", e.time().map(Instant::toString).orElse("unknown"));
            m.put("stamp", e.stamp());
            m.put("anon_rss_kb", MemoryRules.known(e.anonRssKb()));
            m.put("file_rss_kb", MemoryRules.known(e.fileRssKb()));
            m.put("shmem_rss_kb", MemoryRules.known(e.shmemRssKb()));
            m.put("total_vm_kb", MemoryRules.known(e.totalVmKb()));
            m.put("oom_score_adj", e.oomScoreAdj().isPresent() ? (Object) e.oomScoreAdj().getAsInt() : "unknown");
            m.put("uid", MemoryRules.known(e.uid()));
            m.put("constraint", e.constraint().orElse(e.memcgOom() ? "CONSTRAINT_MEMCG" : "unknown"));
            m.put("memcg", e.memcg().orElse(e.memcgOom() ? "unknown" : ""));
            m.put("task_memcg", e.taskMemcg().orElse("unknown"));
            m.put("scope", e.memcgOom() ? "memory cgroup" : e.constraint().isPresent() || !e.message().isEmpty() ? "system" : "unknown");
            m.put("trigger_comm", e.trigger().map(OomEvent.Trigger::comm).orElse("unknown"));
            m.put("trigger_pid", e.trigger().flatMap(t -> t.pid().isPresent() ? Optional.of((Object) t.pid().getAsInt()) : Optional.empty())
                    .orElse("unknown"));
            m.put("new", fresh);
            Integer again = running.get(e.comm());
            if (again != null) {
                m.put("now_running_pid", again);
            }
            subjects.add(Subject.of(Subject.Kind.KILL, m));
            if (evidence.size() < MemoryRules.EVIDENCE_KILLS) {
                evidence.add(new Evidence(MemorySnapshot.KERNEL_LOG, "OOM kill of " + e.comm() + " (pid " + e.pid() + ")"
                        + e.time().map(t -> " at " + MemoryRules.WORDS.format(t)).orElse(e.stamp().isEmpty() ? "" : " " + e.stamp()),
                        e.lines()));
            }
        }
        memory.oomKills().get().ifPresent(n -> evidence.add(new Evidence(MemorySnapshot.VMSTAT,
                "OOM kills since boot (/proc/vmstat)", List.of("oom_kill " + n))));
        OomEvent newest = kills.get(0).event();
        StringBuilder summary = new StringBuilder("The OOM killer killed ").append(newest.comm()).append(" (pid ")
                .append(newest.pid()).append(")");
        newest.time().ifPresent(t -> summary.append(" at ").append(MemoryRules.WORDS.format(t)));
        if (newest.memcgOom()) {
            summary.append(": its memory cgroup ").append(newest.memcg().map(c -> c + " ").orElse("")).append("was at its limit");
        } else if (newest.constraint().isPresent() || !newest.message().isEmpty()) {
            summary.append(": the system was out of memory");
        }
        summary.append('.');
        newest.anonRssKb().ifPresent(kb -> summary.append(" It held ").append(io.bedside.model.text.ByteSize.ofKib(kb))
                .append(" of anonymous memory."));
        if (kills.size() > 1) {
            summary.append(" The kernel log holds ").append(kills.size()).append(" kills.");
        }
        // protect the process of that name running again (the newest kill's first)
        List<FixOffer> fixes = subjects.stream().filter(s -> s.get("now_running_pid") instanceof Number).findFirst()
                .map(s -> List.of(FixOffer.of(MemoryFixPlans.PROTECT, "pid", s.get("now_running_pid").toString())))
                .orElse(List.of());
        return new Finding(MemoryRules.OOM_KILLED, urgent ? Severity.CRITICAL : Severity.WARNING, summary.toString(), subjects,
                evidence, fixes);
    }
}
