package io.bedside.model.findings;

import io.bedside.model.sample.Sample;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * One chart a playbook draws over time: the window's area and the report draw the same lines from
 * the same functions, so what the operator saw live is what the report shows afterwards.
 *
 * @param id    a short fixed id, such as {@code ipc.sem}; the report and the tests name charts by it
 * @param title what it shows, such as "Semaphore arrays"
 * @param unit  the y axis' unit, such as "arrays" or "MiB"
 * @param lines its lines, in drawing order
 */
public record Chart(String id, String title, String unit, List<Line> lines) {
    public Chart {
        Objects.requireNonNull(id);
        Objects.requireNonNull(title);
        Objects.requireNonNull(unit);
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("chart " + id + " has no lines");
        }
    }

    /**
     * How many times the other lines' largest value a limit may be and still set the value axis: a
     * limit far above what is in use (SEMMNI 32000 against 128 arrays) would flatten the lines in use
     * to the floor and hide the incident, so such a limit runs above the chart and its legend says
     * how high it goes. The window and the report both follow this rule.
     */
    public static final double LIMIT_ROOM = 4;

    /** Whether a limit value {@code limit} sets the value axis beside lines whose largest value is {@code data}. */
    public static boolean limitSetsAxis(double limit, double data) {
        return data <= 0 || limit <= LIMIT_ROOM * data;
    }

    /** The top of a value axis that holds {@code v}: the next of 1, 2, 2.5, 5 times a power of ten. */
    public static double niceCeil(double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            return 1;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[]{1, 2, 2.5, 5, 10}) {
            if (m * mag >= v) {
                return m * mag;
            }
        }
        return 10 * mag;
    }

    /** The values of every line in {@code sample}, in line order; empty where the sample could not read it, never 0. */
    public List<OptionalDouble> values(Sample sample) {
        return lines.stream().map(l -> l.value().apply(sample)).toList();
    }

    /**
     * One line of a chart.
     *
     * @param name  its legend, such as "in use" or "SEMMNI"
     * @param limit whether it is a limit the others run against (drawn dashed, without markers)
     * @param value its value in a sample; empty when the sample holds none
     */
    public record Line(String name, boolean limit, Function<Sample, OptionalDouble> value) {
        public Line {
            Objects.requireNonNull(name);
            Objects.requireNonNull(value);
        }

        public static Line of(String name, Function<Sample, OptionalDouble> value) {
            return new Line(name, false, value);
        }

        public static Line limit(String name, Function<Sample, OptionalDouble> value) {
            return new Line(name, true, value);
        }
    }
}
