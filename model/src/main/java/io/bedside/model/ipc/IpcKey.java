package io.bedside.model.ipc;

import java.util.Locale;
import java.util.OptionalInt;

/**
 * A System V IPC key. /proc/sysvipc prints it as a signed decimal ({@code -1593058165}); ipcs,
 * /proc/PID/maps ({@code /SYSV6104e88b}) and people write it as {@code 0x%08x} of the 32-bit value.
 */
public final class IpcKey {
    /** The key of objects made with IPC_PRIVATE: they can only be reached by id. */
    public static final int PRIVATE = 0;

    private IpcKey() {
    }

    /** {@code -1593058165} -> {@code 0xa10c3e8b}; {@code 0} -> {@code 0x00000000}. */
    public static String hex(int key) {
        return String.format(Locale.ROOT, "0x%08x", key);
    }

    /**
     * Parses the decimal key as /proc/sysvipc prints it. Accepts the signed range and, leniently,
     * an unsigned rendering up to 4294967295 (folded to the same 32 bits).
     *
     * @throws NumberFormatException when it is not a 32-bit key
     */
    public static int parseDecimal(String s) {
        long v = Long.parseLong(s);
        if (v < Integer.MIN_VALUE || v > 0xffff_ffffL) {
            throw new NumberFormatException("key out of 32-bit range: " + s);
        }
        return (int) v;
    }

    /** Parses {@code 0x6104e88b} or {@code 6104e88b}; empty when it is not 1 to 8 hex digits. */
    public static OptionalInt parseHex(String s) {
        String h = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
        if (h.isEmpty() || h.length() > 8 || !h.matches("[0-9a-fA-F]+")) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) Long.parseLong(h, 16));
    }
}
