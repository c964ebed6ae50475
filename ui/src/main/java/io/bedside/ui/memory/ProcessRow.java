package io.bedside.ui.memory;

/**
 * One process as the memory area's table shows it: each value as text, with a key to sort by.
 * A value the host did not give reads {@code unknown} (and sorts below every known one), never 0.
 *
 * @param rank        its place in the OOM killer's order (1 = taken first); 0 when it has none
 *                    (a zombie, or its oom_score could not be read)
 * @param pid         the process id
 * @param comm        its name (may hold spaces and {@code )})
 * @param uid         its real uid; -1 when unknown
 * @param user        {@code 0 (root)}, {@code 1001}, or {@code unknown}
 * @param state       the state letter with its meaning, e.g. {@code S (sleeping)}
 * @param rssKb       the resident set in kB (ProcessMemory#rssKb); -1 when unknown
 * @param rss         the resident set as text
 * @param swapKb      VmSwap in kB; -1 when unknown
 * @param swap        VmSwap as text
 * @param oomScore    /proc/PID/oom_score; -1 when unknown
 * @param oomScoreAdj /proc/PID/oom_score_adj; {@link Integer#MIN_VALUE} when unknown
 * @param adj         oom_score_adj as text, with what -1000 means
 * @param cgroup      its memory cgroup, {@code v1:/bedside-lab-hold}, or why it is not known
 * @param limitBytes  the limit that binds it (its cgroup's or an ancestor's); {@link Long#MAX_VALUE}
 *                    for none, -1 when not known
 * @param limit       that limit as text, with the cgroup it is set on when that is an ancestor
 * @param useBytes    the usage of the cgroup whose limit binds (else of its own cgroup); -1 when unknown
 * @param use         that usage as text, with its share of the limit
 * @param fill        usage / limit, 0..1 and more; -1 when there is no limit or either is unknown
 * @param unit        the systemd service that owns it, or empty
 * @param cmdline     its command line
 * @param protectable whether mem.oom.protect can be planned for it
 * @param whyNot      why not, when it cannot; else empty
 * @param line        the probe's line, for a tooltip
 */
public record ProcessRow(int rank, int pid, String comm, long uid, String user, String state, long rssKb, String rss,
                         long swapKb, String swap, int oomScore, int oomScoreAdj, String adj, String cgroup,
                         long limitBytes, String limit, long useBytes, String use, double fill, String unit,
                         String cmdline, boolean protectable, String whyNot, String line)
        implements io.bedside.ui.findings.AboutFinding {
    @Override
    public boolean isAbout(io.bedside.ui.findings.FindingItem f) {
        return f.subjectValues("pid").contains(Integer.toString(pid));
    }


    /** The score as text; {@code unknown} when it could not be read. */
    public String score() {
        return oomScore < 0 ? "unknown" : Integer.toString(oomScore);
    }

    /** The rank as text; empty for a process the OOM killer would not pick. */
    public String rankText() {
        return rank == 0 ? "" : Integer.toString(rank);
    }

    /** What a filter matches: pid, name, user, state, cgroup, unit and command line. */
    boolean matches(String needle) {
        String n = needle.toLowerCase(java.util.Locale.ROOT);
        return Integer.toString(pid).equals(n) || comm.toLowerCase(java.util.Locale.ROOT).contains(n)
                || user.toLowerCase(java.util.Locale.ROOT).contains(n) || cgroup.toLowerCase(java.util.Locale.ROOT).contains(n)
                || unit.toLowerCase(java.util.Locale.ROOT).contains(n) || cmdline.toLowerCase(java.util.Locale.ROOT).contains(n);
    }
}
