package io.bedside.ui.fx;

import java.time.Duration;
import java.util.Locale;

/**
 * Numbers as the window prints them: binary byte units, durations an engineer reads at a glance.
 * Always with {@link Locale#ROOT}, so a decimal point is a point on every desktop.
 */
public final class Units {
    private Units() {
    }

    /** {@code 5432} -> {@code 5.3 KiB}; below 1 KiB in whole bytes: the model's one formatter, as findings write it. */
    public static String bytes(long bytes) {
        return io.bedside.model.text.ByteSize.of(bytes);
    }

    /** A /proc/meminfo figure in kB (which the kernel means as KiB). */
    public static String kib(long kb) {
        return bytes(kb * 1024);
    }

    /** {@code 0.123} -> {@code 12.3 %}. */
    public static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    /** An uptime or age: {@code 42 s}, {@code 6 min 40 s}, {@code 3 h 12 min}, {@code 4 d 2 h}. */
    public static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
        }
        if (s < 86_400) {
            return (s / 3600) + " h" + ((s % 3600) / 60 == 0 ? "" : " " + ((s % 3600) / 60) + " min");
        }
        return (s / 86_400) + " d" + ((s % 86_400) / 3600 == 0 ? "" : " " + ((s % 86_400) / 3600) + " h");
    }

    /** {@code 2549} -> {@code 2,549 ms}. */
    public static String millis(long ms) {
        return String.format(Locale.ROOT, "%,d ms", ms);
    }

    public static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
