package io.bedside.model.disk;

import io.bedside.model.findings.Chart;
import io.bedside.model.findings.FixKind;
import io.bedside.model.findings.Measure;
import io.bedside.model.findings.Playbook;
import io.bedside.model.findings.Rule;
import io.bedside.model.probe.ProbeFragment;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SamplePart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Disks: full file systems, exhausted inodes, and space held by deleted files still open (issue 12).
 */
public final class DiskPlaybook implements Playbook {
    public static final String ID = "disk";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Disk";
    }

    @Override
    public SamplePart<?> part() {
        return DiskSnapshot.PART;
    }

    @Override
    public List<ProbeFragment> fragments() {
        return List.of(ProbeFragment.beside(DiskSnapshot.class, "probe-disk.sh"), ProbeFragment.FDS);
    }

    @Override
    public List<String> findingIds() {
        return DiskRules.IDS;
    }

    @Override
    public List<Rule> rules() {
        return DiskRules.all();
    }

    @Override
    public List<FixKind> fixes() {
        return List.of(new FixKind(DiskFixPlans.TRUNCATE, "Truncate a deleted file a process still holds open",
                "Truncate the deleted file…", (s, p, uid) -> DiskFixPlans.plan(s, p)));
    }

    @Override
    public List<String> standing(Sample sample) {
        List<String> out = new ArrayList<>();
        DiskAssessment a = DiskAssessment.of(sample, List.of());
        a.states().stream().filter(st -> st.full().isPresent() || a.heldBytes(st.fs()) > 0).forEach(st -> out.add(
                st.fs().mountPoint() + ": " + st.stat().usedPercent() + "% used, " + DiskRule.bytes(st.stat().availBytes())
                        + " available" + (a.heldBytes(st.fs()) > 0 ? ", deleted files still open hold "
                        + DiskRule.bytes(a.heldBytes(st.fs())) : "")));
        return out;
    }

    /** The fullest file system's use, blocks and inodes: what runs out first. */
    @Override
    public List<Chart> charts() {
        return List.of(new Chart("disk.used", "Fullest file system", "% used", List.of(
                        Chart.Line.of("blocks", s -> max(s, false)),
                        Chart.Line.of("inodes", s -> max(s, true)))),
                new Chart("disk.deleted", "Space held by deleted files still open", "MiB", List.of(
                        Chart.Line.of("held", DiskPlaybook::heldMiB))));
    }

    private static OptionalDouble max(Sample s, boolean inodes) {
        List<FsStat> st = DiskSnapshot.of(s).fileSystems().stream().filter(f -> !f.readOnly()).flatMap(f -> f.stat().stream())
                .filter(x -> !inodes || x.hasInodes()).toList();
        if (st.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(st.stream().mapToInt(x -> inodes ? x.inodesUsedPercent() : x.usedPercent()).max().orElse(0));
    }

    private static OptionalDouble heldMiB(Sample s) {
        if (DiskSnapshot.of(s).deleted().get().isEmpty()) {
            return OptionalDouble.empty();
        }
        DiskAssessment a = DiskAssessment.of(s, List.of());
        long sum = a.states().stream().mapToLong(st -> a.heldBytes(st.fs())).sum();
        return OptionalDouble.of(sum / 1048576.0);
    }

    @Override
    public List<Measure> measures() {
        return List.of(
                new Measure("fullest file system, % used", s -> max(s, false).isPresent()
                        ? Optional.of(Long.toString(Math.round(max(s, false).getAsDouble()))) : Optional.empty()),
                new Measure("deleted files still open, MiB", s -> heldMiB(s).isPresent()
                        ? Optional.of(String.format(java.util.Locale.ROOT, "%.1f", heldMiB(s).getAsDouble())) : Optional.empty(), 0.02));
    }

    @Override
    public Map<String, Object> data(Sample sample) {
        return DiskData.of(sample);
    }
}
