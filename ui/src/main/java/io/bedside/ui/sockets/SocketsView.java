package io.bedside.ui.sockets;

import io.bedside.ui.main.AreaParts;
import io.bedside.ui.fx.HostTextCell;
import io.bedside.model.text.HostText;
import io.bedside.ui.findings.FindingsView;
import io.bedside.ui.fx.TimeCharts;
import io.bedside.ui.fx.TimeWindow;
import io.bedside.ui.main.ChartSeries;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.StackedAreaChart;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.Comparator;
import java.util.Locale;
import java.util.function.Function;

import static io.bedside.ui.main.AreaParts.shown;
import static io.bedside.ui.main.AreaParts.titled;

/**
 * The sockets area: the findings, the chain of each blocked pipe, TCP sockets per state over 15
 * minutes, the sockets grouped by process (or by local port) and the drill-down of the selected
 * process. Only binds to {@link SocketsViewModel}.
 */
public final class SocketsView extends ScrollPane {
    /** Row height of the tables: fixed, so thousands of rows scroll without measuring any. */
    public static final double ROW_HEIGHT = 26;

    private final SocketsViewModel vm;

    public SocketsView(SocketsViewModel vm) {
        this.vm = vm;
        AreaParts.page(this, "sockets-view", "bs-sockets");

        Label waiting = AreaParts.waiting(vm);

        Label notice = shown(new Label(), vm.noticeProperty(), "bs-error");
        Label absence = shown(new Label(), vm.absenceProperty(), "bs-absent");
        absence.setId("sockets-absence");

        FindingsView findings = AreaParts.findings(vm, "sockets",
                "No socket findings in this sample: no pile of CLOSE_WAIT, no thread blocked writing to a pipe, no process near its fd limit.", this);

        VBox content = new VBox(14, waiting, notice, findings, chains(), absence, chart(), table(), drillDown());
        content.setPadding(new Insets(14));
        setContent(content);
    }

    public SocketsViewModel viewModel() {
        return vm;
    }

    // ------------------------------------------------------------------ chains

