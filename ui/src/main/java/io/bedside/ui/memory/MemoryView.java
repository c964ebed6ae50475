package io.bedside.ui.memory;

import io.bedside.ui.main.AreaParts;
import io.bedside.ui.fx.HostTextCell;
import io.bedside.model.text.HostText;
import io.bedside.ui.findings.FindingsView;
import io.bedside.ui.fix.FixWizard;
import io.bedside.ui.fx.MarkedLineChart;
import io.bedside.ui.fx.TimeCharts;
import io.bedside.ui.main.ChartSeries;
import io.bedside.ui.fx.TimeWindow;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;

import java.util.Comparator;
import java.util.Locale;
import java.util.function.Function;

/**
 * The memory area: the findings first, then MemAvailable, swap and PSI over 15 minutes with the
 * OOM kills and boots drawn over them, the processes in the order the OOM killer would take them
 * (each with a Protect… button), and the timeline of kills and boots with the raw kernel lines of
 * the selected one. Only binds to {@link MemoryViewModel}.
 */
public final class MemoryView extends ScrollPane {
    /** Row height of the tables: fixed, so thousands of processes scroll without measuring any. */
    public static final double ROW_HEIGHT = 26;
    private static final PseudoClass NEXT = PseudoClass.getPseudoClass("next-victim");
    private static final PseudoClass NEAR_LIMIT = PseudoClass.getPseudoClass("near-limit");
    private static final PseudoClass BOOT = PseudoClass.getPseudoClass("boot");
    private static final PseudoClass LIVE = PseudoClass.getPseudoClass("live");

    private final MemoryViewModel vm;

    public MemoryView(MemoryViewModel vm) {
        this.vm = vm;
        AreaParts.page(this, "memory-view", "bs-memory");

        Label waiting = AreaParts.waiting(vm);

        Label notice = new Label();
        notice.textProperty().bind(HostTextCell.shown(vm.noticeProperty()));
        notice.getStyleClass().add("bs-error");
        notice.setWrapText(true);
        notice.visibleProperty().bind(Bindings.isNotEmpty(vm.noticeProperty()));
        notice.managedProperty().bind(notice.visibleProperty());

        FindingsView findings = AreaParts.findings(vm, "memory",
                "No memory findings in this sample: no OOM kill in the kernel log, memory is not short, and no process at risk.", this);

        VBox content = new VBox(14, waiting, notice, findings, kernelLog(), charts(), processes(), timeline());
        content.setPadding(new Insets(14));
        setContent(content);
    }

    public MemoryViewModel viewModel() {
        return vm;
    }

    // ------------------------------------------------------------------ kernel log

    private Node kernelLog() {
        Label absence = new Label();
        absence.setId("memory-kernel-log-absence");
        absence.textProperty().bind(HostTextCell.shown(vm.kernelLogAbsenceProperty()));
        absence.getStyleClass().add("bs-absent");
        absence.setWrapText(true);
        absence.setMaxWidth(Double.MAX_VALUE);
        absence.setMinHeight(Region.USE_PREF_SIZE);
        absence.visibleProperty().bind(Bindings.isNotEmpty(vm.kernelLogAbsenceProperty()).and(vm.hasSampleProperty()));
        absence.managedProperty().bind(absence.visibleProperty());
        return absence;
    }

    // ------------------------------------------------------------------ charts

    private Node charts() {
        GridPane grid = new GridPane();
        grid.setId("memory-charts");
        grid.setHgap(12);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(50);
            grid.getColumnConstraints().add(c);
        }
        // the playbook's two charts: memory (MemAvailable, swap used, MemTotal as the limit) and PSI
        MarkedLineChart memory = chart("memory-chart-memory", "Memory (MiB)", vm.chartSeries().get(0), null, "bs-chart-mem");
        MarkedLineChart pressure = chart("memory-chart-pressure", "Memory pressure, PSI avg10 (%)", vm.chartSeries().get(1),
                vm.pressureAxisMaxProperty(), "bs-chart-psi");
        grid.add(chartPane(memory, vm.memoryChartAbsenceProperty(), vm.swapNoteProperty()), 0, 0);
        grid.add(chartPane(pressure, vm.pressureChartAbsenceProperty(), null), 1, 0);

