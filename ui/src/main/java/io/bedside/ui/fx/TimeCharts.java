package io.bedside.ui.fx;

import io.bedside.model.findings.Chart;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.value.ObservableDoubleValue;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.chart.AreaChart;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedAreaChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.util.StringConverter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one scaffold of the window's charts over time (the overview's and every area's): the time
 * axis on the host's clock, the value axis, the chart's common setup, limit lines drawn dashed
 * without markers, gaps where no sample was taken ({@link TimeLineChart}: build line charts as one), and the overlay that says why a chart has nothing to draw. The right-click menu
 * (save, copy) is installed once over every area by the main view (io.bedside.ui.export.ChartMenus).
 */
public final class TimeCharts {
    /** The style class of a limit line's path (bedside.css draws it dashed). */
    public static final String LIMIT_LINE = "bs-limit-line";

    private TimeCharts() {
    }

    /** What a time axis follows: a window of time on the host's clock ({@link TimeWindow}, the overview's). */
    public interface Clock {
        ReadOnlyDoubleProperty windowStartProperty();

        ReadOnlyDoubleProperty windowEndProperty();

        ReadOnlyDoubleProperty tickUnitProperty();

        /** "Time on the host (Europe/Berlin)". */
        ReadOnlyStringProperty axisLabelProperty();

        /** Whether so few points are drawn that markers should show them. */
        ReadOnlyBooleanProperty fewPointsProperty();

        /** A tick label: the time of day on the host's clock. */
        String formatTime(Number epochMillis);

        /**
         * The expected time between samples in milliseconds (a live session's interval), past which
         * a chart leaves a gap; 0 when unknown (a replay): the points' median spacing decides.
         */
        default double expectedIntervalMillis() {
            return 0;
        }
    }

    /** A time axis (epoch milliseconds) bound to {@code clock}, labelled on the host's clock. */
    public static NumberAxis timeAxis(Clock clock) {
        NumberAxis x = new NumberAxis();
        x.setAutoRanging(false);
        x.setAnimated(false);
        x.lowerBoundProperty().bind(clock.windowStartProperty());
        x.upperBoundProperty().bind(clock.windowEndProperty());
        x.tickUnitProperty().bind(clock.tickUnitProperty());
        x.setMinorTickVisible(false);
        x.labelProperty().bind(clock.axisLabelProperty());
        x.setTickLabelFormatter(converter(clock::formatTime));
        return x;
    }

    /**
     * A value axis from zero: ranging itself, or with {@code upper} from 0 to it in {@code ticks}
     * steps. With {@code wholeNumbers} only whole values are labelled (counts of objects).
     */
    public static NumberAxis valueAxis(String unit, ObservableDoubleValue upper, int ticks, boolean wholeNumbers) {
        NumberAxis y = new NumberAxis();
        y.setAnimated(false);
        y.setForceZeroInRange(true);
        y.setMinorTickVisible(false);
        if (unit != null && !unit.isEmpty()) {
            y.setLabel(unit);
        }
        if (upper != null) {
            y.setAutoRanging(false);
            y.setLowerBound(0);
            y.upperBoundProperty().bind(upper);
            y.tickUnitProperty().bind(Bindings.createDoubleBinding(() -> upper.get() / ticks, upper));
        }
        if (wholeNumbers) {
            y.setTickLabelFormatter(converter(n -> {
                double v = n.doubleValue();
                return v == Math.rint(v) ? Long.toString((long) v) : "";
            }));
        }
        return y;
    }

    /**
     * Sets up {@code chart} the one way: not animated, markers only while few points are drawn,
     * {@code series} in order, the lines {@code limit} says are limits dashed and without markers,
     * and the style classes {@code bs-chart} and {@code styleClass}.
     */
    public static <C extends XYChart<Number, Number>> C setUp(C chart, Clock clock, String id, String title,
                                                            List<XYChart.Series<Number, Number>> series,
                                                            List<Boolean> limit, String styleClass) {
        chart.setId(id);
        if (title != null) {
            chart.setTitle(title);
        }
        chart.setAnimated(false);
        if (chart instanceof TimeLineChart t) {
            t.setExpectedInterval(clock::expectedIntervalMillis);
        } else if (chart instanceof TimeStackedAreaChart t) {
            t.setExpectedInterval(clock::expectedIntervalMillis);
        }
        if (chart instanceof LineChart<Number, Number> l) {
            l.createSymbolsProperty().bind(clock.fewPointsProperty());
        } else if (chart instanceof AreaChart<Number, Number> a) {
            a.createSymbolsProperty().bind(clock.fewPointsProperty());
        } else if (chart instanceof StackedAreaChart<Number, Number> a) {
            a.createSymbolsProperty().bind(clock.fewPointsProperty());
        }
        chart.getData().addAll(series);
        for (int i = 0; i < series.size(); i++) {
            if (i < limit.size() && limit.get(i)) {
                drawAsLimit(chart, series.get(i));
            }
        }
        keepLimitsFromFlattening(chart, series, limit);
        chart.setLegendVisible(series.size() > 1);
        chart.setMinHeight(200);
        chart.setPrefHeight(240);
        chart.getStyleClass().add("bs-chart");
        if (styleClass != null) {
            chart.getStyleClass().add(styleClass);
        }
        return chart;
    }

