package io.bedside.ui.fx;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeTableView;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.input.ScrollEvent;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What every area's scrolling page shares, installed once by the main view: the mouse wheel
 * scrolls the page unless the table under the pointer has focus, and no column header is cut to
 * "…".
 */
public final class AreaPage {
    /** Room beside a header's text: the header's padding and the sort arrow. */
    private static final double HEADER_ROOM = 26;

    private AreaPage() {
    }

    /**
     * Makes wheel events over a table, list or text area that does not have focus scroll the page
     * that holds it (the nearest {@link ScrollPane} around it under {@code root}) instead of the
     * table: a page with tables in it scrolls under the wheel wherever the pointer is, and a table
     * the engineer clicked into scrolls itself.
     */
    public static void forwardWheel(Node root) {
        root.addEventFilter(ScrollEvent.SCROLL, e -> {
            if (!(e.getTarget() instanceof Node target) || e.getDeltaY() == 0) {
                return;
            }
            Control inner = null;
            ScrollPane page = null;
            for (Node n = target; n != null && n != root.getParent(); n = n.getParent()) {
                if (inner == null && scrollsItself(n)) {
                    inner = (Control) n;
                } else if (inner != null && n instanceof ScrollPane s) {
                    page = s;
                    break;
                }
            }
            if (inner == null || page == null || hasFocus(inner)) {
                return;
            }
            e.consume();
            scroll(page, e.getDeltaY());
        });
    }

    /** Whether the focus owner is {@code c} or inside it (read from the scene: a node's focusWithin can lag behind). */
    public static boolean hasFocus(Control c) {
        Node owner = c.getScene() == null ? null : c.getScene().getFocusOwner();
        for (Node x = owner; x != null; x = x.getParent()) {
            if (x == c) {
                return true;
            }
        }
        return false;
    }

    private static boolean scrollsItself(Node n) {
        return n instanceof TableView<?> || n instanceof TreeTableView<?> || n instanceof ListView<?> || n instanceof TextArea;
    }

    /** Scrolls {@code page} by {@code deltaY} pixels of content, as its own wheel handling would. */
    static void scroll(ScrollPane page, double deltaY) {
        Node content = page.getContent();
        if (content == null) {
            return;
        }
        double extra = content.getLayoutBounds().getHeight() - page.getViewportBounds().getHeight();
        if (extra <= 0) {
            return;
        }
        double range = page.getVmax() - page.getVmin();
        double v = page.getVvalue() - deltaY / extra * range;
        page.setVvalue(Math.max(page.getVmin(), Math.min(page.getVmax(), v)));
    }

    /**
     * Gives every column of every table under {@code view} at least the width its header's text
     * needs, now and when a header's text changes, so a resize policy that shares out the width
     * never cuts a header to "…" (the table scrolls sideways instead). Needs {@code view} in a
     * scene; until then it waits for one.
     */
    public static void fitHeaders(Node view) {
        FxThread.assertFxThread();
        if (view.getScene() == null) {
            view.sceneProperty().addListener(new javafx.beans.value.ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends javafx.scene.Scene> o,
                                    javafx.scene.Scene was, javafx.scene.Scene now) {
                    if (now != null) {
                        view.sceneProperty().removeListener(this);
                        // after the scene has made its root the CSS root, so the theme's fonts apply
                        FxThread.later(() -> {
                            if (view.getScene() != null) {
                                fitHeaders(view);
                            }
                        });
                    }
                }
            });
            return;
        }
        view.applyCss();
        if (view instanceof Parent p) {
            p.layout();
        }
        Map<TableColumnBase<?, ?>, Font> fonts = new IdentityHashMap<>();
        for (Node n : view.lookupAll(".column-header")) {
            if (n instanceof TableColumnHeader h && h.getTableColumn() != null) {
                Node label = h.lookup(".label");
                if (label instanceof Labeled l) {
                    fonts.put(h.getTableColumn(), l.getFont());
                }
            }
        }
        for (Node n : view.lookupAll(".table-view")) {
            if (n instanceof TableView<?> t) {
                for (TableColumn<?, ?> c : t.getColumns()) {
                    fit(c, fonts);
                }
            }
        }
    }

    private static void fit(TableColumn<?, ?> c, Map<TableColumnBase<?, ?>, Font> fonts) {
        for (TableColumn<?, ?> child : c.getColumns()) {
            fit(child, fonts);
        }
        if (!c.getColumns().isEmpty() || c.getProperties().containsKey(AreaPage.class)) {
            return;
        }
        c.getProperties().put(AreaPage.class, Boolean.TRUE);
        Font font = fonts.getOrDefault(c, Font.getDefault());
        Runnable apply = () -> {
            Text text = new Text(c.getText() == null ? "" : c.getText());
            text.setFont(font);
            double need = Math.ceil(text.getLayoutBounds().getWidth()) + HEADER_ROOM;
            c.setMinWidth(need);
            if (c.getPrefWidth() < need) {
                c.setPrefWidth(need);
            }
        };
        apply.run();
        c.textProperty().addListener((o, was, now) -> apply.run());
    }
}
