package io.bedside.ui.procs;

import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.procs.CgroupPids;
import io.bedside.model.procs.PidLimits;
import io.bedside.model.procs.ProcsRules;
import io.bedside.model.procs.ProcsSnapshot;
import io.bedside.model.procs.StuckThread;
import io.bedside.model.procs.StuckThreads;
import io.bedside.model.procs.ZombieParent;
import io.bedside.model.procs.Zombies;
import io.bedside.model.sample.Sample;
import io.bedside.ui.findings.FindingItem;
import io.bedside.ui.findings.FindingItems;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One sample's rows of the processes area: the findings, zombies by parent, threads in D (with how
 * many full samples saw them there), the cgroups near their pids.max, and the task count against
 * the kernel's limits. Built off the FX thread.
 */
public record ProcsRows(List<FindingItem> findings, List<Row> zombies, List<Row> stuck, List<Row> cgroups, String tasks,
                        String absence) {
    public ProcsRows {
        findings = List.copyOf(findings);
        zombies = List.copyOf(zombies);
        stuck = List.copyOf(stuck);
        cgroups = List.copyOf(cgroups);
    }

    /** A table row: a key (pid, tid, path) and its cells, host text raw (the cells show it through HostText). */
    public record Row(String key, List<String> cells) {
        public Row {
            cells = List.copyOf(cells);
        }
    }

    static ProcsRows of(Sample latest, List<Sample> history) {
        List<Sample> h = history.isEmpty() ? List.of(latest) : history;
        List<FindingItem> findings = new ArrayList<>();
        for (Finding f : new Diagnosis(ProcsRules.all()).run(latest, h)) {
            findings.add(FindingItems.of(f));
        }
        List<Row> zombies = new ArrayList<>();
        Optional<List<ZombieParent>> zs = Zombies.of(latest);
        zs.ifPresent(list -> list.forEach(z -> zombies.add(new Row(Integer.toString(z.ppid()), List.of(
                Integer.toString(z.ppid()), z.comm().orElse(z.kernelParent() ? "(kernel thread)" : "?"), z.unit().orElse("–"),
                Integer.toString(z.zombies().size()),
                z.oldestAge().isPresent() ? age((long) z.oldestAge().getAsDouble()) : "unknown")))));
        List<Row> stuck = new ArrayList<>();
        StuckThreads.of(latest, h, 1).ifPresent(list -> {
            for (StuckThread t : list) {
                stuck.add(new Row(t.pid() + "/" + t.tid(), List.of(Integer.toString(t.pid()), Integer.toString(t.tid()), t.comm(),
                        t.wchan().orElse("? (needs root)"), t.wchan().flatMap(StuckThreads::waitsOn).orElse(""),
                        Integer.toString(t.samples()))));
            }
        });
        ProcsSnapshot p = ProcsSnapshot.of(latest);
        List<Row> cgroups = new ArrayList<>();
        p.cgroups().get().ifPresent(t -> {
            for (CgroupPids c : t.cgroups()) {
                cgroups.add(new Row(c.ref(), List.of(c.version(), c.path(),
                        c.current().isPresent() ? Long.toString(c.current().getAsLong()) : "?", Long.toString(c.max()),
                        c.percent().isPresent() ? c.percent().getAsLong() + "%" : "?",
                        c.eventsMax().isPresent() ? Long.toString(c.eventsMax().getAsLong()) : "?")));
            }
        });
        String tasks = latest.load().get().map(l -> {
            Optional<PidLimits> lim = p.limits().get();
            return l.total() + " tasks (threads) · kernel.pid_max " + lim.flatMap(x -> x.pidMax().isPresent()
                    ? Optional.of(Long.toString(x.pidMax().getAsLong())) : Optional.empty()).orElse(p.limits().describeAbsence())
                    + " · kernel.threads-max " + lim.flatMap(x -> x.threadsMax().isPresent()
                    ? Optional.of(Long.toString(x.threadsMax().getAsLong())) : Optional.empty()).orElse(p.limits().describeAbsence())
                    + " · " + zombies.stream().mapToInt(r -> Integer.parseInt(r.cells().get(3))).sum() + " zombies · "
                    + stuck.size() + " threads in D";
        }).orElse("/proc/loadavg: " + latest.load().describeAbsence());
        String absence = zs.isEmpty() ? "The process walk was not read: " + Zombies.absence(latest) + "." : "";
        return new ProcsRows(findings, zombies, stuck, cgroups, tasks, absence);
    }

    static String age(long s) {
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        if (s < 172800) {
            return s / 3600 + " h";
        }
        return s / 86400 + " days";
    }
}
