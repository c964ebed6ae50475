package io.bedside.ui.fix;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * The optional steps of a plan about one subject (e.g. persisting a sysctl: show other settings,
 * write the file, read it back), offered together as one checkbox, off by default.
 */
public final class OptionalPart {
    private final String subject;
    private final String label;
    private final BooleanProperty included = new SimpleBooleanProperty(this, "included", false);

    OptionalPart(String subject, String label) {
        this.subject = subject;
        this.label = label;
    }

    public String subject() { return subject; }
    public String label() { return label; }
    public BooleanProperty includedProperty() { return included; }
    public boolean isIncluded() { return included.get(); }
}
