package io.bedside.ui.main;

import io.bedside.ui.fx.FxThread;
import io.bedside.ui.fx.TableFilter;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The window's keyboard: a Go menu (Ctrl+1…Ctrl+9 select the areas in the navigation's order,
 * Ctrl+F focuses the filter field of the current area's table) and a Help menu whose "Keyboard
 * shortcuts" lists every accelerator of the menu bar, read from the menus themselves so the list
 * cannot drift from what the keys do.
 */
public final class KeyboardMenus {
    private static final KeyCode[] DIGITS = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5,
            KeyCode.DIGIT6, KeyCode.DIGIT7, KeyCode.DIGIT8, KeyCode.DIGIT9};

    /** One line of the shortcut list: where the command is, what it is called, its keys. */
    public record Shortcut(String menu, String command, String keys) {
    }

    private KeyboardMenus() {
    }

    /** Go: an item per area (the first nine with Ctrl+1…9), then "Filter the table" (Ctrl+F). */
    public static Menu goMenu(MainViewModel vm, Supplier<Node> currentView) {
        Menu go = new Menu("Go");
        go.setId("menu-go");
        List<Area> areas = vm.areas();
        for (int i = 0; i < areas.size(); i++) {
            Area a = areas.get(i);
            MenuItem item = new MenuItem(a.label());
            item.setId("menu-go-" + a.id());
            if (i < DIGITS.length) {
                item.setAccelerator(new KeyCodeCombination(DIGITS[i], KeyCombination.SHORTCUT_DOWN));
            }
            item.setOnAction(e -> vm.areaProperty().set(a));
            go.getItems().add(item);
        }
        MenuItem filter = new MenuItem("Filter the table");
        filter.setId("menu-filter");
        filter.setAccelerator(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN));
        filter.setOnAction(e -> focusFilter(currentView.get()));
        go.getItems().addAll(new SeparatorMenuItem(), filter);
        return go;
    }

    /** Help: "Keyboard shortcuts", listing those of {@code bar} (read when it opens). */
    public static Menu helpMenu(MenuBar bar) {
        MenuItem keys = new MenuItem("Keyboard shortcuts");
        keys.setId("menu-shortcuts");
        keys.setOnAction(e -> showShortcuts(bar.getScene() == null ? null : bar.getScene().getWindow(), shortcuts(bar)));
        Menu help = new Menu("Help", null, keys);
        help.setId("menu-help");
        return help;
    }

    /** Every item of {@code bar} with an accelerator, in menu order, with the keys as the platform writes them. */
    public static List<Shortcut> shortcuts(MenuBar bar) {
        List<Shortcut> out = new ArrayList<>();
        for (Menu m : bar.getMenus()) {
            collect(m.getText(), m.getItems(), out);
        }
        // escape in a filter field is the field's own, not a menu's
        out.add(new Shortcut("Filter field", "Clear the filter", "Esc"));
        return out;
    }

    private static void collect(String path, List<MenuItem> items, List<Shortcut> out) {
        for (MenuItem i : items) {
            if (i instanceof Menu sub) {
                collect(path + " › " + sub.getText(), sub.getItems(), out);
            } else if (i.getAccelerator() != null) {
                out.add(new Shortcut(path, i.getText(), i.getAccelerator().getDisplayText()));
            }
        }
    }

    private static void showShortcuts(Window owner, List<Shortcut> shortcuts) {
        GridPane grid = new GridPane();
        grid.setId("shortcuts-grid");
        grid.setHgap(16);
        grid.setVgap(4);
        grid.setPadding(new Insets(8));
        int row = 0;
        for (Shortcut s : shortcuts) {
            Label keys = new Label(s.keys());
            keys.getStyleClass().add("bs-shortcut-keys");
            Label command = new Label(s.command());
            Label menu = new Label(s.menu());
            menu.getStyleClass().add("bs-muted");
            for (Label l : List.of(keys, command, menu)) {
                l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
            grid.addRow(row++, keys, command, menu);
        }
        Dialog<Void> d = new Dialog<>();
        d.setTitle("Keyboard shortcuts");
        d.setHeaderText(null);
        if (owner != null) {
            d.initOwner(owner);
        }
        d.getDialogPane().setContent(grid);
        d.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        d.show();
    }

    /**
     * Focuses the first filter field shown in {@code view} (the current area), selecting its text
     * and scrolling the area's page to it. Nothing happens in an area without a table.
     */
    static void focusFilter(Node view) {
        FxThread.assertFxThread();
        if (!(view instanceof Parent)) {
            return;
        }
        for (Node n : view.lookupAll("." + TableFilter.STYLE)) {
            if (n instanceof TextField f && shown(f, view)) {
                if (view instanceof ScrollPane page && page.getContent() != null) {
                    double y = f.localToScene(0, 0).getY() - page.getContent().localToScene(0, 0).getY();
                    double extra = page.getContent().getLayoutBounds().getHeight() - page.getViewportBounds().getHeight();
                    if (extra > 0) {
                        page.setVvalue(Math.max(0, Math.min(1, (y - 40) / extra)));
                    }
                }
                f.requestFocus();
                f.selectAll();
                return;
            }
        }
    }

    private static boolean shown(Node n, Node root) {
        for (Node x = n; x != null && x != root; x = x.getParent()) {
            if (!x.isVisible()) {
                return false;
            }
        }
        return true;
    }
}
