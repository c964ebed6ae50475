package io.bedside.ui.fx;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;

/** The window's look: AtlantaFX Primer, light or dark. Bedside's own colours follow its variables. */
public enum Theme {
    LIGHT("Light"),
    DARK("Dark");

    /** Bedside's own stylesheet (status colours, badges, cards), added to every scene. */
    public static final String BEDSIDE_CSS = "/io/bedside/ui/bedside.css";

    private final String label;

    Theme(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Makes this the user-agent stylesheet of the application (all windows). */
    public void apply() {
        FxThread.assertFxThread();
        Application.setUserAgentStylesheet(switch (this) {
            case LIGHT -> new PrimerLight().getUserAgentStylesheet();
            case DARK -> new PrimerDark().getUserAgentStylesheet();
        });
    }

    /** The URL of {@link #BEDSIDE_CSS}. */
    public static String bedsideStylesheet() {
        var url = Theme.class.getResource(BEDSIDE_CSS);
        if (url == null) {
            throw new IllegalStateException(BEDSIDE_CSS + " is missing from the classpath (bedside-resources).");
        }
        return url.toExternalForm();
    }
}
