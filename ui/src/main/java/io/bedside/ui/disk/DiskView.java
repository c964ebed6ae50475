package io.bedside.ui.disk;

import io.bedside.ui.main.AreaParts;
import io.bedside.ui.findings.FindingsView;
import io.bedside.ui.fx.HostTextCell;
import io.bedside.ui.fx.TimeCharts;
import io.bedside.ui.fx.TimeWindow;
import io.bedside.ui.main.ChartSeries;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableStringValue;
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
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The Disk area: findings, two charts, the file systems (fullest first, with block and inode
 * gauges, growth per minute and time to full) and the deleted files still held open.
 */
public final class DiskView extends ScrollPane {
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
    private static final PseudoClass FULL = PseudoClass.getPseudoClass("full");

    private final DiskViewModel vm;

    public DiskView(DiskViewModel vm) {
        this.vm = vm;
        AreaParts.page(this, "disk-view", "bs-disk");

        Label waiting = AreaParts.waiting(vm);

        Label notice = new Label();
        notice.textProperty().bind(HostTextCell.shown(vm.noticeProperty()));
        notice.getStyleClass().add("bs-error");
        notice.setWrapText(true);
        notice.visibleProperty().bind(Bindings.isNotEmpty(vm.noticeProperty()));
        notice.managedProperty().bind(notice.visibleProperty());

        FindingsView findings = AreaParts.findings(vm, "disk",
                "No disk findings in this sample: every file system has room and inodes, and no deleted file holds much space.", this);

        VBox content = new VBox(14, waiting, notice, findings, charts(), fileSystems(), held());
        content.setPadding(new Insets(14));
        setContent(content);
    }

    public DiskViewModel viewModel() {
        return vm;
    }

    // ------------------------------------------------------------------ charts

