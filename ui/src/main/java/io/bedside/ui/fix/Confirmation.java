package io.bedside.ui.fix;

import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;

import java.util.List;
import java.util.function.Supplier;

/**
 * The confirm step's state: Apply needs the host's name typed and, when the plan needs root,
 * administrative access on; what needs root is said in words.
 */
public final class Confirmation {
    private final FixService service;
    private final String hostName;
    private final ReadOnlyObjectProperty<FixPlan> plan;
    private final Supplier<FixPlan> effectivePlan;
    private final StringProperty typedHost = new SimpleStringProperty(this, "typedHost", "");
    private final BooleanBinding hostConfirmed;
    private final ReadOnlyBooleanWrapper adminAccess = new ReadOnlyBooleanWrapper(this, "adminAccess", false);
    private final BooleanBinding needsRoot;
    private final ReadOnlyStringWrapper rootNote = new ReadOnlyStringWrapper(this, "rootNote", "");

    /**
     * @param plan          the plan as made
     * @param effectivePlan the plan as it will run (the optional parts ticked)
     */
    Confirmation(FixService service, String hostName, ReadOnlyObjectProperty<FixPlan> plan, Supplier<FixPlan> effectivePlan,
                 PlanPreview preview) {
        this.service = service;
        this.hostName = hostName;
        this.plan = plan;
        this.effectivePlan = effectivePlan;
        hostConfirmed = Bindings.createBooleanBinding(() -> typedHost.get() != null
                && typedHost.get().trim().equalsIgnoreCase(hostName) && !hostName.isBlank(), typedHost);
        needsRoot = Bindings.createBooleanBinding(() -> plan.get() != null && effectivePlan.get().needsRoot(),
                plan, preview.optionalParts());
        needsRoot.addListener((o, was, now) -> updateRootNote());
        adminAccess.addListener((o, was, now) -> updateRootNote());
        preview.optionalParts().addListener((ListChangeListener<OptionalPart>) c -> updateRootNote());
    }

    /** Asks the service again whether administrative access is on (the operator may have switched it). */
    void checkAccess() {
        adminAccess.set(service.administrativeAccess());
        updateRootNote();
    }

    void updateRootNote() {
        if (plan.get() == null || !needsRoot.get()) {
            rootNote.set("");
            return;
        }
        List<String> steps = effectivePlan.get().steps().stream().filter(FixStep::needsRoot)
                .filter(s -> s.kind() == FixStep.Kind.CHANGE).map(FixStep::command).toList();
        String which = steps.isEmpty() ? "reading the evidence" : steps.size() <= 3 ? String.join("; ", steps)
                : String.join("; ", steps.subList(0, 3)) + " and " + (steps.size() - 3) + " more";
        rootNote.set(adminAccess.get()
                ? "This fix needs root (" + which + "); administrative access is on, so those steps run through sudo."
                : "This fix needs root on " + hostName + " (" + which + ") and administrative access is off, so it cannot be"
                + " applied. Switch on Session ▸ Administrative access (sudo) in the main window, then press Check again."
                + " A dry run is still possible.");
    }

    public StringProperty typedHostProperty() { return typedHost; }
    public BooleanBinding hostConfirmedBinding() { return hostConfirmed; }
    public ReadOnlyBooleanProperty adminAccessProperty() { return adminAccess.getReadOnlyProperty(); }
    public BooleanBinding needsRootBinding() { return needsRoot; }
    /** What needs root and whether it can run; empty when nothing needs root. */
    public ReadOnlyStringProperty rootNoteProperty() { return rootNote.getReadOnlyProperty(); }
}
