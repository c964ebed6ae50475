package io.bedside.ui.main;

import io.bedside.ui.fx.ThemeMenu;
import io.bedside.ui.fx.Theme;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.recording.Recording;
import io.bedside.ui.dialogs.FileDialogs;
import io.bedside.ui.dialogs.ReportDialog;
import io.bedside.ui.export.ChartMenus;
import io.bedside.ui.export.ViewExporter;
import io.bedside.ui.fx.TaskRunner;
import io.bedside.ui.overview.OverviewView;
import io.bedside.ui.replay.ReplayBar;
import io.bedside.ui.status.StatusBarView;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The main window content for a live session or a replay: menus, the areas on the left, the
 * selected area in the centre, the replay slider, the parse problems and the status bar.
 */
public final class MainView extends BorderPane {
    private static final DateTimeFormatter REPORT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private final MainViewModel vm;
    private final FileDialogs dialogs;
    private final TaskRunner runner;
    private final ViewExporter exporter = new ViewExporter();
    private final Map<Area, Node> areaViews = new HashMap<>();
    private final VBox exportable;
    private final StackPane areaPane = new StackPane();
    private final ReadOnlyStringWrapper exportNotice = new ReadOnlyStringWrapper("");
    private final ChartMenus chartMenus;

    public MainView(MainViewModel vm, FileDialogs dialogs, TaskRunner runner, ObjectProperty<Theme> theme) {
        this.vm = vm;
        this.dialogs = dialogs;
        this.runner = runner;
        getStyleClass().add("bs-main");

        MenuBar menus = new MenuBar(fileMenu(), sessionMenu(), new ThemeMenu(theme));
        // the keyboard: Go (Ctrl+1…9 for the areas, Ctrl+F for the table's filter) and Help's list of every shortcut
        menus.setId("menu-bar");
        menus.getMenus().addAll(KeyboardMenus.goMenu(vm, () -> areaPane.getChildren().isEmpty() ? null : areaPane.getChildren().get(0)),
                KeyboardMenus.helpMenu(menus));
        setTop(menus);

        ListView<Area> nav = new ListView<>();
        nav.setId("nav");
        nav.getItems().setAll(vm.areas());
        nav.getStyleClass().add("bs-nav");
        nav.setPrefWidth(170);
        nav.setMinWidth(140);
        nav.setCellFactory(v -> new ListCell<>() {
            private final Label count = new Label();
            private Area watched;
            private final javafx.beans.InvalidationListener onFindings = o -> showCount();

            {
                count.getStyleClass().add("bs-nav-count");
                setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
                setGraphicTextGap(8);
            }

            @Override
            protected void updateItem(Area a, boolean empty) {
                super.updateItem(a, empty);
                if (watched != null) {
                    vm.board().countProperty(watched.id()).removeListener(onFindings);
                    vm.board().worstProperty(watched.id()).removeListener(onFindings);
                }
                setText(empty || a == null ? null : a.label());
                setId(empty || a == null ? null : "nav-" + a.id());
                watched = empty || a == null || a.playbook().isEmpty() ? null : a;
                if (watched != null) {
                    vm.board().countProperty(watched.id()).addListener(onFindings);
                    vm.board().worstProperty(watched.id()).addListener(onFindings);
                }
                showCount();
            }

            /**
             * The area's findings on the newest sample, counted beside its name and coloured by the
             * worst: from the findings board, which evaluates every area, shown or not.
             */
            private void showCount() {
                int n = watched == null ? 0 : vm.board().countProperty(watched.id()).get();
                io.bedside.model.findings.Severity worst = watched == null ? null : vm.board().worstProperty(watched.id()).get();
                if (n == 0 || worst == null) {
                    setGraphic(null);
                    setTooltip(null);
                    return;
                }
                count.setText(Integer.toString(n));
                count.getStyleClass().setAll("bs-nav-count", "bs-nav-count-" + worst.token());
                setGraphic(count);
                setTooltip(new javafx.scene.control.Tooltip(n + (n == 1 ? " finding" : " findings") + ", the worst "
                        + worst.token() + "."));
            }
        });
        nav.getSelectionModel().select(vm.areaProperty().get());
        nav.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                vm.areaProperty().set(now);
            }
        });
        vm.areaProperty().addListener((o, was, now) -> {
            nav.getSelectionModel().select(now);
            showArea(now);
        });
        setLeft(nav);

        // a cut probe output: a persistent banner over the areas it touches
        exportable = new VBox(header(), new io.bedside.ui.status.CutOutputBanner(vm.cutBanner()), areaPane);
        exportable.getStyleClass().add("bs-exportable");
        VBox.setVgrow(areaPane, Priority.ALWAYS);
        io.bedside.ui.fx.AreaPage.forwardWheel(areaPane);
        setCenter(exportable);
        showArea(vm.areaProperty().get());
        // every chart of every area: right-click to save or copy it, stamped like a whole-view export
        chartMenus = ChartMenus.install(areaPane, () -> vm.sourceProperty().get(), () -> vm.areaProperty().get().label(),
                vm::dataTime, dialogs, runner, this::showExportNotice);
        // the newest notice wins: the window's own ones replace an export's
        vm.noticeProperty().addListener((o, was, now) -> {
            if (!now.isEmpty()) {
                exportNotice.set("");
            }
        });

        ToggleButton problemsToggle = problemsToggle();
        Node problems = problemsPane();
        problems.visibleProperty().bind(problemsToggle.selectedProperty());
        problems.managedProperty().bind(problems.visibleProperty());
        StatusBarView bar = new StatusBarView(vm.status());
        HBox.setHgrow(bar, Priority.ALWAYS);
        HBox statusRow = new HBox(8, bar, adminToggle(), problemsToggle);
        statusRow.setAlignment(Pos.CENTER_LEFT);
        statusRow.getStyleClass().add("bs-status-row");
        statusRow.setPadding(new Insets(0, 8, 0, 0));
        VBox bottom = new VBox();
        vm.replay().ifPresent(r -> bottom.getChildren().add(new ReplayBar(r)));
        bottom.getChildren().addAll(problems, statusRow);
        setBottom(bottom);
    }

    public MainViewModel viewModel() {
        return vm;
    }

    /** The node an export pictures: the header and the selected area. */
    public Node exportableNode() {
        return exportable;
    }

    /** Writes a PNG of the selected area to {@code file}, stamped with host and time. On the FX thread. */
    public Path exportTo(Path file) throws java.io.IOException {
        return exporter.export(exportable, file, stamp());
    }

    /** The file name an export of the selected area gets. */
    public String suggestedPngName() {
        return exporter.fileName(vm.sourceProperty().get(), vm.areaProperty().get().label(), vm.dataTime());
    }

    private String stamp() {
        return exporter.stamp(vm.sourceProperty().get(), vm.areaProperty().get().label(), vm.dataTime());
    }

    private void exportPng() {
        dialogs.savePng(getScene().getWindow(), suggestedPngName()).ifPresent(file -> {
            BufferedImage image = exporter.render(exportable, stamp());
            runner.run(() -> {
                exporter.write(image, file);
                return file;
            }, f -> showExportNotice("Saved " + f + "."), e -> showExportNotice("Could not save the PNG: " + e.getMessage()), () -> { });
        });
    }

    /** The right-click menu of the charts in the areas. */
    public ChartMenus chartMenus() {
        return chartMenus;
    }

    private void showExportNotice(String text) {
        vm.dismissNotice();
        exportNotice.set(text);
    }

    /** File > Export report…: asks about redaction, then for the folder; the view-model writes it. */
    private void exportReport() {
        Optional<Recording> recording = vm.reportRecording();
        if (recording.isEmpty() || vm.exportingReportProperty().get()) {
            return;
        }
        Window owner = getScene() == null ? null : getScene().getWindow();
        String what = reportCovers(recording.get());
        ReportDialog.show(owner, what, redact -> dialogs.chooseReportFolder(owner, vm.suggestedReportName())
                .ifPresent(dir -> vm.exportReport(dir, redact)));
    }

    private String reportCovers(Recording r) {
        int n = r.samples().size();
        java.time.ZoneId zone = vm.dataTime().getZone();
        String first = REPORT_TIME.format(r.samples().get(0).receivedAt().atZone(zone));
        String last = REPORT_TIME.format(r.samples().get(n - 1).receivedAt().atZone(zone));
        String span = n == 1 ? "its one sample, taken " + first + "." : n + " samples, from " + first + " to " + last + ".";
        return vm.replay().isPresent()
                ? "The report covers the recording of " + r.source() + ": " + (n == 1 ? span : "all " + span)
                : "The report covers the live session of " + r.source() + " as far as Bedside keeps it: "
                  + (n == 1 ? span : "the last " + span);
    }

    private Menu fileMenu() {
        MenuItem connect = new MenuItem("Connect…");
        connect.setAccelerator(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN));
        connect.setOnAction(e -> vm.close());
        MenuItem open = new MenuItem("Open recording…");
        open.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        open.setOnAction(e -> dialogs.openRecording(getScene().getWindow()).ifPresent(vm::openRecording));
        MenuItem record = new MenuItem();
        record.setId("menu-record");
        record.textProperty().bind(Bindings.when(vm.recordingProperty()).then("Stop recording").otherwise("Record…"));
        record.setAccelerator(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN));
        record.disableProperty().bind(vm.liveProperty().not());
        record.setOnAction(e -> {
            if (vm.recordingProperty().get()) {
                vm.stopRecording();
            } else {
                dialogs.saveRecording(getScene().getWindow(), vm.suggestedRecordingName()).ifPresent(vm::startRecording);
            }
        });
        MenuItem export = new MenuItem("Export view as PNG…");
        export.setId("menu-export");
        export.setAccelerator(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        export.setOnAction(e -> exportPng());
        MenuItem report = new MenuItem("Export report…");
        report.setId("menu-export-report");
        report.setAccelerator(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        report.disableProperty().bind(vm.hasSampleProperty().not().or(vm.exportingReportProperty()));
        report.setOnAction(e -> exportReport());
        MenuItem close = new MenuItem("Close");
        close.setAccelerator(new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN));
        close.setOnAction(e -> vm.close());
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> vm.quit());
        return new Menu("File", null, connect, open, new SeparatorMenuItem(), record, export, report,
                new SeparatorMenuItem(), close, quit);
    }

    private Menu sessionMenu() {
        MenuItem pause = new MenuItem();
        pause.setId("menu-pause");
        pause.textProperty().bind(Bindings.when(vm.pausedProperty()).then("Resume").otherwise("Pause"));
        pause.setAccelerator(new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN));
        pause.setOnAction(e -> vm.togglePause());
        MenuItem now = new MenuItem("Sample now");
        now.setAccelerator(new KeyCodeCombination(KeyCode.F5));
        now.setOnAction(e -> vm.sampleNow());

        Menu interval = new Menu("Interval");
        ToggleGroup group = new ToggleGroup();
        for (Duration d : MainViewModel.INTERVALS) {
            RadioMenuItem item = new RadioMenuItem(d.getSeconds() + " s");
            item.setToggleGroup(group);
            item.setSelected(d.equals(vm.intervalProperty().get()));
            item.setOnAction(e -> vm.setInterval(d));
            vm.intervalProperty().addListener((o, was, is) -> item.setSelected(d.equals(is)));
            interval.getItems().add(item);
        }

        CheckMenuItem admin = new CheckMenuItem("Administrative access (sudo)");
        admin.setId("menu-admin");
        admin.setSelected(vm.privilegedProperty().get());
        admin.setOnAction(e -> vm.setPrivileged(admin.isSelected()));
        vm.privilegedProperty().addListener((o, was, is) -> admin.setSelected(is));

        Menu session = new Menu("Session", null, pause, now, interval, new SeparatorMenuItem(), admin);
        for (MenuItem i : session.getItems()) {
            i.disableProperty().bind(vm.liveProperty().not());
        }
        return session;
    }

    private Node header() {
        Label title = new Label();
        title.setId("main-title");
        title.textProperty().bind(Bindings.concat(vm.sourceProperty(), "  ·  ",
                Bindings.createStringBinding(() -> vm.areaProperty().get().label(), vm.areaProperty())));
        title.getStyleClass().add("title-3");
        title.setMinWidth(Region.USE_PREF_SIZE);

        Label stale = new Label("STALE");
        stale.setId("main-stale");
        stale.getStyleClass().addAll("bs-badge", "bs-badge-stale");
        stale.visibleProperty().bind(vm.status().staleProperty());
        stale.managedProperty().bind(stale.visibleProperty());

        Label rec = new Label("REC");
        rec.getStyleClass().addAll("bs-badge", "bs-badge-rec");
        rec.visibleProperty().bind(vm.recordingProperty());
        rec.managedProperty().bind(rec.visibleProperty());

        Label sampleTime = new Label();
        sampleTime.setId("main-sample-time");
        sampleTime.textProperty().bind(Bindings.when(Bindings.isEmpty(vm.overview().sampleTimeProperty()))
                .then("").otherwise(Bindings.concat("sample of ", vm.overview().sampleTimeProperty())));
        sampleTime.getStyleClass().add("bs-muted");
        sampleTime.setMinWidth(Region.USE_PREF_SIZE);

        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox top = new HBox(10, title, stale, rec, grow, sampleTime);
        top.setAlignment(Pos.CENTER_LEFT);

        Label notice = new Label();
        notice.setId("main-notice");
        notice.textProperty().bind(Bindings.when(Bindings.isNotEmpty(vm.noticeProperty()))
                .then(vm.noticeProperty()).otherwise(exportNotice));
        notice.setWrapText(true);
        notice.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(notice, Priority.ALWAYS);
        Button dismiss = new Button("Dismiss");
        dismiss.getStyleClass().addAll("small", "flat");
        dismiss.setOnAction(e -> {
            vm.dismissNotice();
            exportNotice.set("");
        });
        Button openReport = new Button("Open report");
        openReport.setId("main-open-report");
        openReport.getStyleClass().add("small");
        openReport.visibleProperty().bind(vm.writtenReportProperty().isNotNull());
        openReport.managedProperty().bind(openReport.visibleProperty());
        openReport.setOnAction(e -> vm.openWrittenReport());
        HBox noticeRow = new HBox(8, notice, openReport, dismiss);
        noticeRow.setAlignment(Pos.CENTER_LEFT);
        noticeRow.getStyleClass().add("bs-notice");
        noticeRow.visibleProperty().bind(Bindings.isNotEmpty(notice.textProperty()));
        noticeRow.managedProperty().bind(noticeRow.visibleProperty());

        VBox box = new VBox(6, top, noticeRow, rootRow());
        box.getStyleClass().add("bs-header");
        box.setPadding(new Insets(10, 14, 6, 14));
        return box;
    }

    /**
     * The sources the sample shown could not read without root, in every area, with the button
     * that switches administrative access on (in a live session).
     */
    private Node rootRow() {
        Label text = new Label();
        text.setId("main-needs-root");
        text.textProperty().bind(io.bedside.ui.fx.HostTextCell.shown(vm.needsRootProperty()));
        text.setWrapText(true);
        text.setMaxWidth(Double.MAX_VALUE);
        text.setMinHeight(Region.USE_PREF_SIZE);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button sudo = new Button("Use sudo");
        sudo.setId("main-use-sudo");
        sudo.getStyleClass().addAll("small", "accent");
        sudo.setMinWidth(Region.USE_PREF_SIZE);
        sudo.setOnAction(e -> vm.setPrivileged(true));
        sudo.visibleProperty().bind(vm.liveProperty().and(vm.privilegedProperty().not()));
        sudo.managedProperty().bind(sudo.visibleProperty());
        sudo.disableProperty().bind(Bindings.isNotEmpty(vm.privilegeProgressProperty()));
        Label progress = new Label();
        progress.getStyleClass().add("bs-muted");
        progress.textProperty().bind(vm.privilegeProgressProperty());
        progress.visibleProperty().bind(Bindings.isNotEmpty(vm.privilegeProgressProperty()));
        progress.managedProperty().bind(progress.visibleProperty());
        HBox row = new HBox(8, text, progress, sudo);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().addAll("bs-notice", "bs-needs-root");
        // shown while the sample shown missed sources for want of root and sudo is not on (or switching)
        row.visibleProperty().bind(Bindings.isNotEmpty(vm.needsRootProperty())
                .and(vm.privilegedProperty().not().or(Bindings.isNotEmpty(vm.privilegeProgressProperty()))));
        row.managedProperty().bind(row.visibleProperty());
        return row;
    }

    private void showArea(Area a) {
        Node view = areaViews.computeIfAbsent(a, x -> {
            if (x.id().equals(Area.OVERVIEW)) {
                return new OverviewView(vm.overview(), new FindingsBoard(vm));
            }
            Node v = x.newView();
            x.viewModel().ifPresent(m -> followReveals(m, v));
            // the banner's text is the shown area's: a cut output is never "no findings"
            for (io.bedside.ui.findings.FindingsView f : io.bedside.ui.findings.FindingsView.in(v)) {
                f.incompleteProperty().bind(Bindings.isNotEmpty(vm.cutBanner().textProperty()));
            }
            return v;
        });
        areaPane.getChildren().setAll(view);
        StackPane.setAlignment(view, Pos.TOP_LEFT);
        io.bedside.ui.fx.AreaPage.fitHeaders(view);
        // focus left in the view that went away (or nowhere) goes to the navigation, not to the first
        // table of the new view, which would then take the wheel from the page
        Node focused = getScene() == null ? null : getScene().getFocusOwner();
        if (getScene() != null && (focused == null || focused.getScene() == null || isInside(focused, areaPane))) {
            Node nav = lookup("#nav");
            if (nav != null) {
                nav.requestFocus();
            }
        }
    }

    private static boolean isInside(Node n, Node ancestor) {
        for (Node x = n; x != null; x = x.getParent()) {
            if (x == ancestor) {
                return true;
            }
        }
        return false;
    }

    /**
     * A finding opened from the board selects its subject in the area's tables: once the area is
     * laid out, and again when the rows built for it arrive (an area builds its tables only while shown).
     */
    private static void followReveals(AreaViewModel<?> m, Node view) {
        javafx.beans.value.ChangeListener<Number> onRows = new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Number> o, Number was, Number now) {
                m.rowsShownProperty().removeListener(this);
                io.bedside.ui.findings.FindingItem f = m.revealedProperty().get();
                if (f != null) {
                    io.bedside.ui.fx.FxThread.later(() -> io.bedside.ui.findings.Reveal.show(view, f));
                }
            }
        };
        java.util.function.Consumer<io.bedside.ui.findings.FindingItem> reveal = f -> {
            if (f == null) {
                return;
            }
            m.rowsShownProperty().removeListener(onRows);
            m.rowsShownProperty().addListener(onRows);
            io.bedside.ui.fx.FxThread.later(() -> io.bedside.ui.findings.Reveal.show(view, f));
        };
        m.revealedProperty().addListener((o, was, now) -> reveal.accept(now));
        reveal.accept(m.revealedProperty().get());
    }

    private Node problemsPane() {
        TableView<ParseProblem> table = new TableView<>(vm.problems());
        table.setId("problems-table");
        table.setPlaceholder(new Label("The last sample parsed cleanly."));
        table.setPrefHeight(160);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Source", ParseProblem::source, 120));
        table.getColumns().add(column("Raw line", p -> p.line().isEmpty() ? "(the whole source)" : p.line(), 360));
        table.getColumns().add(column("Problem", ParseProblem::message, 360));
        table.getStyleClass().add("bs-problems");
        table.setRowFactory(t -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(ParseProblem p, boolean empty) {
                super.updateItem(p, empty);
                setTooltip(empty || p == null ? null
                        : new javafx.scene.control.Tooltip(p.source() + ": " + p.message() + (p.line().isEmpty() ? "" : "\n" + p.line())));
            }
        });
        return table;
    }

    private static TableColumn<ParseProblem, String> column(String name, java.util.function.Function<ParseProblem, String> f,
                                                           double width) {
        TableColumn<ParseProblem, String> c = new TableColumn<>(name);
        c.setCellValueFactory(d -> new javafx.beans.property.SimpleStringProperty(f.apply(d.getValue())));
        c.setCellFactory(x -> new io.bedside.ui.fx.HostTextCell<>());
        c.setPrefWidth(width);
        return c;
    }

    /**
     * The status bar's administrative access: whether the probe runs with sudo, what switching is
     * doing, and a click to switch it (as Session > Administrative access does).
     */
    private Node adminToggle() {
        Button admin = new Button();
        admin.setId("admin-toggle");
        admin.getStyleClass().addAll("small", "bs-admin-toggle");
        admin.setMinWidth(Region.USE_PREF_SIZE);
        admin.textProperty().bind(Bindings.createStringBinding(() -> !vm.privilegeProgressProperty().get().isEmpty()
                        ? "sudo: switching…" : vm.privilegedProperty().get() ? "sudo: on" : "sudo: off",
                vm.privilegedProperty(), vm.privilegeProgressProperty()));
        PseudoClass on = PseudoClass.getPseudoClass("on");
        admin.pseudoClassStateChanged(on, vm.privilegedProperty().get());
        vm.privilegedProperty().addListener((o, was, is) -> admin.pseudoClassStateChanged(on, is));
        javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();
        tip.textProperty().bind(Bindings.createStringBinding(() -> !vm.privilegeProgressProperty().get().isEmpty()
                        ? vm.privilegeProgressProperty().get()
                        : vm.privilegedProperty().get()
                        ? "Administrative access is on: the probe runs with sudo on this host. Click to switch it off."
                        : "Administrative access is off: sources that need root are not read. Click to run the probe with sudo "
                          + "(remembered for this host, never the password).",
                vm.privilegedProperty(), vm.privilegeProgressProperty()));
        admin.setTooltip(tip);
        admin.disableProperty().bind(vm.liveProperty().not().or(Bindings.isNotEmpty(vm.privilegeProgressProperty())));
        admin.visibleProperty().bind(vm.liveProperty());
        admin.managedProperty().bind(admin.visibleProperty());
        admin.setOnAction(e -> vm.setPrivileged(!vm.privilegedProperty().get()));
        javafx.scene.control.ProgressIndicator busy = new javafx.scene.control.ProgressIndicator();
        busy.setId("admin-progress");
        busy.setPrefSize(14, 14);
        busy.setMaxSize(14, 14);
        busy.visibleProperty().bind(Bindings.isNotEmpty(vm.privilegeProgressProperty()));
        busy.managedProperty().bind(busy.visibleProperty());
        HBox box = new HBox(4, busy, admin);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    private ToggleButton problemsToggle() {
        ToggleButton problems = new ToggleButton();
        problems.setId("problems-toggle");
        problems.textProperty().bind(vm.problemsTextBinding());
        problems.getStyleClass().addAll("small", "bs-problems-toggle");
        problems.setMinWidth(Region.USE_PREF_SIZE);
        PseudoClass warning = PseudoClass.getPseudoClass("warning");
        vm.problems().addListener((javafx.collections.ListChangeListener<ParseProblem>) c ->
                problems.pseudoClassStateChanged(warning, !vm.problems().isEmpty()));
        problems.pseudoClassStateChanged(warning, !vm.problems().isEmpty());
        return problems;
    }
}
