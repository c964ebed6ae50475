package io.bedside.app.monitoring;

import io.bedside.model.findings.Metric;
import io.bedside.model.sample.Sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The operator's warning and critical thresholds per metric ({@code --warning ipc_sem_arrays=90%}):
 * a value above a threshold raises the check's status, beside the findings. A threshold is a
 * number in the metric's unit, or a percentage of the metric's limit (its maximum).
 */
public final class Thresholds {
    private final Map<String, Level> warning;
    private final Map<String, Level> critical;

    private Thresholds(Map<String, Level> warning, Map<String, Level> critical) {
        this.warning = warning;
        this.critical = critical;
    }

    /** One threshold: a number, or a share of the limit when {@code percent}. */
    record Level(double value, boolean percent) {
        OptionalDouble absolute(Metric m, Sample s) {
            if (!percent) {
                return OptionalDouble.of(value);
            }
            OptionalDouble max = m.max().map(f -> f.apply(s)).orElse(OptionalDouble.empty());
            return max.isPresent() ? OptionalDouble.of(max.getAsDouble() * value / 100) : OptionalDouble.empty();
        }

        @Override
        public String toString() {
            return Formats.number(value) + (percent ? "%" : "");
        }
    }

    public static Thresholds none() {
        return new Thresholds(Map.of(), Map.of());
    }

    /**
     * @throws IllegalArgumentException with one sentence: an unknown metric, a value that is not a
     *                                  number, a percentage of a metric without a limit
     */
    public static Thresholds parse(Map<String, String> warning, Map<String, String> critical, List<Metric> metrics) {
        return new Thresholds(levels(warning, metrics, "--warning"), levels(critical, metrics, "--critical"));
    }

    private static Map<String, Level> levels(Map<String, String> given, List<Metric> metrics, String flag) {
        Map<String, Level> out = new LinkedHashMap<>();
        given.forEach((name, v) -> {
            Metric m = metrics.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException(flag + " names no metric '" + name + "'; the metrics are: "
                            + String.join(", ", metrics.stream().map(Metric::name).toList()) + "."));
            boolean percent = v.endsWith("%");
            double d;
            try {
                d = Double.parseDouble(percent ? v.substring(0, v.length() - 1) : v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " " + name + "=" + v + " is not a number or a percentage.");
            }
            if (Double.isNaN(d) || Double.isInfinite(d) || d < 0) {
                throw new IllegalArgumentException(flag + " " + name + "=" + v + " is not a number or a percentage.");
            }
            if (percent && m.max().isEmpty()) {
                throw new IllegalArgumentException(flag + " " + name + "=" + v + ": " + name
                        + " has no limit to take a percentage of; give a number.");
            }
            out.put(name, new Level(d, percent));
        });
        return out;
    }

    Optional<Level> warning(Metric m) {
        return Optional.ofNullable(warning.get(m.name()));
    }

    Optional<Level> critical(Metric m) {
        return Optional.ofNullable(critical.get(m.name()));
    }

    /** A metric above one of its thresholds: the status it raises and the sentence that says so. */
    record Breach(int status, String line) {
    }

    /** Every breach in {@code s}, critical ones first. */
    List<Breach> breaches(List<Metric> metrics, Sample s) {
        List<Breach> crit = new ArrayList<>();
        List<Breach> warn = new ArrayList<>();
        for (Metric m : metrics) {
            OptionalDouble v = m.value().apply(s);
            if (v.isEmpty()) {
                continue;
            }
            Optional<Level> c = critical(m);
            Optional<Level> w = warning(m);
            OptionalDouble ca = c.map(l -> l.absolute(m, s)).orElse(OptionalDouble.empty());
            OptionalDouble wa = w.map(l -> l.absolute(m, s)).orElse(OptionalDouble.empty());
            if (ca.isPresent() && v.getAsDouble() > ca.getAsDouble()) {
                crit.add(new Breach(2, m.name() + " is " + Formats.number(v.getAsDouble()) + m.unit() + ", above the critical threshold " + c.get()));
            } else if (wa.isPresent() && v.getAsDouble() > wa.getAsDouble()) {
                warn.add(new Breach(1, m.name() + " is " + Formats.number(v.getAsDouble()) + m.unit() + ", above the warning threshold " + w.get()));
            }
        }
        crit.addAll(warn);
        return crit;
    }
}
