package io.bedside.ui.fix;

import io.bedside.model.text.HostText;
import io.bedside.ui.fx.HostTextCell;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.cell.CheckBoxTableCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import static io.bedside.ui.fix.WizardViews.textCol;

/**
 * The page of {@link ProtectChooser}: the process (the one the wizard was opened for is chosen and
 * shown) and its new oom_score_adj, with what the value means; -1000 needs a tick that the operator understood.
 */
final class ProtectChooserView {
    private final ProtectChooser p;

    ProtectChooserView(ProtectChooser p) {
        this.p = p;
    }

    Node node() {
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
        filter.textProperty().bindBidirectional(p.processFilterProperty());
        filter.setMaxWidth(420);
        Label offered = new Label();
        offered.textProperty().bind(HostTextCell.shown(p.notOfferedProperty()));
        offered.getStyleClass().add("bs-muted");
        offered.visibleProperty().bind(Bindings.isNotEmpty(p.notOfferedProperty()));
        offered.managedProperty().bind(offered.visibleProperty());
        Label filterLabel = new Label("Find:");
        filterLabel.getStyleClass().add("bs-field-name");
        filterLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox filterRow = new HBox(8, filterLabel, filter, offered);
        filterRow.setAlignment(Pos.CENTER_LEFT);

        TableView<ProtectChoice> table = new TableView<>(p.processes());
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
                p.chosenProcessProperty().set(now);
            }
        });
        Runnable showChosen = () -> {
            ProtectChoice c = p.chosenProcessProperty().get();
            int i = c == null ? -1 : table.getItems().indexOf(c);
            if (i >= 0 && table.getSelectionModel().getSelectedIndex() != i) {
                table.getSelectionModel().select(i);
                table.scrollTo(Math.max(0, i - 2));
            }
        };
        p.chosenProcessProperty().addListener((o, was, now) -> showChosen.run());
        p.processes().addListener((ListChangeListener<ProtectChoice>) c -> showChosen.run());

        Label adjLabel = new Label("New oom_score_adj:");
        adjLabel.getStyleClass().add("bs-field-name");
        adjLabel.setMinWidth(Region.USE_PREF_SIZE);
        TextField adjField = new TextField();
        adjField.setId("wizard-adj");
        adjField.setPrefColumnCount(7);
        adjField.setMinWidth(Region.USE_PREF_SIZE);
        adjField.getStyleClass().add("bs-mono");
        adjField.textProperty().bindBidirectional(p.adjTextProperty());
        Label hint = new Label("-1000 … 1000.  -500 (the default): much less likely to be killed, still killable."
                + "  -1000: never killed.");
        hint.getStyleClass().add("bs-muted");
        hint.setWrapText(true);
        HBox adjRow = new HBox(10, adjLabel, adjField, hint);
        adjRow.setAlignment(Pos.CENTER_LEFT);

        Label problem = new Label();
        problem.setId("wizard-adj-problem");
        problem.textProperty().bind(HostTextCell.shown(p.adjProblemProperty()));
        problem.getStyleClass().add("bs-error");
        problem.setWrapText(true);
        problem.setMaxWidth(Double.MAX_VALUE);
        problem.visibleProperty().bind(Bindings.isNotEmpty(p.adjProblemProperty()));
        problem.managedProperty().bind(problem.visibleProperty());

        Label warning = new Label();
        warning.setId("wizard-adj-warning");
        warning.textProperty().bind(HostTextCell.shown(p.adjWarningProperty()));
        warning.setWrapText(true);
        warning.setMaxWidth(Double.MAX_VALUE);
        warning.setMinHeight(Region.USE_PREF_SIZE);
        CheckBox confirm = new CheckBox();
        confirm.setId("wizard-never-kill-confirm");
        confirm.setMnemonicParsing(false);
        confirm.setWrapText(true);
        confirm.textProperty().bind(Bindings.createStringBinding(() -> {
            ProtectChoice c = p.chosenProcessProperty().get();
            return "I understand: with -1000 the OOM killer never kills " + (c == null ? "this process" : "pid " + c.pid()
                    + " (" + HostText.window(c.comm()) + ")") + ", whatever it uses.";
        }, p.chosenProcessProperty()));
        confirm.selectedProperty().bindBidirectional(p.neverKillConfirmedProperty());
        confirm.visibleProperty().bind(p.neverKillProperty());
        confirm.managedProperty().bind(confirm.visibleProperty());
        VBox warningBox = new VBox(6, warning, confirm);
        warningBox.setId("wizard-adj-warning-box");
        Runnable warnStyle = () -> warningBox.getStyleClass().setAll(p.neverKillProperty().get() ? "bs-danger-box" : "bs-warning-box");
        p.neverKillProperty().addListener((o, was, now) -> warnStyle.run());
        warnStyle.run();
        warningBox.visibleProperty().bind(Bindings.isNotEmpty(p.adjWarningProperty()));
        warningBox.managedProperty().bind(warningBox.visibleProperty());

        Label proposed = new Label();
        proposed.setId("wizard-proposed");
        proposed.textProperty().bind(HostTextCell.shown(p.proposedProperty()));
        proposed.getStyleClass().addAll("bs-mono", "bs-line-new");
        proposed.setWrapText(true);
        VBox proposedBox = new VBox(proposed);
        proposedBox.getStyleClass().add("bs-old-new");
        proposedBox.visibleProperty().bind(Bindings.isNotEmpty(p.proposedProperty()));
        proposedBox.managedProperty().bind(proposedBox.visibleProperty());

        Label unit = new Label();
        unit.setId("wizard-unit-note");
        unit.textProperty().bind(HostTextCell.shown(p.unitNoteProperty()));
        unit.setWrapText(true);
        unit.setMinHeight(Region.USE_PREF_SIZE);
        unit.visibleProperty().bind(Bindings.isNotEmpty(p.unitNoteProperty()));
        unit.managedProperty().bind(unit.visibleProperty());

        return new VBox(10, heading, explain, filterRow, table, adjRow, problem, warningBox, proposedBox, unit);
    }
}
