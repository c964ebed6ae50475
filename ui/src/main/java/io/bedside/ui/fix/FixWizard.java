package io.bedside.ui.fix;

import io.bedside.model.text.HostText;
import io.bedside.ui.fx.HostTextCell;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.fx.Theme;
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
 * pages: the fix's {@link FixChooser}, {@link PreviewPage}, {@link ConfirmPage}, {@link RunPage}. This
 * class is their frame (title, steps, buttons). Only binds; Next, Apply and Dry run are enabled by the
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
        pages.put(FixWizardViewModel.Step.CHOOSE, vm.chooser().view());
        pages.put(FixWizardViewModel.Step.PREVIEW, new PreviewPage(vm).node());
        pages.put(FixWizardViewModel.Step.CONFIRM, new ConfirmPage(vm).node());
        pages.put(FixWizardViewModel.Step.RUN, new RunPage(vm).node());
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
}
