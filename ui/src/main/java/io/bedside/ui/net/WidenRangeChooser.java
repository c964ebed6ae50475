package io.bedside.ui.net;

import io.bedside.model.net.NetFixPlans;
import io.bedside.model.net.NetLimits;
import io.bedside.model.net.NetSnapshot;
import io.bedside.model.text.HostText;
import io.bedside.ui.fix.WizardViews;
import io.bedside.ui.fix.ChooseContext;
import io.bedside.ui.fix.FixChooser;
import io.bedside.ui.fix.FixChoosers;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The first step of {@code net.ports.widen-range}: the proposed range, and tcp_tw_reuse = 1 as a
 * separate choice (a checkbox, off unless the finding or the operator asked for it) where the host
 * has it at 0 or 2, with what it does. Ticking it re-makes the plan with {@code tw_reuse=1}: its
 * own steps (saved, set with a re-check, read back) and its own rollback; unticked, {@code keep}.
 */
public final class WidenRangeChooser implements FixChooser {

    /** The port range fix's chooser. */
    public static final class Provider implements FixChoosers.Provider {
        @Override
        public Map<String, Function<ChooseContext, FixChooser>> choosers() {
            return Map.of(NetFixPlans.WIDEN_RANGE, WidenRangeChooser::new);
        }
    }

    private final ChooseContext ctx;
    private final BooleanProperty twReuse = new SimpleBooleanProperty(this, "twReuse", false);
    private final BooleanBinding valid;
    private final OptionalLong current;

    private WidenRangeChooser(ChooseContext ctx) {
        this.ctx = ctx;
        valid = Bindings.isNotNull(ctx.plan());
        Optional<Long> v = NetSnapshot.of(ctx.sample()).limits().get().flatMap(l -> l.number(NetLimits.TW_REUSE).get());
        current = v.filter(x -> x == 0 || x == 2).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    @Override
    public void start() {
        twReuse.set("1".equals(ctx.initial().get("tw_reuse")) && current.isPresent());
        plan();
        twReuse.addListener((o, was, now) -> plan());
    }

    private void plan() {
        Map<String, String> p = new LinkedHashMap<>(ctx.initial());
        if (current.isPresent()) {
            p.put("tw_reuse", twReuse.get() ? "1" : NetFixPlans.TW_KEEP);
        } else {
            p.remove("tw_reuse");
        }
        ctx.planNow().accept(p);
    }

    /** Whether tcp_tw_reuse = 1 is offered: the host has it at 0 or 2. */
    public boolean twReuseOffered() {
        return current.isPresent();
    }

    /** Whether the operator chose tcp_tw_reuse = 1 as a step of its own. */
    public BooleanProperty twReuseProperty() {
        return twReuse;
    }

    @Override
    public ObservableBooleanValue valid() {
        return valid;
    }

    @Override
    public Optional<Map<String, String>> params() {
        return Optional.empty();
    }

    @Override
    public Node view() {
        Label heading = new Label("The proposed change");
        heading.getStyleClass().add("bs-section-title");
        VBox oldNew = WizardViews.changesBox(ctx.preview().changes());
        oldNew.setId("wizard-old-new");
        VBox box = new VBox(12, heading, oldNew);
        if (current.isPresent()) {
            CheckBox tw = new CheckBox("Also set net.ipv4.tcp_tw_reuse = 1 (now " + current.getAsLong()
                    + "): a separate step with its own re-check, read-back and rollback");
            tw.setId("net-tw-reuse");
            tw.setMnemonicParsing(false);   // the sysctl's underscores are text, not mnemonics
            tw.setWrapText(true);
            tw.selectedProperty().bindBidirectional(twReuse);
            Label why = wrapped(NetFixPlans.twReuseWhy(current.getAsLong()));
            why.getStyleClass().add("bs-muted");
            why.setPadding(new javafx.geometry.Insets(0, 0, 0, 26));
            box.getChildren().add(new VBox(4, tw, why));
        }
        Label summaryHeading = new Label("Why these values");
        summaryHeading.getStyleClass().add("bs-section-title");
        Label note = wrapped("Nothing is changed until you confirm with the host's name. The next step shows every command.");
        note.getStyleClass().add("bs-muted");
        box.getChildren().addAll(summaryHeading, WizardViews.linesBox(ctx.preview().summary()), note);
        return box;
    }

    private static Label wrapped(String text) {
        Label l = new Label(HostText.window(text));
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }
}
