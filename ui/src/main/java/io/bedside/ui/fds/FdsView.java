package io.bedside.ui.fds;

import io.bedside.ui.main.AreaParts;
import io.bedside.model.text.HostText;
import io.bedside.ui.findings.FindingsView;
import io.bedside.ui.fx.HostTextCell;
import io.bedside.ui.fx.TimeCharts;
import io.bedside.ui.fx.TimeWindow;
import io.bedside.ui.main.ChartSeries;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.Comparator;
import java.util.Locale;
import java.util.function.Function;

import static io.bedside.ui.main.AreaParts.shown;
import static io.bedside.ui.main.AreaParts.titled;

/**
 * The File descriptors area: the findings; the system's table (file-nr against fs.file-max) as a
 * gauge and over time; the process holding the most of its limit over time; and every process by
 * use of its RLIMIT_NOFILE with a gauge, its growth over the window and the kinds that grew. Only
 * binds to {@link FdsViewModel}.
 */
public final class FdsView extends ScrollPane {
    public static final double ROW_HEIGHT = 26;
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
    private static final PseudoClass FULL = PseudoClass.getPseudoClass("full");

    private final FdsViewModel vm;

    public FdsView(FdsViewModel vm) {
        this.vm = vm;
        AreaParts.page(this, "fds-view", "bs-fds");

        Label waiting = AreaParts.waiting(vm);
        Label notice = shown(new Label(), vm.noticeProperty(), "bs-error");

        FindingsView findings = AreaParts.findings(vm, "fds",
                "No file descriptor findings in this sample: the system's table has room, no process is near its open-files limit,"
                        + " none grew in every sample.", this);

        VBox content = new VBox(14, waiting, notice, findings, systemTable(), charts(), table());
        content.setPadding(new Insets(14));
        setContent(content);
    }

    public FdsViewModel viewModel() {
        return vm;
    }

    private static void level(ProgressBar bar, double use) {
        bar.pseudoClassStateChanged(FULL, use >= 0.98);
        bar.pseudoClassStateChanged(WARNING, use >= 0.8 && use < 0.98);
    }

    // ------------------------------------------------------------------ the system's table

