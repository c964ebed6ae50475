package io.bedside.ui.status;

import io.bedside.ui.fx.HostTextCell;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** The persistent banner over the area pane while the newest sample's output is cut where the area reads. */
public final class CutOutputBanner extends HBox {
    public CutOutputBanner(CutOutputBannerViewModel vm) {
        setId("cut-output-banner");
        getStyleClass().add("bs-cut-banner");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(8);
        setPadding(new Insets(6, 12, 6, 12));
        Label badge = new Label("INCOMPLETE");
        badge.getStyleClass().addAll("bs-badge", "bs-badge-stale");
        badge.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label text = new Label();
        text.setId("cut-output-text");
        text.textProperty().bind(HostTextCell.shown(vm.textProperty()));
        text.setWrapText(true);
        // the area pane below grows; the banner is never squeezed to one elided line
        text.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        text.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(text, Priority.ALWAYS);
        getChildren().addAll(badge, text);
        setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        visibleProperty().bind(Bindings.isNotEmpty(vm.textProperty()));
        managedProperty().bind(visibleProperty());
    }
}
