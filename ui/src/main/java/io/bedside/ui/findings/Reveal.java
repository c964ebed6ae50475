package io.bedside.ui.findings;

import javafx.css.PseudoClass;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;

import java.util.ArrayList;
import java.util.List;

/**
 * Shows what a finding is about in an area's view: in every table of the view, the first row
 * that {@link AboutFinding is about} the finding is selected and scrolled to; the finding's own
 * card ({@code #finding-ID}) is marked and scrolled into view. One place for every area: an area
 * takes part by its rows implementing {@link AboutFinding}.
 */
public final class Reveal {
    private static final PseudoClass REVEALED = PseudoClass.getPseudoClass("revealed");

    private Reveal() {
    }

    /** On the FX thread, once the view is in the scene and laid out. */
    public static void show(Node view, FindingItem f) {
        boolean focused = false;
        for (TableView<?> t : nodesOf(view, TableView.class)) {
            if (select(t, f) && !focused) {
                // a focused table shows its selection in the accent colour, not the faint unfocused one
                t.requestFocus();
                focused = true;
            }
        }
        String cardId = "finding-" + f.id().replace('.', '-');
        Node card = view.lookup("#" + cardId);
        for (Node n : view.lookupAll(".bs-finding")) {
            n.pseudoClassStateChanged(REVEALED, n == card);
        }
        if (card != null) {
            scrollIntoView(card);
        }
    }

    private static <T> boolean select(TableView<T> t, FindingItem f) {
        List<T> items = t.getItems();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof AboutFinding a && a.isAbout(f)) {
                t.getSelectionModel().clearAndSelect(i);
                t.scrollTo(Math.max(0, i - 2));
                return true;
            }
        }
        return false;
    }

    /**
     * Every node of {@code type} in {@code root}, also inside scroll panes not yet laid out and in
     * tabs not shown (their content is not among the children until a skin puts it there).
     */
    public static <T> List<T> nodesOf(Node root, Class<T> type) {
        List<T> out = new ArrayList<>();
        collect(root, type, out);
        return out;
    }

    private static <T> void collect(Node n, Class<T> type, List<T> out) {
        if (type.isInstance(n)) {
            out.add(type.cast(n));
            return;
        }
        if (n instanceof ScrollPane sp && sp.getContent() != null) {
            collect(sp.getContent(), type, out);
        }
        if (n instanceof javafx.scene.control.TabPane tp) {
            for (javafx.scene.control.Tab tab : tp.getTabs()) {
                if (tab.getContent() != null) {
                    collect(tab.getContent(), type, out);
                }
            }
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                collect(c, type, out);
            }
        }
    }

    /** Scrolls the nearest scroll pane around {@code n} so that {@code n}'s top is in view. */
    private static void scrollIntoView(Node n) {
        for (Node p = n.getParent(); p != null; p = p.getParent()) {
            if (p instanceof ScrollPane sp && sp.getContent() != null) {
                Node content = sp.getContent();
                Bounds inContent = content.sceneToLocal(n.localToScene(n.getBoundsInLocal()));
                double extra = content.getBoundsInLocal().getHeight() - sp.getViewportBounds().getHeight();
                if (extra > 0 && inContent != null) {
                    sp.setVvalue(Math.max(0, Math.min(1, (inContent.getMinY() - 8) / extra)) * (sp.getVmax() - sp.getVmin()) + sp.getVmin());
                }
                return;
            }
        }
    }
}
