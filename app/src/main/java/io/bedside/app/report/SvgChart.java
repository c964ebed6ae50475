package io.bedside.app.report;

import io.bedside.model.findings.Chart;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A time-series line chart as inline SVG for the report: no script, no external font or file, so it
 * renders the same offline, in a browser, a mail client or a ticket system that keeps HTML. Several
 * series share one value axis; markers (OOM kills, fixes) are vertical lines with a short label.
 */
final class SvgChart {
    static final int WIDTH = 760;
    static final int HEIGHT = 262;
    private static final int LEFT = 64, RIGHT = 16, TOP = 44, BOTTOM = 40;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * One line: (epoch seconds, value) points, oldest first.
     *
     * @param readings how many readings the points stand for (more than the points when downsampled)
     */
    record Series(String name, String color, List<double[]> points, long readings, boolean dashed) {
        Series(String name, String color, List<double[]> points) {
            this(name, color, points, points.size(), false);
        }

        Series(String name, String color, DownsampledSeries s) {
            this(name, color, s, false);
        }

        /** @param dashed a limit the other lines run against: drawn dashed */
        Series(String name, String color, DownsampledSeries s, boolean dashed) {
            this(name, color, s.points(), s.count(), dashed);
        }
    }

    /** A moment to mark: an OOM kill, a fix. */
    record Marker(double epochSeconds, String label, String color) {
    }

    private final String id;
    private final String title;
    private final String unit;
    private final List<Series> series = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();
    private double fixedMax = Double.NaN;

    SvgChart(String id, String title, String unit) {
        this.id = id;
        this.title = title;
        this.unit = unit;
    }

    SvgChart add(Series s) {
        if (!s.points().isEmpty()) {
            series.add(s);
        }
        return this;
    }

    SvgChart mark(List<Marker> m) {
        markers.addAll(m);
        return this;
    }

    /** The value axis ends here instead of at the data's maximum (100 for percentages). */
    SvgChart max(double max) {
        this.fixedMax = max;
        return this;
    }

    String id() {
        return id;
    }

    String title() {
        return title;
    }

    boolean isEmpty() {
        return series.isEmpty();
    }

    List<Series> series() {
        return series;
    }

    /** One line per series for Markdown: first, last, min and max. */
    List<String> summaryLines() {
        List<String> out = new ArrayList<>();
        for (Series s : series) {
            double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
            for (double[] p : s.points()) {
                min = Math.min(min, p[1]);
                max = Math.max(max, p[1]);
            }
            List<double[]> p = s.points();
            out.add(String.format(Locale.ROOT, "%s (%s) over %d samples: first %s, last %s, min %s, max %s", s.name(), unit,
                    s.readings(), num(p.get(0)[1]), num(p.get(p.size() - 1)[1]), num(min), num(max)));
        }
        return out;
    }

