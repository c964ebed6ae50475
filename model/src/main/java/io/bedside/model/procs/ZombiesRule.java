package io.bedside.model.procs;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Rule;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.fix.ProcessGuard;
import io.bedside.model.memory.MemorySnapshot;
import io.bedside.model.memory.ProcessMemory;
import io.bedside.model.sample.Sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@value ProcsRules#ZOMBIES}: zombies pile up under a parent that does not reap them (wait()).
 * A zombie holds only its pid and a task slot, but thousands of them fill kernel.pid_max or the
 * parent's cgroup pids.max, and then nothing can fork. The cure is the parent: signalled (TERM,
 * then KILL) or restarted, its zombies are re-parented to init, which reaps them. Never offered for
 * init itself, a kernel thread, or a process Bedside's session runs under.
 */
public final class ZombiesRule implements Rule {
    @Override
    public String id() {
        return ProcsRules.ZOMBIES;
    }

    @Override
    public List<Finding> evaluate(Sample latest, List<Sample> history) {
        Optional<List<ZombieParent>> parents = Zombies.of(latest);
        if (parents.isEmpty()) {
            return List.of();
        }
        List<ZombieParent> hits = parents.get().stream().filter(z -> z.zombies().size() >= ProcsRules.ZOMBIES_PER_PARENT
                || z.oldestAge().isPresent() && z.oldestAge().getAsDouble() >= ProcsRules.ZOMBIE_AGE_SECONDS).toList();
        if (hits.isEmpty()) {
            return List.of();
        }
        long total = parents.get().stream().mapToLong(z -> z.zombies().size()).sum();
        Optional<Long> pidMax = ProcsSnapshot.of(latest).limits().get().flatMap(l -> l.pidMax().isPresent()
                ? Optional.of(l.pidMax().getAsLong()) : Optional.empty());
        Severity sev = pidMax.filter(m -> m > 0 && 100 * total >= ProcsRules.ZOMBIES_CRITICAL_PERCENT * m).isPresent()
                ? Severity.CRITICAL : Severity.WARNING;
        ProcessGuard guard = guard(latest);
        List<Subject> subjects = new ArrayList<>();
        List<String> phrases = new ArrayList<>();
        Map<String, FixOffer> fixes = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (ZombieParent z : hits) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ppid", z.ppid());
            m.put("comm", z.comm().orElse(z.kernelParent() ? "(kernel thread)" : "?"));
            m.put("unit", z.unit().orElse(null));
            m.put("zombies", z.zombies().size());
            m.put("oldest_age", z.oldestAge().isPresent() ? (long) z.oldestAge().getAsDouble() : null);
            z.parentStart().ifPresent(st -> m.put("start", st));
            m.put("zombie_pids", z.zombies().stream().limit(20).map(ProcessMemory::pid).toList());
            subjects.add(Subject.of(Subject.Kind.PROCESS, m));
            phrases.add(z.comm().orElse("pid " + z.ppid()) + " (pid " + z.ppid() + ") has " + z.zombies().size() + " zombie"
                    + (z.zombies().size() == 1 ? "" : "s") + (z.oldestAge().isPresent() ? ", the oldest " + age(z.oldestAge().getAsDouble()) : ""));
            lines.add(m.get("comm") + " pid " + z.ppid() + ": " + z.zombies().size() + " zombies");
            z.zombies().stream().limit(5).forEach(p -> lines.add(p.line()));
            if (z.init()) {
                phrases.set(phrases.size() - 1, phrases.get(phrases.size() - 1) + " (init does not reap: no fix from here)");
                continue;
            }
            if (z.kernelParent() || !allowed(guard, z)) {
                continue;
            }
            fixes.putIfAbsent("signal:" + z.ppid(), new FixOffer(io.bedside.model.sockets.SocketFixPlans.SIGNAL,
                    ordered("pid", Integer.toString(z.ppid()), "signal", "TERM")));
            z.unit().ifPresent(u -> {
                try {
                    guard.checkUnit(u);
                    fixes.putIfAbsent("unit:" + u, FixOffer.of(io.bedside.model.sockets.SocketFixPlans.RESTART_UNIT, "unit", u));
                } catch (IllegalArgumentException e) {
                    // the session runs in that unit: never offered
                }
            });
        }
        String summary = "Zombies not reaped: " + String.join("; ", phrases.subList(0, Math.min(3, phrases.size())))
                + (phrases.size() > 3 ? "; and " + (phrases.size() - 3) + " more parents" : "")
                + ". The parent does not wait() for its children; ending or restarting it hands them to init, which reaps them.";
        List<Evidence> ev = List.of(new Evidence(MemorySnapshot.PROCS, "parents with " + ProcsRules.ZOMBIES_PER_PARENT
                + " or more zombies, or zombies older than " + ProcsRules.ZOMBIE_AGE_SECONDS / 60 + " minutes (" + total
                + " zombies on the host)", lines));
        return List.of(new Finding(ProcsRules.ZOMBIES, sev, summary, subjects, ev, List.copyOf(fixes.values())));
    }

    private static boolean allowed(ProcessGuard guard, ZombieParent z) {
        try {
            guard.checkProcess(z.ppid(), z.comm().orElse(""));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The processes no fix may signal, as far as this sample knows them (init, kernel threads, the probe and its ancestors). */
    static ProcessGuard guard(Sample s) {
        List<ProcessMemory> procs = MemorySnapshot.of(s).processes().get().map(t -> t.processes()).orElse(List.of());
        return ProcessGuard.of(s.output().probePid(), s.output().probeParentPid(),
                procs.stream().map(p -> new ProcessGuard.Proc(p.pid(), p.ppid(), p.comm(), p.unit())).toList(), List.of());
    }

    static String age(double seconds) {
        long s = (long) seconds;
        if (s < 120) {
            return s + " s old";
        }
        if (s < 7200) {
            return s / 60 + " min old";
        }
        if (s < 172800) {
            return s / 3600 + " h old";
        }
        return s / 86400 + " days old";
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
