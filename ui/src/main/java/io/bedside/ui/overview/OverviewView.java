package io.bedside.ui.overview;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import io.bedside.ui.fx.TimeCharts;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import java.util.List;

/**
 * The overview area: four cards (host, load, memory, memory pressure) and three live charts.
 * Only binds to {@link OverviewViewModel}; all state and text live there.
 */
public final class OverviewView extends ScrollPane {
    private final OverviewViewModel vm;

    public OverviewView(OverviewViewModel vm) {
        this(vm, null);
    }

    /** With {@code top} (the findings board) above the host's cards; null for none. */
    public OverviewView(OverviewViewModel vm, Node top) {
        this.vm = vm;
        getStyleClass().add("bs-overview");
        setFitToWidth(true);
        setFitToHeight(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);

        GridPane cards = new GridPane();
        cards.setHgap(12);
        cards.setVgap(12);
        for (double width : new double[] {29, 19, 28, 24}) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(width);
            c.setHgrow(Priority.ALWAYS);
            cards.getColumnConstraints().add(c);
        }
        cards.add(card("Host", vm.factsAbsenceProperty(), List.of(
                row("Hostname", vm.hostnameProperty()),
                row("Distribution", vm.distributionProperty()),
                row("Kernel", vm.kernelProperty()),
                row("Machine", vm.machineProperty()),
                row("CPUs", vm.cpusProperty()),
                row("Uptime", vm.uptimeProperty()),
                row("Boot time", vm.bootTimeProperty()),
                row("Time zone", vm.timeZoneProperty()),
                row("User", vm.userProperty()))), 0, 0);
        cards.add(card("Load average", vm.loadAbsenceProperty(), List.of(
                row("1 min", vm.load1Property()),
                row("5 min", vm.load5Property()),
                row("15 min", vm.load15Property()),
                row("Runnable", vm.tasksProperty()))), 1, 0);
        cards.add(card("Memory", vm.memoryAbsenceProperty(), List.of(
                row("MemTotal", vm.memTotalProperty()),
                row("MemAvailable", vm.memAvailableProperty()),
                row("Swap used", vm.swapProperty()),
                row("Committed_AS", vm.committedProperty()),
                row("CommitLimit", vm.commitLimitProperty()))), 2, 0);
        cards.add(card("Memory pressure (PSI)", vm.pressureAbsenceProperty(), pressureGrid()), 3, 0);

        GridPane charts = new GridPane();
        charts.setHgap(12);
        for (int i = 0; i < 3; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(100.0 / 3);
            charts.getColumnConstraints().add(c);
        }
        RowConstraints chartRow = new RowConstraints();
        chartRow.setVgrow(Priority.ALWAYS);
        chartRow.setFillHeight(true);
        charts.getRowConstraints().add(chartRow);
        charts.add(chart("Load average", "load", vm.loadSeries(), vm.loadChartAbsenceProperty(), "bs-chart-load", null), 0, 0);
        charts.add(chart("MemAvailable and swap used", "MiB", vm.memorySeries(), vm.memoryChartAbsenceProperty(),
                "bs-chart-memory", null), 1, 0);
        charts.add(chart("Memory pressure (PSI), avg10", "% stalled", vm.pressureSeries(),
                vm.pressureChartAbsenceProperty(), "bs-chart-pressure", vm.pressureAxisMaxProperty()), 2, 0);
        VBox.setVgrow(charts, Priority.ALWAYS);

        Label waiting = new Label("Waiting for the first sample…");
        waiting.getStyleClass().add("bs-muted");
        waiting.visibleProperty().bind(vm.hasSampleProperty().not());
        waiting.managedProperty().bind(waiting.visibleProperty());

