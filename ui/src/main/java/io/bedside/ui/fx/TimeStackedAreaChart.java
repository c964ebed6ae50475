package io.bedside.ui.fx;

import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedAreaChart;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.shape.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * A stacked area chart over time that draws nothing across a stretch where no sample was taken:
 * the lines break as {@link TimeLineChart}'s do, and the stretch is covered ("no samples") so no
 * area is filled across it. Gaps are told as {@link TimeLineChart} tells them.
 */
public class TimeStackedAreaChart extends StackedAreaChart<Number, Number> {
    private final List<Region> covers = new ArrayList<>();
    private final List<Label> coverTexts = new ArrayList<>();
    private DoubleSupplier expectedMillis = () -> 0;
    private List<long[]> gaps = List.of();

    public TimeStackedAreaChart(NumberAxis x, NumberAxis y) {
        super(x, y);
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
        List<List<Long>> xs = new ArrayList<>();
        for (Series<Number, Number> s : getData()) {
            List<Long> one = new ArrayList<>(s.getData().size());
            s.getData().forEach(d -> one.add(d.getXValue().longValue()));
            xs.add(one);
        }
        double threshold = TimeLineChart.threshold(xs, expectedMillis.getAsDouble());
        for (Series<Number, Number> s : getData()) {
            // the series' node: its filled area, then its line
            if (s.getNode() instanceof Group g && g.getChildren().size() > 1 && g.getChildren().get(1) instanceof Path line) {
                TimeLineChart.split(line, x, threshold);
            }
        }
        gaps = TimeLineChart.stretches(xs, threshold);
        cover(x);
    }

    private void cover(NumberAxis x) {
        while (covers.size() < gaps.size()) {
            Region r = new Region();
            r.getStyleClass().add("bs-chart-gap-cover");
            r.setMouseTransparent(true);
            r.setManaged(false);
            covers.add(r);
            Label text = new Label("no samples");
            text.getStyleClass().add("bs-not-sampled-text");
            text.setMouseTransparent(true);
            text.setManaged(false);
            coverTexts.add(text);
            getPlotChildren().addAll(r, text);
        }
        double height = getYAxis().getHeight();
        for (int i = 0; i < covers.size(); i++) {
            Region r = covers.get(i);
            Label text = coverTexts.get(i);
            boolean on = i < gaps.size() && height > 0;
            r.setVisible(on);
            text.setVisible(false);
            if (!on) {
                continue;
            }
            // above the areas: they are filled across the gap underneath
            r.toFront();
            text.toFront();
            double from = x.getDisplayPosition(gaps.get(i)[0]);
            double to = x.getDisplayPosition(gaps.get(i)[1]);
            r.resizeRelocate(from + 1, 0, Math.max(0, to - from - 2), height);
            text.applyCss();
            double w = text.prefWidth(-1);
            double h = text.prefHeight(-1);
            if (w + 8 < to - from) {
                text.resizeRelocate(from + (to - from - w) / 2, height - h - 4, w, h);
                text.setVisible(true);
            }
        }
    }

    /** The covered gaps shown now, for tests. */
    public long coveredGaps() {
        return covers.stream().filter(Node::isVisible).count();
    }
}
