package io.bedside.ui.fx;

import javafx.scene.Group;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedAreaChart;
import javafx.scene.shape.Path;

import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * A stacked area chart over time that draws nothing across a stretch where no sample was taken:
 * the lines break as {@link TimeLineChart}'s do, and the stretch is covered ("no samples") so no
 * area is filled across it. Gaps are told as {@link TimeLineChart} tells them.
 */
public class TimeStackedAreaChart extends StackedAreaChart<Number, Number> {
    private final GapShading covers;
    private DoubleSupplier expectedMillis = () -> 0;
    private List<long[]> gaps = List.of();

    public TimeStackedAreaChart(NumberAxis x, NumberAxis y) {
        super(x, y);
        covers = new GapShading(getPlotChildren(), "bs-chart-gap-cover", true);
    }

    /** The expected time between samples, in milliseconds (0: unknown, the points' spacing decides). */
    public void setExpectedInterval(DoubleSupplier millis) {
        expectedMillis = millis;
        requestChartLayout();
    }

    /** The stretches (epoch milliseconds, from and to) covered as last drawn; for tests. */
    public List<long[]> gaps() {
        return gaps;
    }

    @Override
    protected void layoutPlotChildren() {
        super.layoutPlotChildren();
        NumberAxis x = (NumberAxis) getXAxis();
        List<List<Long>> xs = GapShading.times(getData());
        double threshold = TimeLineChart.threshold(xs, expectedMillis.getAsDouble());
        for (Series<Number, Number> s : getData()) {
            // the series' node: its filled area, then its line
            if (s.getNode() instanceof Group g && g.getChildren().size() > 1 && g.getChildren().get(1) instanceof Path line) {
                TimeLineChart.split(line, x, threshold);
            }
        }
        gaps = TimeLineChart.stretches(xs, threshold);
        covers.layout(x, getYAxis().getHeight(), gaps);
    }

    /** The covered gaps shown now, for tests. */
    public long coveredGaps() {
        return covers.shown();
    }
}