        Line kill = new Line(0, 0, 0, 14);
        kill.getStyleClass().addAll("bs-marker-line", "bs-marker-kill");
        Label killText = new Label("OOM kill", kill);
        killText.setMinWidth(Region.USE_PREF_SIZE);
        Line boot = new Line(0, 0, 0, 14);
        boot.getStyleClass().addAll("bs-marker-line", "bs-marker-boot");
        Label bootText = new Label("boot", boot);
        bootText.setMinWidth(Region.USE_PREF_SIZE);
        Label note = new Label();
        note.setId("memory-markers-note");
        note.textProperty().bind(HostTextCell.shown(vm.markersNoteProperty()));
        note.getStyleClass().add("bs-muted");
        note.setWrapText(true);
        Label click = new Label("Click a line to see its kernel lines below.");
        click.getStyleClass().add("bs-muted");
        click.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(note, Priority.ALWAYS);
        note.setMaxWidth(Double.MAX_VALUE);
        note.setMinHeight(Region.USE_PREF_SIZE);
        HBox key = new HBox(14, killText, bootText, note, click);
        key.setAlignment(Pos.CENTER_LEFT);
        key.setPadding(new Insets(4, 0, 0, 4));

        VBox box = new VBox(4, grid, key);
        box.visibleProperty().bind(vm.hasSampleProperty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private MarkedLineChart chart(String id, String title, ChartSeries c,
                                  javafx.beans.value.ObservableDoubleValue upper, String style) {
        TimeWindow w = vm.charts();
        MarkedLineChart chart = TimeCharts.setUp(new MarkedLineChart(TimeCharts.timeAxis(w),
                TimeCharts.valueAxis(null, upper, 4, false), vm.markers()), w, id, title, c.series(), c.limits(), style);
        chart.setLegendVisible(true);
        chart.setMinHeight(230);
        chart.setPrefHeight(260);
        chart.setOnMarker(m -> vm.selectEvent(m.id()));
        chart.selectedIdProperty().bind(Bindings.createStringBinding(
                () -> vm.selectedEventProperty().get() == null ? null : vm.selectedEventProperty().get().id(),
                vm.selectedEventProperty()));
        return chart;
    }

    private Node chartPane(MarkedLineChart chart, ObservableStringValue absence, ObservableStringValue note) {
        StackPane pane = TimeCharts.withAbsence(chart, absence, 300);
        pane.getStyleClass().remove("bs-chart-pane");
        VBox box = new VBox(pane);
        VBox.setVgrow(pane, Priority.ALWAYS);
        if (note != null) {
            Label n = new Label();
            n.setId(chart.getId() + "-note");
            n.textProperty().bind(HostTextCell.shown(note));
            n.getStyleClass().add("bs-muted");
            n.setPadding(new Insets(0, 8, 4, 8));
            n.visibleProperty().bind(Bindings.isNotEmpty(note));
            n.managedProperty().bind(n.visibleProperty());
            box.getChildren().add(n);
        }
        box.getStyleClass().add("bs-chart-pane");
        return box;
    }

    // ------------------------------------------------------------------ processes

    private Node processes() {
        Label title = new Label("Who the OOM killer takes next");
        title.getStyleClass().add("bs-section-title");
        Label sub = new Label("highest oom_score first; it is killed first when memory runs out (of the host, or of its cgroup's limit)");
        sub.getStyleClass().add("bs-muted");
        HBox titles = new HBox(10, title, sub);
        titles.setAlignment(Pos.BASELINE_LEFT);

        TextField filter = io.bedside.ui.fx.TableFilter.field("memory-filter", "Filter: pid, name, user, cgroup, unit or command line",
                vm.filterProperty());
        filter.setPrefColumnCount(30);
        Label count = new Label();
        count.setId("memory-process-count");
        count.textProperty().bind(HostTextCell.shown(vm.processCountProperty()));
        count.getStyleClass().add("bs-muted");
        count.setMinWidth(Region.USE_PREF_SIZE);
        Label times = new Label();
        times.textProperty().bind(HostTextCell.shown(vm.timesNoteProperty()));
        times.getStyleClass().add("bs-muted");
        times.setMinWidth(Region.USE_PREF_SIZE);
        javafx.scene.layout.FlowPane bar = io.bedside.ui.fx.TableFilter.bar(filter, count, times);

        TableView<ProcessRow> t = new TableView<>();
        t.setId("memory-processes");
        t.getStyleClass().addAll("bs-memory-table", "dense");
        t.setFixedCellSize(ROW_HEIGHT);
        t.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        t.getColumns().add(protectCol());
        t.getColumns().add(right(col("#", r -> r.rank() == 0 ? Integer.MAX_VALUE : r.rank(), ProcessRow::rankText, 40)));
        t.getColumns().add(right(col("pid", ProcessRow::pid, r -> Integer.toString(r.pid()), 66)));
        t.getColumns().add(col("Name", ProcessRow::comm, ProcessRow::comm, 140));
        t.getColumns().add(col("User", ProcessRow::uid, ProcessRow::user, 80));
        t.getColumns().add(col("State", ProcessRow::state, ProcessRow::state, 108));
        t.getColumns().add(right(col("RSS", ProcessRow::rssKb, ProcessRow::rss, 80)));
        t.getColumns().add(right(col("Swap", ProcessRow::swapKb, ProcessRow::swap, 66)));
        TableColumn<ProcessRow, ProcessRow> score = right(col("oom_score", ProcessRow::oomScore, ProcessRow::score, 112));
        t.getColumns().add(score);
        t.getColumns().add(right(col("oom_score_adj", ProcessRow::oomScoreAdj, ProcessRow::adj, 136)));
        t.getColumns().add(col("cgroup limit", ProcessRow::limitBytes, ProcessRow::limit, 120));
        TableColumn<ProcessRow, ProcessRow> use = col("cgroup use", ProcessRow::useBytes, ProcessRow::use, 150);
        use.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(ProcessRow r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : r.use());
                pseudoClassStateChanged(NEAR_LIMIT, r != null && !empty && r.fill() >= 0.8);
            }
        });
        use.getStyleClass().add("bs-use-col");
        t.getColumns().add(use);
        t.getColumns().add(col("systemd unit", ProcessRow::unit, r -> r.unit().isEmpty() ? "none" : r.unit(), 150));
        t.getColumns().add(mono(col("Memory cgroup", ProcessRow::cgroup, ProcessRow::cgroup, 260)));
        t.getColumns().add(mono(col("Command line", ProcessRow::cmdline, ProcessRow::cmdline, 520)));
        score.setSortType(TableColumn.SortType.DESCENDING);
        t.getSortOrder().add(score);
        t.setItems(vm.processes());
        vm.processes().comparatorProperty().bind(t.comparatorProperty());
        t.setRowFactory(x -> new TableRow<>() {
            private final Tooltip tip = new Tooltip();

            @Override
            protected void updateItem(ProcessRow r, boolean empty) {
                super.updateItem(r, empty);
                pseudoClassStateChanged(NEXT, r != null && !empty && r.rank() == 1);
                if (empty || r == null) {
                    setTooltip(null);
                } else {
                    tip.setText(HostText.window(r.comm()) + " (pid " + r.pid() + ")\n" + HostText.window(r.cmdline()));
                    setTooltip(tip);
                }
            }
        });
        Label placeholder = new Label();
        placeholder.setWrapText(true);
        placeholder.setMaxWidth(560);
        placeholder.textProperty().bind(Bindings.when(Bindings.isNotEmpty(vm.processAbsenceProperty()))
                .then(vm.processAbsenceProperty())
                .otherwise(Bindings.when(Bindings.isEmpty(vm.allProcesses())).then("No processes in this sample.")
                        .otherwise("No process matches the filter.")));
        Runnable placeholderStyle = () -> placeholder.getStyleClass().setAll("label",
                vm.processAbsenceProperty().get().isEmpty() ? "bs-muted" : "bs-absent");
        vm.processAbsenceProperty().addListener((o, was, now) -> placeholderStyle.run());
        placeholderStyle.run();
        t.setPlaceholder(placeholder);
        t.setPrefHeight(400);
        t.setMinHeight(240);
        // the selected process stays selected while samples replace the rows
        t.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                vm.selectedPidProperty().set(now.pid());
            }
        });
        vm.processes().addListener((ListChangeListener<ProcessRow>) c -> {
            Integer pid = vm.selectedPidProperty().get();
            ProcessRow sel = t.getSelectionModel().getSelectedItem();
            if (pid != null && (sel == null || sel.pid() != pid)) {
                for (int i = 0; i < t.getItems().size(); i++) {
                    if (t.getItems().get(i).pid() == pid) {
                        t.getSelectionModel().select(i);
                        break;
                    }
                }
            }
        });

        VBox box = new VBox(8, titles, bar, t);
        box.visibleProperty().bind(vm.hasSampleProperty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    /** The first column: a Protect… button per process, opening the mem.oom.protect wizard on it. */
    private TableColumn<ProcessRow, ProcessRow> protectCol() {
        TableColumn<ProcessRow, ProcessRow> c = new TableColumn<>("");
        c.setId("protect");
        c.setSortable(false);
        // wide enough for the button's whole word
        c.setPrefWidth(104);
        c.setMinWidth(104);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue()));
        c.setCellFactory(x -> new TableCell<>() {
            private final Button button = new Button("Protect…");
            private final Tooltip tip = new Tooltip();

            {
                button.getStyleClass().addAll("small", "bs-protect");
                button.setTooltip(tip);
                button.setOnAction(e -> {
                    ProcessRow r = getItem();
                    if (r != null) {
                        vm.openProtect(r.pid()).ifPresent(w -> FixWizard.open(w, getScene().getWindow()));
                    }
                });
            }

            @Override
            protected void updateItem(ProcessRow r, boolean empty) {
                super.updateItem(r, empty);
                button.disableProperty().unbind();
                if (empty || r == null) {
                    setGraphic(null);
                    return;
                }
                button.setId("protect-" + r.pid());
                if (r.protectable()) {
                    button.disableProperty().bind(vm.canFixBinding().not());
                    tip.textProperty().bind(Bindings.when(Bindings.isEmpty(vm.fixUnavailableProperty()))
                            .then("Lower the oom_score_adj of " + r.comm() + " (pid " + r.pid()
                                    + ") so the OOM killer takes it later: preview, confirm, run and verify.")
                            .otherwise(vm.fixUnavailableProperty()));
                } else {
                    button.setDisable(true);
                    tip.textProperty().unbind();
                    tip.setText(HostText.window(r.whyNot()));
                }
                setGraphic(button);
            }
        });
        return c;
    }

    // ------------------------------------------------------------------ timeline

    private Node timeline() {
        Label title = new Label("OOM kills and boots");
        title.getStyleClass().add("bs-section-title");
        Label sub = new Label("newest first; select one to see the raw lines it was read from");
        sub.getStyleClass().add("bs-muted");
        HBox titles = new HBox(10, title, sub);
        titles.setAlignment(Pos.BASELINE_LEFT);
        Label source = new Label();
        source.setId("memory-kernel-log-note");
        source.textProperty().bind(HostTextCell.shown(vm.kernelLogNoteProperty()));
        source.getStyleClass().add("bs-muted");
        source.setWrapText(true);
        source.visibleProperty().bind(Bindings.isNotEmpty(vm.kernelLogNoteProperty()));
        source.managedProperty().bind(source.visibleProperty());

        TableView<TimelineEvent> t = new TableView<>(vm.timeline());
        t.setId("memory-timeline");
        t.getStyleClass().addAll("bs-memory-table", "dense");
        t.setFixedCellSize(ROW_HEIGHT);
        t.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        TableColumn<TimelineEvent, String> time = text("Time (host)", TimelineEvent::timeText, 176);
        time.textProperty().bind(Bindings.createStringBinding(() -> "Time (" + vm.charts().zone().getId() + ")",
                vm.charts().axisLabelProperty()));
        t.getColumns().add(time);
        t.getColumns().add(text("Event", e -> e.what() + (e.arrivedLive() ? " · new" : ""), 190));
        t.getColumns().add(text("Victim (pid, name)", TimelineEvent::victim, 180));
        t.getColumns().add(rightText("anon-rss", TimelineEvent::anonRss, 88));
        t.getColumns().add(rightText("file-rss", TimelineEvent::fileRss, 80));
        t.getColumns().add(rightText("shmem-rss", TimelineEvent::shmemRss, 110));
        t.getColumns().add(rightText("oom_score_adj", TimelineEvent::adj, 130));
        t.getColumns().add(text("Constraint", TimelineEvent::constraint, 196));
        t.getColumns().add(text("Memory cgroup", TimelineEvent::memcg, 230));
        t.getColumns().add(text("Triggered by", TimelineEvent::trigger, 200));
        t.getColumns().add(text("Details", TimelineEvent::details, 520));
        t.getColumns().forEach(c -> c.setSortable(false));
        t.setRowFactory(x -> new TableRow<>() {
            @Override
            protected void updateItem(TimelineEvent e, boolean empty) {
                super.updateItem(e, empty);
                pseudoClassStateChanged(BOOT, e != null && !empty && e.kind() == TimelineEvent.Kind.BOOT);
                pseudoClassStateChanged(LIVE, e != null && !empty && e.arrivedLive());
            }
        });
        Label empty = new Label();
        empty.setWrapText(true);
        empty.setMaxWidth(620);
        empty.textProperty().bind(HostTextCell.shown(vm.timelineEmptyProperty()));
        Runnable emptyStyle = () -> empty.getStyleClass().setAll("label",
                vm.kernelLogAbsenceProperty().get().isEmpty() ? "bs-muted" : "bs-absent");
        vm.kernelLogAbsenceProperty().addListener((o, was, now) -> emptyStyle.run());
        emptyStyle.run();
        t.setPlaceholder(empty);
        t.setPrefHeight(250);
        t.setMinHeight(150);
        t.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null && now != vm.selectedEventProperty().get()) {
                vm.selectedEventProperty().set(now);
            }
        });
        Runnable showSelected = () -> {
            TimelineEvent e = vm.selectedEventProperty().get();
            if (e == null) {
                t.getSelectionModel().clearSelection();
                return;
            }
            int i = t.getItems().indexOf(e);
            if (i >= 0 && t.getSelectionModel().getSelectedIndex() != i) {
                t.getSelectionModel().select(i);
                t.scrollTo(Math.max(0, i - 2));
            }
        };
        vm.selectedEventProperty().addListener((o, was, now) -> showSelected.run());
        vm.timeline().addListener((ListChangeListener<TimelineEvent>) c -> showSelected.run());

        Label rawTitle = new Label();
        rawTitle.textProperty().bind(Bindings.createStringBinding(() -> {
            TimelineEvent e = vm.selectedEventProperty().get();
            if (e == null) {
                return "Raw lines: select an event above (or click its line on a chart).";
            }
            return e.kind() == TimelineEvent.Kind.KILL
                    ? "Raw kernel lines of the OOM kill of " + HostText.window(e.victim()) + " (" + e.rawLines().size() + " lines, as the host printed them)"
                    : "Raw lines of the boot at " + e.timeText();
        }, vm.selectedEventProperty()));
        rawTitle.getStyleClass().add("bs-field-name");
        TextArea raw = new TextArea();
        raw.setId("memory-raw-lines");
        raw.setEditable(false);
        raw.setWrapText(false);
        raw.getStyleClass().addAll("bs-mono", "bs-evidence");
        raw.textProperty().bind(Bindings.createStringBinding(() -> HostTextCell.preformattedLines(vm.selectedRawProperty().get()),
                vm.selectedRawProperty()));
        raw.setPrefRowCount(9);

        VBox lines = new VBox(6, rawTitle, raw);
        lines.getChildren().add(linesBlock("memory-unrecognized", vm.unrecognizedTitleProperty(), vm.unrecognizedProperty()));
        lines.getChildren().add(linesBlock("memory-other-lines", vm.otherTitleProperty(), vm.otherLinesProperty()));

        VBox box = new VBox(8, titles, source, t, lines);
        box.visibleProperty().bind(vm.hasSampleProperty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    /** Lines kept as they are (not understood, or part of no kill), under their title; hidden when there are none. */
    private static Node linesBlock(String id, ObservableStringValue title, ObservableStringValue text) {
        Label heading = new Label();
        heading.textProperty().bind(HostTextCell.shown(title));
        heading.getStyleClass().add("bs-field-name");
        heading.setWrapText(true);
        TextArea area = new TextArea();
        area.setId(id);
        area.setEditable(false);
        area.setWrapText(false);
        area.getStyleClass().addAll("bs-mono", "bs-evidence", "bs-unrecognized");
        area.textProperty().bind(Bindings.createStringBinding(() -> HostTextCell.preformattedLines(text.get()), text));
        area.setPrefRowCount(4);
        VBox box = new VBox(4, heading, area);
        box.visibleProperty().bind(Bindings.isNotEmpty(title));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    // ------------------------------------------------------------------ columns

    /** A column whose cells show {@code text} and sort by {@code key}. */
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
        c.setId(title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", ""));
        return c;
    }

    private static <R> TableColumn<R, String> text(String title, Function<R, String> f, double width) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
        c.setCellFactory(x -> new HostTextCell<>());
        c.setPrefWidth(width);
        return c;
    }

    private static <R> TableColumn<R, String> rightText(String title, Function<R, String> f, double width) {
        TableColumn<R, String> c = text(title, f, width);
        c.getStyleClass().add("bs-col-right");
        return c;
    }

    private static <R> TableColumn<R, R> right(TableColumn<R, R> c) {
        c.getStyleClass().add("bs-col-right");
        return c;
    }

    private static <R> TableColumn<R, R> mono(TableColumn<R, R> c) {
        c.getStyleClass().add("bs-col-mono");
        return c;
    }
}
