package io.bedside.ui.net;

import io.bedside.ui.main.AreaParts;
import io.bedside.model.text.HostText;
import io.bedside.ui.findings.FindingsView;
import io.bedside.ui.fx.TimeCharts;
import io.bedside.ui.fx.TimeWindow;
import io.bedside.ui.main.ChartSeries;
import javafx.beans.property.ReadOnlyObjectWrapper;
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
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.Locale;
import java.util.function.Function;

import static io.bedside.ui.main.AreaParts.shown;
import static io.bedside.ui.main.AreaParts.titled;

/** The network limits area: findings, three charts, the client tuples and the listening sockets. */
public final class NetView extends ScrollPane {
    public static final double ROW_HEIGHT = 26;
    private final NetViewModel vm;
    private final javafx.scene.control.TextField filter = io.bedside.ui.fx.TableFilter.newField("net-filter", "Filter: address, port or process");

    public NetView(NetViewModel vm) {
        this.vm = vm;
        AreaParts.page(this, "net-view", "bs-net");

        Label waiting = AreaParts.waiting(vm);
        Label notice = shown(new Label(), vm.noticeProperty(), "bs-error");
        Label limits = shown(new Label(), vm.limitsProperty(), "bs-muted");
        limits.setId("net-limits");
        Label absence = shown(new Label(), vm.absenceProperty(), "bs-absent");
        absence.setId("net-absence");

        FindingsView findings = AreaParts.findings(vm, "net",
                "No network limit findings in this sample: no client near the end of its port range, conntrack below 90%, no listen queue overflowing.", this);

        HBox charts = new HBox(10, chart(0, "net-chart-ports"), chart(1, "net-chart-conntrack"), chart(2, "net-chart-listen"));
        charts.getChildren().forEach(c -> HBox.setHgrow(c, Priority.ALWAYS));
        charts.visibleProperty().bind(vm.hasSampleProperty());
        charts.managedProperty().bind(charts.visibleProperty());

        Label times = shown(new Label(), vm.timesNoteProperty(), "bs-muted");
        VBox content = new VBox(14, waiting, notice, findings, limits, charts, io.bedside.ui.fx.TableFilter.bar(filter), tuples(), absence,
                listeners(), times);
        content.setPadding(new Insets(14));
        setContent(content);
    }

    public NetViewModel viewModel() {
        return vm;
    }

    private Node chart(int index, String id) {
        TimeWindow w = vm.charts();
        ChartSeries c = vm.chartSeries().get(index);
        LineChart<Number, Number> chart = TimeCharts.setUp(new io.bedside.ui.fx.TimeLineChart(TimeCharts.timeAxis(w),
                TimeCharts.valueAxis(c.chart().unit(), null, 4, false)), w, id, c.chart().title(), c.series(), c.limits(), "bs-chart-net");
        chart.setLegendVisible(true);
        chart.setMinHeight(220);
        chart.setPrefHeight(240);
        chart.setMinWidth(200);
        StackPane pane = TimeCharts.withAbsence(chart, vm.absenceProperty(), 260);
        pane.setMinWidth(200);
        return pane;
    }

    private Node tuples() {
        TableView<NetRows.TupleRow> t = new TableView<>(vm.tuples());
        t.setId("net-tuples");
        t.setFixedCellSize(ROW_HEIGHT);
        t.setPrefHeight(ROW_HEIGHT * 7 + 30);
        t.getColumns().add(col("Local address", NetRows.TupleRow::local, 180));
        t.getColumns().add(col("Remote", NetRows.TupleRow::remote, 220));
        t.getColumns().add(col("Connections", r -> Integer.toString(r.inUse()), 110));
        t.getColumns().add(col("TIME_WAIT", r -> Integer.toString(r.timeWait()), 100));
        t.getColumns().add(col("Of the port range", NetRows.TupleRow::useText, 140));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.setPlaceholder(new Label("No client connection from the local port range."));
        io.bedside.ui.fx.TableFilter.install(t, vm.tuples(), filter);
        return new VBox(6, titled("Client tuples", "connections from one local address to one remote address and port, against the usable local ports"), t);
    }

    private Node listeners() {
        TableView<NetRows.ListenerRow> t = new TableView<>(vm.listeners());
        t.setId("net-listeners");
        t.setFixedCellSize(ROW_HEIGHT);
        t.setPrefHeight(ROW_HEIGHT * 7 + 30);
        t.getColumns().add(col("Listening on", NetRows.ListenerRow::local, 200));
        t.getColumns().add(col("Accept queue / backlog", NetRows.ListenerRow::queueText, 190));
        TableColumn<NetRows.ListenerRow, NetRows.ListenerRow> owners = col("Held by", NetRows.ListenerRow::owners, 300);
        t.getColumns().add(owners);
        io.bedside.ui.fx.TableFilter.install(t, vm.listeners(), filter);
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.setRowFactory(x -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(NetRows.ListenerRow r, boolean empty) {
                super.updateItem(r, empty);
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("full"), !empty && r != null && r.full());
            }
        });
        t.setPlaceholder(new Label("No listening TCP socket."));
        return new VBox(6, titled("Listening sockets", "Recv-Q waiting for accept() against the backlog (Send-Q), fullest first; owners from the fd walk"), t);
    }

    private static <R> TableColumn<R, R> col(String title, Function<R, String> text, double width) {
        TableColumn<R, R> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue()));
        c.setSortable(false);
        c.setCellFactory(x -> new TableCell<>() {
            @Override
            protected void updateItem(R r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : HostText.window(text.apply(r)));
            }
        });
        c.setPrefWidth(width);
        c.setId("net-col-" + title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", ""));
        return c;
    }
}
