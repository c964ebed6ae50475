package io.bedside.model.memory;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Rule;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.probe.Reading;
import io.bedside.model.probe.SourceStatus;
import io.bedside.model.sample.Sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@value MemoryRules#LOG_UNREADABLE}: the kernel log could not be read; a warning when the kernel
 * counted OOM kills (vmstat oom_kill), else info. No kill is made up.
 */
final class OomLogUnreadableRule implements Rule {
    @Override
    public String id() {
        return MemoryRules.LOG_UNREADABLE;
    }

    @Override
    public List<Finding> evaluate(Sample latest, List<Sample> history) {
        MemorySnapshot memory = MemorySnapshot.of(latest);
        if (!(memory.kernelLog() instanceof Reading.Absent<KernelLog> a)) {
            return List.of();
        }
        OptionalLong count = memory.oomKills().get().map(OptionalLong::of).orElse(OptionalLong.empty());
        boolean killsHappened = count.isPresent() && count.getAsLong() > 0;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", MemorySnapshot.KERNEL_LOG);
        m.put("status", a.status().token());
        m.put("reason", a.detail());
        m.put("oom_kill", count.isPresent() ? (Object) count.getAsLong() : "unknown");
        String advice = a.status() == SourceStatus.NEEDS_ROOT
                ? "switch on administrative access (sudo) to read it" : "it is " + a.status().describe();
        m.put("advice", advice);
        String summary = "The kernel log cannot be read: " + memory.kernelLog().describeAbsence() + ". "
                + (killsHappened ? "The kernel has OOM-killed " + count.getAsLong() + " process"
                + (count.getAsLong() == 1 ? "" : "es") + " since boot, but which cannot be shown." : "OOM kills cannot be shown.")
                + (a.status() == SourceStatus.NEEDS_ROOT ? " Switch on administrative access (sudo) to read it." : "");
        List<Evidence> ev = new ArrayList<>();
        ev.add(new Evidence(MemorySnapshot.KERNEL_LOG, MemorySnapshot.KERNEL_LOG + " " + memory.kernelLog().describeAbsence(), List.of()));
        count.ifPresent(n -> ev.add(new Evidence(MemorySnapshot.VMSTAT, "OOM kills since boot (/proc/vmstat)", List.of("oom_kill " + n))));
        return List.of(new Finding(MemoryRules.LOG_UNREADABLE, killsHappened ? Severity.WARNING : Severity.INFO, summary,
                List.of(Subject.of(Subject.Kind.SOURCE, m)), ev, List.of()));
    }
}