    private Node chains() {
        VBox list = new VBox(10);
        list.setId("sockets-chains");
        Runnable fill = () -> {
            list.getChildren().clear();
            int i = 0;
            for (PipeChain c : vm.chains()) {
                list.getChildren().add(chainBox(c, i++));
            }
        };
        vm.chains().addListener((ListChangeListener<PipeChain>) c -> fill.run());
        fill.run();
        VBox box = new VBox(8, titled("Why it is stuck", "the evidence of each blocked pipe, from the sockets to the process holding the read end"), list);
        box.visibleProperty().bind(Bindings.isNotEmpty(vm.chains()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private Node chainBox(PipeChain c, int index) {
        javafx.scene.layout.FlowPane row = new javafx.scene.layout.FlowPane(6, 6);
        row.setId("sockets-chain-" + index);
        row.getStyleClass().add("bs-chain");
        row.setAlignment(Pos.CENTER_LEFT);
        for (PipeChain.Link l : c.links()) {
            if (!row.getChildren().isEmpty()) {
                Label arrow = new Label("→");
                arrow.getStyleClass().add("bs-chain-arrow");
                arrow.setMinWidth(Region.USE_PREF_SIZE);
                row.getChildren().add(arrow);
            }
            Label box = new Label(l.shown(HostText::window));
            box.getStyleClass().addAll("bs-chain-link", "bs-chain-" + l.kind().name().toLowerCase(Locale.ROOT));
            box.setMinWidth(Region.USE_PREF_SIZE);
            box.setMinHeight(Region.USE_PREF_SIZE);
            box.setWrapText(false);
            row.getChildren().add(box);
        }
        row.setOnMouseClicked(e -> vm.selectedPidProperty().set(c.pid()));
        return row;
    }

    // ------------------------------------------------------------------ chart

    private Node chart() {
        TimeWindow w = vm.charts();
        ChartSeries c = vm.chartSeries().get(0);
        StackedAreaChart<Number, Number> chart = TimeCharts.setUp(
                new io.bedside.ui.fx.TimeStackedAreaChart(TimeCharts.timeAxis(w), TimeCharts.valueAxis(c.chart().unit(), null, 0, true)),
                w, "sockets-chart-states", c.chart().title() + " (stacked)", c.series(), c.limits(), "bs-chart-sockets");
        chart.setMinHeight(230);
        chart.setPrefHeight(260);
        StackPane pane = TimeCharts.withAbsence(chart, vm.absenceProperty(), 300);
        pane.visibleProperty().bind(vm.hasSampleProperty());
        pane.managedProperty().bind(pane.visibleProperty());
        return pane;
    }

    // ------------------------------------------------------------------ table

    private Node table() {
        HBox titles = titled("Sockets by holder", "TCP and UDP; the most CLOSE_WAIT first; select a process to drill into it");
        ToggleGroup g = new ToggleGroup();
        ToggleButton byProcess = new ToggleButton("By process");
        byProcess.setId("sockets-by-process");
        ToggleButton byPort = new ToggleButton("By local port");
        byPort.setId("sockets-by-port");
        byProcess.setToggleGroup(g);
        byPort.setToggleGroup(g);
        byProcess.setMinWidth(Region.USE_PREF_SIZE);
        byPort.setMinWidth(Region.USE_PREF_SIZE);
        byProcess.setSelected(!vm.byPortProperty().get());
        byPort.setSelected(vm.byPortProperty().get());
        g.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                was.setSelected(true);   // one is always on
            } else {
                vm.byPortProperty().set(now == byPort);
            }
        });
        TextField filter = io.bedside.ui.fx.TableFilter.field("sockets-filter", "Filter: pid, name or port", vm.filterProperty());
        filter.setPrefColumnCount(20);
        Label count = new Label();
        count.setId("sockets-count");
        count.textProperty().bind(HostTextCell.shown(vm.countProperty()));
        count.getStyleClass().add("bs-muted");
        count.setMinWidth(Region.USE_PREF_SIZE);
        Label times = new Label();
        times.setId("sockets-times");
        times.textProperty().bind(HostTextCell.shown(vm.timesNoteProperty()));
        times.getStyleClass().add("bs-muted");
        times.setMinWidth(Region.USE_PREF_SIZE);
        HBox toggles = new HBox(byProcess, byPort);
        toggles.setMinWidth(Region.USE_PREF_SIZE);
        javafx.scene.layout.FlowPane bar = io.bedside.ui.fx.TableFilter.bar(toggles, filter, count, times);
        Label owners = shown(new Label(), vm.ownerNoteProperty(), "bs-absent");
        owners.setId("sockets-owner-note");

        TableView<SocketGroupRow> t = new TableView<>();
        t.setId("sockets-groups");
        t.getStyleClass().addAll("bs-sockets-table", "dense");
        t.setFixedCellSize(ROW_HEIGHT);
        t.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        TableColumn<SocketGroupRow, SocketGroupRow> key = col("pid", SocketGroupRow::key, SocketGroupRow::key, 80);
        key.textProperty().bind(Bindings.when(vm.byPortProperty()).then("Local port").otherwise("pid"));
        t.getColumns().add(key);
        TableColumn<SocketGroupRow, SocketGroupRow> name = col("Name", SocketGroupRow::name, SocketGroupRow::name, 200);
        name.textProperty().bind(Bindings.when(vm.byPortProperty()).then("Held by").otherwise("Name"));
        t.getColumns().add(name);
        t.getColumns().add(right(col("Sockets", SocketGroupRow::total, r -> Integer.toString(r.total()), 90)));
        TableColumn<SocketGroupRow, SocketGroupRow> cw = right(col("CLOSE_WAIT", SocketGroupRow::closeWait,
                r -> Integer.toString(r.closeWait()), 110));
        t.getColumns().add(cw);
        // unread bytes in the units the findings use (33.6 KiB); sorted by the byte count
        t.getColumns().add(right(col("Recv-Q unread", SocketGroupRow::recvQ, r -> io.bedside.ui.fx.Units.bytes(r.recvQ()), 130)));
        TableColumn<SocketGroupRow, SocketGroupRow> growth = right(col("CLOSE_WAIT growth", SocketGroupRow::growthSortKey,
                SocketGroupRow::growthText, 140));
        growth.setCellFactory(x -> new TableCell<>() {
            private final Tooltip unknown = new Tooltip(SocketGroupRow.GROWTH_UNKNOWN);

            @Override
            protected void updateItem(SocketGroupRow r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : r.growthText());
                setTooltip(empty || r == null || r.growthPerMin().isPresent() ? null : unknown);
            }
        });
        t.getColumns().add(growth);
        t.getColumns().add(right(col("First seen", SocketGroupRow::firstSeen, SocketGroupRow::firstSeenText, 110)));
        TableColumn<SocketGroupRow, SocketGroupRow> ports = col("Local ports", SocketGroupRow::ports, SocketGroupRow::ports, 320);
        ports.textProperty().bind(Bindings.when(vm.byPortProperty()).then("Processes").otherwise("Local ports"));
        t.getColumns().add(ports);
        t.setItems(vm.groups());
        vm.groups().comparatorProperty().bind(t.comparatorProperty());
        Label placeholder = new Label();
        placeholder.setWrapText(true);
        placeholder.textProperty().bind(Bindings.when(Bindings.isNotEmpty(vm.absenceProperty())).then(vm.absenceProperty())
                .otherwise(Bindings.when(Bindings.isEmpty(vm.allGroups())).then("No sockets in this sample.")
                        .otherwise("No row matches the filter.")));
        t.setPlaceholder(placeholder);
        t.setPrefHeight(300);
        t.setMinHeight(200);
        t.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null && now.pid() >= 0) {
                vm.selectedPidProperty().set(now.pid());
            }
        });
        Runnable keepSelection = () -> {
            Integer pid = vm.selectedPidProperty().get();
            SocketGroupRow sel = t.getSelectionModel().getSelectedItem();
            if (pid != null && !vm.byPortProperty().get() && (sel == null || sel.pid() != pid)) {
                for (int i = 0; i < t.getItems().size(); i++) {
                    if (t.getItems().get(i).pid() == pid) {
                        t.getSelectionModel().select(i);
                        break;
                    }
                }
            }
        };
        vm.groups().addListener((ListChangeListener<SocketGroupRow>) c -> keepSelection.run());
        vm.selectedPidProperty().addListener((o, was, now) -> keepSelection.run());

        VBox box = new VBox(8, titles, bar, owners, t);
        box.visibleProperty().bind(vm.hasSampleProperty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    // ------------------------------------------------------------------ drill-down

    private Node drillDown() {
        Label title = new Label();
        title.setId("sockets-detail-title");
        title.getStyleClass().add("bs-section-title");
        title.textProperty().bind(Bindings.createStringBinding(() -> vm.detailProperty().get() == null
                ? "Process: select one in the table above" : "Process " + HostText.window(vm.detailProperty().get().title()), vm.detailProperty()));

        Label stdout = new Label();
        stdout.setId("sockets-detail-stdout");
        stdout.getStyleClass().add("bs-mono");
        stdout.setWrapText(true);
        Label stderr = new Label();
        stderr.setId("sockets-detail-stderr");
        stderr.getStyleClass().add("bs-mono");
        stderr.setWrapText(true);
        Label threadsAbsence = new Label();
        threadsAbsence.getStyleClass().add("bs-absent");
        threadsAbsence.setWrapText(true);
        Label fdsAbsence = new Label();
        fdsAbsence.setId("sockets-detail-fds-absence");
        fdsAbsence.getStyleClass().add("bs-absent");
        fdsAbsence.setWrapText(true);

        TableView<ProcessDetail.ThreadRow> threads = new TableView<>();
        threads.setId("sockets-detail-threads");
        threads.getColumns().add(text("tid", r -> Integer.toString(r.tid()), 70));
        threads.getColumns().add(text("Name", ProcessDetail.ThreadRow::name, 170));
        threads.getColumns().add(text("State", ProcessDetail.ThreadRow::state, 60));
        threads.getColumns().add(text("wchan", ProcessDetail.ThreadRow::wchan, 170));
        TableView<ProcessDetail.FdRow> fds = new TableView<>();
        fds.setId("sockets-detail-fds");
        fds.getColumns().add(text("fd", r -> Integer.toString(r.fd()), 50));
        fds.getColumns().add(text("Mode", ProcessDetail.FdRow::mode, 110));
        fds.getColumns().add(text("Target", ProcessDetail.FdRow::target, 300));
        TableView<ProcessDetail.PipeRow> pipes = new TableView<>();
        pipes.setId("sockets-detail-pipes");
        pipes.getColumns().add(text("fd", r -> Integer.toString(r.fd()), 50));
        pipes.getColumns().add(text("Access", ProcessDetail.PipeRow::access, 70));
        pipes.getColumns().add(text("Pipe", ProcessDetail.PipeRow::pipe, 150));
        pipes.getColumns().add(text("Other end", ProcessDetail.PipeRow::otherEnd, 520));
        for (TableView<?> t : java.util.List.of(threads, fds, pipes)) {
            t.getStyleClass().addAll("bs-sockets-table", "dense");
            t.setFixedCellSize(ROW_HEIGHT);
            t.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
            t.setPrefHeight(220);
        }
        pipes.setPrefHeight(140);

        Runnable fill = () -> {
            ProcessDetail d = vm.detailProperty().get();
            threads.setItems(FXCollections.observableArrayList(d == null ? java.util.List.of() : d.threads()));
            fds.setItems(FXCollections.observableArrayList(d == null ? java.util.List.of() : d.fds()));
            pipes.setItems(FXCollections.observableArrayList(d == null ? java.util.List.of() : d.pipes()));
            stdout.setText(d == null ? "" : "stdout (fd 1): " + HostText.window(d.stdout()));
            stderr.setText(d == null ? "" : "stderr (fd 2): " + HostText.window(d.stderr()));
            threadsAbsence.setText(d == null ? "" : d.threadsAbsence());
            fdsAbsence.setText(d == null ? "" : d.fdsAbsence());
            threads.setPlaceholder(new Label(d == null || d.threadsAbsence().isEmpty() ? "No threads." : d.threadsAbsence()));
            fds.setPlaceholder(new Label(d == null || d.fdsAbsence().isEmpty() ? "No open fds." : d.fdsAbsence()));
            pipes.setPlaceholder(new Label(d == null || !d.fdsAbsence().isEmpty() ? "Pipes unknown: " + (d == null ? "" : d.fdsAbsence())
                    : "No pipe or FIFO open."));
        };
        vm.detailProperty().addListener((o, was, now) -> fill.run());
        fill.run();
        for (Label l : java.util.List.of(threadsAbsence, fdsAbsence)) {
            l.visibleProperty().bind(Bindings.isNotEmpty(l.textProperty()));
            l.managedProperty().bind(l.visibleProperty());
        }

        VBox left = new VBox(6, label("Threads (name, state, what each waits in)"), threadsAbsence, threads);
        // how many: a table of 100,000 rows does not say so by itself
        Label fdsTitle = label("Open fds");
        fdsTitle.setId("sockets-detail-fds-title");
        fdsTitle.textProperty().bind(Bindings.createStringBinding(() -> {
            ProcessDetail d = vm.detailProperty().get();
            return d == null || d.fds().isEmpty() ? "Open fds" : String.format(java.util.Locale.ROOT, "Open fds (%,d)", d.fds().size());
        }, vm.detailProperty()));
        VBox right = new VBox(6, fdsTitle, fdsAbsence, fds);
        HBox.setHgrow(left, Priority.ALWAYS);
        HBox.setHgrow(right, Priority.ALWAYS);
        HBox two = new HBox(12, left, right);
        VBox box = new VBox(8, title, stdout, stderr, two, label("Pipes and FIFOs, with the processes at their other end"), pipes);
        box.setId("sockets-detail");
        box.getStyleClass().add("bs-drilldown");
        box.visibleProperty().bind(vm.hasSampleProperty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private static Label label(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("bs-field-name");
        return l;
    }

    // ------------------------------------------------------------------ columns

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
        c.setId("sockets-col-" + title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", ""));
        return c;
    }

    private static <R> TableColumn<R, String> text(String title, Function<R, String> f, double width) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
        c.setCellFactory(x -> new HostTextCell<>());
        c.setPrefWidth(width);
        return c;
    }

    private static <R> TableColumn<R, R> right(TableColumn<R, R> c) {
        c.getStyleClass().add("bs-col-right");
        return c;
    }
}
