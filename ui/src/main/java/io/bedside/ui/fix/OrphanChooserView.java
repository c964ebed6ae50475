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

/** The page of {@link OrphanChooser}: the orphaned rows to tick, and a pattern that lists what it would choose. */
final class OrphanChooserView {
    private final OrphanChooser c;

    OrphanChooserView(OrphanChooser c) {
        this.c = c;
    }

    Node node() {
        Label heading = new Label("Choose the orphaned " + (c.idName().equals("semid") ? "semaphore arrays" : "shared memory segments")
                + " to remove");
        heading.getStyleClass().add("bs-section-title");
        Label offered = new Label();
        offered.textProperty().bind(HostTextCell.shown(c.notOfferedProperty()));
        offered.getStyleClass().add("bs-muted");
        offered.setWrapText(true);

        TableView<FixChoice> table = new TableView<>(c.choices());
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
        TableColumn<FixChoice, String> idCol = textCol(c.idName(), c -> Integer.toString(c.id()), 86);
        idCol.setComparator(java.util.Comparator.comparingLong(Long::parseLong));
        table.getColumns().add(idCol);
        table.getColumns().add(textCol("Key", FixChoice::keyHex, 105));
        table.getColumns().add(textCol("Owner", FixChoice::owner, 110));
        table.getColumns().add(textCol(c.idName().equals("semid") ? "Semaphores" : "Size", FixChoice::size, 130));
        table.getColumns().add(textCol("Changed (ctime)", FixChoice::changed, 172));
        table.getColumns().add(textCol("Why it is orphaned", FixChoice::reason, 420));
        table.setPlaceholder(new Label("No orphaned rows in this sample."));
        table.setMinHeight(140);
        VBox.setVgrow(table, Priority.ALWAYS);

        Button all = new Button("Check all");
        all.setId("wizard-check-all");
        all.getStyleClass().add("small");
        all.setOnAction(e -> c.chooseAll());
        Button none = new Button("Uncheck all");
        none.setId("wizard-check-none");
        none.getStyleClass().add("small");
        none.setOnAction(e -> c.chooseNone());
        Label chosen = new Label();
        chosen.setId("wizard-chosen");
        chosen.textProperty().bind(HostTextCell.shown(c.chosenSummaryProperty()));
        chosen.getStyleClass().add("bs-field-value");
        HBox checks = new HBox(8, all, none, chosen);
        checks.setAlignment(Pos.CENTER_LEFT);

        TextField pattern = new TextField();
        pattern.setId("wizard-pattern");
        pattern.setPromptText("owner uid or name, or key; * and ? allowed (e.g. 1000, postgres, 0x6104*)");
        pattern.textProperty().bindBidirectional(c.patternProperty());
        HBox.setHgrow(pattern, Priority.ALWAYS);
        Button only = new Button("Choose only these");
        only.setId("wizard-choose-only");
        only.getStyleClass().add("small");
        only.disableProperty().bind(Bindings.isEmpty(c.patternMatches()));
        only.setOnAction(e -> c.chooseOnlyMatches());
        Button add = new Button("Add these");
        add.setId("wizard-add-matches");
        add.getStyleClass().add("small");
        add.disableProperty().bind(Bindings.isEmpty(c.patternMatches()));
        add.setOnAction(e -> c.addMatches());
        HBox patternRow = new HBox(8, pattern, only, add);
        patternRow.setAlignment(Pos.CENTER_LEFT);
        Label matchSummary = new Label();
        matchSummary.setId("wizard-pattern-summary");
        matchSummary.textProperty().bind(HostTextCell.shown(c.patternSummaryProperty()));
        matchSummary.setWrapText(true);
        ListView<FixChoice> matches = new ListView<>(c.patternMatches());
        matches.setId("wizard-pattern-matches");
        matches.setPrefHeight(130);
        matches.setMinHeight(100);
        matches.setFixedCellSize(24);
        matches.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(FixChoice row, boolean empty) {
                super.updateItem(row, empty);
                setText(empty || row == null ? null : HostText.window(row.describe(c.idName())));
            }
        });
        matches.visibleProperty().bind(Bindings.isNotEmpty(c.patternMatches()));
        matches.managedProperty().bind(matches.visibleProperty());
        VBox patternBox = new VBox(6, patternRow, matchSummary, matches);
        TitledPane byPattern = new TitledPane("Choose by owner or key pattern (lists every row it touches first)", patternBox);
        byPattern.setId("wizard-by-pattern");
        byPattern.setExpanded(false);
        byPattern.setAnimated(false);
        byPattern.getStyleClass().addAll("dense", "bs-pattern-pane");

        return new VBox(10, heading, offered, table, checks, byPattern);
    }
}
