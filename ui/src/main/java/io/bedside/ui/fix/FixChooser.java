package io.bedside.ui.fix;

import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Node;

import java.util.Map;
import java.util.Optional;

/**
 * The first step of one kind of fix's wizard: what the operator chooses before the plan is made
 * (the rows to remove, the process to protect), its state and its page. One per fix kind, found by
 * fix id through {@link FixChoosers}; a fix without one gets {@link ProposedChange}.
 */
public interface FixChooser {
    /** Fills the choice from the sample and what the finding offered; on the FX thread, once. */
    void start();

    /** Whether the choice is complete, so Next may go on. */
    ObservableBooleanValue valid();

    /**
     * The parameters to make the plan with when Next is pressed; empty when {@link #start()} made
     * the plan already and it stands (then Back does not drop it).
     */
    Optional<Map<String, String>> params();

    /** The page of this step; made once, when the wizard opens. */
    Node view();
}
