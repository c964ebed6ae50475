package io.bedside.model.memory;

import java.util.Optional;

/**
 * How far the probe has read the kernel log: opaque to Bedside, which passes the last sample's
 * cursor back to the next probe as one shell assignment put in front of the script,
 * {@code BS_KLOG_CURSOR='journal:s=...;i=2e6;...'}. Forms the probe makes:
 * {@code journal:JOURNALD-CURSOR}, {@code dmesg:BOOT-ID:STAMP:N}, {@code file:PATH:INODE:OFFSET};
 * Bedside's own {@code unread:} ({@link #unread()}).
 *
 * <p>It comes from the host and goes back into a script, so only the characters the probe itself
 * produces are accepted: {@code [A-Za-z0-9=;:._/+-]}, at most 512 of them. Anything else is
 * refused (the next probe then reads from the start, which is safe).
 *
 * @param value the cursor
 */
public record KernelLogCursor(String value) {
    /** The shell variable the probe reads. */
    public static final String VARIABLE = "BS_KLOG_CURSOR";

    public KernelLogCursor {
        if (!valid(value)) {
            throw new IllegalArgumentException("not a kernel log cursor: '" + value + "'");
        }
    }

    public static Optional<KernelLogCursor> of(String value) {
        return valid(value) ? Optional.of(new KernelLogCursor(value)) : Optional.empty();
    }

    /** The line to put before the probe script: {@code BS_KLOG_CURSOR='...'}. */
    public String assignment() {
        return VARIABLE + "='" + value + "'";
    }

    /**
     * The cursor that says no source was readable the last time: a light probe whose OOM kill count
     * did not move prints the section as skipped (the session carries the last reading); any other
     * run reads from the start, as with none.
     */
    public static KernelLogCursor unread() {
        return new KernelLogCursor("unread:");
    }

    /** The assignment for "no cursor": the probe reads the whole log. */
    public static String noCursor() {
        return VARIABLE + "=";
    }

    static boolean valid(String s) {
        if (s == null || s.isEmpty() || s.length() > 512) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '=' || c == ';' || c == ':' || c == '.' || c == '_' || c == '/' || c == '+' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
