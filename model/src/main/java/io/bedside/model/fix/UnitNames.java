package io.bedside.model.fix;

import java.util.Set;

/**
 * systemd unit names, checked the way systemd checks them ({@code unit_name_is_valid} in
 * systemd's src/basic/unit-name.c): at most 255 characters; a known type suffix after the last
 * {@code .}, with a non-empty name before it; the name of only {@code [A-Za-z0-9:_.\\-]} and at
 * most one {@code @} that does not start it; {@code foo@.service} is a template (not a unit that
 * runs), {@code foo@bar.service} an instance. Escapes such as {@code \x2d} are plain characters to
 * systemd and reach a shell only through {@link ShellWords}. Stricter than systemd in one way: a
 * name that starts with {@code -} (systemd's {@code -.mount}, {@code -.slice}) is refused, so a
 * unit can never be read as an option even by a command that does not take {@code --}.
 */
public final class UnitNames {
    /** systemd's UNIT_NAME_MAX is 256 with the terminating NUL. */
    public static final int MAX = 255;
    private static final Set<String> TYPES = Set.of("service", "socket", "target", "device", "mount", "automount", "swap",
            "timer", "path", "slice", "scope");

    private UnitNames() {
    }

    /** Whether systemd would take {@code name} as a unit that can run (plain or instance, not a template). */
    public static boolean valid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX || name.startsWith("-")) {
            return false;
        }
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || !TYPES.contains(name.substring(dot + 1))) {
            return false;
        }
        int at = -1;
        for (int i = 0; i < dot; i++) {
            char c = name.charAt(i);
            if (c == '@' && at < 0) {
                at = i;
            }
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == ':' || c == '-' || c == '_' || c == '.' || c == '\\' || c == '@';
            if (!ok) {
                return false;
            }
        }
        return at != 0 && at != dot - 1;
    }

    /** Whether {@code name} is a valid service unit ({@code NAME.service}). */
    public static boolean validService(String name) {
        return valid(name) && name.endsWith(".service");
    }

    /**
     * @return the name, when it is a valid service unit
     * @throws IllegalArgumentException with one sentence otherwise
     */
    public static String requireService(String name) {
        if (!validService(name)) {
            throw new IllegalArgumentException("'" + printable(name) + "' is not the name of a systemd service unit"
                    + " (NAME.service of letters, digits and :_.\\-@, not starting with '-', at most " + MAX + " characters).");
        }
        return name;
    }

    /** Host text with control characters shown as {@code \xHH} and cut at 80 characters, for a sentence about it. */
    static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        for (char c : cut.toCharArray()) {
            if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