    private Node charts() {
        GridPane grid = new GridPane();
        grid.setId("disk-charts");
        grid.setHgap(12);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(50);
            grid.getColumnConstraints().add(c);
        }
        grid.add(chart("disk-chart-used", "Fullest file system (% used)", vm.chartSeries().get(0), vm.fsAbsenceProperty()), 0, 0);
        grid.add(chart("disk-chart-deleted", "Space held by deleted files still open (MiB)", vm.chartSeries().get(1),
                vm.heldAbsenceProperty()), 1, 0);
        grid.visibleProperty().bind(vm.hasSampleProperty());
        grid.managedProperty().bind(grid.visibleProperty());
        return grid;
    }

    private Node chart(String id, String title, ChartSeries c, ObservableStringValue absence) {
        TimeWindow w = vm.charts();
        LineChart<Number, Number> chart = TimeCharts.setUp(new io.bedside.ui.fx.TimeLineChart(TimeCharts.timeAxis(w),
                TimeCharts.valueAxis(null, null, 4, false)), w, id, title, c.series(), c.limits(), "bs-chart-disk");
        chart.setLegendVisible(c.series().size() > 1);
        chart.setMinHeight(220);
        chart.setPrefHeight(240);
        StackPane pane = TimeCharts.withAbsence(chart, absence, 300);
        return pane;
    }

    // ------------------------------------------------------------------ file systems

    private Node fileSystems() {
        Label title = new Label("File systems");
        title.getStyleClass().add("bs-section-title");
        Label sub = new Label("fullest first; one row per device (bind mounts of it are named in the notes); "
                + "growth over the last minutes of samples");
        sub.getStyleClass().add("bs-muted");
        sub.setWrapText(true);
        HBox titles = new HBox(10, title, sub);
        titles.setAlignment(Pos.BASELINE_LEFT);

        TableView<DiskRows.FsRow> t = new TableView<>(vm.fileSystems());
        t.setId("disk-filesystems");
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.getColumns().add(text("Mounted on", DiskRows.FsRow::mount, 225));
        t.getColumns().add(text("Type", DiskRows.FsRow::fstype, 60));
        t.getColumns().add(text("Size", DiskRows.FsRow::size, 75));
        t.getColumns().add(gauge("Blocks used", DiskRows.FsRow::used, DiskRows.FsRow::usedText, 0.95, 0.99));
        t.getColumns().add(text("Available", DiskRows.FsRow::avail, 80));
        t.getColumns().add(gauge("Inodes used", DiskRows.FsRow::inodes, DiskRows.FsRow::inodesText, 0.90, 0.99));
        t.getColumns().add(text("Growth", DiskRows.FsRow::growth, 120));
        t.getColumns().add(text("Full in", DiskRows.FsRow::toFull, 75));
        t.getColumns().add(text("Device, notes", DiskRows.FsRow::note, 200));
        TextField filter = io.bedside.ui.fx.TableFilter.install(t, vm.fileSystems(), "disk-filter", "Filter: mount, type or device");
        t.setFixedCellSize(26);
        t.prefHeightProperty().bind(Bindings.createDoubleBinding(() -> 34 + 26.0 * Math.max(2, Math.min(12, vm.fileSystems().size())),
                vm.fileSystems()));
        Label placeholder = new Label();
        placeholder.textProperty().bind(Bindings.createStringBinding(() -> vm.fsAbsenceProperty().get().isEmpty()
                ? "No file system holding data was found." : HostTextCell.lines(vm.fsAbsenceProperty().get()), vm.fsAbsenceProperty()));
        placeholder.setWrapText(true);
        t.setPlaceholder(placeholder);
        VBox box = new VBox(8, titles, io.bedside.ui.fx.TableFilter.bar(filter), t);
        box.visibleProperty().bind(vm.hasSampleProperty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private Node held() {
        Label title = new Label("Deleted files still open");
        title.getStyleClass().add("bs-section-title");
        Label sub = new Label();
        sub.textProperty().bind(Bindings.createStringBinding(() -> vm.heldSummaryProperty().get().isEmpty()
                ? "largest first: space du cannot see, freed only when the holder closes the file or it is truncated"
                : vm.heldSummaryProperty().get(), vm.heldSummaryProperty()));
        sub.getStyleClass().add("bs-muted");
        HBox titles = new HBox(10, title, sub);
        titles.setAlignment(Pos.BASELINE_LEFT);
        TableView<DiskRows.HeldRow> t = new TableView<>(vm.held());
        t.setId("disk-held");
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.getColumns().add(text("Held", DiskRows.HeldRow::held, 85));
        t.getColumns().add(text("Size", DiskRows.HeldRow::size, 85));
        t.getColumns().add(text("Process", DiskRows.HeldRow::holder, 130));
        t.getColumns().add(text("PID", r -> Integer.toString(r.pid()), 70));
        t.getColumns().add(text("FD", r -> Integer.toString(r.fd()), 50));
        t.getColumns().add(text("Unit", DiskRows.HeldRow::unit, 150));
        t.getColumns().add(text("On", DiskRows.HeldRow::mount, 150));
        t.getColumns().add(text("Deleted file", DiskRows.HeldRow::path, 300));
        t.setFixedCellSize(26);
        t.prefHeightProperty().bind(Bindings.createDoubleBinding(() -> 34 + 26.0 * Math.max(2, Math.min(10, vm.held().size())),
                vm.held()));
        Label placeholder = new Label();
        placeholder.textProperty().bind(Bindings.createStringBinding(() -> vm.heldAbsenceProperty().get().isEmpty()
                ? "No process holds a deleted file open." : HostTextCell.lines(vm.heldAbsenceProperty().get()), vm.heldAbsenceProperty()));
        placeholder.setWrapText(true);
        t.setPlaceholder(placeholder);
        VBox box = new VBox(8, titles, t);
        box.visibleProperty().bind(vm.hasSampleProperty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private static <T> TableColumn<T, String> text(String name, Function<T, String> f, double width) {
        TableColumn<T, String> c = new TableColumn<>(name);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    /** A bar for a share (0..1; negative: not known, the text alone), amber from {@code warn}, red from {@code full}. */
    private static TableColumn<DiskRows.FsRow, DiskRows.FsRow> gauge(String name, ToDoubleFunction<DiskRows.FsRow> share,
                                                                    Function<DiskRows.FsRow, String> text, double warn, double full) {
        TableColumn<DiskRows.FsRow, DiskRows.FsRow> c = new TableColumn<>(name);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue()));
        c.setPrefWidth(150);
        c.setSortable(false);
        c.setCellFactory(col -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();
            private final Label label = new Label();
            private final HBox box = new HBox(6, bar, label);

            {
                bar.getStyleClass().add("bs-gauge");
                bar.setPrefWidth(55);
                bar.setMinWidth(50);
                box.setAlignment(Pos.CENTER_LEFT);
                HBox.setHgrow(label, Priority.ALWAYS);
            }

            @Override
            protected void updateItem(DiskRows.FsRow r, boolean empty) {
                super.updateItem(r, empty);
                if (empty || r == null) {
                    setGraphic(null);
                    return;
                }
                double v = share.applyAsDouble(r);
                bar.setVisible(v >= 0);
                bar.setManaged(v >= 0);
                bar.setProgress(Math.max(0, v));
                bar.pseudoClassStateChanged(WARNING, v >= warn && v < full);
                bar.pseudoClassStateChanged(FULL, v >= full);
                label.setText(text.apply(r));
                setGraphic(box);
            }
        });
        return c;
    }
}
