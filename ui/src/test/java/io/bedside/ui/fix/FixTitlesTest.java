package io.bedside.ui.fix;

import io.bedside.model.findings.FixKind;
import io.bedside.model.playbooks.Playbooks;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Buttons and wizard titles come from the playbook that offers the fix: none reads as a bare id. */
class FixTitlesTest {

    @Test
    void everyRegisteredFixHasAButtonAndATitleOfItsOwn() {
        assertTrue(Playbooks.allFixes().size() >= 8, "the registry lists the fixes");
        for (FixKind f : Playbooks.allFixes()) {
            String button = FixTitles.button(f.id());
            String title = FixTitles.title(f.id());
            assertFalse(button.startsWith("Fix: ") || button.contains(f.id()), "button of " + f.id() + ": " + button);
            assertFalse(title.equals(f.id()) || title.isBlank(), "title of " + f.id() + ": " + title);
            assertTrue(button.endsWith("…"), "a button that opens a wizard ends in an ellipsis: " + button);
        }
    }

    @Test
    void theSocketFixesAreNamed() {
        assertEquals("Drain the pipe…", FixTitles.button("proc.pipe.drain"));
        assertEquals("Restart its unit…", FixTitles.button("proc.restart-unit"));
    }

    @Test
    void anUnknownIdIsShownAsItself() {
        assertEquals("Fix: net.nothing…", FixTitles.button("net.nothing"));
        assertEquals("net.nothing", FixTitles.title("net.nothing"));
    }
}
