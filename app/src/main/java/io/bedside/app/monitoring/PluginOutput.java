package io.bedside.app.monitoring;

import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Metric;
import io.bedside.model.sample.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import static io.bedside.model.text.HostText.plugin;

/**
 * {@code diagnose --format nagios}: the monitoring plugins' output, read by Icinga 2, Nagios,
 * Naemon, Shinken and Sensu alike. The first line is the status word, the host and the worst
 * finding's summary, then {@code |} and the performance data; the lines after it are the long
 * output, one per finding and per threshold crossed. Host text is shown through
 * {@link io.bedside.model.text.HostText#plugin}, so no name can end a line or start performance data.
 *
 * <p>Performance data: {@code 'label'=value[unit];warn;crit;min;max} per metric the sample holds
 * (a metric it could not read is left out, never written as 0), with the operator's thresholds
 * and the metric's limit as its maximum, e.g. {@code ipc_sem_arrays=24;22;24;0;24}.
 */
public final class PluginOutput {
    private PluginOutput() {
    }

    /** The status words, by exit status. */
    public static String word(int status) {
        return switch (status) {
            case 0 -> "OK";
            case 1 -> "WARNING";
            case 2 -> "CRITICAL";
            default -> "UNKNOWN";
        };
    }

    /** What the check prints and its exit status. */
    public record Check(int status, String text) {
    }

    /**
     * @param status what the findings decided (3 for a cut sample)
     * @param note   a line on why the diagnosis is partial (a cut probe output), or empty
     */
    public static Check of(String host, Sample s, List<Finding> findings, int status, String note,
                           List<Metric> metrics, Thresholds thresholds) {
        List<Thresholds.Breach> breaches = thresholds.breaches(metrics, s);
        int worst = status;
        if (status != 3) {
            for (Thresholds.Breach b : breaches) {
                worst = Math.max(worst, b.status());
            }
        }
        String headline;
        int others = findings.size() + breaches.size() - 1;
        if (!findings.isEmpty()) {
            headline = findings.get(0).id() + ": " + findings.get(0).summary();
        } else if (!breaches.isEmpty()) {
            headline = breaches.get(0).line();
        } else if (!note.isEmpty()) {
            headline = note;
        } else {
            headline = "no findings";
        }
        if (others > 0) {
            headline += " (and " + others + " more)";
        }
        StringBuilder out = new StringBuilder();
        out.append(plugin("BEDSIDE " + word(worst) + " - " + host + ": " + headline));
        String perf = performanceData(s, metrics, thresholds);
        if (!perf.isEmpty()) {
            out.append(" | ").append(perf);
        }
        out.append('\n');
        for (Finding f : findings) {
            out.append(plugin("[" + f.severity().name() + "] " + f.id() + ": " + f.summary())).append('\n');
        }
        for (Thresholds.Breach b : breaches) {
            out.append(plugin("[" + word(b.status()) + "] " + b.line())).append('\n');
        }
        if (!note.isEmpty() && !headline.startsWith(note)) {
            out.append(plugin(note)).append('\n');
        }
        return new Check(worst, out.toString());
    }

    /** The first line alone, when no sample could be taken: UNKNOWN and why. */
    public static Check unknown(String host, String why) {
        return new Check(3, plugin("BEDSIDE UNKNOWN - " + host + ": " + why) + "\n");
    }

    static String performanceData(Sample s, List<Metric> metrics, Thresholds thresholds) {
        List<String> parts = new ArrayList<>();
        for (Metric m : metrics) {
            OptionalDouble v = m.value().apply(s);
            if (v.isEmpty()) {
                continue;
            }
            String warn = thresholds.warning(m).map(l -> l.absolute(m, s)).filter(OptionalDouble::isPresent)
                    .map(d -> Formats.number(d.getAsDouble())).orElse("");
            String crit = thresholds.critical(m).map(l -> l.absolute(m, s)).filter(OptionalDouble::isPresent)
                    .map(d -> Formats.number(d.getAsDouble())).orElse("");
            OptionalDouble max = m.max().map(f -> f.apply(s)).orElse(OptionalDouble.empty());
            String p = m.name() + "=" + Formats.number(v.getAsDouble()) + m.unit() + ";" + warn + ";" + crit + ";0;"
                    + (max.isPresent() ? Formats.number(max.getAsDouble()) : "");
            parts.add(p.replaceAll(";+$", ""));
        }
        return String.join(" ", parts);
    }
}
