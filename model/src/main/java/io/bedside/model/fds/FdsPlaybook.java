package io.bedside.model.fds;

import io.bedside.model.findings.Chart;
import io.bedside.model.findings.FixKind;
import io.bedside.model.findings.Measure;
import io.bedside.model.findings.Playbook;
import io.bedside.model.findings.Rule;
import io.bedside.model.probe.ProbeFragment;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SamplePart;
import io.bedside.model.sockets.ProcessFds;
import io.bedside.model.sockets.SocketSnapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * File descriptors (issue 12): the system's open-file table (fs.file-nr against fs.file-max) and
 * each process's fds against its RLIMIT_NOFILE, with the processes whose fds keep growing. The
 * per-process side reads the shared fd walk through the socket part.
 */
public final class FdsPlaybook implements Playbook {
    public static final String ID = "fds";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "File descriptors";
    }

    @Override
    public SamplePart<?> part() {
        return FdsSnapshot.PART;
    }

    @Override
    public List<ProbeFragment> fragments() {
        return List.of(ProbeFragment.beside(FdsSnapshot.class, "probe-fdtable.sh"), ProbeFragment.FDS);
    }

    @Override
    public List<String> findingIds() {
        return List.of(FdsRules.SYSTEM_EXHAUSTED, FdsRules.NEAR_LIMIT, FdsRules.LEAK);
    }

    @Override
    public List<Rule> rules() {
        return FdsRules.all();
    }

    @Override
    public List<FixKind> fixes() {
        return List.of(
                new FixKind(FdsFixPlans.RAISE_FILE_MAX, "Raise the system's open-file limit (fs.file-max)", "Raise fs.file-max…",
                        (s, p, uid) -> FdsFixPlans.plan(FdsFixPlans.RAISE_FILE_MAX, FdsSnapshot.of(s), SocketSnapshot.of(s), p)),
                new FixKind(FdsFixPlans.RAISE_LIMIT, "Raise a process's open-files limit (prlimit)", "Raise its limit…",
                        (s, p, uid) -> FdsFixPlans.plan(FdsFixPlans.RAISE_LIMIT, FdsSnapshot.of(s), SocketSnapshot.of(s), p)));
    }

    @Override
    public List<String> standing(Sample sample) {
        List<String> out = new ArrayList<>();
        FdsSnapshot.of(sample).table().get().ifPresent(t -> out.add("Open files of the system: " + t.inUse() + " of fs.file-max "
                + t.max() + t.percent().map(p -> " (" + Math.round(p) + "%)").orElse("")));
        byUse(sample).stream().findFirst().ifPresent(p -> out.add("Most of its open-files limit: " + p.comm() + " (pid " + p.pid()
                + "), " + p.fdCount().getAsInt() + " of " + p.nofileSoft().getAsLong() + " (hard " + (p.nofileHard().isPresent()
                ? Long.toString(p.nofileHard().getAsLong()) : "unlimited") + ")"));
        return out;
    }

    /** Readable processes with a soft limit, by fds over that limit, highest first. */
    public static List<ProcessFds> byUse(Sample sample) {
        return SocketSnapshot.of(sample).fds().get().map(t -> t.processes().values().stream()
                .filter(p -> p.fdCount().isPresent() && p.nofileSoft().isPresent() && p.nofileSoft().getAsLong() > 0)
                .sorted(Comparator.comparingDouble((ProcessFds p) -> -use(p)).thenComparingInt(ProcessFds::pid))
                .toList()).orElse(List.of());
    }

    /** fds / soft limit, 0..1 and above. */
    public static double use(ProcessFds p) {
        return (double) p.fdCount().getAsInt() / p.nofileSoft().getAsLong();
    }

    @Override
    public List<Chart> charts() {
        return List.of(
                new Chart("fds.system", "Open files of the system (fs.file-nr)", "file handles", List.of(
                        Chart.Line.of("allocated", s -> FdsSnapshot.of(s).table().get()
                                .map(t -> OptionalDouble.of(t.inUse())).orElse(OptionalDouble.empty())),
                        Chart.Line.limit("fs.file-max", s -> FdsSnapshot.of(s).table().get()
                                .map(t -> OptionalDouble.of(t.max())).orElse(OptionalDouble.empty())))),
                new Chart("fds.process", "The process nearest its open-files limit: its fds and soft limit", "fds", List.of(
                        Chart.Line.of("fds", s -> top(s).map(p -> OptionalDouble.of(p.fdCount().getAsInt())).orElse(OptionalDouble.empty())),
                        Chart.Line.limit("its soft limit", s -> top(s).map(p -> OptionalDouble.of(p.nofileSoft().getAsLong()))
                                .orElse(OptionalDouble.empty())))));
    }

    private static Optional<ProcessFds> top(Sample s) {
        return byUse(s).stream().findFirst();
    }

    @Override
    public List<Measure> measures() {
        return List.of(
                new Measure("fs.file-max", s -> FdsSnapshot.of(s).table().get().map(t -> Long.toString(t.max()))),
                new Measure("file handles allocated", s -> FdsSnapshot.of(s).table().get().map(t -> Long.toString(t.inUse())), 0.1),
                new Measure("most of a process's open-files limit", s -> top(s).map(p -> p.comm() + " (pid " + p.pid() + ") "
                        + p.fdCount().getAsInt() + " of " + p.nofileSoft().getAsLong())));
    }

    @Override
    public Map<String, Object> data(Sample sample) {
        return FdsData.of(sample);
    }
}
