package io.bedside.ui.fds;

import java.util.Locale;

/**
 * One process of the fd table, as the area shows it.
 *
 * @param pid         the process
 * @param comm        its name, raw host text (escaped where shown)
 * @param fds         its open fds
 * @param soft        RLIMIT_NOFILE soft limit
 * @param hard        the hard limit, or "unlimited"/"?" when not a number
 * @param use         fds / soft, 0..1 and above
 * @param growth      fds gained since the oldest full sample of this process in the window (0 when none or it fell)
 * @param perMinute   that growth a minute; NaN when the window holds no earlier sample of it
 * @param kinds       its fds by kind, most first: "socket 160 · pipe 60"
 * @param grownKinds  the kinds that grew in the window, most first: "+120 socket, +40 pipe"; empty when none
 * @param leaking     whether proc.fd.leak names it
 */
public record FdProcessRow(int pid, String comm, int fds, long soft, String hard, double use, int growth, double perMinute,
                           String kinds, String grownKinds, boolean leaking)
        implements io.bedside.ui.findings.AboutFinding {
    @Override
    public boolean isAbout(io.bedside.ui.findings.FindingItem f) {
        return f.subjectValues("pid").contains(Integer.toString(pid));
    }


    public String useText() {
        // truncated, as the finding says it (237 of 256 is 92%, not 93%)
        return String.format(Locale.ROOT, "%,d / %,d (%d%%)", fds, soft, (long) Math.floor(100 * use));
    }

    public String growthText() {
        if (Double.isNaN(perMinute)) {
            return "–";
        }
        return (growth > 0 ? "+" : "") + growth + (growth != 0 ? String.format(Locale.ROOT, " (%.1f/min)", perMinute) : "");
    }

    /** Sort key of the growth column: unknown growth last. */
    public double growthSortKey() {
        return Double.isNaN(perMinute) ? -Double.MAX_VALUE : perMinute;
    }

    public boolean matches(String filter) {
        String f = filter.toLowerCase(Locale.ROOT);
        return Integer.toString(pid).equals(f) || comm.toLowerCase(Locale.ROOT).contains(f) || kinds.contains(f);
    }
}
