package io.bedside.ui.fx;

/**
 * A moment drawn over a time chart as a vertical line: an OOM kill, a reboot.
 *
 * @param id      what it marks, so a click can select it elsewhere (e.g. in a timeline)
 * @param kind    how it is drawn
 * @param x       where, on the chart's time axis (epoch milliseconds on the charts' clock)
 * @param label   a few words over the line, e.g. {@code OOM: java (worker)}
 * @param tooltip what it is, in full
 */
public record ChartMarker(String id, Kind kind, long x, String label, String tooltip) {

    public enum Kind {
        /** An OOM kill (red). */
        KILL,
        /** A boot of the host (blue). */
        BOOT;

        public String styleClass() {
            return this == KILL ? "bs-marker-kill" : "bs-marker-boot";
        }
    }
}
