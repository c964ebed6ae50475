package io.bedside.ui.fix;

import io.bedside.model.text.HostText;
import io.bedside.ui.fx.HostTextCell;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.main.Theme;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.cell.CheckBoxTableCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A fix wizard: its own Stage over the main window, its own {@link FixWizardViewModel}, four
 * pages (choose, preview, confirm, run). Only binds; Next, Apply and Dry run are enabled by the
 * view-model's bindings. It cannot be closed while a run is under way.
 */
public final class FixWizard {
    public static final double WIDTH = 1000;
    public static final double HEIGHT = 740;
    private static final PseudoClass CURRENT = PseudoClass.getPseudoClass("current");
    private static final PseudoClass DONE = PseudoClass.getPseudoClass("done");

    private final FixWizardViewModel vm;
    private final Stage stage;
    private final Map<FixWizardViewModel.Step, Node> pages = new EnumMap<>(FixWizardViewModel.Step.class);
    private final StackPane center = new StackPane();

    private FixWizard(FixWizardViewModel vm, Window owner) {
        this.vm = vm;
        this.stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
        }
        BorderPane root = new BorderPane();
        root.setId("fix-wizard");
        root.getProperties().put(FixWizardViewModel.class, vm);
        root.getStyleClass().add("bs-wizard");
        root.setTop(header());
        root.setCenter(center);
        root.setBottom(buttons());
        center.setPadding(new Insets(12, 18, 8, 18));
        pages.put(FixWizardViewModel.Step.CHOOSE, vm.isRemoval() ? chooseRows() : vm.isProtect() ? chooseProcess() : chooseChange());
        pages.put(FixWizardViewModel.Step.PREVIEW, preview());
        pages.put(FixWizardViewModel.Step.CONFIRM, confirm());
        pages.put(FixWizardViewModel.Step.RUN, run());
        showPage(vm.stepProperty().get());
        vm.stepProperty().addListener((o, was, now) -> showPage(now));