    String svg(String emptyText) {
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"chart-").append(id)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"")
                .append(ReportWriter.esc(title + " (" + unit + ") over the session")).append("\">\n");
        s.append("<rect x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" fill=\"#fff\"/>\n");
        int pw = WIDTH - LEFT - RIGHT, ph = HEIGHT - TOP - BOTTOM;
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"13\" font-weight=\"bold\">%s <tspan font-weight=\"normal\" fill=\"#555\">(%s)</tspan></text>%n",
                LEFT, ReportWriter.esc(title), ReportWriter.esc(unit)));
        s.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(pw)
                .append("\" height=\"").append(ph).append("\" fill=\"none\" stroke=\"#888\"/>\n");
        if (series.isEmpty()) {
            s.append("<text x=\"").append(LEFT + pw / 2).append("\" y=\"").append(TOP + ph / 2)
                    .append("\" text-anchor=\"middle\" font-size=\"13\" fill=\"#555\">").append(ReportWriter.esc(emptyText))
                    .append("</text>\n</svg>");
            return s.toString();
        }
        double t0 = Double.MAX_VALUE, t1 = -Double.MAX_VALUE;
        for (Series se : series) {
            for (double[] p : se.points()) {
                t0 = Math.min(t0, p[0]);
                t1 = Math.max(t1, p[0]);
            }
        }
        double max = valueAxisMax();
        double span = t1 > t0 ? t1 - t0 : 1;
        for (int i = 0; i <= 4; i++) {
            double v = max * i / 4;
            double y = TOP + ph - ph * i / 4.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>%n", LEFT, y, LEFT + pw, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%s</text>%n", LEFT - 4, y + 4, axis(v)));
        }
        for (int i = 0; i <= 4; i++) {
            double t = t0 + span * i / 4;
            double x = LEFT + pw * i / 4.0;
            String anchor = i == 0 ? "start" : i == 4 ? "end" : "middle";
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\" font-size=\"11\">%s</text>%n", x,
                    TOP + ph + 14, anchor, CLOCK.format(Instant.ofEpochMilli((long) (t * 1000)))));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#555\">%s — %s</text>%n", LEFT,
                HEIGHT - 6, DAY.format(Instant.ofEpochMilli((long) (t0 * 1000))), DAY.format(Instant.ofEpochMilli((long) (t1 * 1000)))));
        // legend on its own line under the title, left to right
        int lx = LEFT;
        for (Series se : series) {
            double top = se.points().stream().mapToDouble(p -> p[1]).max().orElse(0);
            String name = se.name() + (top > max ? " (up to " + num(top) + ", above the chart)" : "");
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"28\" width=\"12\" height=\"4\" fill=\"%s\"%s/><text x=\"%d\" y=\"34\" font-size=\"11\">%s</text>%n",
                    lx, se.color(), se.dashed() ? " opacity=\"0.6\"" : "", lx + 15, ReportWriter.esc(name)));
            lx += 30 + 7 * name.length();
        }
        for (Marker m : markers) {
            if (m.epochSeconds() < t0 - 1 || m.epochSeconds() > t1 + 1) {
                continue;
            }
            double x = LEFT + pw * (Math.max(t0, Math.min(t1, m.epochSeconds())) - t0) / span;
            s.append(String.format(Locale.ROOT, "<line class=\"marker\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-dasharray=\"4 3\"/>%n",
                    x, TOP, x, TOP + ph, m.color()));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"%s\" text-anchor=\"%s\">%s</text>%n",
                    x + (x > LEFT + pw * 0.8 ? -3 : 3), TOP + 11, m.color(), x > LEFT + pw * 0.8 ? "end" : "start",
                    ReportWriter.esc(m.label())));
        }
        for (Series se : series) {
            StringBuilder poly = new StringBuilder();
            for (double[] p : se.points()) {
                double x = LEFT + (t1 > t0 ? pw * (p[0] - t0) / span : pw / 2.0);
                double y = TOP + ph - ph * Math.max(0, Math.min(max, p[1])) / max;
                poly.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            String pts = poly.toString().strip();
            s.append("<polyline class=\"series\" fill=\"none\" stroke=\"").append(se.color())
                    .append(se.dashed() ? "\" stroke-dasharray=\"6 4" : "")
                    .append("\" stroke-width=\"2\" points=\"").append(pts).append("\"/>\n");
            if (se.points().size() == 1) {
                String[] xy = pts.split(",");
                s.append("<circle cx=\"").append(xy[0]).append("\" cy=\"").append(xy[1]).append("\" r=\"3\" fill=\"")
                        .append(se.color()).append("\"/>\n");
            }
        }
        s.append("</svg>");
        return s.toString();
    }

    /**
     * Where the value axis ends: at the fixed maximum if one is set, else at the largest value drawn,
     * except that a limit far above every other line (SEMMNI 32000 against 128 arrays in use) does
     * not flatten them to the floor: a limit value over {@value Chart#LIMIT_ROOM} times the others' largest
     * runs along the top, and its legend says how high it goes.
     */
    double valueAxisMax() {
        double data = 0;
        double all = 0;
        for (Series se : series) {
            for (double[] p : se.points()) {
                all = Math.max(all, p[1]);
                if (!se.dashed()) {
                    data = Math.max(data, p[1]);
                }
            }
        }
        double max = 0;
        for (Series se : series) {
            for (double[] p : se.points()) {
                if (!se.dashed() || Chart.limitSetsAxis(p[1], data)) {
                    max = Math.max(max, p[1]);
                }
            }
        }
        if (!Double.isNaN(fixedMax)) {
            return Math.max(fixedMax, all);
        }
        return max <= 0 ? 1 : Chart.niceCeil(max);
    }

    static String num(double v) {
        if (Math.abs(v - Math.rint(v)) < 1e-9 && Math.abs(v) < 1e12) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** A value axis label that fits the margin: a kernel limit such as SEMMNS (1024000000) as "1024M". */
    static String axis(double v) {
        double a = Math.abs(v);
        if (a >= 1e9) {
            return num(v / 1e6) + "M";
        }
        if (a >= 1e6) {
            return num(v / 1e3) + "k";
        }
        return num(v);
    }

}
