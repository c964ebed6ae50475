package io.bedside.ui.main;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** An area whose playbook is not in yet: says plainly what will appear there. */
final class AreaPlaceholder extends VBox {

    AreaPlaceholder(Area area) {
        super(10);
        getStyleClass().add("bs-placeholder");
        setId("area-placeholder-" + area.name().toLowerCase(java.util.Locale.ROOT));
        setPadding(new Insets(40));
        setAlignment(Pos.TOP_LEFT);
        setMaxWidth(760);
        Label title = new Label(area.label());
        title.getStyleClass().add("title-2");
        Label notYet = new Label("Not yet available in this build.");
        notYet.getStyleClass().add("bs-badge");
        Label what = new Label("What will appear here: " + area.comingSoon());
        what.setWrapText(true);
        getChildren().addAll(title, notYet, what);
    }
}
