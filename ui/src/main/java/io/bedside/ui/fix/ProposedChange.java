package io.bedside.ui.fix;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

import java.util.Map;
import java.util.Optional;

/**
 * The first step of a fix with nothing to choose (raise a limit, drain a pipe, signal or restart what
 * the finding named): the plan is made at once from what the finding offered, and the page shows
 * its proposed change, old and new, and its summary.
 */
public final class ProposedChange implements FixChooser {
    private final ChooseContext ctx;
    private final BooleanBinding valid;

    ProposedChange(ChooseContext ctx) {
        this.ctx = ctx;
        valid = Bindings.isNotNull(ctx.plan());
    }

    @Override
    public void start() {
        ctx.planNow().accept(ctx.initial());   // what the finding named, e.g. pid and fd=2 for proc.pipe.drain
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
        VBox summary = WizardViews.linesBox(ctx.preview().summary());
        Label note = new Label("Nothing is changed until you confirm with the host's name. The next step shows every command.");
        note.getStyleClass().add("bs-muted");
        note.setWrapText(true);
        return new VBox(12, heading, oldNew, summary, note);
    }
}
