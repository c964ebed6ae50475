package io.bedside.ui.cpu;

import io.bedside.ui.main.AreaParts;
import io.bedside.model.text.HostText;
import io.bedside.ui.findings.FindingsView;
import io.bedside.ui.fx.HostTextCell;
import io.bedside.ui.fx.TimeCharts;
import io.bedside.ui.fx.TimeWindow;
import io.bedside.ui.main.ChartSeries;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.Comparator;
import java.util.Locale;
import java.util.function.Function;

import static io.bedside.ui.main.AreaParts.shown;

/**
 * The CPU area: the findings; the cgroups with a CPU quota, most throttled first, their quota
 * against what they used; CPU pressure, the run queue and steal over time. Only binds to
 * {@link CpuViewModel}.
 */
public final class CpuView extends ScrollPane {
    public static final double ROW_HEIGHT = 26;

    private final CpuViewModel vm;

    public CpuView(CpuViewModel vm) {
        this.vm = vm;
        AreaParts.page(this, "cpu-view", "bs-cpu");

        Label waiting = AreaParts.waiting(vm);
        Label notice = shown(new Label(), vm.noticeProperty(), "bs-error");
        Label state = shown(new Label(), vm.stateProperty(), "bs-section-title");
        state.setId("cpu-state");

        FindingsView findings = AreaParts.findings(vm, "cpu",
                "No CPU findings in this sample: no cgroup throttled by its quota in a quarter of its periods, CPU pressure below 40%.", this);

        HBox charts = new HBox(12, chart(0, "cpu-chart-pressure"), chart(1, "cpu-chart-runqueue"), chart(2, "cpu-chart-steal"));
        charts.getChildren().forEach(c -> HBox.setHgrow(c, Priority.ALWAYS));
        charts.visibleProperty().bind(vm.hasSampleProperty());
        charts.managedProperty().bind(charts.visibleProperty());

        VBox content = new VBox(14, waiting, notice, state, findings, table(), charts);
        content.setPadding(new Insets(14));
        setContent(content);
    }

    public CpuViewModel viewModel() {
        return vm;
    }

    private Node chart(int index, String id) {
        TimeWindow w = vm.charts();
        ChartSeries c = vm.chartSeries().get(index);
        LineChart<Number, Number> chart = TimeCharts.setUp(new io.bedside.ui.fx.TimeLineChart(TimeCharts.timeAxis(w),
                TimeCharts.valueAxis(c.chart().unit(), null, 4, false)), w, id, c.chart().title(), c.series(), c.limits(), "bs-chart-cpu");
        chart.setLegendVisible(true);
        chart.setMinWidth(260);
        // a line the host did not give has no points; the chart then says so instead of drawing zeros
        return TimeCharts.withAbsence(chart, new javafx.beans.property.SimpleStringProperty(""), 260);
    }

    private Node table() {
        Label title = new Label("Cgroups with a CPU quota");
        title.getStyleClass().add("bs-section-title");
        Label sub = new Label("most throttled first; quota and use as shares of one CPU; throttled periods over the last minute of samples");
        sub.getStyleClass().add("bs-muted");
        sub.setWrapText(true);
        Label times = new Label();
        times.textProperty().bind(HostTextCell.shown(vm.timesNoteProperty()));
        times.getStyleClass().add("bs-muted");
        HBox titles = new HBox(10, title, sub);
        titles.setAlignment(Pos.BASELINE_LEFT);

        TableView<CgroupRow> t = new TableView<>();
        t.setId("cpu-cgroups");
        t.getStyleClass().addAll("bs-cpu-table", "dense");
        t.setFixedCellSize(ROW_HEIGHT);
        t.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        t.getColumns().add(col("Cgroup", CgroupRow::cgroup, CgroupRow::cgroup, 310));
        t.getColumns().add(col("Unit", CgroupRow::unit, CgroupRow::unit, 170));
        t.getColumns().add(right(col("Quota", CgroupRow::quota, CgroupRow::quota, 80)));
        t.getColumns().add(right(col("Used", CgroupRow::used, CgroupRow::used, 80)));
        t.getColumns().add(right(col("Throttled periods", CgroupRow::throttledPercent, CgroupRow::throttled, 175)));
        t.getColumns().add(right(col("Held back", CgroupRow::heldBack, CgroupRow::heldBack, 100)));
        t.getColumns().add(col("Over", CgroupRow::basis, CgroupRow::basis, 170));
        TextField filter = io.bedside.ui.fx.TableFilter.install(t, vm.cgroups(), "cpu-filter", "Filter: cgroup or unit");
        Label placeholder = new Label();
        placeholder.setWrapText(true);
        placeholder.textProperty().bind(HostTextCell.shown(vm.absenceProperty()));
        t.setPlaceholder(placeholder);
        t.setPrefHeight(200);
        t.setMinHeight(140);

        VBox box = new VBox(8, titles, io.bedside.ui.fx.TableFilter.bar(filter), t, times);
        box.visibleProperty().bind(vm.hasSampleProperty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private static <R, K extends Comparable<? super K>> TableColumn<R, R> col(String title, Function<R, K> key,
                                                                             Function<R, String> text, double width) {
        TableColumn<R, R> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue()));
        c.setComparator(Comparator.comparing(key));
        c.setCellFactory(x -> new TableCell<>() {
            @Override
            protected void updateItem(R r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : HostText.window(text.apply(r)));
            }
        });
        c.setPrefWidth(width);
        c.setId("cpu-col-" + title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", ""));
        return c;
    }

    private static <R> TableColumn<R, R> right(TableColumn<R, R> c) {
        c.getStyleClass().add("bs-col-right");
        return c;
    }
}
