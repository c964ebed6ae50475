package io.bedside.model.memory;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Rule;
import io.bedside.model.probe.SourceStatus;
import io.bedside.model.sample.Sample;

import java.util.ArrayList;
import java.util.List;

/**
 * {@value MemoryRules#PRESSURE}: PSI memory some/full avg10, or MemAvailable as a share of
 * MemTotal, past a threshold; a warning or critical, by the worst threshold passed.
 */
final class MemoryPressureRule implements Rule {
    private final MemoryAssessment assessment;

    MemoryPressureRule(MemoryAssessment assessment) {
        this.assessment = assessment;
    }

    @Override
    public String id() {
        return MemoryRules.PRESSURE;
    }

    @Override
    public List<Finding> evaluate(Sample latest, List<Sample> history) {
        List<MemoryAssessment.Level> levels = assessment.levels(latest);
        if (levels.isEmpty()) {
            return List.of();
        }
        StringBuilder summary = new StringBuilder("Memory is short: ");
        summary.append(String.join("; ", levels.stream().map(MemoryAssessment.Level::phrase).toList()));
        if (!latest.memoryPressure().isPresent()) {
            summary.append("; PSI ").append(latest.memoryPressure().describeAbsence());
        }
        List<Evidence> ev = new ArrayList<>();
        latest.output().section("pressure-memory").filter(s -> s.status() == SourceStatus.OK)
                .ifPresent(s -> ev.add(new Evidence("pressure-memory", "/proc/pressure/memory", s.lines())));
        latest.output().section("meminfo").filter(s -> s.status() == SourceStatus.OK).ifPresent(s -> ev.add(
                new Evidence("meminfo", "/proc/meminfo (memory, swap, commit)", s.lines().stream()
                        .filter(l -> l.startsWith("MemTotal:") || l.startsWith("MemAvailable:") || l.startsWith("SwapTotal:")
                                || l.startsWith("SwapFree:") || l.startsWith("Committed_AS:") || l.startsWith("CommitLimit:"))
                        .toList())));
        return List.of(new Finding(MemoryRules.PRESSURE, MemoryAssessment.worst(levels).orElseThrow().severity(), summary.toString(),
                levels.stream().map(MemoryAssessment.Level::subject).toList(), ev, List.of()));
    }
}
