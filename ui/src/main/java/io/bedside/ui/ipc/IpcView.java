package io.bedside.ui.ipc;

import io.bedside.ui.main.AreaParts;
import io.bedside.ui.fx.HostTextCell;
import io.bedside.model.text.HostText;
import io.bedside.ui.findings.FindingsView;
import io.bedside.ui.fix.FixWizard;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import io.bedside.ui.fx.TimeCharts;
import io.bedside.ui.main.ChartSeries;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The IPC area: the findings first, then a gauge per kernel limit, the three tables (filter,
 * group by owner or key) and four charts of use over time. Only binds to {@link IpcViewModel};
 * the Fix buttons open a {@link FixWizard} on the view-model's wizard state.
 */
public final class IpcView extends ScrollPane {
    /** Row height of the tables: fixed, so 32,000 rows scroll without measuring any. */
    public static final double ROW_HEIGHT = 26;
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
    private static final PseudoClass FULL = PseudoClass.getPseudoClass("full");

    private final IpcViewModel vm;

    public IpcView(IpcViewModel vm) {
        this.vm = vm;
        AreaParts.page(this, "ipc-view", "bs-ipc");

        Label waiting = AreaParts.waiting(vm);

        Label scope = new Label();
        scope.textProperty().bind(vm.scopeProperty());
        scope.getStyleClass().add("bs-muted");
        scope.setWrapText(true);
        scope.visibleProperty().bind(Bindings.isNotEmpty(vm.scopeProperty()));
        scope.managedProperty().bind(scope.visibleProperty());

        Label notice = new Label();
        notice.textProperty().bind(HostTextCell.shown(vm.noticeProperty()));
        notice.getStyleClass().add("bs-error");
        notice.setWrapText(true);
        notice.visibleProperty().bind(Bindings.isNotEmpty(vm.noticeProperty()));
        notice.managedProperty().bind(notice.visibleProperty());

        FindingsView findings = new FindingsView("ipc",
                "No IPC findings in this sample: nothing is near a limit and nothing is orphaned.", vm.findings(),
                vm.hasSampleProperty(), vm.canFixBinding(), vm.fixUnavailableProperty(),
                (f, fixId) -> vm.openFix(fixId).ifPresent(w -> FixWizard.open(w, getScene().getWindow())));
        VBox content = new VBox(14, waiting, notice, scope, findings, gauges(), tables(), charts());
        content.setPadding(new Insets(14));
        setContent(content);
    }

    public IpcViewModel viewModel() {
        return vm;
    }

    // ------------------------------------------------------------------ gauges

