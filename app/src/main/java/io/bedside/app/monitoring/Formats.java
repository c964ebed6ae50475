package io.bedside.app.monitoring;

import java.math.BigDecimal;
import java.util.Locale;

/** Numbers as the monitoring formats want them: plain decimals, no exponent, no grouping. */
final class Formats {
    private Formats() {
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(String.format(Locale.ROOT, "%.3f", v)).stripTrailingZeros().toPlainString();
    }
}
