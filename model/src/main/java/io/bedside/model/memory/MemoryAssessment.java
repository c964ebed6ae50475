package io.bedside.model.memory;

import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.sample.Sample;

import io.bedside.model.findings.LastResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What the memory rules of one playbook share: the operator's settings, and the figures past a
 * threshold of a sample ({@link #levels(Sample)}), which {@code mem.pressure} reports and
 * {@code mem.oom.next-victim} weighs. The levels of the last sample asked about are kept, so the
 * rules of one diagnosis compute them once; rules may run on different threads (a race computes
 * them twice, with the same result).
 */
final class MemoryAssessment {
    /** One figure past a threshold. */
    record Level(Severity severity, Subject subject, String phrase) {
    }

    final Set<String> critical;
    final MemoryRules.Thresholds thresholds;
    final Duration window;
    final Duration recent;
    private final LastResult<List<Level>> last = new LastResult<>();

    MemoryAssessment(Set<String> critical, MemoryRules.Thresholds thresholds, Duration window, Duration recent) {
        this.critical = Set.copyOf(critical);
        this.thresholds = thresholds;
        this.window = window;
        this.recent = recent;
    }

    /** The figures of {@code latest} past a threshold: PSI some, PSI full, MemAvailable, in that order. */
    List<Level> levels(Sample latest) {
        return last.get(() -> List.copyOf(compute(latest)), latest);
    }

    /** The worst of {@link #levels(Sample)}, if any. */
    Optional<Level> shortage(Sample latest) {
        return worst(levels(latest));
    }

    /** The worst of {@code levels}, if any. */
    static Optional<Level> worst(List<Level> levels) {
        return levels.stream().max((a, b) -> a.severity().compareTo(b.severity()));
    }

    private List<Level> compute(Sample latest) {
        List<Level> out = new ArrayList<>();
        MemoryRules.Thresholds t = thresholds;
        latest.memoryPressure().get().ifPresent(p -> {
            stall(out, "some avg10", p.some().avg10(), t.someAvg10Warning(), t.someAvg10Critical(),
                    "some task stalled on memory");
            p.full().ifPresent(f -> stall(out, "full avg10", f.avg10(), t.fullAvg10Warning(), t.fullAvg10Critical(),
                    "all tasks stalled on memory"));
        });
        latest.memory().get().ifPresent(mi -> {
            OptionalLong total = mi.memTotalKb();
            OptionalLong avail = mi.memAvailableKb();
            if (total.isPresent() && avail.isPresent() && total.getAsLong() > 0) {
                double pct = 100.0 * avail.getAsLong() / total.getAsLong();
                Severity s = pct < t.availableCritical() ? Severity.CRITICAL : pct < t.availableWarning() ? Severity.WARNING : null;
                if (s != null) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("metric", "MemAvailable");
                    m.put("available_kb", avail.getAsLong());
                    m.put("total_kb", total.getAsLong());
                    m.put("percent", MemoryRules.round(pct));
                    m.put("warning_below_percent", t.availableWarning());
                    m.put("critical_below_percent", t.availableCritical());
                    mi.swapTotalKb().ifPresent(v -> m.put("swap_total_kb", v));
                    mi.swapUsedKb().ifPresent(v -> m.put("swap_used_kb", v));
                    m.put("severity", s.token());
                    out.add(new Level(s, Subject.of(Subject.Kind.METRIC, m), String.format(Locale.ROOT,
                            "MemAvailable %s is %.1f%% of MemTotal (%s below %.0f%%)", io.bedside.model.text.ByteSize.ofKib(avail.getAsLong()), pct,
                            s.token(), s == Severity.CRITICAL ? t.availableCritical() : t.availableWarning())));
                }
            }
        });
        return out;
    }

    private static void stall(List<Level> out, String metric, double value, double warn, double crit, String words) {
        Severity s = value >= crit ? Severity.CRITICAL : value >= warn ? Severity.WARNING : null;
        if (s == null) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("metric", "psi memory " + metric);
        m.put("value_percent", value);
        m.put("warning_percent", warn);
        m.put("critical_percent", crit);
        m.put("severity", s.token());
        out.add(new Level(s, Subject.of(Subject.Kind.METRIC, m), String.format(Locale.ROOT, "PSI memory %s %.2f%%: %s (%s at %.0f%%)",
                metric, value, words, s.token(), s == Severity.CRITICAL ? crit : warn)));
    }
}
