package io.bedside.model.fix;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unit names as systemd's {@code unit_name_is_valid} takes them (src/basic/unit-name.c: VALID_CHARS
 * are letters, digits and {@code :-_.\}, one {@code @} not first, a known type after the last dot,
 * fewer than UNIT_NAME_MAX = 256 characters), with one rule more: no leading {@code -}.
 */
class UnitNamesTest {
    @Test
    void namesSystemdTakes() {
        for (String ok : List.of("nginx.service", "getty@tty1.service", "systemd-fsck@dev-disk-by\\x2duuid-1234.service",
                "user@1000.service", "a:b_c.d-e.service", "dbus.socket", "multi-user.target", "var-lib.mount", "x".repeat(247) + ".service")) {
            assertTrue(UnitNames.valid(ok), ok);
        }
        assertEquals(255, ("x".repeat(247) + ".service").length());
    }

    @Test
    void namesItRefuses() {
        for (String bad : List.of("", "nginx", ".service", "nginx.", "nginx.unit", "getty@.service", "@tty1.service",
                "a b.service", "a/b.service", "a;b.service", "$x.service", "a'b.service", "a\"b.service", "a\nb.service",
                "é.service", "x".repeat(248) + ".service", "-.mount", "-x.service", "--now.service")) {
            assertFalse(UnitNames.valid(bad), bad);
        }
        assertTrue(UnitNames.valid("a@b@c.service"), "systemd allows more @ in the instance");
        assertFalse(UnitNames.validService("dbus.socket"));
        assertTrue(UnitNames.validService("nginx.service"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UnitNames.requireService("a\u001b]0;x\u0007.service"));
        assertEquals("'a\\x1b]0;x\\x07.service' is not the name of a systemd service unit (NAME.service of letters, digits and"
                + " :_.\\-@, not starting with '-', at most 255 characters).", e.getMessage());
    }
}
