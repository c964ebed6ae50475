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

/** The confirm step's page: what will run, the host's name to type, whether root is needed and on. */
final class ConfirmPage {
    private final FixWizardViewModel vm;

    ConfirmPage(FixWizardViewModel vm) {
        this.vm = vm;
    }

    Node node() {
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
}