    private Node gauges() {
        GridPane grid = new GridPane();
        grid.setId("ipc-gauges");
        grid.setHgap(12);
        grid.setVgap(12);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(50);
            c.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(c);
        }
        grid.add(gaugeCard("Semaphores (kernel.sem)", List.of(
                new GaugeRow("Arrays (SEMMNI)", vm.gauge("SEMMNI")),
                new GaugeRow("Semaphores (SEMMNS)", vm.gauge("SEMMNS")),
                new GaugeRow("Per array (SEMMSL)", vm.gauge("SEMMSL")),
                new GaugeRow("Ops per call (SEMOPM)", vm.gauge("SEMOPM")))), 0, 0, 1, 2);
        grid.add(gaugeCard("Shared memory", List.of(
                new GaugeRow("Segments (SHMMNI)", vm.gauge("SHMMNI")),
                new GaugeRow("Pages (SHMALL)", vm.gauge("SHMALL")))), 1, 0);
        grid.add(gaugeCard("Message queues", List.of(
                new GaugeRow("Queues (MSGMNI)", vm.gauge("MSGMNI")))), 1, 1);
        grid.visibleProperty().bind(vm.hasSampleProperty());
        grid.managedProperty().bind(grid.visibleProperty());
        return grid;
    }

    private record GaugeRow(String name, ReadOnlyObjectProperty<Gauge> gauge) {
    }

    /**
     * A card of gauges: per limit a bar with {@code used / limit (pct)}, amber from 90 %, red at
     * 100 %; a value limit as its value; an unknown one as its reason (once for the card when
     * every limit in it is unknown for the same reason).
     */
    private Node gaugeCard(String title, List<GaugeRow> rows) {
        Label heading = new Label(title);
        heading.getStyleClass().add("bs-card-title");
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        ColumnConstraints name = new ColumnConstraints();
        name.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints bar = new ColumnConstraints(24, 140, Double.MAX_VALUE);
        bar.setHgrow(Priority.ALWAYS);
        ColumnConstraints text = new ColumnConstraints();
        text.setMinWidth(Region.USE_PREF_SIZE);
        grid.getColumnConstraints().addAll(name, bar, text);
        Label cardAbsence = new Label();
        cardAbsence.getStyleClass().add("bs-absent");
        cardAbsence.setWrapText(true);
        cardAbsence.setMaxWidth(Double.MAX_VALUE);
        cardAbsence.setMinHeight(Region.USE_PREF_SIZE);
        int r = 0;
        List<Runnable> updates = new ArrayList<>();
        for (GaugeRow row : rows) {
            String id = row.gauge().get().id().toLowerCase(Locale.ROOT);
            Label n = new Label(row.name());
            n.getStyleClass().add("bs-field-name");
            n.setMinWidth(Region.USE_PREF_SIZE);
            ProgressBar pb = new ProgressBar(0);
            pb.setId("gauge-" + id + "-bar");
            pb.getStyleClass().add("bs-gauge");
            pb.setMaxWidth(Double.MAX_VALUE);
            Label t = new Label();
            t.setId("gauge-" + id);
            t.getStyleClass().add("bs-field-value");
            t.setMinWidth(Region.USE_PREF_SIZE);
            Label absent = new Label();
            absent.setId("gauge-" + id + "-absent");
            absent.getStyleClass().addAll("bs-absent", "bs-gauge-absent");
            absent.setWrapText(true);
            absent.setMaxWidth(Double.MAX_VALUE);
            absent.setMinHeight(Region.USE_PREF_SIZE);
            grid.add(n, 0, r);
            grid.add(pb, 1, r);
            grid.add(t, 2, r);
            grid.add(absent, 1, r, 2, 1);
            GridPane.setHgrow(absent, Priority.ALWAYS);
            r++;
            Runnable update = () -> {
                Gauge g = row.gauge().get();
                boolean isBar = g.level() == Gauge.Level.OK || g.level() == Gauge.Level.WARNING || g.level() == Gauge.Level.FULL;
                pb.setVisible(isBar);
                pb.setProgress(g.fraction());
                pb.pseudoClassStateChanged(WARNING, g.level() == Gauge.Level.WARNING);
                pb.pseudoClassStateChanged(FULL, g.level() == Gauge.Level.FULL);
                t.pseudoClassStateChanged(WARNING, g.level() == Gauge.Level.WARNING);
                t.pseudoClassStateChanged(FULL, g.level() == Gauge.Level.FULL);
                t.setText(g.text());
                t.setVisible(g.level() != Gauge.Level.ABSENT);
                if (g.level() == Gauge.Level.VALUE) {
                    // a value reads from the bar's column on
                    GridPane.setColumnIndex(t, 1);
                    GridPane.setColumnSpan(t, 2);
                } else {
                    GridPane.setColumnIndex(t, 2);
                    GridPane.setColumnSpan(t, 1);
                }
                absent.setText(g.absence());
                absent.setVisible(!g.absence().isEmpty());
                absent.setManaged(absent.isVisible());
                Tooltip tip = g.detail().isEmpty() ? new Tooltip(g.what()) : new Tooltip(g.detail());
                n.setTooltip(tip);
                t.setTooltip(tip);
                pb.setTooltip(tip);
            };
            updates.add(update);
        }
        Runnable all = () -> {
            updates.forEach(Runnable::run);
            List<Gauge> gs = rows.stream().map(x -> x.gauge().get()).toList();
            String first = gs.get(0).absence();
            boolean same = !first.isEmpty() && gs.stream().allMatch(g -> g.absence().equals(first));
            cardAbsence.setText(same ? first : "");
            cardAbsence.setVisible(same);
            cardAbsence.setManaged(same);
            grid.setVisible(!same);
            grid.setManaged(!same);
        };
        rows.forEach(row -> row.gauge().addListener((o, was, now) -> all.run()));
        all.run();
        VBox card = new VBox(8, heading, cardAbsence, grid);
        card.getStyleClass().add("bs-card");
        card.setMinWidth(0);
        card.setMaxHeight(Double.MAX_VALUE);
        return card;
    }

    // ------------------------------------------------------------------ tables

    private Node tables() {
        TextField filter = io.bedside.ui.fx.TableFilter.field("ipc-filter", "Filter: key, id, owner or verdict", vm.filterProperty());
        filter.setPrefColumnCount(30);

        ToggleGroup group = new ToggleGroup();
        HBox toggles = new HBox();
        toggles.getStyleClass().add("bs-segmented");
        for (GroupBy by : GroupBy.values()) {
            ToggleButton t = new ToggleButton(by.label());
            t.setId("ipc-group-" + by.name().toLowerCase(Locale.ROOT));
            t.setToggleGroup(group);
            t.setUserData(by);
            t.setSelected(vm.groupByProperty().get() == by);
            t.getStyleClass().add("small");
            t.setMinWidth(Region.USE_PREF_SIZE);
            toggles.getChildren().add(t);
        }
        if (toggles.getChildren().size() == 3) {
            toggles.getChildren().get(0).getStyleClass().add("left-pill");
            toggles.getChildren().get(1).getStyleClass().add("center-pill");
            toggles.getChildren().get(2).getStyleClass().add("right-pill");
        }
        group.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                was.setSelected(true);
                return;
            }
            vm.groupByProperty().set((GroupBy) now.getUserData());
        });
        vm.groupByProperty().addListener((o, was, now) -> group.getToggles().forEach(t -> t.setSelected(t.getUserData() == now)));

        Label times = new Label();
        times.textProperty().bind(HostTextCell.shown(vm.timesNoteProperty()));
        times.getStyleClass().add("bs-muted");
        times.setMinWidth(Region.USE_PREF_SIZE);
        toggles.setMinWidth(Region.USE_PREF_SIZE);
        javafx.scene.layout.FlowPane bar = io.bedside.ui.fx.TableFilter.bar(filter, toggles, times);

        TabPane tabs = new TabPane();
        tabs.setId("ipc-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getTabs().add(tab("Semaphore arrays", "ipc-tab-sem", vm.sems(), semTable(), "semaphore arrays", "Semaphores", true));
        tabs.getTabs().add(tab("Shared memory", "ipc-tab-shm", vm.shms(), shmTable(), "shared memory segments", "Size", true));
        tabs.getTabs().add(tab("Message queues", "ipc-tab-msg", vm.msgs(), msgTable(), "message queues", "Queued", false));
        // the tab in front is the view-model's: it opens on the table of the worst IPC finding
        tabs.getSelectionModel().select(vm.tableProperty().get().ordinal());
        vm.tableProperty().addListener((o, was, now) -> tabs.getSelectionModel().select(now.ordinal()));
        tabs.getSelectionModel().selectedIndexProperty().addListener((o, was, now) -> {
            if (now.intValue() >= 0) {
                vm.tableProperty().set(IpcViewModel.Table.values()[now.intValue()]);
            }
        });
        tabs.setPrefHeight(430);
        tabs.setMinHeight(300);

        VBox box = new VBox(8, bar, tabs);
        box.visibleProperty().bind(vm.hasSampleProperty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private <R extends IpcRow> Tab tab(String title, String id, IpcTableModel<R> model, TableView<R> table, String plural,
                                       String weightName, boolean hasVerdicts) {
        Tab tab = new Tab();
        tab.setId(id);
        tab.textProperty().bind(Bindings.concat(title, "  ·  ", model.countProperty()));
        table.setItems(model.rows());
        model.rows().comparatorProperty().bind(table.comparatorProperty());
        table.setFixedCellSize(ROW_HEIGHT);
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.getStyleClass().addAll("bs-ipc-table", "dense");
        Label placeholder = new Label();
        placeholder.setWrapText(true);
        placeholder.setMaxWidth(520);
        placeholder.textProperty().bind(Bindings.when(Bindings.isNotEmpty(model.absenceProperty()))
                .then(model.absenceProperty())
                .otherwise(Bindings.when(Bindings.isEmpty(model.allRows()))
                        .then("No " + plural + " on this host.")
                        .otherwise("No " + plural + " match the filter.")));
        model.absenceProperty().addListener((o, was, now) -> placeholder.getStyleClass().setAll(now.isEmpty() ? "bs-muted" : "bs-absent"));
        placeholder.getStyleClass().setAll(model.absenceProperty().get().isEmpty() ? "bs-muted" : "bs-absent");
        table.setPlaceholder(placeholder);
        table.setRowFactory(t -> new TableRow<>() {
            private final Tooltip tip = new Tooltip();

            @Override
            protected void updateItem(R r, boolean empty) {
                super.updateItem(r, empty);
                if (empty || r == null) {
                    setTooltip(null);
                } else {
                    tip.setText(HostText.preformatted(r.line().strip()));
                    setTooltip(tip);
                }
            }
        });

        TableView<GroupRow> groups = new TableView<>(model.groups());
        groups.setId(id + "-groups");
        groups.setFixedCellSize(ROW_HEIGHT);
        groups.getStyleClass().add("dense");
        groups.setPrefWidth(530);
        groups.setMinWidth(400);
        groups.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<GroupRow, String> name = new TableColumn<>();
        name.textProperty().bind(Bindings.createStringBinding(() -> vm.groupByProperty().get() == GroupBy.KEY ? "Key" : "Owner",
                vm.groupByProperty()));
        name.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue().group()));
        name.setPrefWidth(215);
        TableColumn<GroupRow, Integer> objects = new TableColumn<>("Objects");
        objects.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue().objects()));
        objects.setPrefWidth(76);
        objects.setStyle("-fx-alignment: CENTER-RIGHT;");
        TableColumn<GroupRow, Integer> orphaned = new TableColumn<>("Orphaned");
        orphaned.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue().orphaned()));
        orphaned.setPrefWidth(92);
        orphaned.setStyle("-fx-alignment: CENTER-RIGHT;");
        TableColumn<GroupRow, Long> weight = new TableColumn<>(weightName);
        weight.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue().weight()));
        weight.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Long v, boolean empty) {
                super.updateItem(v, empty);
                GroupRow g = empty ? null : getTableRow() == null ? null : getTableRow().getItem();
                setText(g == null ? null : HostText.window(g.detail()));
            }
        });
        weight.setPrefWidth(120);
        groups.getColumns().add(name);
        groups.getColumns().add(objects);
        if (hasVerdicts) {
            groups.getColumns().add(orphaned);
        }
        groups.getColumns().add(weight);
        groups.setPlaceholder(new Label("No groups."));
        groups.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                model.selectedGroupProperty().set(now.group());
            }
        });
        model.selectedGroupProperty().addListener((o, was, now) -> {
            if (now == null) {
                groups.getSelectionModel().clearSelection();
            }
        });
        model.groups().addListener((ListChangeListener<GroupRow>) c -> {
            String sel = model.selectedGroupProperty().get();
            if (sel != null) {
                model.groups().stream().filter(g -> g.group().equals(sel)).findFirst()
                        .ifPresent(g -> groups.getSelectionModel().select(g));
            }
        });
        Label groupsTitle = new Label("Pick a group to show only its rows");
        groupsTitle.getStyleClass().add("bs-muted");
        Button showAll = new Button("Show all");
        showAll.setId(id + "-show-all");
        showAll.getStyleClass().addAll("small", "flat");
        showAll.disableProperty().bind(model.selectedGroupProperty().isNull());
        showAll.setOnAction(e -> model.selectedGroupProperty().set(null));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox groupsBar = new HBox(6, groupsTitle, grow, showAll);
        groupsBar.setAlignment(Pos.CENTER_LEFT);
        VBox groupsBox = new VBox(4, groupsBar, groups);
        VBox.setVgrow(groups, Priority.ALWAYS);
        groupsBox.visibleProperty().bind(vm.groupByProperty().isNotEqualTo(GroupBy.NONE));
        groupsBox.managedProperty().bind(groupsBox.visibleProperty());
        groupsBox.setMinWidth(Region.USE_PREF_SIZE);

        HBox.setHgrow(table, Priority.ALWAYS);
        HBox content = new HBox(10, groupsBox, table);
        content.setPadding(new Insets(8, 0, 0, 0));
        tab.setContent(content);
        return tab;
    }

    private TableView<SemRow> semTable() {
        TableView<SemRow> t = new TableView<>();
        t.setId("ipc-sem-table");
        t.getColumns().add(mono(col("Key", SemRow::keyHex, SemRow::keyHex, 100)));
        t.getColumns().add(right(col("semid", SemRow::id, r -> Integer.toString(r.id()), 86)));
        t.getColumns().add(col("Owner", SemRow::uid, SemRow::owner, 110));
        t.getColumns().add(mono(col("Perms", SemRow::perms, SemRow::perms, 70)));
        t.getColumns().add(right(col("nsems", SemRow::nsems, r -> Integer.toString(r.nsems()), 78)));
        t.getColumns().add(verdictCol(col("Verdict", SemRow::verdict, SemRow::verdict, 150)));
        t.getColumns().add(col("Last-op pids", SemRow::pids, SemRow::pids, 220));
        t.getColumns().add(col("Last op (otime)", SemRow::otime, SemRow::lastOp, 172));
        t.getColumns().add(col("Changed (ctime)", SemRow::ctime, SemRow::changed, 172));
        t.getColumns().add(col("Why", SemRow::reason, SemRow::reason, 460));
        return t;
    }

    private TableView<ShmRow> shmTable() {
        TableView<ShmRow> t = new TableView<>();
        t.setId("ipc-shm-table");
        t.getColumns().add(mono(col("Key", ShmRow::keyHex, ShmRow::keyHex, 100)));
        t.getColumns().add(right(col("shmid", ShmRow::id, r -> Integer.toString(r.id()), 86)));
        t.getColumns().add(col("Owner", ShmRow::uid, ShmRow::owner, 110));
        t.getColumns().add(mono(col("Perms", ShmRow::perms, ShmRow::perms, 70)));
        t.getColumns().add(right(col("Size", ShmRow::bytes, ShmRow::size, 90)));
        t.getColumns().add(right(col("nattch", ShmRow::nattch, r -> Long.toString(r.nattch()), 84)));
        t.getColumns().add(verdictCol(col("Verdict", ShmRow::verdict, ShmRow::verdict, 150)));
        t.getColumns().add(col("Attached processes", ShmRow::attached, ShmRow::attached, 240));
        t.getColumns().add(col("Creator (cpid)", ShmRow::cpid, ShmRow::creator, 200));
        t.getColumns().add(col("Last user (lpid)", ShmRow::lpid, ShmRow::lastUser, 200));
        t.getColumns().add(col("Status", ShmRow::status, ShmRow::status, 84));
        t.getColumns().add(col("Attached (atime)", ShmRow::atime, ShmRow::attachedAt, 172));
        t.getColumns().add(col("Detached (dtime)", ShmRow::dtime, ShmRow::detachedAt, 172));
        t.getColumns().add(col("Changed (ctime)", ShmRow::ctime, ShmRow::changed, 172));
        t.getColumns().add(col("Why", ShmRow::reason, ShmRow::reason, 460));
        return t;
    }

    private TableView<MsgRow> msgTable() {
        TableView<MsgRow> t = new TableView<>();
        t.setId("ipc-msg-table");
        t.getColumns().add(mono(col("Key", MsgRow::keyHex, MsgRow::keyHex, 100)));
        t.getColumns().add(right(col("msqid", MsgRow::id, r -> Integer.toString(r.id()), 86)));
        t.getColumns().add(col("Owner", MsgRow::uid, MsgRow::owner, 110));
        t.getColumns().add(mono(col("Perms", MsgRow::perms, MsgRow::perms, 70)));
        t.getColumns().add(right(col("Bytes (cbytes)", MsgRow::cbytes, r -> Long.toString(r.cbytes()), 120)));
        t.getColumns().add(right(col("Messages (qnum)", MsgRow::qnum, r -> Long.toString(r.qnum()), 140)));
        t.getColumns().add(col("Last sender (lspid)", MsgRow::lspid, MsgRow::sender, 200));
        t.getColumns().add(col("Last receiver (lrpid)", MsgRow::lrpid, MsgRow::receiver, 200));
        t.getColumns().add(col("Sent (stime)", MsgRow::stime, MsgRow::sent, 172));
        t.getColumns().add(col("Received (rtime)", MsgRow::rtime, MsgRow::received, 172));
        t.getColumns().add(col("Changed (ctime)", MsgRow::ctime, MsgRow::changed, 172));
        return t;
    }

    /**
     * A column whose cells show {@code text} and sort by {@code key} (numbers as numbers, times
     * by their epoch seconds, so "never" = 0 sorts first).
     */
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
        c.setId(title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
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

    /** The verdict column: coloured by verdict (orphaned, in use, removal pending, unknown); why, as its tooltip. */
    private static <R extends IpcRow> TableColumn<R, R> verdictCol(TableColumn<R, R> c) {
        c.setCellFactory(x -> new TableCell<>() {
            private final Tooltip why = new Tooltip();

            @Override
            protected void updateItem(R r, boolean empty) {
                super.updateItem(r, empty);
                String v = empty || r == null ? "" : r.verdict();
                setText(empty || r == null ? null : HostText.window(v));
                if (r == null || empty || r.reason().isEmpty()) {
                    setTooltip(null);
                } else {
                    why.setText(HostText.window(r.reason()));
                    setTooltip(why);
                }
                for (String s : List.of("orphaned", "in-use", "removal-pending", "unknown")) {
                    pseudoClassStateChanged(PseudoClass.getPseudoClass(s), v.replace(' ', '-').equals(s));
                }
            }
        });
        c.getStyleClass().add("bs-verdict-col");
        return c;
    }

    // ------------------------------------------------------------------ charts

    private Node charts() {
        GridPane grid = new GridPane();
        grid.setId("ipc-charts");
        grid.setHgap(12);
        grid.setVgap(12);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(50);
            grid.getColumnConstraints().add(c);
            RowConstraints row = new RowConstraints();
            row.setVgrow(Priority.ALWAYS);
            grid.getRowConstraints().add(row);
        }
        for (int i = 0; i < vm.chartSeries().size(); i++) {
            grid.add(chart(i), i % 2, i / 2);
        }
        grid.visibleProperty().bind(vm.hasSampleProperty());
        grid.managedProperty().bind(grid.visibleProperty());
        return grid;
    }

    /** Chart {@code i} of the playbook's: use against its limit, the limit dashed. */
    private Node chart(int i) {
        var w = vm.charts();
        ChartSeries c = vm.chartSeries().get(i);
        LineChart<Number, Number> chart = TimeCharts.setUp(
                new io.bedside.ui.fx.TimeLineChart(TimeCharts.timeAxis(w), TimeCharts.valueAxis(c.chart().unit(), null, 0, true)),
                w, "ipc-chart-" + i, null, c.series(), c.limits(), "bs-chart-ipc-" + i);
        chart.titleProperty().bind(vm.chartTitleProperty(i));
        return TimeCharts.withAbsence(chart, vm.chartAbsenceProperty(i), 260);
    }
}
