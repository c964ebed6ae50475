package io.bedside.ui.fix;

import java.util.Locale;

/**
 * A process {@code mem.oom.protect} can change, as its wizard offers it.
 *
 * @param pid         the process id
 * @param comm        its name
 * @param user        {@code 0 (root)}, {@code 1001}
 * @param oomScore    its oom_score, or {@code unknown}
 * @param oomScoreAdj its oom_score_adj now
 * @param rss         its resident memory
 * @param unit        the systemd service that owns it; empty for none
 * @param cgroup      its memory cgroup
 */
public record ProtectChoice(int pid, String comm, String user, String oomScore, int oomScoreAdj, String rss, String unit,
                            String cgroup) {

    /** Whether a (lower-case) filter names it: pid, name, user, unit or cgroup. */
    boolean matches(String f) {
        return Integer.toString(pid).equals(f) || comm.toLowerCase(Locale.ROOT).contains(f)
                || user.toLowerCase(Locale.ROOT).contains(f) || unit.toLowerCase(Locale.ROOT).contains(f)
                || cgroup.toLowerCase(Locale.ROOT).contains(f);
    }
}
