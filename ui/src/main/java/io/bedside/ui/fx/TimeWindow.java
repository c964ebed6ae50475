package io.bedside.ui.fx;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Live chart series over a fixed time window, as the overview's charts keep them: points older
 * than {@code window} before the newest are dropped, never more than {@code maxPoints} per
 * series, and the time axis (epoch milliseconds, labelled on the host's clock face) starts on a
 * whole tick. A view-model owns one and exposes its series and axis properties; views bind to them.
 */
public final class TimeWindow implements TimeCharts.Clock {
    /** The narrowest time axis, so the first two samples already draw a line. */
    static final Duration MIN_SPAN = Duration.ofSeconds(10);
    private static final long[] TICK_UNITS_S = {5, 10, 15, 30, 60, 120, 180, 300, 600, 900, 1800, 3600, 7200, 21_600};
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final Duration window;
    private final int maxPoints;
    private final List<XYChart.Series<Number, Number>> series;
    private final ReadOnlyDoubleWrapper windowStart = new ReadOnlyDoubleWrapper(this, "windowStart", 0);
    private final ReadOnlyDoubleWrapper windowEnd = new ReadOnlyDoubleWrapper(this, "windowEnd", MIN_SPAN.toMillis());
    private final ReadOnlyDoubleWrapper tickUnit = new ReadOnlyDoubleWrapper(this, "tickUnit", 10_000);
    private final ReadOnlyBooleanWrapper fewPoints = new ReadOnlyBooleanWrapper(this, "fewPoints", true);
    private final ReadOnlyStringWrapper axisLabel = new ReadOnlyStringWrapper(this, "axisLabel", "");
    private ZoneId zone = ZoneId.systemDefault();
    private Instant last;
    private List<Instant> marks = List.of();
    private Duration expectedInterval = Duration.ZERO;

    /**
     * @param window    how far back the charts reach
     * @param maxPoints the most points a series keeps
     * @param names     one series per name, in this order
     */
    public TimeWindow(Duration window, int maxPoints, List<String> names) {
        this.window = window;
        this.maxPoints = maxPoints;
        List<XYChart.Series<Number, Number>> s = new ArrayList<>();
        for (String n : names) {
            XYChart.Series<Number, Number> one = new XYChart.Series<>();
            one.setName(n);
            s.add(one);
        }
        this.series = List.copyOf(s);
        axisLabel.set(axisLabel(zone));
        update();
    }

    /** The series, in the order of the names; only this class changes them. */
    public List<XYChart.Series<Number, Number>> series() {
        return series;
    }

    public XYChart.Series<Number, Number> series(int i) {
        return series.get(i);
    }

    /** The host's zone, for the tick labels. */
    public void setZone(ZoneId z) {
        FxThread.assertFxThread();
        zone = z;
        axisLabel.set(axisLabel(z));
    }

    public ZoneId zone() {
        return zone;
    }

    /** A live session's interval, past which the charts leave a gap; zero (a replay): the points' spacing decides. */
    public void setExpectedInterval(Duration d) {
        FxThread.assertFxThread();
        expectedInterval = d;
    }

    @Override
    public double expectedIntervalMillis() {
        return expectedInterval.toMillis();
    }

    /** Appends one point per series (empty: no point for that series) and drops what left the window. */
    public void append(Instant at, List<OptionalDouble> ys) {
        FxThread.assertFxThread();
        if (last != null && !at.isAfter(last)) {
            return;
        }
        long x = at.toEpochMilli();
        for (int i = 0; i < series.size(); i++) {
            OptionalDouble y = ys.get(i);
            if (y.isPresent()) {
                series.get(i).getData().add(new XYChart.Data<>(x, y.getAsDouble()));
            }
        }
        last = at;
        trim();
        update();
    }

    /** Replaces every point: {@code at.get(k)} with {@code ys.get(k)}, oldest first, keeping what falls in the window. */
    public void replace(List<Instant> at, List<List<OptionalDouble>> ys) {
        FxThread.assertFxThread();
        List<List<XYChart.Data<Number, Number>>> points = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            points.add(new ArrayList<>());
        }
        last = at.isEmpty() ? null : at.get(at.size() - 1);
        Instant from = last == null ? Instant.MIN : last.minus(window);
        for (int k = 0; k < at.size(); k++) {
            if (at.get(k).isBefore(from)) {
                continue;
            }
            long x = at.get(k).toEpochMilli();
            for (int i = 0; i < series.size(); i++) {
                OptionalDouble y = ys.get(k).get(i);
                if (y.isPresent()) {
                    points.get(i).add(new XYChart.Data<>(x, y.getAsDouble()));
                }
            }
        }
        for (int i = 0; i < series.size(); i++) {
            List<XYChart.Data<Number, Number>> p = points.get(i);
            series.get(i).getData().setAll(p.size() > maxPoints ? p.subList(p.size() - maxPoints, p.size()) : p);
        }
        update();
    }

    public void clear() {
        FxThread.assertFxThread();
        series.forEach(s -> s.getData().clear());
        last = null;
        update();
    }

    private void trim() {
        long oldest = last.minus(window).toEpochMilli();
        for (XYChart.Series<Number, Number> s : series) {
            ObservableList<XYChart.Data<Number, Number>> d = s.getData();
            int drop = 0;
            while (drop < d.size() && (d.size() - drop > maxPoints || d.get(drop).getXValue().longValue() < oldest)) {
                drop++;
            }
            if (drop > 0) {
                d.remove(0, drop);
            }
        }
    }

    /**
     * Moments drawn over the charts (an OOM kill, a reboot), on the charts' clock. The axis reaches
     * back to the earliest of them that lies within the window before the newest point, so an event
     * from before the first sample is still drawn (with no line under it); older ones are left out.
     */
    public void setMarks(List<Instant> at) {
        FxThread.assertFxThread();
        marks = List.copyOf(at);
        update();
    }

    /** Whether {@code at} lies within the window before the newest point (or there are no points yet). */
    public boolean inWindow(Instant at) {
        return last == null || !at.isBefore(last.minus(window));
    }

    private void update() {
        long end = last == null ? System.currentTimeMillis() : last.toEpochMilli();
        long start = end;
        int most = 0;
        for (XYChart.Series<Number, Number> s : series) {
            if (!s.getData().isEmpty()) {
                start = Math.min(start, s.getData().get(0).getXValue().longValue());
            }
            most = Math.max(most, s.getData().size());
        }
        if (last != null) {
            long oldest = last.minus(window).toEpochMilli();
            for (Instant m : marks) {
                long x = m.toEpochMilli();
                if (x >= oldest) {
                    start = Math.min(start, x);
                    // a moment a little after the newest point (clocks a second apart) still shows
                    end = Math.max(end, Math.min(x, end + MIN_SPAN.toMillis()));
                }
            }
        }
        start = Math.min(start, end - MIN_SPAN.toMillis());
        long span = (end - start) / 1000;
        long unit = TICK_UNITS_S[TICK_UNITS_S.length - 1];
        for (long u : TICK_UNITS_S) {
            if (span / u <= 6) {
                unit = u;
                break;
            }
        }
        long unitMillis = unit * 1000;
        windowStart.set(Math.floorDiv(start, unitMillis) * unitMillis);
        windowEnd.set(end);
        tickUnit.set(unitMillis);
        fewPoints.set(most < 3);
    }

    /** A tick label: HH:mm:ss on the host's clock; the unaligned last tick of a wide axis is blank. */
    public String formatTime(Number epochMillis) {
        long ms = epochMillis.longValue();
        long unit = (long) tickUnit.get();
        if (unit > 0 && ms % unit != 0 && ms == (long) windowEnd.get() && ms - (long) windowStart.get() > unit) {
            return "";
        }
        return HMS.format(Instant.ofEpochMilli(ms).atZone(zone));
    }

    private static String axisLabel(ZoneId z) {
        return "Time on the host (" + z.getId() + ")";
    }

    public ReadOnlyDoubleProperty windowStartProperty() { return windowStart.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty windowEndProperty() { return windowEnd.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty tickUnitProperty() { return tickUnit.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty fewPointsProperty() { return fewPoints.getReadOnlyProperty(); }
    public ReadOnlyStringProperty axisLabelProperty() { return axisLabel.getReadOnlyProperty(); }
}
