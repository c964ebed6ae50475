package io.bedside.ui.sockets;

/**
 * One row of the sockets table: the sockets of one process, or of one local port.
 *
 * @param key       what the row is grouped by: {@code 5025} (a pid) or {@code 33747} (a port);
 *                  {@code ?} for sockets whose holder could not be seen
 * @param pid       the process, or -1 (a port row, or holder unknown)
 * @param name      the process's name; for a port, the names of the processes holding it
 * @param total     sockets (TCP and UDP)
 * @param closeWait TCP sockets in CLOSE_WAIT
 * @param recvQ     bytes unread in Recv-Q, summed
 * @param ports     the local ports (a process row) or the pids (a port row), shortened
 * @param growthPerMin CLOSE_WAIT change per minute since the oldest sample of the last 10 minutes;
 *                  empty when not known (needs two samples at least 30 s apart), never 0 for unknown
 * @param firstSeen time since the group was first seen in the session's samples
 */
public record SocketGroupRow(String key, int pid, String name, int total, int closeWait, long recvQ, String ports,
                             java.util.OptionalDouble growthPerMin, java.time.Duration firstSeen)
        implements io.bedside.ui.findings.AboutFinding {
    @Override
    public boolean isAbout(io.bedside.ui.findings.FindingItem f) {
        return f.subjectValues("pid").contains(Integer.toString(pid));
    }


    /** Why a blank growth cell is blank. */
    public static final String GROWTH_UNKNOWN = "needs two samples at least 30 s apart";

    /** A row seen first now, its growth not known. */
    public SocketGroupRow(String key, int pid, String name, int total, int closeWait, long recvQ, String ports) {
        this(key, pid, name, total, closeWait, recvQ, ports, java.util.OptionalDouble.empty(), java.time.Duration.ZERO);
    }

    public SocketGroupRow withHistory(java.util.OptionalDouble growth, java.time.Duration seen) {
        return new SocketGroupRow(key, pid, name, total, closeWait, recvQ, ports, growth, seen);
    }

    /** {@code +19.0/min}, {@code -2.5/min}; empty when not known. */
    public String growthText() {
        if (growthPerMin.isEmpty()) {
            return "";
        }
        double g = growthPerMin.getAsDouble();
        return (g > 0 ? "+" : "") + String.format(java.util.Locale.ROOT, "%.1f/min", g);
    }

    /** For sorting: unknown growth below every known one. */
    public double growthSortKey() {
        return growthPerMin.orElse(Double.NEGATIVE_INFINITY);
    }

    /** {@code 3 min 47 s}, {@code 1 h 2 min}, {@code 0 s}. */
    public String firstSeenText() {
        long s = Math.max(0, (firstSeen.toMillis() + 500) / 1000);   // to the nearest second
        if (s >= 3600) {
            return s / 3600 + " h " + (s % 3600) / 60 + " min";
        }
        if (s >= 60) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s + " s";
    }

    public boolean matches(String f) {
        String l = f.toLowerCase(java.util.Locale.ROOT);
        return key.contains(l) || name.toLowerCase(java.util.Locale.ROOT).contains(l) || ports.contains(l);
    }
}
