package io.bedside.ui.fix;

import io.bedside.model.fix.FixPlan;
import io.bedside.model.sample.Sample;
import javafx.beans.property.ReadOnlyObjectProperty;

import java.util.Map;
import java.util.function.Consumer;

/**
 * What a {@link FixChooser} gets from its wizard.
 *
 * @param fixId   the fix, e.g. {@code ipc.sem.remove-orphans}
 * @param sample  the sample the finding came from
 * @param initial what the finding offered (its rule's params, or a table row's), e.g. {@code pid=4487}
 * @param error   says one sentence about what went wrong on this step ("" clears it)
 * @param planNow makes the plan at once with these params (for a fix with nothing to choose)
 * @param plan    the plan once made
 * @param preview the plan's changes and summary, for a page that shows them
 */
public record ChooseContext(String fixId, Sample sample, Map<String, String> initial, Consumer<String> error,
                            Consumer<Map<String, String>> planNow, ReadOnlyObjectProperty<FixPlan> plan, PlanPreview preview) {
    public ChooseContext {
        initial = Map.copyOf(initial);
    }
}
