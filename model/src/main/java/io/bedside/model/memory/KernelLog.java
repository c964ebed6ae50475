package io.bedside.model.memory;

import java.util.List;
import java.util.Optional;

/**
 * The OOM part of a kernel log: the kills, in the order logged (oldest first).
 *
 * @param kills        each OOM kill, with its report's lines
 * @param other        OOM lines that belong to no kill: a report cut off before its kill line (the
 *                     next sample has the rest), "no killable processes", "OOM victim ... is already
 *                     exiting", a victim's oom_reaper line whose kill is not in this read
 * @param unrecognized lines that are not understood; kept and shown as they are, never guessed at
 * @param lines        how many lines were read
 * @param source       where the probe read them and its cursor; empty for a log given by hand
 */
public record KernelLog(List<OomEvent> kills, List<String> other, List<String> unrecognized, int lines,
                        Optional<KernelLogSource> source) {
    public KernelLog {
        kills = List.copyOf(kills);
        other = List.copyOf(other);
        unrecognized = List.copyOf(unrecognized);
    }

    public KernelLog withSource(KernelLogSource s) {
        return new KernelLog(kills, other, unrecognized, lines, Optional.of(s));
    }

    /** The kills, newest first (by time when known, else by position in the log). */
    public List<OomEvent> newestFirst() {
        return kills.reversed();
    }
}
