package io.bedside.ui.main;

import io.bedside.ui.findings.FindingsView;
import io.bedside.ui.fix.FixWizard;
import io.bedside.ui.fx.HostTextCell;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

/**
 * What every playbook area's view is built from, so that a new area is its own tables and charts
 * and not a copy of another's page: the scrolling page, the "waiting" line, a line of host text that
 * takes no room while empty, a section title, and the findings with their fix buttons.
 */
public final class AreaParts {
    private AreaParts() {
    }

    /** Makes {@code page} an area's page: its id and style class, fitted to the width, no horizontal bar. */
    public static void page(ScrollPane page, String id, String styleClass) {
        page.setId(id);
        page.getStyleClass().add(styleClass);
        page.setFitToWidth(true);
        page.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
    }

    /** "Waiting for the first sample…", shown (and taking room) until the area has one. */
    public static Label waiting(AreaViewModel<?> vm) {
        Label waiting = new Label("Waiting for the first sample…");
        waiting.getStyleClass().add("bs-muted");
        waiting.visibleProperty().bind(vm.hasSampleProperty().not());
        waiting.managedProperty().bind(waiting.visibleProperty());
        return waiting;
    }

    /**
     * {@code l} showing {@code text} (host text, shown safely: {@link HostTextCell#shown}) in style
     * {@code style}, wrapped, and hidden without taking room while the text is empty.
     */
    public static Label shown(Label l, ObservableStringValue text, String style) {
        l.textProperty().bind(HostTextCell.shown(text));
        l.getStyleClass().add(style);
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.visibleProperty().bind(Bindings.isNotEmpty(text));
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    /** A section's title with a muted line beside it. */
    public static HBox titled(String title, String sub) {
        Label t = new Label(title);
        t.getStyleClass().add("bs-section-title");
        Label s = new Label(sub);
        s.getStyleClass().add("bs-muted");
        HBox box = new HBox(10, t, s);
        box.setAlignment(Pos.BASELINE_LEFT);
        return box;
    }

    /**
     * The area's findings ({@code id} names them for tests and styles; {@code none} is what shows when
     * a sample has none), each fix button opening its wizard over the window {@code owner} is in.
     */
    public static FindingsView findings(AreaViewModel<?> vm, String id, String none, Node owner) {
        return new FindingsView(id, none, vm.findings(), vm.hasSampleProperty(), vm.canFixBinding(), vm.fixUnavailableProperty(),
                (f, fixId) -> vm.openFix(fixId, f.paramsFor(fixId)).ifPresent(w -> FixWizard.open(w, owner.getScene().getWindow())));
    }
}
