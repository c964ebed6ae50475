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

/** The preview step's page: the plan's changes and summary, its optional parts, and every command in order. */
final class PreviewPage {
    private final FixWizardViewModel vm;

    PreviewPage(FixWizardViewModel vm) {
        this.vm = vm;
    }

    Node node() {
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
    private static final class PreviewCell extends ListCell<PreviewStep> {
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
}
