package io.bedside.ui.memory;

import io.bedside.model.memory.MemorySnapshot;
import io.bedside.model.memory.KernelLog;
import io.bedside.model.memory.OomEvent;
import io.bedside.model.sample.Sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OOM kills and kernel log lines gathered across samples. The probe reads the kernel log
 * incrementally: the first sample holds all the log still holds, every later one only what is new
 * since the sample before. So what the area shows is gathered here from every sample, once each: a
 * kill read again (a source read from the start once more, after a reconnect) is recognised by its
 * kill line without the time stamp and kept once. Also the boot times the samples saw
 * ({@code btime}), so a reboot during the session is known even when the host keeps no boot list.
 *
 * <p>Not thread-safe; the view-model adds to it on the FX thread. Pure otherwise (no JavaFX).
 */
public final class MemoryEvents {
    /** The most unrecognized (or other) lines kept; more are counted. */
    static final int MAX_LINES = 1000;
    /** Boot times closer than this are one boot (btime moves by a second with clock adjustments). */
    static final Duration SAME_BOOT = Duration.ofSeconds(60);

    /**
     * One OOM kill as read.
     *
     * @param key         what tells it from every other kill: pid and the kill line without its stamp
     * @param event       the kill, with its report's raw lines
     * @param arrivedLive read by an incremental sample: it happened during the session
     * @param readAt      when the sample that read it was taken
     */
    public record Kill(String key, OomEvent event, boolean arrivedLive, Instant readAt) {
    }

    private final Map<String, Kill> kills = new LinkedHashMap<>();
    private final Set<String> unrecognized = new LinkedHashSet<>();
    private final Set<String> other = new LinkedHashSet<>();
    private final List<Instant> bootTimes = new ArrayList<>();
    private int unrecognizedLeftOut;
    private int otherLeftOut;

    /**
     * Gathers what {@code s} read from the kernel log and its boot time.
     *
     * @return whether anything new was gathered
     */
    public boolean add(Sample s) {
        boolean changed = false;
        KernelLog log = MemorySnapshot.of(s).kernelLog().get().orElse(null);
        if (log != null) {
            boolean live = log.source().map(src -> !src.fromStart()).orElse(false);
            for (OomEvent e : log.kills()) {
                String key = key(e);
                if (!kills.containsKey(key)) {
                    kills.put(key, new Kill(key, e, live, s.sampledAt()));
                    changed = true;
                }
            }
            for (String line : log.unrecognized()) {
                if (unrecognized.size() < MAX_LINES) {
                    changed |= unrecognized.add(line);
                } else if (!unrecognized.contains(line)) {
                    unrecognizedLeftOut++;
                }
            }
            for (String line : log.other()) {
                if (other.size() < MAX_LINES) {
                    changed |= other.add(line);
                } else if (!other.contains(line)) {
                    otherLeftOut++;
                }
            }
        }
        var btime = s.facts().get().flatMap(f -> f.bootTime());
        if (btime.isPresent() && bootTimes.stream().noneMatch(b -> Duration.between(b, btime.get()).abs().compareTo(SAME_BOOT) < 0)) {
            bootTimes.add(btime.get());
            changed = true;
        }
        return changed;
    }

    /**
     * A kill's identity across reads: its pid and its kill line from {@code Killed process} on
     * (the time stamp in front differs between dmesg, dmesg -T and the journal).
     */
    static String key(OomEvent e) {
        String line = e.killLine();
        int i = line.indexOf("Killed process ");
        if (i < 0) {
            i = line.indexOf("Kill process ");
        }
        return e.pid() + "|" + (i < 0 ? line.strip() : line.substring(i).strip());
    }

    public void clear() {
        kills.clear();
        unrecognized.clear();
        other.clear();
        bootTimes.clear();
        unrecognizedLeftOut = 0;
        otherLeftOut = 0;
    }

    /** Every kill gathered, in the order read (oldest first within one read). */
    public List<Kill> kills() {
        return List.copyOf(kills.values());
    }

    /** Kernel log lines that were not understood, exactly as the host printed them. */
    public List<String> unrecognized() {
        return List.copyOf(unrecognized);
    }

    /** OOM lines that belong to no kill (a report cut off, "already exiting", a reaper line). */
    public List<String> other() {
        return List.copyOf(other);
    }

    /** Lines not kept beyond {@link #MAX_LINES}. */
    public int unrecognizedLeftOut() {
        return unrecognizedLeftOut;
    }

    public int otherLeftOut() {
        return otherLeftOut;
    }

    /** The distinct boot times (btime) the samples saw, in the order seen. */
    public List<Instant> bootTimes() {
        return List.copyOf(bootTimes);
    }
}
