package io.bedside.model.text;

import java.util.Locale;

/**
 * Byte counts as Bedside writes them everywhere a person reads them (finding summaries, the
 * window's tables, reports): binary units, {@code 917504} -> {@code 896 KiB}. The raw figure stays
 * in a finding's subjects and evidence. Always {@link Locale#ROOT}, so a decimal point is a point.
 */
public final class ByteSize {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteSize() {
    }

    /** {@code 5432} -> {@code 5.3 KiB}, {@code 917504} -> {@code 896 KiB}; below 1 KiB in whole bytes. */
    public static String of(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, UNITS[u]);
    }

    /** A figure the kernel gives in kB (meaning KiB: /proc/meminfo, the OOM killer's lines). */
    public static String ofKib(long kb) {
        return of(kb * 1024);
    }
}
