package io.bedside.ui.procs;

import io.bedside.ui.main.AreaParts;
import io.bedside.model.text.HostText;
import io.bedside.ui.findings.FindingsView;
import io.bedside.ui.fx.TimeCharts;
import io.bedside.ui.fx.TimeWindow;
import io.bedside.ui.main.ChartSeries;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.List;

import static io.bedside.ui.main.AreaParts.shown;

/**
 * The processes area: the findings; tasks against kernel.pid_max and threads-max, zombies and
 * threads in D, and the fullest cgroup's pids over the window; then zombies per parent, threads in
 * D with their wchan and the cgroups near their pids.max. Only binds to {@link ProcsViewModel}.
 */
public final class ProcsView extends ScrollPane {
    private static final double ROW_HEIGHT = 26;
    private final ProcsViewModel vm;
    private final javafx.scene.control.TextField filter = io.bedside.ui.fx.TableFilter.newField("procs-filter", "Filter: pid, name, cgroup or wait");

    public ProcsView(ProcsViewModel vm) {
        this.vm = vm;
        AreaParts.page(this, "procs-view", "bs-procs");

        Label waiting = AreaParts.waiting(vm);
        Label notice = shown(new Label(), vm.noticeProperty(), "bs-error");
        Label absence = shown(new Label(), vm.absenceProperty(), "bs-absent");
        Label tasks = shown(new Label(), vm.tasksProperty(), "bs-muted");
        tasks.setId("procs-tasks");

        FindingsView findings = AreaParts.findings(vm, "procs",
                "No process findings in this sample: no parent piling up zombies, no thread stuck in D, no task limit near.", this);

        HBox charts = new HBox(12);
        for (int i = 0; i < vm.chartSeries().size(); i++) {
            Node c = chart(i);
            HBox.setHgrow(c, Priority.ALWAYS);
            charts.getChildren().add(c);
        }
        charts.visibleProperty().bind(vm.hasSampleProperty());
        charts.managedProperty().bind(charts.visibleProperty());

        VBox content = new VBox(14, waiting, notice, findings, tasks, charts, absence, io.bedside.ui.fx.TableFilter.bar(filter),
                section("Zombies by parent", "a parent that does not wait() for its children; the most zombies first",
                        table("procs-zombies", vm.zombies(), List.of("ppid", "parent", "unit", "zombies", "oldest"), List.of(70.0, 200.0, 200.0, 80.0, 90.0))),
                section("Threads in uninterruptible sleep (D)", "what each waits on in the kernel; samples: consecutive full samples in D",
                        table("procs-stuck", vm.stuck(), List.of("pid", "tid", "thread", "wchan", "waits on", "samples"),
                                List.of(70.0, 70.0, 150.0, 170.0, 300.0, 70.0))),
                section("cgroups near their pids.max", "at 50% or more, or refusing forks (pids.events max)",
                        table("procs-cgroups", vm.cgroups(), List.of("", "cgroup", "pids", "pids.max", "use", "forks refused"),
                                List.of(40.0, 330.0, 70.0, 80.0, 60.0, 110.0))));
        content.setPadding(new Insets(14));
        setContent(content);
    }

    public ProcsViewModel viewModel() {
        return vm;
    }

    private Node chart(int i) {
        TimeWindow w = vm.charts();
        ChartSeries c = vm.chartSeries().get(i);
        LineChart<Number, Number> chart = TimeCharts.setUp(
                new io.bedside.ui.fx.TimeLineChart(TimeCharts.timeAxis(w), TimeCharts.valueAxis(c.chart().unit(), null, 0, true)),
                w, "procs-chart-" + i, c.chart().title(), c.series(), c.limits(), "bs-chart-procs");
        chart.setMinHeight(220);
        chart.setPrefHeight(240);
        chart.setPrefWidth(380);
        return TimeCharts.withAbsence(chart, new ReadOnlyStringWrapper(""), 300);
    }

    private static Node section(String title, String sub, Node body) {
        return new VBox(6, AreaParts.titled(title, sub), body);
    }

    private TableView<ProcsRows.Row> table(String id, ObservableList<ProcsRows.Row> rows, List<String> names, List<Double> widths) {
        TableView<ProcsRows.Row> t = new TableView<>(rows);
        t.setId(id);
        t.setFixedCellSize(ROW_HEIGHT);
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        for (int i = 0; i < names.size(); i++) {
            final int col = i;
            TableColumn<ProcsRows.Row, String> c = new TableColumn<>(names.get(i));
            c.setPrefWidth(widths.get(i));
            c.setCellValueFactory(r -> new ReadOnlyStringWrapper(r.getValue().cells().get(col)));
            c.setCellFactory(x -> new TableCell<>() {
                @Override
                protected void updateItem(String item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty || item == null ? null : HostText.window(item));
                }
            });
            t.getColumns().add(c);
        }
        t.setPlaceholder(new Label("None in this sample."));
        io.bedside.ui.fx.TableFilter.install(t, rows, filter);
        t.prefHeightProperty().bind(Bindings.createDoubleBinding(() -> ROW_HEIGHT * (Math.min(Math.max(rows.size(), 1), 10) + 1.9), rows));
        t.setMinHeight(Region.USE_PREF_SIZE);
        return t;
    }

}
