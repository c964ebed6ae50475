package io.bedside.ui.status;

import io.bedside.ui.fx.HostTextCell;
import io.bedside.model.session.ConnectionState;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.geometry.Orientation;
import javafx.util.Duration;

import java.util.Locale;

/**
 * The status bar: connection state (coloured), round trip, probe time on the host, bytes per
 * sample, age of the last sample, a STALE badge and the session's message. Ages the last sample
 * once a second with a {@link Timeline} while it is in a window.
 */
public final class StatusBarView extends HBox {
    private final StatusBarViewModel vm;
    private final Timeline ticker;

    public StatusBarView(StatusBarViewModel vm) {
        this.vm = vm;
        getStyleClass().add("bs-status-bar");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(10);
        setPadding(new Insets(4, 10, 4, 10));

        Label state = new Label();
        state.setId("status-state");
        state.textProperty().bind(HostTextCell.shown(vm.stateTextProperty()));
        state.getStyleClass().add("bs-state");
        state.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        vm.stateProperty().addListener((o, was, now) -> applyState(state, now, vm.staleProperty().get()));
        vm.staleProperty().addListener((o, was, now) -> applyState(state, vm.stateProperty().get(), now));
        applyState(state, vm.stateProperty().get(), vm.staleProperty().get());

        Label source = label("status-source", "Source", vm.sourceProperty());
        source.getStyleClass().add("bs-status-source");
        Label rtt = label("status-rtt", "Round trip: from sending the probe to its last byte", vm.roundTripProperty());
        Label probe = label("status-probe", "Time the probe ran on the host", vm.probeTimeProperty());
        Label cpu = label("status-cpu", "", vm.hostCpuProperty());
        cpu.getTooltip().textProperty().bind(HostTextCell.shown(vm.hostCpuDetailProperty()));
        Label bytes = label("status-bytes", "Bytes of probe output per sample", vm.bytesProperty());
        Label age = label("status-age", "Age of the data on screen", vm.ageProperty());

        Label staleBadge = new Label("STALE");
        staleBadge.setId("status-stale");
        staleBadge.getStyleClass().addAll("bs-badge", "bs-badge-stale");
        staleBadge.setTooltip(new Tooltip("No sample arrived when one was due: the data shown is the last that arrived."));
        staleBadge.visibleProperty().bind(vm.staleProperty());
        staleBadge.managedProperty().bind(staleBadge.visibleProperty());

        Label rec = new Label();
        rec.setId("status-recording");
        rec.textProperty().bind(HostTextCell.shown(vm.recordingProperty()));
        rec.getStyleClass().addAll("bs-badge", "bs-badge-rec");
        rec.visibleProperty().bind(Bindings.isNotEmpty(vm.recordingProperty()));
        rec.managedProperty().bind(rec.visibleProperty());

        Label message = new Label();
        message.setId("status-message");
        message.textProperty().bind(HostTextCell.shown(vm.messageProperty()));
        message.getStyleClass().add("bs-status-message");
        message.setMinWidth(0);
        message.setTooltip(new Tooltip());
        message.getTooltip().textProperty().bind(HostTextCell.shown(vm.messageProperty()));
        HBox.setHgrow(message, Priority.ALWAYS);
        message.setMaxWidth(Double.MAX_VALUE);

        getChildren().addAll(state, source, sep(), caption("RTT"), rtt, caption("probe"), probe,
                caption("host CPU"), cpu, caption("size"), bytes, sep(), age, staleBadge, rec, message);

        // a quarter second: a late sample turns the state to Stale within half a second of being due
        ticker = new Timeline(new KeyFrame(Duration.millis(250), e -> vm.tick()));
        ticker.setCycleCount(Animation.INDEFINITE);
        sceneProperty().addListener((o, was, now) -> {
            if (now == null) {
                ticker.stop();
            } else {
                ticker.play();
            }
        });
    }

    public StatusBarViewModel viewModel() {
        return vm;
    }

    private static void applyState(Label label, ConnectionState s, boolean stale) {
        for (ConnectionState c : ConnectionState.values()) {
            label.pseudoClassStateChanged(pseudo(c), c == s && !(stale && c == ConnectionState.LIVE));
        }
        label.pseudoClassStateChanged(STALE, stale && s == ConnectionState.LIVE);
    }

    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");

    static PseudoClass pseudo(ConnectionState s) {
        return PseudoClass.getPseudoClass(s.name().toLowerCase(Locale.ROOT));
    }

    private static Label label(String id, String tip, javafx.beans.value.ObservableStringValue text) {
        Label l = new Label();
        l.setId(id);
        l.textProperty().bind(HostTextCell.shown(text));
        l.setTooltip(new Tooltip(tip));
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    private static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("bs-muted");
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    private static Separator sep() {
        return new Separator(Orientation.VERTICAL);
    }
}
