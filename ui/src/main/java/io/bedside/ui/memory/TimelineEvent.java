package io.bedside.ui.memory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One row of the memory area's timeline: an OOM kill or a boot, every value as text. A value the
 * kernel did not print (older kernels print less) reads {@code not logged}, never 0.
 *
 * @param id          what it is, for the selection and the chart markers
 * @param kind        a kill or a boot
 * @param time        when, on the host's clock, when the log's stamp could be placed
 * @param timeText    that time in the host's zone, or why it is not known (with the stamp as printed)
 * @param what        {@code OOM kill · cgroup} (a memory cgroup's limit), {@code OOM kill · system}, {@code Boot}
 * @param victim      {@code 24607 java (worker)}; empty for a boot
 * @param anonRss     anon-rss: the anonymous memory the victim held
 * @param fileRss     file-rss
 * @param shmemRss    shmem-rss
 * @param adj         the victim's oom_score_adj
 * @param constraint  {@code CONSTRAINT_MEMCG}, {@code CONSTRAINT_NONE}, ...
 * @param memcg       the memory cgroup that ran out
 * @param trigger     the process whose allocation invoked the OOM killer
 * @param details     the rest: the kernel's words, total-vm; for a boot, its kernel and how the boot before ended
 * @param rawLines    the raw lines it was read from, exactly as the host printed them
 * @param arrivedLive it was read during the session (not in the log already when Bedside attached)
 * @param chartLabel  the few words drawn over the charts
 */
public record TimelineEvent(String id, Kind kind, Optional<Instant> time, String timeText, String what, String victim,
                            String anonRss, String fileRss, String shmemRss, String adj, String constraint, String memcg,
                            String trigger, String details, List<String> rawLines, boolean arrivedLive,
                            String chartLabel) {
    public enum Kind { KILL, BOOT }

    public TimelineEvent {
        rawLines = List.copyOf(rawLines);
    }

    /** The raw lines as one text. */
    public String raw() {
        return String.join("\n", rawLines);
    }

    /** The tooltip of its chart marker. */
    public String tooltip() {
        if (kind == Kind.BOOT) {
            return what + " at " + timeText + (details.isEmpty() ? "" : "\n" + details);
        }
        return "OOM kill of " + victim + " at " + timeText + "\nanon-rss " + anonRss + ", file-rss " + fileRss + ", shmem-rss "
                + shmemRss + ", oom_score_adj " + adj + "\n" + constraint + (memcg.isEmpty() ? "" : ", memory cgroup " + memcg)
                + "\ntriggered by " + trigger;
    }
}
