package io.bedside.model.sockets;

import io.bedside.model.findings.Chart;
import io.bedside.model.findings.FixKind;
import io.bedside.model.findings.Playbook;
import io.bedside.model.findings.Rule;
import io.bedside.model.fix.ProcessGuard;
import io.bedside.model.memory.MemorySnapshot;
import io.bedside.model.memory.ProcessMemory;
import io.bedside.model.probe.ProbeFragment;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SamplePart;

import java.util.ArrayList;
import java.util.HashSet;
import io.bedside.model.findings.Measure;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sockets, pipes and threads: CLOSE_WAIT piles, processes blocked writing to a pipe nobody reads,
 * (seed incident 004). Fds near their limit moved to the fd playbook.
 */
public final class SocketPlaybook implements Playbook {
    public static final String ID = "sockets";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Sockets, pipes and threads";
    }

    @Override
    public SamplePart<?> part() {
        return SocketSnapshot.PART;
    }

    @Override
    public List<ProbeFragment> fragments() {
        return List.of(ProbeFragment.beside(SocketSnapshot.class, "probe-sockets.sh"), ProbeFragment.FDS, ProbeFragment.THREADS);
    }

    @Override
    public List<String> findingIds() {
        return List.of(SocketRules.CLOSEWAIT_PILEUP, SocketRules.BLOCKED_ON_PIPE);
    }

    @Override
    public List<Rule> rules() {
        return SocketRules.all();
    }

    @Override
    public List<FixKind> fixes() {
        return List.of(
                new FixKind(SocketFixPlans.PIPE_DRAIN, "Drain the pipe the process is blocked writing to", "Drain the pipe…",
                        (s, p, uid) -> SocketFixPlans.plan(SocketFixPlans.PIPE_DRAIN, SocketSnapshot.of(s), p, guard(s))),
                new FixKind(SocketFixPlans.SIGNAL, "Signal the process (TERM, then KILL if it stays)", "Signal the process…",
                        (s, p, uid) -> SocketFixPlans.plan(SocketFixPlans.SIGNAL, SocketSnapshot.of(s), p, guard(s))),
                new FixKind(SocketFixPlans.RESTART_UNIT, "Restart the process's systemd unit", "Restart its unit…",
                        (s, p, uid) -> SocketFixPlans.plan(SocketFixPlans.RESTART_UNIT, SocketSnapshot.of(s), p, guard(s))));
    }

    @Override
    public List<String> standing(Sample sample) {
        List<String> out = new ArrayList<>();
        SocketSnapshot sn = SocketSnapshot.of(sample);
        sn.tcpCount(SocketState.CLOSE_WAIT).ifPresent(n -> out.add("TCP sockets in CLOSE_WAIT: " + n + " of " + sn.tcpTotal().orElse(0)));
        return out;
    }

    /** The TCP states the chart draws one line each; the rest are summed as "other states". */
    public static final List<SocketState> CHARTED = List.of(SocketState.ESTABLISHED, SocketState.CLOSE_WAIT,
            SocketState.TIME_WAIT, SocketState.LISTEN);

    @Override
    public List<Chart> charts() {
        List<Chart.Line> lines = new java.util.ArrayList<>();
        for (SocketState st : CHARTED) {
            lines.add(Chart.Line.of(st.name(), s -> {
                java.util.OptionalInt n = SocketSnapshot.of(s).tcpCount(st);
                return n.isPresent() ? OptionalDouble.of(n.getAsInt()) : OptionalDouble.empty();
            }));
        }
        lines.add(Chart.Line.of("other states", s -> {
            SocketSnapshot sn = SocketSnapshot.of(s);
            if (sn.tcpTotal().isEmpty()) {
                return OptionalDouble.empty();
            }
            int other = sn.tcpTotal().getAsInt();
            for (SocketState st : CHARTED) {
                other -= sn.tcpCount(st).orElse(0);
            }
            return OptionalDouble.of(other);
        }));
        return List.of(new Chart("sockets.tcp", "TCP sockets by state", "sockets", lines));
    }

    @Override
    public List<Measure> measures() {
        return List.of(
                new Measure("TCP CLOSE_WAIT", s -> {
                    java.util.OptionalInt n = SocketSnapshot.of(s).tcpCount(SocketState.CLOSE_WAIT);
                    return n.isPresent() ? Optional.of(Integer.toString(n.getAsInt())) : Optional.empty();
                }),
                new Measure("threads blocked writing a pipe", s -> SocketSnapshot.of(s).threads().isPresent()
                        ? Optional.of(Integer.toString(SocketSnapshot.of(s).blockedPipes().stream().mapToInt(p -> p.threads().size()).sum()))
                        : Optional.empty()));
    }

    @Override
    public Map<String, Object> data(Sample sample) {
        return SocketData.of(sample);
    }

    /**
     * What the sample knows of the processes no fix may signal or restart: the probe (its header's
     * pid), its ancestors (the process walk's ppid chain, or the trailer's ppid), and the kernel
     * threads: the pids the fd walk saw that this sample's own process walk, which leaves kernel
     * threads out, did not (not when that walk was carried from an earlier sample).
     */
    public static ProcessGuard guard(Sample sample) {
        var output = sample.output();
        List<ProcessMemory> procs = MemorySnapshot.of(sample).processes().get().map(t -> t.processes()).orElse(List.of());
        boolean fresh = MemorySnapshot.of(sample).processes().get().isPresent()
                && !output.carried().containsKey(MemorySnapshot.PROCS);
        Set<Integer> userSpace = new HashSet<>();
        procs.forEach(p -> userSpace.add(p.pid()));
        Set<Integer> kernel = new HashSet<>();
        if (fresh) {
            SocketSnapshot.of(sample).fds().get().ifPresent(t -> t.processes().keySet().forEach(pid -> {
                if (!userSpace.contains(pid)) {
                    kernel.add(pid);
                }
            }));
        }
        return ProcessGuard.of(output.probePid(), output.probeParentPid(),
                procs.stream().map(p -> new ProcessGuard.Proc(p.pid(), p.ppid(), p.comm(), p.unit())).toList(), kernel);
    }
}