    /**
     * On a value axis that ranges itself, a limit far above every other line (SEMMNI 32000 against
     * 128 arrays in use) would set the axis and flatten the lines in use to the floor, hiding the
     * incident. Such a limit ({@link Chart#limitSetsAxis}, the report's rule too) stays above the
     * chart: the axis ends at the other lines' top, and the limit's legend says how high it goes.
     */
    static void keepLimitsFromFlattening(XYChart<Number, Number> chart, List<XYChart.Series<Number, Number>> series,
                                         List<Boolean> limit) {
        if (!(chart.getYAxis() instanceof NumberAxis y) || !y.isAutoRanging() || y.upperBoundProperty().isBound()
                || !limit.contains(Boolean.TRUE)) {
            return;
        }
        Map<XYChart.Series<Number, Number>, String> names = new HashMap<>();
        for (int i = 0; i < series.size() && i < limit.size(); i++) {
            if (limit.get(i) && !series.get(i).nameProperty().isBound()) {
                names.put(series.get(i), series.get(i).getName());
            }
        }
        Runnable rescale = () -> {
            double data = 0;
            for (int i = 0; i < series.size(); i++) {
                if (i >= limit.size() || !limit.get(i)) {
                    data = Math.max(data, top(series.get(i)));
                }
            }
            double upper = data;
            boolean anyAbove = false;
            for (int i = 0; i < series.size() && i < limit.size(); i++) {
                if (limit.get(i)) {
                    double highest = top(series.get(i));
                    if (Chart.limitSetsAxis(highest, data)) {
                        upper = Math.max(upper, highest);
                    } else {
                        anyAbove = true;
                    }
                }
            }
            for (Map.Entry<XYChart.Series<Number, Number>, String> e : names.entrySet()) {
                double highest = top(e.getKey());
                e.getKey().setName(anyAbove && !Chart.limitSetsAxis(highest, data)
                        ? e.getValue() + " (up to " + whole(highest) + ", above the chart)" : e.getValue());
            }
            if (!anyAbove) {
                y.setAutoRanging(true);
                return;
            }
            double axisTop = Chart.niceCeil(upper * 1.05);
            y.setAutoRanging(false);
            y.setLowerBound(0);
            y.setUpperBound(axisTop);
            y.setTickUnit(axisTop / 4);
        };
        for (XYChart.Series<Number, Number> s : series) {
            s.getData().addListener((ListChangeListener<XYChart.Data<Number, Number>>) c -> rescale.run());
        }
        rescale.run();
    }

    private static double top(XYChart.Series<Number, Number> s) {
        double t = 0;
        for (XYChart.Data<Number, Number> d : s.getData()) {
            t = Math.max(t, d.getYValue().doubleValue());
        }
        return t;
    }

    private static String whole(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v);
    }

    /** Draws {@code s} (already in {@code chart}) as a limit: its path dashed, no point markers. */
    static void drawAsLimit(XYChart<Number, Number> chart, XYChart.Series<Number, Number> s) {
        if (s.getNode() != null && !s.getNode().getStyleClass().contains(LIMIT_LINE)) {
            s.getNode().getStyleClass().add(LIMIT_LINE);
        }
        Runnable hide = () -> s.getData().forEach(d -> {
            if (d.getNode() != null) {
                d.getNode().setVisible(false);
            }
        });
        // the chart makes a point's marker when the point is added, and again when markers are switched on
        s.getData().addListener((ListChangeListener<XYChart.Data<Number, Number>>) c -> hide.run());
        if (chart instanceof LineChart<Number, Number> l) {
            l.createSymbolsProperty().addListener((o, was, now) -> hide.run());
        }
        s.nodeProperty().addListener((o, was, now) -> {
            if (now != null && !now.getStyleClass().contains(LIMIT_LINE)) {
                now.getStyleClass().add(LIMIT_LINE);
            }
        });
        hide.run();
    }

    /**
     * {@code chart} under the reason it has nothing to draw: while {@code absence} says why and no
     * series holds a point, only the reason shows (host text, shown escaped).
     */
    public static StackPane withAbsence(XYChart<Number, Number> chart, ObservableStringValue absence, double reasonWidth) {
        BooleanBinding nothingToDraw = Bindings.createBooleanBinding(() -> true);
        for (XYChart.Series<Number, Number> s : chart.getData()) {
            nothingToDraw = nothingToDraw.and(Bindings.isEmpty(s.getData()));
        }
        chart.visibleProperty().bind(Bindings.isEmpty(absence).or(nothingToDraw.not()));
        Label missing = new Label();
        missing.textProperty().bind(HostTextCell.shown(absence));
        missing.getStyleClass().add("bs-chart-absent");
        missing.setWrapText(true);
        missing.setMaxWidth(reasonWidth);
        missing.visibleProperty().bind(Bindings.isNotEmpty(absence));
        StackPane pane = new StackPane(chart, missing);
        pane.getStyleClass().add("bs-chart-pane");
        return pane;
    }

    private static StringConverter<Number> converter(Function<Number, String> f) {
        return new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return f.apply(n);
            }

            @Override
            public Number fromString(String s) {
                throw new UnsupportedOperationException();
            }
        };
    }

}
