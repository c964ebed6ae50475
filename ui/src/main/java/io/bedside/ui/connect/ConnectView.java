package io.bedside.ui.connect;

import io.bedside.ui.dialogs.FileDialogs;
import io.bedside.ui.fx.Theme;
import io.bedside.ui.fx.ThemeMenu;
import io.bedside.ui.connect.Connector;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;

import java.util.function.Consumer;

/**
 * The first screen: type a host or pick one from ssh_config, recent hosts or this machine; or
 * open a recording. Shows progress with Cancel while connecting, and the failure in one sentence.
 */
public final class ConnectView extends BorderPane {
    private final ConnectViewModel vm;

    public ConnectView(ConnectViewModel vm, FileDialogs dialogs, ObjectProperty<Theme> theme, Runnable quit) {
        this(vm, dialogs, theme, quit, null);
    }

    /** @param sweepFleet opens the fleet view on an inventory the operator picks; null: no such entry */
    public ConnectView(ConnectViewModel vm, FileDialogs dialogs, ObjectProperty<Theme> theme, Runnable quit, Runnable sweepFleet) {
        this.vm = vm;
        getStyleClass().add("bs-connect");

        MenuItem open = new MenuItem("Open recording…");
        open.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        open.setOnAction(e -> chooseRecording(dialogs));
        open.disableProperty().bind(vm.busyProperty());
        MenuItem quitItem = new MenuItem("Quit");
        quitItem.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quitItem.setOnAction(e -> quit.run());
        Menu file = new Menu("File", null, open, new SeparatorMenuItem(), quitItem);
        if (sweepFleet != null) {
            MenuItem fleet = new MenuItem("Sweep a fleet…");
            fleet.setOnAction(e -> sweepFleet.run());
            fleet.disableProperty().bind(vm.busyProperty());
            file.getItems().add(1, fleet);
        }
        setTop(new MenuBar(file, new ThemeMenu(theme)));

        Label title = new Label("Bedside");
        title.getStyleClass().add("title-1");
        Label subtitle = new Label("Attach to a Linux host over SSH and watch it live. Attaching only reads; it changes nothing.");
        subtitle.getStyleClass().add("bs-muted");
        subtitle.setWrapText(true);

        TextField host = new TextField();
        host.setId("connect-host");
        host.setPromptText("ssh alias, host, user@host or user@host:port");
        host.textProperty().bindBidirectional(vm.hostTextProperty());
        host.disableProperty().bind(vm.busyProperty());
        host.setOnAction(e -> vm.connect());
        HBox.setHgrow(host, Priority.ALWAYS);
        host.setMaxWidth(Double.MAX_VALUE);

        Button connect = new Button("Connect");
        connect.setId("connect-button");
        connect.getStyleClass().add("accent");
        connect.setDefaultButton(true);
        connect.disableProperty().bind(vm.canConnectBinding().not());
        connect.setOnAction(e -> vm.connect());

        Button thisMachine = new Button("This machine");
        thisMachine.setId("connect-this-machine");
        thisMachine.disableProperty().bind(vm.busyProperty());
        thisMachine.setOnAction(e -> vm.connectThisMachine());

        HBox hostRow = new HBox(8, host, connect, thisMachine);
        if (sweepFleet != null) {
            Button fleet = new Button("Sweep a fleet…");
            fleet.setId("connect-sweep-fleet");
            fleet.setTooltip(new javafx.scene.control.Tooltip(
                    "Diagnose every host of an ssh_config, an Ansible inventory (INI or YAML) or a list of hosts"));
            fleet.disableProperty().bind(vm.busyProperty());
            fleet.setOnAction(e -> sweepFleet.run());
            hostRow.getChildren().add(fleet);
        }
        hostRow.setAlignment(Pos.CENTER_LEFT);
        Label hostHint = new Label("Uses your ssh_config, known_hosts and agent as ssh does. "
                + "\u201cThis machine\u201d samples the computer Bedside runs on.");
        hostHint.getStyleClass().add("bs-muted");
        hostHint.setWrapText(true);

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(22, 22);
        spinner.setMaxSize(22, 22);
        Label progress = new Label();
        progress.setId("connect-progress");
        progress.textProperty().bind(vm.progressProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("connect-cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> vm.cancel());
        HBox progressRow = new HBox(10, spinner, progress, cancel);
        progressRow.setAlignment(Pos.CENTER_LEFT);
        progressRow.visibleProperty().bind(vm.busyProperty());
        progressRow.managedProperty().bind(progressRow.visibleProperty());

        Label error = new Label();
        error.setId("connect-error");
        error.textProperty().bind(vm.errorProperty());
        error.getStyleClass().add("bs-error");
        error.setWrapText(true);
        error.setMaxWidth(Double.MAX_VALUE);
        error.visibleProperty().bind(Bindings.isNotEmpty(vm.errorProperty()));
        error.managedProperty().bind(error.visibleProperty());

        ListView<String> aliases = hostList("connect-aliases", vm.aliases(),
                "No Host entries in your ssh_config.", vm::connectTo);
        ListView<String> recent = hostList("connect-recent", vm.recentHosts(),
                "No recent hosts yet.", vm::connectTo);
        ListView<io.bedside.ui.connect.BundledRecording> recordings = recordingList();
        Button openFile = new Button("Open recording file…");
        openFile.setId("connect-open-recording");
        openFile.setOnAction(e -> chooseRecording(dialogs));
        openFile.disableProperty().bind(vm.busyProperty());

        GridPane columns = new GridPane();
        columns.setHgap(16);
        columns.setVgap(6);
        double[] widths = {28, 28, 44};
        for (double w : widths) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(w);
            columns.getColumnConstraints().add(c);
        }
        columns.add(section("Hosts from ssh_config"), 0, 0);
        columns.add(section("Recent hosts"), 1, 0);
        columns.add(section("Recordings"), 2, 0);
        columns.add(aliases, 0, 1);
        columns.add(recent, 1, 1);
        columns.add(recordings, 2, 1);
        columns.add(openFile, 2, 2);
        RowConstraints titles = new RowConstraints();
        RowConstraints lists = new RowConstraints();
        lists.setVgrow(Priority.ALWAYS);
        columns.getRowConstraints().addAll(titles, lists);
        VBox.setVgrow(columns, Priority.ALWAYS);

        Label version = new Label("Bedside " + vm.version());
        version.getStyleClass().add("bs-muted");

        VBox body = new VBox(14, title, subtitle, new VBox(6, hostRow, hostHint), progressRow, error, columns, version);
        body.setPadding(new Insets(28, 36, 20, 36));
        body.setMaxWidth(1100);
        body.setFillWidth(true);
        BorderPane.setAlignment(body, Pos.TOP_CENTER);
        setCenter(body);

        sceneProperty().addListener((o, was, now) -> {
            if (now != null) {
                host.requestFocus();
            }
        });
    }

    public ConnectViewModel viewModel() {
        return vm;
    }

    private void chooseRecording(FileDialogs dialogs) {
        dialogs.openRecording(getScene() == null ? null : getScene().getWindow()).ifPresent(vm::openRecording);
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("bs-section-title");
        return l;
    }

    private ListView<String> hostList(String id, ObservableList<String> items, String empty, Consumer<String> connect) {
        ListView<String> list = new ListView<>(items);
        list.setId(id);
        list.setPlaceholder(placeholder(empty));
        list.setPrefHeight(320);
        list.setCellFactory(v -> new ListCell<>() {
            private final Label name = new Label();
            private final Button go = new Button("Connect");
            private final HBox row = new HBox(8, name, spacer(), go);

            {
                go.getStyleClass().addAll("small", "flat");
                row.setAlignment(Pos.CENTER_LEFT);
                go.setOnAction(e -> connect.accept(getItem()));
                go.disableProperty().bind(vm.busyProperty());
            }

            @Override
            protected void updateItem(String item, boolean isEmpty) {
                super.updateItem(item, isEmpty);
                if (isEmpty || item == null) {
                    setGraphic(null);
                    setText(null);
                } else {
                    name.setText(item);
                    setText(null);
                    setGraphic(row);
                }
            }
        });
        list.setOnMouseClicked(e -> {
            String item = list.getSelectionModel().getSelectedItem();
            if (item != null && e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                connect.accept(item);
            } else if (item != null) {
                vm.hostTextProperty().set(item);
            }
        });
        list.setOnKeyPressed(e -> {
            String item = list.getSelectionModel().getSelectedItem();
            if (item != null && e.getCode() == KeyCode.ENTER) {
                connect.accept(item);
            }
        });
        return list;
    }

    private ListView<io.bedside.ui.connect.BundledRecording> recordingList() {
        ListView<io.bedside.ui.connect.BundledRecording> list = new ListView<>(vm.bundledRecordings());
        list.setId("connect-recordings");
        list.setPlaceholder(placeholder("No recordings are bundled with this build."));
        list.setPrefHeight(320);
        list.setCellFactory(v -> new ListCell<>() {
            private final Label title = new Label();
            private final Label description = new Label();
            private final Button open = new Button("Open");
            private final VBox text = new VBox(2, title, description);
            private final HBox row = new HBox(8, text, open);

            {
                title.getStyleClass().add("bs-recording-title");
                description.getStyleClass().add("bs-muted");
                description.setWrapText(true);
                text.setMinWidth(0);
                HBox.setHgrow(text, Priority.ALWAYS);
                // wrap the description to the list's width instead of cutting it off
                for (Label l : new Label[] {title, description}) {
                    l.prefWidthProperty().bind(list.widthProperty().subtract(110));
                    l.setMinHeight(Region.USE_PREF_SIZE);
                    l.setWrapText(true);
                }
                open.getStyleClass().addAll("small", "flat");
                open.setMinWidth(Region.USE_PREF_SIZE);
                open.disableProperty().bind(vm.busyProperty());
                open.setOnAction(e -> vm.openBundled(getItem().id()));
                row.setAlignment(Pos.CENTER_LEFT);
                setPrefWidth(0);
            }

            @Override
            protected void updateItem(io.bedside.ui.connect.BundledRecording item, boolean isEmpty) {
                super.updateItem(item, isEmpty);
                if (isEmpty || item == null) {
                    setGraphic(null);
                } else {
                    title.setText(item.title());
                    description.setText(item.description());
                    setGraphic(row);
                }
                setText(null);
            }
        });
        list.setOnMouseClicked(e -> {
            var item = list.getSelectionModel().getSelectedItem();
            if (item != null && e.getClickCount() == 2) {
                vm.openBundled(item.id());
            }
        });
        return list;
    }

    private static Node placeholder(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("bs-muted");
        l.setWrapText(true);
        l.setPadding(new Insets(10));
        return l;
    }

    private static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }
}
