package io.bedside.model.recording;

import io.bedside.model.memory.MemorySnapshot;
import io.bedside.model.host.HostFacts;
import io.bedside.model.memory.OomEvent;
import io.bedside.model.sample.Sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The history the rules are given when a recording is replayed one sample at a time, in memory that
 * does not grow with the recording's length. It keeps what the rules read of the past:
 * <ul>
 * <li>the recent samples, {@link #WINDOW} of host time back (the sockets' growth window is 10
 *     minutes), at most {@link #MAX_RECENT} samples and {@link #MAX_RECENT_BYTES} of probe output
 *     (the newest {@link #MIN_RECENT} always);</li>
 * <li>the first sample (the oldest host time and boot time: {@code host.rebooted});</li>
 * <li>each sample whose kernel log brought an OOM kill not seen before (the kernel log is read from
 *     a cursor, so a kill is in the sample it arrived with only: {@code mem.oom.killed}), at most
 *     {@link #MAX_PINNED};</li>
 * <li>each sample with a boot time not seen before ({@code host.rebooted}: a boot seen during the
 *     session), at most {@link #MAX_PINNED}.</li>
 * </ul>
 * A rule given this history finds what it would with every sample before, as long as the pins
 * hold; past {@link #MAX_PINNED} kills the oldest recorded kills are the ones left out.
 */
public final class RuleHistory {
    public static final Duration WINDOW = Duration.ofMinutes(15);
    public static final int MAX_RECENT = 900;
    public static final int MIN_RECENT = 10;
    public static final long MAX_RECENT_BYTES = 96L * 1024 * 1024;
    public static final int MAX_PINNED = 64;

    private final Deque<Entry> recent = new ArrayDeque<>();
    private final List<Entry> pinned = new ArrayList<>();
    private final Set<String> kills = new HashSet<>();
    private final Set<Instant> boots = new HashSet<>();
    private long recentBytes;
    private long next;
    private int killPins;
    private int bootPins;

    private record Entry(long seq, Sample sample) {
    }

    /**
     * Adds the next sample (oldest first) and returns the history to evaluate it with: the kept
     * samples in the order they came, this one last.
     */
    public List<Sample> add(Sample s) {
        Entry e = new Entry(next++, s);
        boolean pin = e.seq() == 0;
        for (OomEvent k : MemorySnapshot.of(s).kernelLog().get().map(l -> l.kills()).orElse(List.of())) {
            if (kills.add(k.pid() + "|" + k.killLine()) && killPins < MAX_PINNED && !pin) {
                pin = true;
                killPins++;
            }
        }
        Optional<Instant> boot = s.facts().get().flatMap(HostFacts::bootTime);
        if (boot.isPresent() && boots.add(boot.get()) && bootPins < MAX_PINNED && !pin) {
            pin = true;
            bootPins++;
        }
        if (pin) {
            pinned.add(e);
        } else {
            recent.addLast(e);
            recentBytes += s.stats().bytes();
        }
        Instant from = s.hostTime() == null ? null : s.hostTime().minus(WINDOW);
        while (recent.size() > MIN_RECENT && (recent.size() > MAX_RECENT || recentBytes > MAX_RECENT_BYTES
                || from != null && recent.peekFirst().sample().hostTime() != null
                && recent.peekFirst().sample().hostTime().isBefore(from))) {
            recentBytes -= recent.removeFirst().sample().stats().bytes();
        }
        // both lists are in arrival order: merge them
        List<Sample> out = new ArrayList<>(recent.size() + pinned.size() + 1);
        int p = 0;
        for (Entry r : recent) {
            while (p < pinned.size() && pinned.get(p).seq() < r.seq()) {
                out.add(pinned.get(p++).sample());
            }
            out.add(r.sample());
        }
        while (p < pinned.size()) {
            out.add(pinned.get(p++).sample());
        }
        return out;
    }

    /** How many samples are kept now. */
    public int size() {
        return recent.size() + pinned.size();
    }
}