        VBox content = new VBox(14, waiting, cards, charts);
        if (top != null) {
            content.getChildren().add(0, top);
        }
        content.setPadding(new Insets(14));
        setContent(content);
    }

    public OverviewViewModel viewModel() {
        return vm;
    }

    private record Row(String name, ObservableStringValue value) {
    }

    private static Row row(String name, ObservableStringValue value) {
        return new Row(name, value);
    }

    private static Node card(String title, ObservableStringValue absence, List<Row> rows) {
        return card(title, absence, fieldGrid(title, rows));
    }

    private static GridPane fieldGrid(String title, List<Row> rows) {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(4);
        ColumnConstraints nameCol = new ColumnConstraints();
        nameCol.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints valueCol = new ColumnConstraints();
        valueCol.setHgrow(Priority.ALWAYS);
        valueCol.setMinWidth(40);
        grid.getColumnConstraints().addAll(nameCol, valueCol);
        int r = 0;
        for (Row row : rows) {
            Label name = new Label(row.name());
            name.getStyleClass().add("bs-field-name");
            name.setMinWidth(Region.USE_PREF_SIZE);
            Label value = new Label();
            value.textProperty().bind(row.value());
            value.getStyleClass().add("bs-field-value");
            value.setWrapText(true);
            value.setMaxWidth(Double.MAX_VALUE);
            value.setMinHeight(Region.USE_PREF_SIZE);
            value.setId("ov-" + (row.name().isEmpty() ? title : row.name()).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
            grid.addRow(r++, name, value);
        }
        return grid;
    }

    /** some/full by avg10/avg60/avg300, as /proc/pressure/memory prints them. */
    private GridPane pressureGrid() {
        GridPane grid = new GridPane();
        grid.setHgap(14);
        grid.setVgap(4);
        grid.addRow(0, new Label(), header("avg10"), header("avg60"), header("avg300"));
        grid.addRow(1, name("some"), value("ov-psi-some-avg10", vm.someAvg10Property()),
                value("ov-psi-some-avg60", vm.someAvg60Property()), value("ov-psi-some-avg300", vm.someAvg300Property()));
        grid.addRow(2, name("full"), value("ov-psi-full-avg10", vm.fullAvg10Property()),
                value("ov-psi-full-avg60", vm.fullAvg60Property()), value("ov-psi-full-avg300", vm.fullAvg300Property()));
        Label explain = new Label("Share of time tasks waited for memory: some = at least one task, full = all at once.");
        explain.getStyleClass().add("bs-muted");
        explain.setWrapText(true);
        explain.setMinHeight(Region.USE_PREF_SIZE);
        grid.add(explain, 0, 3, 4, 1);
        GridPane.setMargin(explain, new Insets(6, 0, 0, 0));
        return grid;
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("bs-field-name");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static Label name(String text) {
        return header(text);
    }

    private static Label value(String id, ObservableStringValue text) {
        Label l = new Label();
        l.setId(id);
        l.textProperty().bind(text);
        l.getStyleClass().add("bs-field-value");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static Node card(String title, ObservableStringValue absence, GridPane grid) {
        Label heading = new Label(title);
        heading.getStyleClass().add("bs-card-title");
        Label missing = new Label();
        missing.textProperty().bind(absence);
        missing.getStyleClass().add("bs-absent");
        missing.setWrapText(true);
        missing.setMinHeight(Region.USE_PREF_SIZE);
        missing.setMaxWidth(Double.MAX_VALUE);
        missing.visibleProperty().bind(Bindings.isNotEmpty(absence));
        missing.managedProperty().bind(missing.visibleProperty());
        grid.visibleProperty().bind(Bindings.isEmpty(absence));
        grid.managedProperty().bind(grid.visibleProperty());

        VBox box = new VBox(8, heading, missing, grid);
        box.getStyleClass().add("bs-card");
        box.setMaxHeight(Double.MAX_VALUE);
        box.setMinWidth(0);
        return box;
    }

    /**
     * A live chart; with {@code yMax} its value axis runs from 0 to it, otherwise it ranges itself.
     * When its source is absent and there is nothing to draw, only the reason is shown.
     */
    private Node chart(String title, String unit, List<XYChart.Series<Number, Number>> series,
                       ObservableStringValue absence, String styleClass, ReadOnlyDoubleProperty yMax) {
        LineChart<Number, Number> chart = TimeCharts.setUp(new io.bedside.ui.fx.TimeLineChart(TimeCharts.timeAxis(vm),
                TimeCharts.valueAxis(unit, yMax, 5, false)), vm, null, title, series, List.of(), styleClass);
        chart.setLegendVisible(true);
        chart.setMinHeight(230);
        chart.setPrefHeight(280);
        chart.setMaxHeight(Double.MAX_VALUE);
        StackPane pane = TimeCharts.withAbsence(chart, absence, 300);
        StackPane.setAlignment(pane.getChildren().get(1), Pos.CENTER);

        Label heading = new Label(title);
        heading.getStyleClass().add("bs-card-title");
        heading.visibleProperty().bind(chart.visibleProperty().not());
        StackPane.setAlignment(heading, Pos.TOP_CENTER);
        StackPane.setMargin(heading, new Insets(12, 0, 0, 0));
        pane.getChildren().add(1, heading);
        HBox.setHgrow(pane, Priority.ALWAYS);
        return pane;
    }
}
