package io.bedside.ui.fleet;

import io.bedside.model.findings.FleetGroup;

import io.bedside.model.findings.Severity;
import io.bedside.model.text.HostText;
import io.bedside.ui.fx.HostTextCell;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.List;

/**
 * The fleet view: a toolbar (back to the connect screen, Open inventory…, Re-sweep, Stop, sudo,
 * a filter field, the order), the progress of the sweep, the findings grouped across hosts on the
 * left (a click shows only their hosts), and the table of hosts filling in live: status word in
 * its colour, host, address, findings or why there are none, time, and Open. A double click or
 * Enter on a row, or its Open button, opens the host in a window of its own. Every text from the
 * inventory or the hosts goes through {@link HostText#window}.
 */
public final class FleetView extends BorderPane {
    private final FleetViewModel vm;
    private final TableView<FleetRow> table = new TableView<>();
    private final ListView<FleetGroup> groups;

    public FleetView(FleetViewModel vm, InventoryChooser chooser, Runnable back) {
        this.vm = vm;
        getStyleClass().add("bs-fleet");

        Button backButton = new Button("← Connect");
        backButton.setId("fleet-back");
        backButton.setTooltip(new Tooltip("Back to the connect screen; the sweep stops"));
        backButton.setOnAction(e -> back.run());
        Button open = new Button("Open inventory…");
        open.setId("fleet-open-inventory");
        open.setOnAction(e -> chooser.choose(getScene() == null ? null : getScene().getWindow()).ifPresent(vm::openInventory));
        open.disableProperty().bind(vm.loadingProperty());
        Button resweep = new Button("Re-sweep");
        resweep.setId("fleet-resweep");
        resweep.setOnAction(e -> vm.sweep());
        resweep.disableProperty().bind(vm.inventoryProperty().isNull().or(vm.loadingProperty()));
        Button stop = new Button("Stop");
        stop.setId("fleet-stop");
        stop.setOnAction(e -> vm.cancel());
        stop.disableProperty().bind(vm.runningProperty().not());
        CheckBox sudo = new CheckBox("Administrative access (sudo -n)");
        sudo.setId("fleet-sudo");
        sudo.selectedProperty().bindBidirectional(vm.sudoProperty());
        sudo.setTooltip(new Tooltip("Sweep with sudo -n (never asks a password) and open hosts with administrative access; applies from the next sweep"));
        TextField filter = new TextField();
        filter.setId("fleet-filter");
        filter.setPromptText("Filter: host, finding, error, status");
        filter.textProperty().bindBidirectional(vm.textFilterProperty());
        filter.setPrefColumnCount(22);
        ChoiceBox<FleetViewModel.Order> order = new ChoiceBox<>();
        order.setId("fleet-order");
        order.getItems().setAll(FleetViewModel.Order.values());
        order.valueProperty().bindBidirectional(vm.orderProperty());
        Label orderLabel = new Label("Order:");
        ToolBar tools = new ToolBar(backButton, new Separator(Orientation.VERTICAL), open, resweep, stop, sudo, spacer(),
                filter, orderLabel, order);
        tools.setId("fleet-toolbar");

        Label title = new Label();
        title.setId("fleet-title");
        title.getStyleClass().add("title-3");
        title.textProperty().bind(HostTextCell.shown(vm.titleProperty()));
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.setMaxSize(18, 18);
        spinner.visibleProperty().bind(vm.runningProperty().or(vm.loadingProperty()));
        spinner.managedProperty().bind(spinner.visibleProperty());
        Label progress = new Label();
        progress.setId("fleet-progress");
        progress.getStyleClass().add("bs-muted");
        progress.textProperty().bind(vm.progressProperty());
        HBox head = new HBox(12, title, spinner, progress);
        head.setAlignment(Pos.CENTER_LEFT);
        Label error = new Label();
        error.setId("fleet-error");
        error.getStyleClass().add("bs-error");
        error.setWrapText(true);
        error.setMaxWidth(Double.MAX_VALUE);
        error.textProperty().bind(HostTextCell.shown(vm.errorProperty()));
        error.visibleProperty().bind(Bindings.isNotEmpty(vm.errorProperty()));
        error.managedProperty().bind(error.visibleProperty());
        VBox top = new VBox(tools, new VBox(6, head, error));
        ((VBox) top.getChildren().get(1)).setPadding(new Insets(10, 14, 6, 14));
        setTop(top);

        groups = groupList();
        Button all = new Button("All hosts");
        all.setId("fleet-all-hosts");
        all.getStyleClass().addAll("small");
        all.setOnAction(e -> {
            groups.getSelectionModel().clearSelection();
            vm.filterByFinding("");
        });
        all.disableProperty().bind(Bindings.isEmpty(vm.findingFilterProperty()));
        Label groupsTitle = new Label("Findings across the fleet");
        groupsTitle.getStyleClass().add("bs-section-title");
        Label groupsHint = new Label("Click one to see only its hosts.");
        groupsHint.getStyleClass().add("bs-muted");
        VBox left = new VBox(6, groupsTitle, groupsHint, groups, all);
        VBox.setVgrow(groups, Priority.ALWAYS);
        left.setPadding(new Insets(6, 8, 10, 14));
        left.setMinWidth(220);

        buildTable();
        Label shown = new Label();
        shown.setId("fleet-shown");
        shown.getStyleClass().add("bs-muted");
        shown.textProperty().bind(Bindings.createStringBinding(() -> {
            int n = vm.shownRows().size();
            int t = vm.rows().size();
            String f = vm.findingFilterProperty().get();
            return (n == t ? t + " hosts" : n + " of " + t + " hosts shown")
                    + (f == null || f.isEmpty() ? "" : ", with " + f)
                    + " · double-click a host or press Enter to open it in its own window";
        }, vm.shownRows(), vm.rows(), vm.findingFilterProperty()));
        VBox right = new VBox(6, table, shown);
        VBox.setVgrow(table, Priority.ALWAYS);
        right.setPadding(new Insets(6, 14, 10, 8));

        SplitPane split = new SplitPane(left, right);
        split.setDividerPositions(0.28);
        SplitPane.setResizableWithParent(left, false);
        setCenter(split);
    }

