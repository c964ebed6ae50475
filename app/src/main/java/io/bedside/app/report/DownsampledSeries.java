package io.bedside.app.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The points of one chart line, gathered one reading at a time, in memory that does not grow with
 * the recording: the readings fall into at most {@code 2 * buckets} runs of equal length (two
 * neighbouring runs merge when there would be more), and each run keeps its lowest and its highest
 * reading. The chart then draws every peak and every trough however long the recording; the first
 * and the last reading are kept as they were.
 */
final class DownsampledSeries {
    static final int BUCKETS = 500;

    private final int buckets;
    /** Per run: time and value of its lowest reading, time and value of its highest. */
    private final List<double[]> runs = new ArrayList<>();
    private long perRun = 1;
    private long inLast;
    private long count;
    private double[] first;
    private double[] last;

    DownsampledSeries() {
        this(BUCKETS);
    }

    DownsampledSeries(int buckets) {
        this.buckets = buckets;
    }

    void add(double t, double v) {
        count++;
        if (first == null) {
            first = new double[]{t, v};
        }
        last = new double[]{t, v};
        if (runs.isEmpty() || inLast >= perRun) {
            if (runs.size() >= 2 * buckets) {
                List<double[]> merged = new ArrayList<>(buckets);
                for (int i = 0; i + 1 < runs.size(); i += 2) {
                    merged.add(merge(runs.get(i), runs.get(i + 1)));
                }
                runs.clear();
                runs.addAll(merged);
                perRun *= 2;
                // the last run is full at the new length only when both halves were
                inLast = perRun;
            }
            if (runs.isEmpty() || inLast >= perRun) {
                runs.add(new double[]{t, v, t, v});
                inLast = 1;
                return;
            }
        }
        double[] r = runs.get(runs.size() - 1);
        if (v < r[1]) {
            r[0] = t;
            r[1] = v;
        }
        if (v > r[3]) {
            r[2] = t;
            r[3] = v;
        }
        inLast++;
    }

    private static double[] merge(double[] a, double[] b) {
        double[] m = a.clone();
        if (b[1] < m[1]) {
            m[0] = b[0];
            m[1] = b[1];
        }
        if (b[3] > m[3]) {
            m[2] = b[2];
            m[3] = b[3];
        }
        return m;
    }

    /** How many readings were added. */
    long count() {
        return count;
    }

    /** The points to draw, oldest first: the first reading, each run's low and high, the last reading. */
    List<double[]> points() {
        List<double[]> out = new ArrayList<>(runs.size() * 2 + 2);
        if (first == null) {
            return out;
        }
        out.add(first);
        for (double[] r : runs) {
            double[] lo = {r[0], r[1]};
            double[] hi = {r[2], r[3]};
            if (lo[0] <= hi[0]) {
                addAfter(out, lo);
                addAfter(out, hi);
            } else {
                addAfter(out, hi);
                addAfter(out, lo);
            }
        }
        addAfter(out, last);
        return out;
    }

    private static void addAfter(List<double[]> out, double[] p) {
        double[] prev = out.get(out.size() - 1);
        if (p[0] > prev[0]) {
            out.add(p);
        }
    }
}
