package io.bedside.ui.overview;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
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
        this.vm = vm;
        getStyleClass().add("bs-overview");
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);

        GridPane cards = new GridPane();
        cards.setHgap(12);
        cards.setVgap(12);
        for (int i = 0; i < 4; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(25);
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
                row("Tasks", vm.tasksProperty()))), 1, 0);
        cards.add(card("Memory", vm.memoryAbsenceProperty(), List.of(
                row("MemTotal", vm.memTotalProperty()),
                row("MemAvailable", vm.memAvailableProperty()),
                row("Swap", vm.swapProperty()),
                row("Committed_AS / CommitLimit", vm.commitProperty()))), 2, 0);
        cards.add(card("Memory pressure (PSI)", vm.pressureAbsenceProperty(), List.of(
                row("", new javafx.beans.property.SimpleStringProperty("avg10  ·  avg60  ·  avg300")),
                row("some", vm.psiSomeProperty()),
                row("full", vm.psiFullProperty()))), 3, 0);

        GridPane charts = new GridPane();
        charts.setHgap(12);
        for (int i = 0; i < 3; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(100.0 / 3);
            charts.getColumnConstraints().add(c);
        }
        charts.add(chart("Load average", "load", vm.loadSeries(), vm.loadChartAbsenceProperty(), "bs-chart-load"), 0, 0);
        charts.add(chart("Memory", "MiB", vm.memorySeries(), vm.memoryChartAbsenceProperty(), "bs-chart-memory"), 1, 0);
        charts.add(chart("Memory pressure, avg10", "% of time stalled", vm.pressureSeries(),
                vm.pressureChartAbsenceProperty(), "bs-chart-pressure"), 2, 0);

        Label waiting = new Label("Waiting for the first sample…");
        waiting.getStyleClass().add("bs-muted");
        waiting.visibleProperty().bind(vm.hasSampleProperty().not());
        waiting.managedProperty().bind(waiting.visibleProperty());

        VBox content = new VBox(14, waiting, cards, charts);
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
        Label heading = new Label(title);
        heading.getStyleClass().add("bs-card-title");

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
            value.setId("ov-" + (row.name().isEmpty() ? title : row.name()).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
            grid.addRow(r++, name, value);
        }
        Label missing = new Label();
        missing.textProperty().bind(absence);
        missing.getStyleClass().add("bs-absent");
        missing.setWrapText(true);
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

    private Node chart(String title, String unit, List<XYChart.Series<Number, Number>> series,
                       ObservableStringValue absence, String styleClass) {
        NumberAxis x = new NumberAxis();
        x.setAutoRanging(false);
        x.setAnimated(false);
        x.lowerBoundProperty().bind(vm.windowStartProperty());
        x.upperBoundProperty().bind(vm.windowEndProperty());
        x.tickUnitProperty().bind(vm.tickUnitProperty());
        x.setMinorTickVisible(false);
        x.labelProperty().bind(vm.timeAxisLabelProperty());
        x.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return vm.formatTime(n);
            }

            @Override
            public Number fromString(String s) {
                throw new UnsupportedOperationException();
            }
        });
        NumberAxis y = new NumberAxis();
        y.setAnimated(false);
        y.setForceZeroInRange(true);
        y.setLabel(unit);
        y.setMinorTickVisible(false);

        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.createSymbolsProperty().bind(vm.fewPointsProperty());
        chart.getData().addAll(series);
        chart.setLegendVisible(true);
        chart.setMinHeight(260);
        chart.setPrefHeight(300);
        chart.getStyleClass().addAll("bs-chart", styleClass);

        Label missing = new Label();
        missing.textProperty().bind(absence);
        missing.getStyleClass().add("bs-chart-absent");
        missing.setWrapText(true);
        missing.setMaxWidth(280);
        missing.visibleProperty().bind(Bindings.isNotEmpty(absence));
        StackPane.setAlignment(missing, Pos.CENTER);

        StackPane pane = new StackPane(chart, missing);
        pane.getStyleClass().add("bs-chart-pane");
        HBox.setHgrow(pane, Priority.ALWAYS);
        return pane;
    }
}
