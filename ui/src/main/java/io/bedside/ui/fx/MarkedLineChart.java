package io.bedside.ui.fx;

import io.bedside.model.text.HostText;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.shape.Line;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * A line chart over time with moments drawn over its plot area: a vertical line per
 * {@link ChartMarker} at its time, with a short label at the top when there is room beside the
 * previous one, and the marker's full text as a tooltip. A click on a line (or its label) hands
 * the marker to {@link #setOnMarker}; the marker whose id is {@link #selectedIdProperty()} is
 * drawn emphasised. Markers outside the time axis are not drawn.
 */
public final class MarkedLineChart extends TimeLineChart {
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    /** How close (pixels) a label may come to the one before it; closer ones are left out. */
    private static final double LABEL_GAP = 6;

    private final ObservableList<ChartMarker> markers;
    private final List<Drawn> drawn = new ArrayList<>();
    private final ObjectProperty<String> selectedId = new SimpleObjectProperty<>(this, "selectedId");
    /** The stretch of the time axis before the first point (a marker from before the first sample widened it). */
    private final javafx.scene.shape.Rectangle notSampled = new javafx.scene.shape.Rectangle();
    private final Label notSampledText = new Label("not sampled");
    private Consumer<ChartMarker> onMarker = m -> { };

    private record Drawn(ChartMarker marker, Line line, Line hit, Label label) {
    }

    public MarkedLineChart(NumberAxis x, NumberAxis y, ObservableList<ChartMarker> markers) {
        super(x, y);
        this.markers = markers;
        markers.addListener((ListChangeListener<ChartMarker>) c -> rebuild());
        selectedId.addListener((o, was, now) -> drawn.forEach(d -> select(d, now)));
        notSampled.getStyleClass().add("bs-not-sampled");
        notSampled.setMouseTransparent(true);
        notSampled.setManaged(false);
        notSampledText.getStyleClass().add("bs-not-sampled-text");
        notSampledText.setMouseTransparent(true);
        notSampledText.setManaged(false);
        getPlotChildren().add(0, notSampled);
        getPlotChildren().add(1, notSampledText);
        rebuild();
    }

    /** Called with the marker the operator clicked. */
    public void setOnMarker(Consumer<ChartMarker> handler) {
        onMarker = handler;
    }

    /** The id of the marker drawn emphasised; null for none. */
    public ObjectProperty<String> selectedIdProperty() {
        return selectedId;
    }

    /** The labels shown now, for tests: their texts, oldest marker first. */
    public List<String> visibleLabels() {
        return drawn.stream().filter(d -> d.line().isVisible() && d.label().isVisible()).map(d -> d.label().getText()).toList();
    }

    /** How many markers are drawn now (inside the time axis). */
    public long visibleMarkers() {
        return drawn.stream().filter(d -> d.line().isVisible()).count();
    }

    private void rebuild() {
        for (Drawn d : drawn) {
            getPlotChildren().removeAll(d.line(), d.hit(), d.label());
        }
        drawn.clear();
        List<ChartMarker> sorted = new ArrayList<>(markers);
        sorted.sort(Comparator.comparingLong(ChartMarker::x));
        for (ChartMarker m : sorted) {
            Line line = new Line();
            line.getStyleClass().addAll("bs-marker-line", m.kind().styleClass());
            line.setMouseTransparent(true);
            Line hit = new Line();
            hit.getStyleClass().add("bs-marker-hit");
            hit.setStrokeWidth(9);
            hit.setStroke(javafx.scene.paint.Color.TRANSPARENT);
            hit.setCursor(Cursor.HAND);
            Label label = new Label(HostText.window(m.label()));
            label.getStyleClass().addAll("bs-marker-label", m.kind().styleClass());
            label.setCursor(Cursor.HAND);
            label.setManaged(false);
            Tooltip tip = new Tooltip(HostTextCell.lines(m.tooltip()));
            tip.setShowDelay(javafx.util.Duration.millis(150));
            Tooltip.install(hit, tip);
            label.setTooltip(tip);
            hit.setOnMouseClicked(e -> onMarker.accept(m));
            label.setOnMouseClicked(e -> onMarker.accept(m));
            Drawn d = new Drawn(m, line, hit, label);
            select(d, selectedId.get());
            drawn.add(d);
            getPlotChildren().addAll(line, hit, label);
        }
        requestChartLayout();
    }

    private static void select(Drawn d, String id) {
        boolean on = id != null && id.equals(d.marker().id());
        for (Node n : List.of(d.line(), d.label())) {
            n.pseudoClassStateChanged(SELECTED, on);
        }
        if (on) {
            d.line().toFront();
            d.hit().toFront();
            d.label().toFront();
        }
    }

    @Override
    protected void layoutPlotChildren() {
        super.layoutPlotChildren();
        NumberAxis x = (NumberAxis) getXAxis();
        double height = getYAxis().getHeight();
        double width = x.getWidth();
        double lower = x.getLowerBound();
        double upper = x.getUpperBound();
        layoutNotSampled(x, height);
        // labels newest first: when they crowd, the latest events keep theirs (every line keeps its tooltip)
        List<List<double[]>> rows = List.of(new ArrayList<>(), new ArrayList<>());
        for (int k = drawn.size() - 1; k >= 0; k--) {
            Drawn d = drawn.get(k);
            long at = d.marker().x();
            boolean inside = at >= lower && at <= upper && height > 0;
            d.line().setVisible(inside);
            d.hit().setVisible(inside);
            d.label().setVisible(false);
            if (!inside) {
                continue;
            }
            double px = Math.round(x.getDisplayPosition(at)) + 0.5;
            for (Line l : List.of(d.line(), d.hit())) {
                l.setStartX(px);
                l.setEndX(px);
                l.setStartY(0);
                l.setEndY(height);
            }
            Label label = d.label();
            label.applyCss();
            double w = label.prefWidth(-1);
            double h = label.prefHeight(-1);
            // beside the line: to its right, or to its left at the right edge
            double left = px + 3 + w <= width ? px + 3 : px - 3 - w;
            for (int r = 0; r < rows.size(); r++) {
                double top = 2 + r * (h + 2);
                if (top + h > height || !free(rows.get(r), left, left + w)) {
                    continue;
                }
                label.resizeRelocate(left, top, w, h);
                label.setVisible(true);
                rows.get(r).add(new double[] {left, left + w});
                break;
            }
        }
    }

    /** Shades the axis before the first point: a truthful "no line here", not a gap in the data. */
    private void layoutNotSampled(NumberAxis x, double height) {
        double first = Double.POSITIVE_INFINITY;
        for (Series<Number, Number> s : getData()) {
            if (!s.getData().isEmpty()) {
                first = Math.min(first, s.getData().get(0).getXValue().doubleValue());
            }
        }
        double to = first == Double.POSITIVE_INFINITY ? 0 : Math.round(x.getDisplayPosition(first));
        boolean show = to > 12 && height > 0;
        notSampled.setVisible(show);
        notSampledText.setVisible(false);
        if (!show) {
            return;
        }
        notSampled.setX(0);
        notSampled.setY(0);
        notSampled.setWidth(to);
        notSampled.setHeight(height);
        notSampledText.applyCss();
        double w = notSampledText.prefWidth(-1);
        double h = notSampledText.prefHeight(-1);
        if (w + 8 < to) {
            notSampledText.resizeRelocate((to - w) / 2, height - h - 4, w, h);
            notSampledText.setVisible(true);
        }
    }

    /** Whether the stretch before the first point is shaded now, for tests. */
    public boolean notSampledShown() {
        return notSampled.isVisible();
    }

    private static boolean free(List<double[]> taken, double from, double to) {
        for (double[] t : taken) {
            if (from < t[1] + LABEL_GAP && to > t[0] - LABEL_GAP) {
                return false;
            }
        }
        return true;
    }
}
