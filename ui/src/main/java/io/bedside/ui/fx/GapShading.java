package io.bedside.ui.fx;

import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;

import java.util.ArrayList;
import java.util.List;

/**
 * The "no samples" boxes a time chart draws over its gaps ({@link TimeLineChart#stretches}): one
 * box and one label per gap, kept and reused across layouts. A line chart draws them behind its
 * lines; a stacked area chart above its areas, which are filled across the gap underneath.
 */
final class GapShading {
    private final List<Region> boxes = new ArrayList<>();
    private final List<Label> texts = new ArrayList<>();
    private final ObservableList<Node> plot;
    private final String styleClass;
    private final boolean above;

    /**
     * @param plot       the chart's plot children
     * @param styleClass the boxes' style class
     * @param above      whether the boxes go above the series (else behind them)
     */
    GapShading(ObservableList<Node> plot, String styleClass, boolean above) {
        this.plot = plot;
        this.styleClass = styleClass;
        this.above = above;
    }

    /** The time (epoch ms) of every point of every series, a list per series. */
    static List<List<Long>> times(List<XYChart.Series<Number, Number>> data) {
        List<List<Long>> xs = new ArrayList<>(data.size());
        for (XYChart.Series<Number, Number> s : data) {
            List<Long> one = new ArrayList<>(s.getData().size());
            s.getData().forEach(d -> one.add(d.getXValue().longValue()));
            xs.add(one);
        }
        return xs;
    }

    /** Places a box over each of {@code gaps} (epoch ms, from and to); the label where it fits. */
    void layout(NumberAxis x, double height, List<long[]> gaps) {
        while (boxes.size() < gaps.size()) {
            Region r = new Region();
            r.getStyleClass().add(styleClass);
            r.setMouseTransparent(true);
            r.setManaged(false);
            Label text = new Label("no samples");
            text.getStyleClass().add("bs-not-sampled-text");
            text.setMouseTransparent(true);
            text.setManaged(false);
            boxes.add(r);
            texts.add(text);
            if (above) {
                plot.addAll(r, text);
            } else {
                plot.addAll(0, List.of(r, text));
            }
        }
        for (int i = 0; i < boxes.size(); i++) {
            Region r = boxes.get(i);
            Label text = texts.get(i);
            boolean on = i < gaps.size() && height > 0;
            r.setVisible(on);
            text.setVisible(false);
            if (!on) {
                continue;
            }
            if (above) {
                r.toFront();
                text.toFront();
            }
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

    /** The boxes shown now. */
    long shown() {
        return boxes.stream().filter(Node::isVisible).count();
    }
}