    private Node systemTable() {
        ProgressBar bar = new ProgressBar();
        bar.setId("fds-system-gauge");
        bar.getStyleClass().add("bs-gauge");
        bar.setPrefWidth(220);
        bar.setMinWidth(Region.USE_PREF_SIZE);
        Runnable update = () -> {
            double u = vm.tableUseProperty().get();
            bar.setVisible(u >= 0);
            bar.setProgress(Math.max(0, Math.min(1, u)));
            level(bar, u);
        };
        vm.tableUseProperty().addListener((o, was, now) -> update.run());
        update.run();
        Label line = new Label();
        line.setId("fds-system-table");
        line.textProperty().bind(HostTextCell.shown(vm.tableProperty()));
        line.setWrapText(true);
        line.setMinHeight(Region.USE_PREF_SIZE);
        HBox box = new HBox(12, bar, line);
        box.setAlignment(Pos.CENTER_LEFT);
        box.visibleProperty().bind(vm.hasSampleProperty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    // ------------------------------------------------------------------ charts

    private Node charts() {
        GridPane grid = new GridPane();
        grid.setHgap(14);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(50);
            grid.getColumnConstraints().add(c);
        }
        grid.add(chart("fds-chart-system", vm.chartSeries().get(0), "bs-chart-fds-system"), 0, 0);
        grid.add(chart("fds-chart-process", vm.chartSeries().get(1), "bs-chart-fds-process"), 1, 0);
        grid.visibleProperty().bind(vm.hasSampleProperty());
        grid.managedProperty().bind(grid.visibleProperty());
        return grid;
    }

    private Node chart(String id, ChartSeries c, String style) {
        TimeWindow w = vm.charts();
        LineChart<Number, Number> chart = TimeCharts.setUp(new io.bedside.ui.fx.TimeLineChart(TimeCharts.timeAxis(w),
                TimeCharts.valueAxis(c.chart().unit(), null, 4, true)), w, id, c.chart().title(), c.series(), c.limits(), style);
        chart.setLegendVisible(true);
        chart.setMinHeight(230);
        chart.setPrefHeight(250);
        StackPane pane = TimeCharts.withAbsence(chart, id.equals("fds-chart-system") ? vm.tableAbsenceProperty()
                : vm.absenceProperty(), 280);
        return pane;
    }

    // ------------------------------------------------------------------ processes

    private Node table() {
        HBox titles = titled("Processes by use of their open-files limit", "fds against RLIMIT_NOFILE (soft); growth since"
                + " the oldest full sample of the window");
        TextField filter = io.bedside.ui.fx.TableFilter.field("fds-filter", "Filter: pid, name or kind", vm.filterProperty());
        Label count = new Label();
        count.setId("fds-count");
        count.textProperty().bind(HostTextCell.shown(vm.countProperty()));
        count.getStyleClass().add("bs-muted");
        Label times = new Label();
        times.textProperty().bind(HostTextCell.shown(vm.timesNoteProperty()));
        times.getStyleClass().add("bs-muted");
        javafx.scene.layout.FlowPane bar = io.bedside.ui.fx.TableFilter.bar(filter, count, times);
        Label absence = shown(new Label(), vm.absenceProperty(), "bs-absent");
        absence.setId("fds-absence");

        TableView<FdProcessRow> t = new TableView<>();
        t.setId("fds-processes");
        t.getStyleClass().addAll("bs-fds-table", "dense");
        t.setFixedCellSize(ROW_HEIGHT);
        t.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        t.getColumns().add(right(col("pid", FdProcessRow::pid, r -> Integer.toString(r.pid()), 80)));
        t.getColumns().add(col("Name", FdProcessRow::comm, r -> r.comm() + (r.leaking() ? "  (leaking)" : ""), 190));
        TableColumn<FdProcessRow, FdProcessRow> use = col("Use of its limit", FdProcessRow::use, FdProcessRow::useText, 260);
        use.setCellFactory(x -> new TableCell<>() {
            private final ProgressBar g = new ProgressBar();
            private final Label l = new Label();
            private final HBox box = new HBox(8, g, l);

            {
                g.getStyleClass().add("bs-gauge");
                g.setPrefWidth(90);
                g.setMinWidth(Region.USE_PREF_SIZE);
                l.setMinWidth(Region.USE_PREF_SIZE);
                box.setAlignment(Pos.CENTER_LEFT);
            }

            @Override
            protected void updateItem(FdProcessRow r, boolean empty) {
                super.updateItem(r, empty);
                if (empty || r == null) {
                    setGraphic(null);
                    return;
                }
                g.setProgress(Math.min(1, r.use()));
                level(g, r.use());
                l.setText(r.useText());
                setGraphic(box);
            }
        });
        t.getColumns().add(use);
        t.getColumns().add(right(col("Hard limit", FdProcessRow::hard, FdProcessRow::hard, 100)));
        t.getColumns().add(right(col("Growth", FdProcessRow::growthSortKey, FdProcessRow::growthText, 150)));
        t.getColumns().add(col("Grew", FdProcessRow::grownKinds, FdProcessRow::grownKinds, 200));
        t.getColumns().add(col("Fds by kind", FdProcessRow::kinds, FdProcessRow::kinds, 340));
        t.setItems(vm.rows());
        vm.rows().comparatorProperty().bind(t.comparatorProperty());
        Label placeholder = new Label();
        placeholder.setWrapText(true);
        placeholder.textProperty().bind(Bindings.when(Bindings.isNotEmpty(vm.absenceProperty())).then(vm.absenceProperty())
                .otherwise(Bindings.when(Bindings.isEmpty(vm.allRows())).then("No process with a readable fd table in this sample.")
                        .otherwise("No row matches the filter.")));
        t.setPlaceholder(placeholder);
        t.setPrefHeight(320);
        t.setMinHeight(200);
        VBox box = new VBox(8, titles, bar, absence, t);
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
        c.setId("fds-col-" + title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", ""));
        return c;
    }

    private static <R> TableColumn<R, R> right(TableColumn<R, R> c) {
        c.getStyleClass().add("bs-col-right");
        return c;
    }
}