        Scene scene = new Scene(root, WIDTH, HEIGHT);
        scene.getStylesheets().add(Theme.bedsideStylesheet());
        stage.setScene(scene);
        stage.titleProperty().bind(vm.titleProperty());
        stage.setMinWidth(760);
        stage.setMinHeight(520);
        stage.setOnCloseRequest(e -> {
            if (!vm.mayClose()) {
                e.consume();
            }
        });
        stage.setOnHidden(e -> vm.close());
        vm.closeRequestedProperty().addListener((o, was, now) -> {
            if (now) {
                stage.hide();
            }
        });
    }

    /**
     * Opens a wizard for {@code vm} over {@code owner} and fills its first step.
     *
     * @return the wizard, shown
     */
    public static FixWizard open(FixWizardViewModel vm, Window owner) {
        FxThread.assertFxThread();
        FixWizard w = new FixWizard(vm, owner);
        w.stage.show();
        vm.start();
        return w;
    }

    public Stage stage() {
        return stage;
    }

    public FixWizardViewModel viewModel() {
        return vm;
    }

    private void showPage(FixWizardViewModel.Step step) {
        center.getChildren().setAll(pages.get(step));
    }

    // ------------------------------------------------------------------ frame

    private Node header() {
        Label title = new Label();
        title.setId("wizard-title");
        title.textProperty().bind(HostTextCell.shown(vm.titleProperty()));
        title.getStyleClass().add("title-3");
        HBox steps = new HBox(6);
        steps.setAlignment(Pos.CENTER_LEFT);
        for (FixWizardViewModel.Step s : FixWizardViewModel.Step.values()) {
            Label l = new Label((s.ordinal() + 1) + "  " + s.label());
            l.setId("wizard-step-" + s.name().toLowerCase(Locale.ROOT));
            l.getStyleClass().add("bs-step");
            Runnable mark = () -> {
                FixWizardViewModel.Step now = vm.stepProperty().get();
                l.pseudoClassStateChanged(CURRENT, now == s);
                l.pseudoClassStateChanged(DONE, now.ordinal() > s.ordinal());
            };
            vm.stepProperty().addListener((o, was, now) -> mark.run());
            mark.run();
            if (s.ordinal() > 0) {
                Label sep = new Label("›");
                sep.getStyleClass().add("bs-muted");
                steps.getChildren().add(sep);
            }
            steps.getChildren().add(l);
        }
        VBox box = new VBox(8, title, steps);
        box.setPadding(new Insets(14, 18, 10, 18));
        box.getStyleClass().add("bs-header");
        return box;
    }

    private Node buttons() {
        Label error = new Label();
        error.setId("wizard-error");
        error.textProperty().bind(HostTextCell.shown(vm.errorProperty()));
        error.getStyleClass().add("bs-error");
        error.setWrapText(true);
        error.setMaxWidth(Double.MAX_VALUE);
        error.visibleProperty().bind(Bindings.isNotEmpty(vm.errorProperty()));
        error.managedProperty().bind(error.visibleProperty());
        HBox.setHgrow(error, Priority.ALWAYS);

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(22, 22);
        spinner.visibleProperty().bind(vm.busyProperty());
        spinner.managedProperty().bind(spinner.visibleProperty());
        Label busy = new Label();
        busy.textProperty().bind(HostTextCell.shown(vm.busyTextProperty()));
        busy.getStyleClass().add("bs-muted");
        busy.visibleProperty().bind(vm.busyProperty());
        busy.managedProperty().bind(busy.visibleProperty());

        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);

        Button close = new Button();
        close.setId("wizard-close");
        close.textProperty().bind(Bindings.when(vm.stepProperty().isEqualTo(FixWizardViewModel.Step.RUN)
                .or(vm.changedHostProperty())).then("Close").otherwise("Cancel"));
        close.disableProperty().bind(vm.busyProperty());
        close.setCancelButton(true);
        close.setOnAction(e -> stage.hide());

        Button back = new Button("Back");
        back.setId("wizard-back");
        back.disableProperty().bind(vm.canGoBackBinding().not());
        back.setOnAction(e -> vm.back());

        Button next = new Button("Next");
        next.setId("wizard-next");
        next.getStyleClass().add("accent");
        next.setDefaultButton(true);
        next.disableProperty().bind(vm.canGoNextBinding().not());
        next.visibleProperty().bind(vm.stepProperty().isEqualTo(FixWizardViewModel.Step.CHOOSE)
                .or(vm.stepProperty().isEqualTo(FixWizardViewModel.Step.PREVIEW)));
        next.managedProperty().bind(next.visibleProperty());
        next.setOnAction(e -> vm.next());

        Button dry = new Button("Dry run");
        dry.setId("wizard-dry-run");
        dry.disableProperty().bind(vm.canDryRunBinding().not());
        dry.visibleProperty().bind(vm.stepProperty().isEqualTo(FixWizardViewModel.Step.CONFIRM));
        dry.managedProperty().bind(dry.visibleProperty());
        dry.setOnAction(e -> vm.dryRun());

        Button apply = new Button("Apply");
        apply.setId("wizard-apply");
        apply.getStyleClass().add("danger");
        apply.disableProperty().bind(vm.canApplyBinding().not());
        apply.visibleProperty().bind(vm.stepProperty().isEqualTo(FixWizardViewModel.Step.CONFIRM));
        apply.managedProperty().bind(apply.visibleProperty());
        apply.setOnAction(e -> vm.apply());

        Button rollback = new Button("Roll back");
        rollback.setId("wizard-rollback");
        rollback.getStyleClass().add("danger");
        rollback.visibleProperty().bind(vm.canRollbackProperty().and(vm.stepProperty().isEqualTo(FixWizardViewModel.Step.RUN)));
        rollback.managedProperty().bind(rollback.visibleProperty());
        rollback.disableProperty().bind(vm.busyProperty());
        rollback.setOnAction(e -> vm.rollback());

        HBox row = new HBox(8, error, spinner, busy, grow, close, back, dry, apply, rollback, next);
        row.setAlignment(Pos.CENTER_RIGHT);
        row.setPadding(new Insets(10, 18, 14, 18));
        row.getStyleClass().add("bs-wizard-buttons");
        return row;
    }

    // ------------------------------------------------------------------ 1 choose

    private Node chooseRows() {
        Label heading = new Label("Choose the orphaned " + (vm.idName().equals("semid") ? "semaphore arrays" : "shared memory segments")
                + " to remove");
        heading.getStyleClass().add("bs-section-title");
        Label offered = new Label();
        offered.textProperty().bind(HostTextCell.shown(vm.notOfferedProperty()));
        offered.getStyleClass().add("bs-muted");
        offered.setWrapText(true);

        TableView<FixChoice> table = new TableView<>(vm.choices());
        table.setId("wizard-choices");
        table.setEditable(true);
        table.setFixedCellSize(26);
        table.getStyleClass().add("dense");
        TableColumn<FixChoice, Boolean> check = new TableColumn<>("Remove");
        check.setCellValueFactory(d -> d.getValue().chosenProperty());
        check.setCellFactory(CheckBoxTableCell.forTableColumn(check));
        check.setEditable(true);
        check.setPrefWidth(84);
        table.getColumns().add(check);
        TableColumn<FixChoice, String> idCol = textCol(vm.idName(), c -> Integer.toString(c.id()), 86);
        idCol.setComparator(java.util.Comparator.comparingLong(Long::parseLong));
        table.getColumns().add(idCol);
        table.getColumns().add(textCol("Key", FixChoice::keyHex, 105));
        table.getColumns().add(textCol("Owner", FixChoice::owner, 110));
        table.getColumns().add(textCol(vm.idName().equals("semid") ? "Semaphores" : "Size", FixChoice::size, 130));
        table.getColumns().add(textCol("Changed (ctime)", FixChoice::changed, 172));
        table.getColumns().add(textCol("Why it is orphaned", FixChoice::reason, 420));
        table.setPlaceholder(new Label("No orphaned rows in this sample."));
        table.setMinHeight(140);
        VBox.setVgrow(table, Priority.ALWAYS);

        Button all = new Button("Check all");
        all.setId("wizard-check-all");
        all.getStyleClass().add("small");
        all.setOnAction(e -> vm.chooseAll());
        Button none = new Button("Uncheck all");
        none.setId("wizard-check-none");
        none.getStyleClass().add("small");
        none.setOnAction(e -> vm.chooseNone());
        Label chosen = new Label();
        chosen.setId("wizard-chosen");
        chosen.textProperty().bind(HostTextCell.shown(vm.chosenSummaryProperty()));
        chosen.getStyleClass().add("bs-field-value");
        HBox checks = new HBox(8, all, none, chosen);
        checks.setAlignment(Pos.CENTER_LEFT);

        TextField pattern = new TextField();
        pattern.setId("wizard-pattern");
        pattern.setPromptText("owner uid or name, or key; * and ? allowed (e.g. 1000, postgres, 0x6104*)");
        pattern.textProperty().bindBidirectional(vm.patternProperty());
        HBox.setHgrow(pattern, Priority.ALWAYS);
        Button only = new Button("Choose only these");
        only.setId("wizard-choose-only");
        only.getStyleClass().add("small");
        only.disableProperty().bind(Bindings.isEmpty(vm.patternMatches()));
        only.setOnAction(e -> vm.chooseOnlyMatches());
        Button add = new Button("Add these");
        add.setId("wizard-add-matches");
        add.getStyleClass().add("small");
        add.disableProperty().bind(Bindings.isEmpty(vm.patternMatches()));
        add.setOnAction(e -> vm.addMatches());
        HBox patternRow = new HBox(8, pattern, only, add);
        patternRow.setAlignment(Pos.CENTER_LEFT);
        Label matchSummary = new Label();
        matchSummary.setId("wizard-pattern-summary");
        matchSummary.textProperty().bind(HostTextCell.shown(vm.patternSummaryProperty()));
        matchSummary.setWrapText(true);
        ListView<FixChoice> matches = new ListView<>(vm.patternMatches());
        matches.setId("wizard-pattern-matches");
        matches.setPrefHeight(130);
        matches.setMinHeight(100);
        matches.setFixedCellSize(24);
        matches.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(FixChoice c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? null : HostText.window(c.describe(vm.idName())));
            }
        });
        matches.visibleProperty().bind(Bindings.isNotEmpty(vm.patternMatches()));
        matches.managedProperty().bind(matches.visibleProperty());
        VBox patternBox = new VBox(6, patternRow, matchSummary, matches);
        TitledPane byPattern = new TitledPane("Choose by owner or key pattern (lists every row it touches first)", patternBox);
        byPattern.setId("wizard-by-pattern");
        byPattern.setExpanded(false);
        byPattern.setAnimated(false);
        byPattern.getStyleClass().addAll("dense", "bs-pattern-pane");

        return new VBox(10, heading, offered, table, checks, byPattern);
    }

    /**
     * mem.oom.protect: the process (the one the wizard was opened for is chosen and shown) and its
     * new oom_score_adj, with what the value means; -1000 needs a tick that the operator understood.
     */
    private Node chooseProcess() {
        Label heading = new Label("Choose the process to protect and its new oom_score_adj");
        heading.getStyleClass().add("bs-section-title");
        Label explain = new Label("The OOM killer takes the process with the highest oom_score first. oom_score_adj"
                + " (-1000..1000) moves a process down that order (negative) or up (positive). Offered: the running"
                + " processes whose oom_score_adj could be read, highest oom_score first.");
        explain.getStyleClass().add("bs-muted");
        explain.setWrapText(true);
        explain.setMinHeight(Region.USE_PREF_SIZE);

        TextField filter = new TextField();
        filter.setId("wizard-process-filter");
        filter.setPromptText("Filter: pid, name, user, unit or cgroup");
        filter.textProperty().bindBidirectional(vm.processFilterProperty());
        filter.setMaxWidth(420);
        Label offered = new Label();
        offered.textProperty().bind(HostTextCell.shown(vm.notOfferedProperty()));
        offered.getStyleClass().add("bs-muted");
        offered.visibleProperty().bind(Bindings.isNotEmpty(vm.notOfferedProperty()));
        offered.managedProperty().bind(offered.visibleProperty());
        Label filterLabel = new Label("Find:");
        filterLabel.getStyleClass().add("bs-field-name");
        filterLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox filterRow = new HBox(8, filterLabel, filter, offered);
        filterRow.setAlignment(Pos.CENTER_LEFT);

        TableView<ProtectChoice> table = new TableView<>(vm.processes());
        table.setId("wizard-processes");
        table.setFixedCellSize(26);
        table.getStyleClass().add("dense");
        TableColumn<ProtectChoice, String> pid = textCol("pid", c -> Integer.toString(c.pid()), 76);
        pid.setComparator(java.util.Comparator.comparingLong(Long::parseLong));
        pid.getStyleClass().add("bs-col-right");
        table.getColumns().add(pid);
        table.getColumns().add(textCol("Name", ProtectChoice::comm, 140));
        table.getColumns().add(textCol("User", ProtectChoice::user, 76));
        TableColumn<ProtectChoice, String> score = textCol("oom_score", ProtectChoice::oomScore, 110);
        score.getStyleClass().add("bs-col-right");
        table.getColumns().add(score);
        TableColumn<ProtectChoice, String> adj = textCol("oom_score_adj", c -> Integer.toString(c.oomScoreAdj()), 140);
        adj.getStyleClass().add("bs-col-right");
        table.getColumns().add(adj);
        TableColumn<ProtectChoice, String> rss = textCol("RSS", ProtectChoice::rss, 90);
        rss.getStyleClass().add("bs-col-right");
        table.getColumns().add(rss);
        table.getColumns().add(textCol("systemd unit", c -> c.unit().isEmpty() ? "none" : c.unit(), 150));
        table.getColumns().add(textCol("Memory cgroup", ProtectChoice::cgroup, 300));
        table.setPlaceholder(new Label("No process matches the filter."));
        table.setMinHeight(150);
        VBox.setVgrow(table, Priority.ALWAYS);
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                vm.chosenProcessProperty().set(now);
            }
        });
        Runnable showChosen = () -> {
            ProtectChoice c = vm.chosenProcessProperty().get();
            int i = c == null ? -1 : table.getItems().indexOf(c);
            if (i >= 0 && table.getSelectionModel().getSelectedIndex() != i) {
                table.getSelectionModel().select(i);
                table.scrollTo(Math.max(0, i - 2));
            }
        };
        vm.chosenProcessProperty().addListener((o, was, now) -> showChosen.run());
        vm.processes().addListener((ListChangeListener<ProtectChoice>) c -> showChosen.run());

        Label adjLabel = new Label("New oom_score_adj:");
        adjLabel.getStyleClass().add("bs-field-name");
        adjLabel.setMinWidth(Region.USE_PREF_SIZE);
        TextField adjField = new TextField();
        adjField.setId("wizard-adj");
        adjField.setPrefColumnCount(7);
        adjField.setMinWidth(Region.USE_PREF_SIZE);
        adjField.getStyleClass().add("bs-mono");
        adjField.textProperty().bindBidirectional(vm.adjTextProperty());
        Label hint = new Label("-1000 … 1000.  -500 (the default): much less likely to be killed, still killable."
                + "  -1000: never killed.");
        hint.getStyleClass().add("bs-muted");
        hint.setWrapText(true);
        HBox adjRow = new HBox(10, adjLabel, adjField, hint);
        adjRow.setAlignment(Pos.CENTER_LEFT);

        Label problem = new Label();
        problem.setId("wizard-adj-problem");
        problem.textProperty().bind(HostTextCell.shown(vm.adjProblemProperty()));
        problem.getStyleClass().add("bs-error");
        problem.setWrapText(true);
        problem.setMaxWidth(Double.MAX_VALUE);
        problem.visibleProperty().bind(Bindings.isNotEmpty(vm.adjProblemProperty()));
        problem.managedProperty().bind(problem.visibleProperty());

        Label warning = new Label();
        warning.setId("wizard-adj-warning");
        warning.textProperty().bind(HostTextCell.shown(vm.adjWarningProperty()));
        warning.setWrapText(true);
        warning.setMaxWidth(Double.MAX_VALUE);
        warning.setMinHeight(Region.USE_PREF_SIZE);
        CheckBox confirm = new CheckBox();
        confirm.setId("wizard-never-kill-confirm");
        confirm.setMnemonicParsing(false);
        confirm.setWrapText(true);
        confirm.textProperty().bind(Bindings.createStringBinding(() -> {
            ProtectChoice c = vm.chosenProcessProperty().get();
            return "I understand: with -1000 the OOM killer never kills " + (c == null ? "this process" : "pid " + c.pid()
                    + " (" + HostText.window(c.comm()) + ")") + ", whatever it uses.";
        }, vm.chosenProcessProperty()));
        confirm.selectedProperty().bindBidirectional(vm.neverKillConfirmedProperty());
        confirm.visibleProperty().bind(vm.neverKillProperty());
        confirm.managedProperty().bind(confirm.visibleProperty());
        VBox warningBox = new VBox(6, warning, confirm);
        warningBox.setId("wizard-adj-warning-box");
        Runnable warnStyle = () -> warningBox.getStyleClass().setAll(vm.neverKillProperty().get() ? "bs-danger-box" : "bs-warning-box");
        vm.neverKillProperty().addListener((o, was, now) -> warnStyle.run());
        warnStyle.run();
        warningBox.visibleProperty().bind(Bindings.isNotEmpty(vm.adjWarningProperty()));
        warningBox.managedProperty().bind(warningBox.visibleProperty());

        Label proposed = new Label();
        proposed.setId("wizard-proposed");
        proposed.textProperty().bind(HostTextCell.shown(vm.proposedProperty()));
        proposed.getStyleClass().addAll("bs-mono", "bs-line-new");
        proposed.setWrapText(true);
        VBox proposedBox = new VBox(proposed);
        proposedBox.getStyleClass().add("bs-old-new");
        proposedBox.visibleProperty().bind(Bindings.isNotEmpty(vm.proposedProperty()));
        proposedBox.managedProperty().bind(proposedBox.visibleProperty());

        Label unit = new Label();
        unit.setId("wizard-unit-note");
        unit.textProperty().bind(HostTextCell.shown(vm.unitNoteProperty()));
        unit.setWrapText(true);
        unit.setMinHeight(Region.USE_PREF_SIZE);
        unit.visibleProperty().bind(Bindings.isNotEmpty(vm.unitNoteProperty()));
        unit.managedProperty().bind(unit.visibleProperty());

        return new VBox(10, heading, explain, filterRow, table, adjRow, problem, warningBox, proposedBox, unit);
    }

    private Node chooseChange() {
        Label heading = new Label("The proposed change");
        heading.getStyleClass().add("bs-section-title");
        VBox oldNew = changesBox(vm.changes());
        oldNew.setId("wizard-old-new");
        VBox summary = linesBox(vm.summary());
        Label note = new Label("Nothing is changed until you confirm with the host's name. The next step shows every command.");
        note.getStyleClass().add("bs-muted");
        note.setWrapText(true);
        return new VBox(12, heading, oldNew, summary, note);
    }

    /** Lines of a plan's summary: indented lines as code. */
    private static VBox linesBox(javafx.collections.ObservableList<String> lines) {
        VBox box = new VBox(4);
        Runnable fill = () -> {
            List<Node> nodes = new ArrayList<>();
            for (String line : lines) {
                Label l = new Label(HostText.window(line));
                l.setWrapText(true);
                l.setMinHeight(Region.USE_PREF_SIZE);
                if (line.startsWith(" ")) {
                    l.getStyleClass().add("bs-mono");
                }
                nodes.add(l);
            }
            box.getChildren().setAll(nodes);
        };
        lines.addListener((ListChangeListener<String>) c -> fill.run());
        fill.run();
        return box;
    }

    /** A plan's changes, each its old line and its new line, large and coloured; hidden when it has none. */
    static VBox changesBox(javafx.collections.ObservableList<io.bedside.model.fix.Change> changes) {
        VBox box = new VBox(4);
        Runnable fill = () -> {
            List<Node> nodes = new ArrayList<>();
            for (io.bedside.model.fix.Change c : changes) {
                nodes.add(changeLine(c.oldLine(), "bs-line-old"));
                nodes.add(changeLine(c.newLine(), "bs-line-new"));
            }
            box.getChildren().setAll(nodes);
        };
        changes.addListener((ListChangeListener<io.bedside.model.fix.Change>) c -> fill.run());
        fill.run();
        box.getStyleClass().add("bs-old-new");
        box.visibleProperty().bind(Bindings.isNotEmpty(changes));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private static Label changeLine(String text, String style) {
        Label l = new Label(HostText.window(text));
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.getStyleClass().addAll("bs-mono", style);
        return l;
    }

    // ------------------------------------------------------------------ 2 preview

    private Node preview() {
        Label heading = new Label("Preview: what will run, in order");
        heading.getStyleClass().add("bs-section-title");
        VBox oldNew = changesBox(vm.changes());
        VBox summary = linesBox(vm.summary());
        ScrollPane summaryScroll = new ScrollPane(summary);
        summaryScroll.setFitToWidth(true);
        // as tall as the summary's lines (wrapped ones too), up to 170 px; the rest scrolls
        summaryScroll.prefHeightProperty().bind(Bindings.createDoubleBinding(
                () -> Math.min(170, Math.max(vm.summary().size() * 22.0, summary.getHeight()) + 4), vm.summary(), summary.heightProperty()));
        summaryScroll.minHeightProperty().bind(summaryScroll.prefHeightProperty());
        summaryScroll.getStyleClass().add("edge-to-edge");

        VBox optional = new VBox(6);
        optional.setId("wizard-optional");
        Runnable fillOptional = () -> {
            List<Node> nodes = new ArrayList<>();
            if (!vm.optionalParts().isEmpty()) {
                Label l = new Label("Optional, off unless ticked:");
                l.getStyleClass().add("bs-field-name");
                nodes.add(l);
            }
            for (OptionalPart p : vm.optionalParts()) {
                CheckBox cb = new CheckBox(p.label());
                cb.setId("wizard-optional-" + p.subject().replaceAll("[^A-Za-z0-9]+", "-"));
                cb.setWrapText(true);
                cb.setMnemonicParsing(false);   // oom_score_adj keeps its underscore
                cb.setMinHeight(Region.USE_PREF_SIZE);
                cb.setMaxWidth(Double.MAX_VALUE);
                cb.selectedProperty().bindBidirectional(p.includedProperty());
                nodes.add(cb);
            }
            optional.getChildren().setAll(nodes);
        };
        vm.optionalParts().addListener((ListChangeListener<OptionalPart>) c -> {
            if (c.next() && (c.wasAdded() || c.wasRemoved()) && !c.wasUpdated()) {
                fillOptional.run();
            }
        });
        fillOptional.run();
        optional.visibleProperty().bind(Bindings.isNotEmpty(vm.optionalParts()));
        optional.managedProperty().bind(optional.visibleProperty());

        Label every = new Label("Every command, exactly as it will be sent to the host:");
        every.getStyleClass().add("bs-field-name");
        ListView<PreviewStep> steps = new ListView<>(vm.preview());
        steps.setId("wizard-preview-steps");
        steps.getStyleClass().addAll("bs-preview-steps", "bs-step-list");
        steps.setCellFactory(l -> new PreviewCell(l));
        VBox.setVgrow(steps, Priority.ALWAYS);
        return new VBox(10, heading, oldNew, summaryScroll, optional, every, steps);
    }

    /** One planned step: number, kind, what it does, the command, its re-check and a written file's diff. */
    private final class PreviewCell extends ListCell<PreviewStep> {
        private final Label kind = new Label();
        private final Label description = new Label();
        private final Label root = new Label("root");
        private final Label optional = new Label("optional");
        private final Label command = new Label();
        private final Label recheck = new Label();
        private final Label diff = new Label();
        private final VBox box;

        PreviewCell(ListView<PreviewStep> list) {
            kind.getStyleClass().add("bs-step-kind");
            kind.setMinWidth(Region.USE_PREF_SIZE);
            description.setWrapText(true);
            root.getStyleClass().addAll("bs-badge", "bs-badge-root");
            root.setMinWidth(Region.USE_PREF_SIZE);
            optional.getStyleClass().addAll("bs-badge");
            optional.setMinWidth(Region.USE_PREF_SIZE);
            command.getStyleClass().addAll("bs-mono", "bs-command");
            command.setWrapText(true);
            recheck.getStyleClass().addAll("bs-mono", "bs-recheck");
            recheck.setWrapText(true);
            diff.getStyleClass().addAll("bs-mono", "bs-diff");
            diff.setWrapText(true);
            HBox top = new HBox(8, kind, description, optional, root);
            top.setAlignment(Pos.CENTER_LEFT);
            box = new VBox(4, top, command, recheck, diff);
            box.maxWidthProperty().bind(list.widthProperty().subtract(36));
            box.prefWidthProperty().bind(box.maxWidthProperty());
            wrap(command, box, 0);
            wrap(recheck, box, 0);
            wrap(diff, box, 0);
            wrap(description, box, 250);
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(PreviewStep s, boolean empty) {
            super.updateItem(s, empty);
            if (empty || s == null) {
                setGraphic(null);
                return;
            }
            kind.setText(s.number() + ".  " + s.kind().toUpperCase(Locale.ROOT));
            for (String k : List.of("read", "change", "verify")) {
                kind.pseudoClassStateChanged(PseudoClass.getPseudoClass(k), k.equals(s.kind()));
            }
            description.setText(HostText.window(s.description()));
            root.setVisible(s.needsRoot());
            root.setManaged(s.needsRoot());
            optional.setVisible(s.optional());
            optional.setManaged(s.optional());
            command.setText("$ " + HostText.window(s.command()));
            boolean hasRecheck = !s.recheck().isEmpty();
            recheck.setText(hasRecheck ? "re-checked right before, must print:  " + HostText.window(s.expected()) + "\n$ "
                    + HostText.window(s.recheck()) : "");
            recheck.setVisible(hasRecheck);
            recheck.setManaged(hasRecheck);
            diff.setText(HostTextCell.lines(s.diff()));
            diff.setVisible(!s.diff().isEmpty());
            diff.setManaged(!s.diff().isEmpty());
            setGraphic(box);
        }
    }

    // ------------------------------------------------------------------ 3 confirm

    private Node confirm() {
        Label heading = new Label();
        heading.textProperty().bind(Bindings.concat("Apply to ", HostText.window(vm.hostName()), "?"));
        heading.getStyleClass().add("title-2");
        Label what = new Label();
        what.setId("wizard-confirm-what");
        what.textProperty().bind(Bindings.createStringBinding(() -> {
            var p = vm.planProperty().get();
            if (p == null) {
                return "";
            }
            long changes = vm.preview().stream().filter(s -> s.kind().equals("change") && !s.optional()).count();
            long optionalChanges = vm.optionalParts().stream().filter(OptionalPart::isIncluded).count();
            return p.title() + ": " + changes + (changes == 1 ? " change" : " changes")
                    + (optionalChanges > 0 ? " and the optional part" + (optionalChanges == 1 ? "" : "s") + " you ticked" : "")
                    + ", each re-checked right before it runs, with evidence saved first and a verification after."
                    + (p.reversible() ? " It can be rolled back." : " It cannot be undone.");
        }, vm.planProperty(), vm.preview(), vm.optionalParts()));
        what.setWrapText(true);

        Label type = new Label();
        type.textProperty().bind(Bindings.concat("Type the host's name, ", HostText.window(vm.hostName()), ", to enable Apply:"));
        TextField host = new TextField();
        host.setId("wizard-host");
        host.setPromptText(HostText.window(vm.hostName()));
        host.setMaxWidth(360);
        host.textProperty().bindBidirectional(vm.typedHostProperty());
        Label ok = new Label();
        ok.setId("wizard-host-ok");
        ok.textProperty().bind(Bindings.when(vm.hostConfirmedBinding()).then("✓ matches")
                .otherwise(Bindings.when(Bindings.isEmpty(vm.typedHostProperty())).then("").otherwise("does not match")));
        ok.getStyleClass().add("bs-muted");
        HBox hostRow = new HBox(10, host, ok);
        hostRow.setAlignment(Pos.CENTER_LEFT);

        Label root = new Label();
        root.setId("wizard-root-note");
        root.textProperty().bind(HostTextCell.shown(vm.rootNoteProperty()));
        root.setWrapText(true);
        root.setMaxWidth(Double.MAX_VALUE);
        root.setMinHeight(Region.USE_PREF_SIZE);
        Runnable rootStyle = () -> root.getStyleClass().setAll("label",
                vm.adminAccessProperty().get() ? "bs-notice" : "bs-error");
        vm.adminAccessProperty().addListener((o, was, now) -> rootStyle.run());
        rootStyle.run();
        root.visibleProperty().bind(Bindings.isNotEmpty(vm.rootNoteProperty()));
        root.managedProperty().bind(root.visibleProperty());
        Button again = new Button("Check again");
        again.setId("wizard-check-access");
        again.getStyleClass().add("small");
        again.visibleProperty().bind(vm.needsRootBinding().and(vm.adminAccessProperty().not()));
        again.managedProperty().bind(again.visibleProperty());
        again.setOnAction(e -> vm.checkAccess());

        Label dry = new Label("Dry run reads only: it saves the evidence and runs every re-check, and says what each change"
                + " would do. It is always available and changes nothing.");
        dry.getStyleClass().add("bs-muted");
        dry.setWrapText(true);
        VBox box = new VBox(14, heading, what, type, hostRow, root, again, dry);
        box.setMaxWidth(860);
        StackPane.setAlignment(box, Pos.TOP_LEFT);
        return box;
    }

    // ------------------------------------------------------------------ 4 run

    private Node run() {
        Label heading = new Label();
        heading.textProperty().bind(HostTextCell.shown(vm.runHeadingProperty()));
        heading.getStyleClass().add("bs-section-title");

        Label verdict = new Label();
        verdict.setId("wizard-verdict");
        verdict.textProperty().bind(HostTextCell.shown(vm.verdictTextProperty()));
        verdict.getStyleClass().add("bs-verdict");
        vm.verdictProperty().addListener((o, was, now) -> markVerdict(verdict, now));
        markVerdict(verdict, vm.verdictProperty().get());
        verdict.visibleProperty().bind(Bindings.isNotEmpty(vm.verdictTextProperty()));
        verdict.managedProperty().bind(verdict.visibleProperty());
        Label detail = new Label();
        detail.setId("wizard-verdict-detail");
        detail.textProperty().bind(HostTextCell.shown(vm.verdictDetailProperty()));
        detail.setWrapText(true);
        detail.visibleProperty().bind(Bindings.isNotEmpty(vm.verdictDetailProperty()));
        detail.managedProperty().bind(detail.visibleProperty());
        VBox verdictBox = new VBox(4, verdict, detail);

        ListView<ResultRow> results = new ListView<>(vm.results());
        results.setId("wizard-results");
        results.getStyleClass().add("bs-step-list");
        results.setCellFactory(l -> new ResultCell(l));
        vm.results().addListener((ListChangeListener<ResultRow>) c -> {
            if (!vm.results().isEmpty()) {
                results.scrollTo(vm.results().size() - 1);
            }
        });
        VBox.setVgrow(results, Priority.ALWAYS);

        Label auditLabel = new Label("Audit log:");
        auditLabel.getStyleClass().add("bs-field-name");
        auditLabel.setMinWidth(Region.USE_PREF_SIZE);
        TextField audit = new TextField();
        audit.setId("wizard-audit-log");
        audit.setEditable(false);
        audit.getStyleClass().add("bs-mono");
        audit.textProperty().bind(HostTextCell.shown(vm.auditLogProperty()));
        HBox.setHgrow(audit, Priority.ALWAYS);
        HBox auditRow = new HBox(8, auditLabel, audit);
        auditRow.setAlignment(Pos.CENTER_LEFT);
        auditRow.visibleProperty().bind(Bindings.isNotEmpty(vm.auditLogProperty()));
        auditRow.managedProperty().bind(auditRow.visibleProperty());

        return new VBox(10, heading, verdictBox, results, auditRow);
    }

    private static void markVerdict(Label l, FixWizardViewModel.Verdict v) {
        String kind = switch (v) {
            case PASSED, ROLLED_BACK -> "passed";
            case FAILED, STOPPED, ROLLBACK_FAILED -> "failed";
            case NOT_VERIFIED -> "warning";
            default -> "neutral";
        };
        for (String k : List.of("passed", "failed", "warning", "neutral")) {
            l.pseudoClassStateChanged(PseudoClass.getPseudoClass(k), k.equals(kind));
        }
    }

    /** A step's result: outcome badge, what it did, the command, why (or what it printed). */
    private static final class ResultCell extends ListCell<ResultRow> {
        private final Label outcome = new Label();
        private final Label description = new Label();
        private final Label command = new Label();
        private final Label detail = new Label();
        private final Label heading = new Label();
        private final VBox box;

        ResultCell(ListView<ResultRow> list) {
            outcome.getStyleClass().add("bs-outcome");
            outcome.setMinWidth(90);
            outcome.setAlignment(Pos.CENTER);
            description.setWrapText(true);
            command.getStyleClass().addAll("bs-mono", "bs-command");
            command.setWrapText(true);
            detail.setWrapText(true);
            detail.getStyleClass().add("bs-result-detail");
            heading.getStyleClass().add("bs-card-title");
            HBox top = new HBox(10, outcome, description);
            top.setAlignment(Pos.CENTER_LEFT);
            box = new VBox(3, top, command, detail);
            box.maxWidthProperty().bind(list.widthProperty().subtract(36));
            box.prefWidthProperty().bind(box.maxWidthProperty());
            wrap(command, box, 0);
            wrap(detail, box, 0);
            wrap(description, box, 110);
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(ResultRow r, boolean empty) {
            super.updateItem(r, empty);
            if (empty || r == null) {
                setGraphic(null);
                return;
            }
            if (r.heading()) {
                heading.setText(r.outcome());
                setGraphic(heading);
                return;
            }
            outcome.setText(r.outcome().toUpperCase(Locale.ROOT));
            for (String k : List.of("done", "would-run", "skipped", "failed")) {
                outcome.pseudoClassStateChanged(PseudoClass.getPseudoClass(k), k.equals(r.outcome().replace(' ', '-')));
            }
            description.setText(HostText.window(r.description()));
            command.setText("$ " + HostText.window(r.command()));
            detail.setText(HostTextCell.lines(r.detail()));
            detail.setVisible(!r.detail().isEmpty());
            detail.setManaged(!r.detail().isEmpty());
            setGraphic(box);
        }
    }

    /**
     * Makes a label in a list cell wrap to the cell's width: its preferred width follows the
     * cell's (less {@code less}), so its preferred height counts every line and nothing is cut.
     */
    private static void wrap(Label l, Region box, double less) {
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.prefWidthProperty().bind(box.maxWidthProperty().subtract(less));
        l.maxWidthProperty().bind(l.prefWidthProperty());
    }

    private static <R> TableColumn<R, String> textCol(String title, Function<R, String> f, double width) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setEditable(false);
        c.setCellFactory(x -> new HostTextCell<>());
        return c;
    }
}
