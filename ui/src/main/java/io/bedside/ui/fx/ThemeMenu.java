package io.bedside.ui.fx;

import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.scene.control.Menu;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleGroup;

/** View menu: Light / Dark, bound to the window's theme. */
public final class ThemeMenu extends Menu {
    /** Held here, registered weakly: the window's theme outlives the views that show this menu. */
    private final java.util.List<ChangeListener<Theme>> listeners = new java.util.ArrayList<>();

    public ThemeMenu(ObjectProperty<Theme> theme) {
        super("View");
        ToggleGroup group = new ToggleGroup();
        for (Theme t : Theme.values()) {
            RadioMenuItem item = new RadioMenuItem(t.label() + " theme");
            item.setId("theme-" + t.name().toLowerCase(java.util.Locale.ROOT));
            item.setToggleGroup(group);
            item.setSelected(theme.get() == t);
            item.setOnAction(e -> theme.set(t));
            ChangeListener<Theme> l = (o, was, now) -> item.setSelected(now == t);
            listeners.add(l);
            theme.addListener(new WeakChangeListener<>(l));
            getItems().add(item);
        }
    }
}
