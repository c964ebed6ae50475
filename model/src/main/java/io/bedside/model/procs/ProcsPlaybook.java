package io.bedside.model.procs;

import io.bedside.model.findings.Chart;
import io.bedside.model.findings.FixKind;
import io.bedside.model.findings.Measure;
import io.bedside.model.findings.Playbook;
import io.bedside.model.findings.Rule;
import io.bedside.model.probe.ProbeFragment;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SamplePart;
import io.bedside.model.sockets.SocketSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Processes: zombies a parent does not reap, threads stuck in uninterruptible sleep, tasks near the
 * kernel's pid limits or a cgroup's pids.max (issue 12). It reads the process walk (memory part)
 * and the thread walk (socket part) and adds only the limits, the cgroups' pids and I/O pressure.
 * Its zombie fixes are the socket playbook's {@code proc.signal} and {@code proc.restart-unit},
 * offered for the parent; its own fix is {@value ProcsFixPlans#RAISE_LIMIT}.
 */
public final class ProcsPlaybook implements Playbook {
    public static final String ID = "procs";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Processes";
    }

    @Override
    public SamplePart<?> part() {
        return ProcsSnapshot.PART;
    }

    @Override
    public List<ProbeFragment> fragments() {
        return List.of(ProbeFragment.beside(ProcsSnapshot.class, "probe-procs.sh"), ProbeFragment.THREADS);
    }

    @Override
    public List<String> findingIds() {
        return ProcsRules.ids();
    }

    @Override
    public List<Rule> rules() {
        return ProcsRules.all();
    }

    @Override
    public List<FixKind> fixes() {
        return List.of(new FixKind(ProcsFixPlans.RAISE_LIMIT, "Raise a limit on tasks (kernel.pid_max, kernel.threads-max or a cgroup's pids.max)",
                "Raise the limit…", (s, p, uid) -> ProcsFixPlans.plan(ProcsSnapshot.of(s), p)));
    }

    @Override
    public List<String> standing(Sample sample) {
        List<String> out = new ArrayList<>();
        ProcsSnapshot p = ProcsSnapshot.of(sample);
        sample.load().get().ifPresent(l -> p.limits().get().ifPresent(lim -> out.add("Tasks: " + l.total()
                + (lim.pidMax().isPresent() ? " of kernel.pid_max " + lim.pidMax().getAsLong() : "")
                + (lim.threadsMax().isPresent() ? ", kernel.threads-max " + lim.threadsMax().getAsLong() : ""))));
        p.cgroups().get().ifPresent(t -> t.cgroups().stream().filter(c -> c.current().isPresent()).forEach(c ->
                out.add("cgroup " + c.path() + ": pids " + c.current().getAsLong() + " of pids.max " + c.max())));
        Zombies.count(sample).ifPresent(n -> out.add("Zombies: " + n));
        return out;
    }

    @Override
    public List<Chart> charts() {
        return List.of(
                new Chart("procs.tasks", "Tasks against the kernel's limits", "tasks", List.of(
                        Chart.Line.of("tasks", s -> s.load().get().map(l -> OptionalDouble.of(l.total())).orElse(OptionalDouble.empty())),
                        Chart.Line.limit("pid_max", s -> limit(s, PidLimits::pidMax)),
                        Chart.Line.limit("threads-max", s -> limit(s, PidLimits::threadsMax)))),
                new Chart("procs.states", "Zombies and threads in D", "tasks", List.of(
                        Chart.Line.of("zombies", s -> Zombies.count(s).isPresent()
                                ? OptionalDouble.of(Zombies.count(s).getAsLong()) : OptionalDouble.empty()),
                        Chart.Line.of("uninterruptible (D)", s -> SocketSnapshot.of(s).threads().get()
                                .map(t -> OptionalDouble.of(t.threads().stream().filter(x -> x.state() == 'D').count()))
                                .orElse(OptionalDouble.empty())))),
                new Chart("procs.cgroup-pids", "Fullest cgroup: pids and pids.max", "tasks", List.of(
                        Chart.Line.of("pids.current", s -> fullest(s).map(c -> OptionalDouble.of(c.current().getAsLong()))
                                .orElse(OptionalDouble.empty())),
                        Chart.Line.limit("pids.max", s -> fullest(s).map(c -> OptionalDouble.of(c.max())).orElse(OptionalDouble.empty())))));
    }

    /** The cgroup nearest its pids.max in a sample (by share), when the walk printed any. */
    public static Optional<CgroupPids> fullest(Sample s) {
        return ProcsSnapshot.of(s).cgroups().get().flatMap(t -> t.cgroups().stream().filter(c -> c.current().isPresent() && c.max() > 0)
                .max(java.util.Comparator.comparingDouble(c -> (double) c.current().getAsLong() / c.max())));
    }

    private static OptionalDouble limit(Sample s, java.util.function.Function<PidLimits, OptionalLong> f) {
        return ProcsSnapshot.of(s).limits().get().map(f).filter(OptionalLong::isPresent)
                .map(v -> OptionalDouble.of(v.getAsLong())).orElse(OptionalDouble.empty());
    }

    @Override
    public List<Measure> measures() {
        return List.of(
                new Measure("zombies", s -> Zombies.count(s).isPresent() ? Optional.of(Long.toString(Zombies.count(s).getAsLong())) : Optional.empty()),
                new Measure("tasks", s -> s.load().get().map(l -> Integer.toString(l.total())), 0.1),
                new Measure("fullest cgroup pids", s -> fullest(s).map(c -> c.current().getAsLong() + " of " + c.max() + " (" + c.path() + ")")));
    }

    @Override
    public Map<String, Object> data(Sample sample) {
        return ProcsData.of(sample);
    }

    /** Its fragment's sections and the kernel log, which the memory playbook's fragment prints. */
    @Override
    public java.util.Set<String> sections() {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(Playbook.super.sections());
        all.add(io.bedside.model.memory.MemorySnapshot.KERNEL_LOG);
        return java.util.Collections.unmodifiableSet(all);
    }
}
