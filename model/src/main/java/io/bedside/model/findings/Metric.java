package io.bedside.model.findings;

import io.bedside.model.sample.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * One number a monitoring engine keeps of a host: a line of a playbook's chart, so the check in
 * Icinga, Nagios or Prometheus graphs what the window and the report draw. Derived from the charts
 * ({@link #of(Chart)}); no playbook declares metrics of its own.
 *
 * @param name  a fixed name of lower-case letters, digits and underscores, such as
 *              {@code ipc_sem_arrays}: the chart's id, and the line's name when the chart has
 *              several lines
 * @param help  what it is, in one line
 * @param unit  its unit in the monitoring plugins' convention: {@code ""} (a count), {@code "%"} or
 *              {@code "B"} (bytes)
 * @param value its value in a sample, in {@code unit}; empty when the sample could not read it
 * @param max   the limit it runs against (the chart's one limit line, when the chart has one line
 *              besides it), in {@code unit}
 */
public record Metric(String name, String help, String unit, Function<Sample, OptionalDouble> value,
                     Optional<Function<Sample, OptionalDouble>> max) {
    public Metric {
        Objects.requireNonNull(name);
        Objects.requireNonNull(help);
        Objects.requireNonNull(unit);
        Objects.requireNonNull(value);
        Objects.requireNonNull(max);
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("metric name " + name + " is not lower-case letters, digits and underscores");
        }
    }

    /**
     * The metrics of a chart: one per line that is not a limit, and one per limit line (its name
     * ends in the limit's, such as {@code ipc_sem_arrays_semmni}). A chart of one line and one limit
     * gives that line the limit as its maximum.
     */
    public static List<Metric> of(Chart chart) {
        List<Chart.Line> data = chart.lines().stream().filter(l -> !l.limit()).toList();
        List<Chart.Line> limits = chart.lines().stream().filter(Chart.Line::limit).toList();
        String base = word(chart.id());
        double factor = factor(chart.unit());
        String unit = unit(chart.unit());
        String shown = factor == 1 ? chart.unit() : "bytes";
        List<Metric> out = new ArrayList<>();
        for (Chart.Line l : data) {
            String name = data.size() == 1 ? base : base + "_" + word(l.name());
            Optional<Function<Sample, OptionalDouble>> max = data.size() == 1 && limits.size() == 1
                    ? Optional.of(scaled(limits.get(0).value(), factor)) : Optional.empty();
            out.add(new Metric(name, chart.title() + (data.size() == 1 ? "" : ": " + l.name()) + " (" + shown + ")",
                    unit, scaled(l.value(), factor), max));
        }
        for (Chart.Line l : limits) {
            out.add(new Metric(base + "_" + word(l.name()), chart.title() + ": the limit " + l.name() + " (" + shown + ")",
                    unit, scaled(l.value(), factor), Optional.empty()));
        }
        return out;
    }

    private static Function<Sample, OptionalDouble> scaled(Function<Sample, OptionalDouble> f, double factor) {
        if (factor == 1) {
            return f;
        }
        return s -> {
            OptionalDouble v = f.apply(s);
            return v.isPresent() ? OptionalDouble.of(v.getAsDouble() * factor) : v;
        };
    }

    /** A chart's unit as the monitoring plugins write it: sizes in bytes, shares in %, anything else a count. */
    static String unit(String chartUnit) {
        String u = chartUnit.trim();
        if (u.startsWith("%")) {
            return "%";
        }
        return factor(u) != 1 || u.equals("B") || u.equals("bytes") ? "B" : "";
    }

    static double factor(String chartUnit) {
        return switch (chartUnit.trim()) {
            case "KiB" -> 1024;
            case "MiB" -> 1024 * 1024;
            case "GiB" -> 1024 * 1024 * 1024;
            default -> 1;
        };
    }

    /**
     * {@code ipc.sem.arrays} -> {@code ipc_sem_arrays}; {@code MemAvailable} -> {@code memavailable};
     * {@code uninterruptible (D)} -> {@code uninterruptible}: a part in parentheses is the legend's
     * aside, and a one-letter part would read as an abbreviated unit to Prometheus's linter.
     */
    static String word(String s) {
        String w = s.replaceAll("\\([^)]*\\)", " ").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^_+|_+$", "");
        return w.isEmpty() || !Character.isLetter(w.charAt(0)) ? "m_" + w : w;
    }
}
