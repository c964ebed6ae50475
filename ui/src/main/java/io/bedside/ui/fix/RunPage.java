package io.bedside.ui.fix;

import io.bedside.model.text.HostText;
import io.bedside.ui.fx.HostTextCell;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.bedside.ui.fix.WizardViews.changesBox;
import static io.bedside.ui.fix.WizardViews.linesBox;
import static io.bedside.ui.fix.WizardViews.wrap;

/** The run step's page: each step's result as it completes, the verdict, the audit log. */
final class RunPage {
    private final FixWizardViewModel vm;

    RunPage(FixWizardViewModel vm) {
        this.vm = vm;
    }

    Node node() {
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
}