    public FleetViewModel viewModel() {
        return vm;
    }

    public TableView<FleetRow> table() {
        return table;
    }

    private ListView<FleetGroup> groupList() {
        ListView<FleetGroup> list = new ListView<>(vm.groups());
        list.setId("fleet-groups");
        Label none = new Label("No findings yet.");
        none.getStyleClass().add("bs-muted");
        none.setWrapText(true);
        list.setPlaceholder(none);
        list.setCellFactory(v -> new ListCell<>() {
            private final Label severity = new Label();
            private final Label headline = new Label();
            private final Label names = new Label();
            private final VBox text = new VBox(2, headline, names);
            private final HBox row = new HBox(8, severity, text);

            {
                severity.getStyleClass().add("bs-severity");
                severity.setMinWidth(Region.USE_PREF_SIZE);
                headline.getStyleClass().add("bs-fleet-group-headline");
                names.getStyleClass().add("bs-muted");
                names.setWrapText(true);
                headline.setWrapText(true);
                text.setMinWidth(0);
                names.prefWidthProperty().bind(list.widthProperty().subtract(104));
                headline.prefWidthProperty().bind(names.prefWidthProperty());
                names.setMinHeight(Region.USE_PREF_SIZE);
                headline.setMinHeight(Region.USE_PREF_SIZE);
                row.setAlignment(Pos.TOP_LEFT);
                setPrefWidth(0);
            }

            @Override
            protected void updateItem(FleetGroup g, boolean empty) {
                super.updateItem(g, empty);
                setText(null);
                if (empty || g == null) {
                    setGraphic(null);
                    return;
                }
                severity.setText(g.severity().token());
                severity.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("critical"), g.severity() == Severity.CRITICAL);
                severity.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("warning"), g.severity() == Severity.WARNING);
                headline.setText(g.headline());
                names.setText(HostText.window(g.names()));
                setGraphic(row);
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                vm.filterByFinding(now.id());
            }
        });
        // the groups are rebuilt as results arrive: keep the chosen one selected
        vm.groups().addListener((javafx.collections.ListChangeListener<FleetGroup>) c -> {
            String f = vm.findingFilterProperty().get();
            if (f == null || f.isEmpty()) {
                return;
            }
            for (FleetGroup g : vm.groups()) {
                if (g.id().equals(f) && list.getSelectionModel().getSelectedItem() != g) {
                    list.getSelectionModel().select(g);
                }
            }
        });
        return list;
    }

    private void buildTable() {
        table.setId("fleet-table");
        table.setItems(vm.shownRows());
        Label empty = new Label("Open an inventory: an ssh_config, an Ansible inventory (INI or YAML) or a file of host names.");
        empty.getStyleClass().add("bs-muted");
        empty.setWrapText(true);
        table.setPlaceholder(empty);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        TableColumn<FleetRow, String> status = new TableColumn<>("Status");
        status.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().word()));
        status.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean isEmpty) {
                super.updateItem(s, isEmpty);
                getStyleClass().removeIf(k -> k.startsWith("bs-fleet-"));
                FleetRow r = isEmpty || getTableRow() == null ? null : getTableRow().getItem();
                if (r == null) {
                    setText(null);
                    return;
                }
                setText(r.word());
                getStyleClass().addAll("bs-fleet-status", r.styleClass());
            }
        });
        status.setPrefWidth(116);
        status.setMinWidth(112);

        TableColumn<FleetRow, String> host = new TableColumn<>("Host");
        host.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().host().name()));
        host.setCellFactory(c -> new TippedCell());
        host.setPrefWidth(160);

        TableColumn<FleetRow, String> address = new TableColumn<>("Address");
        address.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().host().address()));
        address.setCellFactory(c -> new TippedCell());
        address.setPrefWidth(210);

        TableColumn<FleetRow, String> time = new TableColumn<>("Time");
        time.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().time()));
        time.setPrefWidth(70);
        time.setMinWidth(60);
        time.setStyle("-fx-alignment: CENTER-RIGHT;");

        TableColumn<FleetRow, FleetRow> openCol = new TableColumn<>("");
        openCol.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        openCol.setCellFactory(c -> new TableCell<>() {
            private final Button b = new Button("Open");

            {
                b.getStyleClass().addAll("small", "flat");
                b.setOnAction(e -> vm.open(getItem()));
                b.setMinWidth(Region.USE_PREF_SIZE);
            }

            @Override
            protected void updateItem(FleetRow r, boolean isEmpty) {
                super.updateItem(r, isEmpty);
                setText(null);
                setGraphic(isEmpty || r == null ? null : b);
                if (r != null) {
                    b.setId("fleet-open-" + r.host().name().replaceAll("[^A-Za-z0-9_-]", "_"));
                }
            }
        });
        openCol.setPrefWidth(70);
        openCol.setMinWidth(66);
        openCol.setMaxWidth(80);

        TableColumn<FleetRow, String> findings = new TableColumn<>("Findings, or why there are none");
        findings.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().summary()));
        findings.setCellFactory(c -> new WrappingCell(findings));
        findings.setPrefWidth(480);

        List<TableColumn<FleetRow, ?>> cols = List.of(status, host, openCol, address, time, findings);
        for (TableColumn<FleetRow, ?> col : cols) {
            col.setSortable(false);
        }
        table.getColumns().setAll(cols);
        table.setRowFactory(t -> {
            TableRow<FleetRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    vm.open(row.getItem());
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && table.getSelectionModel().getSelectedItem() != null) {
                vm.open(table.getSelectionModel().getSelectedItem());
            }
        });
    }

    /** Host text in one line, whole in a tooltip when the column cuts it. */
    private static final class TippedCell extends HostTextCell<FleetRow> {
        private final Tooltip tip = new Tooltip();

        @Override
        protected void updateItem(String s, boolean empty) {
            super.updateItem(s, empty);
            if (empty || s == null) {
                setTooltip(null);
            } else {
                tip.setText(getText());
                setTooltip(tip);
            }
        }
    }

    /** A cell that wraps its host text to the column's width, so a finding's summary or an error reads whole. */
    private static final class WrappingCell extends TableCell<FleetRow, String> {
        private final javafx.scene.text.Text text = new javafx.scene.text.Text();

        WrappingCell(TableColumn<FleetRow, String> column) {
            text.getStyleClass().add("bs-fleet-text");
            text.wrappingWidthProperty().bind(column.widthProperty().subtract(16));
            setPrefHeight(Region.USE_COMPUTED_SIZE);
        }

        @Override
        protected void updateItem(String s, boolean empty) {
            super.updateItem(s, empty);
            setText(null);
            if (empty || s == null) {
                setGraphic(null);
                setAccessibleText(null);
                return;
            }
            text.setText(HostText.window(s));
            setAccessibleText(text.getText());
            setGraphic(text);
        }

        /** What the cell shows. */
        String shown() {
            return getGraphic() == null ? null : text.getText();
        }
    }

    private static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }
}
