package io.bedside.ui.fix;

import io.bedside.model.findings.FixKind;
import io.bedside.model.playbooks.Playbooks;

/** What a fix is called on its button and in its wizard, from the playbook that offers it. */
public final class FixTitles {
    private FixTitles() {
    }

    /** The text of the button that opens the wizard for {@code fixId}; an unknown id is shown as itself. */
    public static String button(String fixId) {
        return Playbooks.fix(fixId).map(FixKind::button).orElse("Fix: " + fixId + "…");
    }

    /** What the fix does, before its plan (which has its own title) is made. */
    public static String title(String fixId) {
        return Playbooks.fix(fixId).map(FixKind::title).orElse(fixId);
    }
}
