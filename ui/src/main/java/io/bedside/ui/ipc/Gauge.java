package io.bedside.ui.ipc;

/**
 * One kernel limit and its use, ready to show: a bar with {@code used / limit (pct)}, or a plain
 * value (SEMMSL, SEMOPM), or the reason it cannot be shown. Never a zero for a source the host
 * did not give.
 *
 * @param id       {@code SEMMNI}, {@code SEMMNS}, {@code SEMMSL}, {@code SEMOPM}, {@code SHMMNI}, {@code SHMALL}, {@code MSGMNI}
 * @param what     what is counted, e.g. {@code Semaphore arrays}
 * @param level    how full, or that it is a value, or absent
 * @param fraction used / limit, 0..1 (capped); 0 when not a bar
 * @param text     {@code 32 / 32 (100.0 %)} or the value; empty when absent
 * @param absence  why it cannot be shown; empty when it can
 * @param detail   more for a tooltip: the raw kernel line, and for SHMALL the bytes; may be empty
 */
public record Gauge(String id, String what, Level level, double fraction, String text, String absence, String detail) {

    public enum Level {
        /** Below 90 % of the limit. */
        OK,
        /** At 90 % of the limit or more (amber). */
        WARNING,
        /** At the limit (red): the next object cannot be created. */
        FULL,
        /** A limit shown as its value, without a bar. */
        VALUE,
        /** The use or the limit is not known; {@link #absence()} says why. */
        ABSENT
    }

    /** A gauge not yet known: before the first sample. */
    static Gauge waiting(String id, String what) {
        return new Gauge(id, what, Level.ABSENT, 0, "", "", "");
    }

    /**
     * The level of {@code used} against {@code max}: full at the limit, warning from
     * ceil(0.9 x max), the same threshold as the findings rules.
     */
    static Level level(long used, long max) {
        if (used >= max) {
            return Level.FULL;
        }
        return used >= max - max / 10 ? Level.WARNING : Level.OK;
    }
}
