package io.bedside.ui.fx;

import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.PathElement;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.DoubleSupplier;

/**
 * A line chart over time that draws no line where no sample was taken. Two points of a series
 * further apart than {@link #GAP_FACTOR} times the expected interval (the session's interval, or
 * the points' median spacing when it is slower or unknown, as on a replay) are not joined: a
 * reconnect, a pause, a stall or a hole in a recording is a gap, and where no series has a point
 * the gap is shaded. A step with two as long right before or after it is a new pace (the interval
 * was changed), not a gap. Markers, legend, limit lines and the right-click menu are LineChart's own.
 */
public class TimeLineChart extends LineChart<Number, Number> {
    /** Points further apart than this many expected intervals are not joined. */
    public static final double GAP_FACTOR = 2.5;

    private final GapShading shading;
    private DoubleSupplier expectedMillis = () -> 0;
    private List<long[]> gaps = List.of();

    public TimeLineChart(NumberAxis x, NumberAxis y) {
        super(x, y);
        shading = new GapShading(getPlotChildren(), "bs-chart-gap", false);
    }

    /** The expected time between samples, in milliseconds (0: unknown, the points' spacing decides). */
    public void setExpectedInterval(DoubleSupplier millis) {
        expectedMillis = millis;
        requestChartLayout();
    }

    /** The stretches (epoch milliseconds, from and to) where no series has a point, as last drawn; for tests. */
    public List<long[]> gaps() {
        return gaps;
    }

    @Override
    protected void layoutPlotChildren() {
        super.layoutPlotChildren();
        breakAtGaps();
    }

    private void breakAtGaps() {
        NumberAxis x = (NumberAxis) getXAxis();
        List<List<Long>> xs = GapShading.times(getData());
        double threshold = threshold(xs, expectedMillis.getAsDouble());
        for (Series<Number, Number> s : getData()) {
            if (s.getNode() instanceof Path p) {
                split(p, x, threshold);
            }
        }
        gaps = stretches(xs, threshold);
        shading.layout(x, getYAxis().getHeight(), gaps);
    }

    /**
     * How far apart two points may be and still be joined: {@link #GAP_FACTOR} times the larger of
     * the expected interval and the median spacing of every point taken (a probe slower than the
     * interval sets the pace); infinite while there are too few points to tell.
     */
    static double threshold(List<List<Long>> xs, double expectedMillis) {
        TreeSet<Long> all = new TreeSet<>();
        xs.forEach(all::addAll);
        List<Long> spacing = new ArrayList<>();
        Long prev = null;
        for (Long v : all) {
            if (prev != null) {
                spacing.add(v - prev);
            }
            prev = v;
        }
        if (spacing.isEmpty() && expectedMillis <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        double median = 0;
        if (!spacing.isEmpty()) {
            spacing.sort(null);
            median = spacing.get(spacing.size() / 2);
        }
        if (expectedMillis <= 0 && spacing.size() < 2) {
            return Double.POSITIVE_INFINITY;
        }
        return GAP_FACTOR * Math.max(expectedMillis, median);
    }

    /**
     * Which of {@code steps} (ms between consecutive points, oldest first) are gaps: longer than
     * {@code threshold}, and not a new pace. Two steps as long right before it or right after it
     * make it the new pace (the interval was changed from 1 s to 10 s), not an outage; so the first
     * step at a slower pace shows as a gap until two more points arrive.
     */
    static boolean[] gaps(double[] steps, double threshold) {
        boolean[] out = new boolean[steps.length];
        for (int i = 0; i < steps.length; i++) {
            double d = steps[i];
            if (!(d > threshold)) {
                continue;
            }
            boolean before = i >= 2 && asLong(steps[i - 1], d) && asLong(steps[i - 2], d);
            boolean after = i + 2 < steps.length && asLong(steps[i + 1], d) && asLong(steps[i + 2], d);
            out[i] = !before && !after;
        }
        return out;
    }

    private static boolean asLong(double other, double step) {
        return other > 0 && step <= GAP_FACTOR * other;
    }

    /** The stretches where no series has a point for longer than {@code threshold}. */
    static List<long[]> stretches(List<List<Long>> xs, double threshold) {
        TreeSet<Long> all = new TreeSet<>();
        xs.forEach(all::addAll);
        List<Long> at = new ArrayList<>(all);
        double[] steps = new double[Math.max(0, at.size() - 1)];
        for (int i = 1; i < at.size(); i++) {
            steps[i - 1] = at.get(i) - at.get(i - 1);
        }
        boolean[] gap = gaps(steps, threshold);
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < gap.length; i++) {
            if (gap[i]) {
                out.add(new long[] {at.get(i), at.get(i + 1)});
            }
        }
        return out;
    }

    /**
     * Turns every segment of {@code path} (a move, then one line per point in time order) that
     * {@link #gaps} calls a gap into a move; a point left alone between two gaps is drawn as a dot.
     */
    static void split(Path path, NumberAxis x, double threshold) {
        javafx.collections.ObservableList<PathElement> el = path.getElements();
        if (el.size() < 2 || Double.isInfinite(threshold)) {
            return;
        }
        // the time of each move and line, in order; the path repeats its first point (a move, then a line)
        List<Integer> index = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < el.size(); i++) {
            PathElement e = el.get(i);
            double px = e instanceof MoveTo m ? m.getX() : e instanceof LineTo l ? l.getX() : Double.NaN;
            if (!Double.isNaN(px)) {
                index.add(i);
                times.add(x.getValueForDisplay(px).doubleValue());
            }
        }
        double[] steps = new double[Math.max(0, times.size() - 1)];
        for (int k = 1; k < times.size(); k++) {
            steps[k - 1] = times.get(k) - times.get(k - 1);
        }
        boolean[] gap = gaps(steps, threshold);
        List<PathElement> out = new ArrayList<>(el);
        boolean changed = false;
        for (int k = 0; k < gap.length; k++) {
            if (gap[k] && out.get(index.get(k + 1)) instanceof LineTo l) {
                out.set(index.get(k + 1), new MoveTo(l.getX(), l.getY()));
                changed = true;
            }
        }
        if (!changed) {
            return;
        }
        // a point with a gap on both sides: a short dash, so it is not lost when markers are off
        List<PathElement> dotted = new ArrayList<>(out.size() + 4);
        for (int i = 0; i < out.size(); i++) {
            PathElement e = out.get(i);
            dotted.add(e);
            boolean alone = e instanceof MoveTo && (i + 1 == out.size() || out.get(i + 1) instanceof MoveTo);
            if (alone && i > 0) {
                MoveTo m = (MoveTo) e;
                dotted.add(new LineTo(m.getX() + 1, m.getY()));
            }
        }
        el.setAll(dotted);
    }

    /** The shaded gaps shown now, for tests. */
    public long shadedGaps() {
        return shading.shown();
    }
}
