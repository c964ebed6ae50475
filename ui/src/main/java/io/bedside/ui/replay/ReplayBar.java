package io.bedside.ui.replay;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The time slider under the main view while a recording is replayed, with play/pause. */
public final class ReplayBar extends HBox {

    public ReplayBar(ReplayController controller) {
        getStyleClass().add("bs-replay-bar");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(10);
        setPadding(new Insets(6, 10, 6, 10));

        Button play = new Button();
        play.setId("replay-play");
        play.textProperty().bind(Bindings.when(controller.playingProperty()).then("Pause").otherwise("Play"));
        play.setOnAction(e -> controller.togglePlay());
        play.setMinWidth(70);
        play.setDisable(controller.size() < 2);

        Button back = new Button("◀");
        back.setTooltip(new Tooltip("Previous sample"));
        back.setOnAction(e -> controller.stepBack());
        Button forward = new Button("▶");
        forward.setTooltip(new Tooltip("Next sample"));
        forward.setOnAction(e -> controller.advance());

        Slider slider = new Slider(0, Math.max(0, controller.size() - 1), 0);
        slider.setId("replay-slider");
        slider.setBlockIncrement(1);
        slider.setMajorTickUnit(Math.max(1, (controller.size() - 1) / 10.0));
        slider.setMinorTickCount(0);
        slider.setSnapToTicks(false);
        slider.setDisable(controller.size() < 2);
        HBox.setHgrow(slider, Priority.ALWAYS);
        slider.setMaxWidth(Double.MAX_VALUE);
        slider.valueProperty().addListener((o, was, now) -> {
            int i = (int) Math.round(now.doubleValue());
            if (i != controller.indexProperty().get()) {
                controller.indexProperty().set(i);
            }
        });
        controller.indexProperty().addListener((o, was, now) -> {
            if ((int) Math.round(slider.getValue()) != now.intValue()) {
                slider.setValue(now.intValue());
            }
        });

        Label position = new Label();
        position.setId("replay-position");
        position.textProperty().bind(controller.positionTextProperty());
        position.setMinWidth(Region.USE_PREF_SIZE);

        getChildren().addAll(play, back, forward, slider, position);
    }
}
