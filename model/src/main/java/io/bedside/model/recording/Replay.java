package io.bedside.model.recording;

import io.bedside.model.memory.MemorySnapshot;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.host.HostFacts;
import io.bedside.model.memory.KernelLog;
import io.bedside.model.memory.OomEvent;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import io.bedside.model.probe.SourceStatus;
import io.bedside.model.probe.RawSample;
import io.bedside.model.session.SampleHistory;
import io.bedside.model.session.SamplingSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.RandomAccess;
import java.util.Set;
import java.util.TreeMap;

/**
 * A recording parsed through the same parsers as a live session, ready for a time slider, in memory
 * that does not grow with the recording's length.
 *
 * <p>One pass at the start parses every sample once and keeps only what the slider and the views
 * need of each: when it was taken, whether it can be parsed without the one before (a full sample;
 * a light one takes what it skipped from the sample before, as it did live), and which samples
 * bring something the views gather from every sample before the position (an OOM kill, a boot
 * time or a kernel log line not seen before: the memory area's timeline). At a position only the
 * samples the views read are parsed again, from the {@link SampleStore} (the file), and kept in a
 * small cache: the {@link #WINDOW} samples up to the position (the live session's history, which
 * is also what the charts and the rules keep) and the pinned samples before them.
 *
 * <p>A recording of at most {@link #WINDOW} samples is shown exactly as a whole list: every
 * position gets every sample up to it.
 */
public final class Replay {
    /** How many samples up to a position the views are given: the live session's history. */
    public static final int WINDOW = SamplingSession.HISTORY;
    /** The most samples pinned for each reason (kills, boot times, other kernel log lines). */
    public static final int MAX_PINNED = 64;
    /** Samples kept behind and ahead of the window, so stepping back and forth parses one. */
    static final int MARGIN = 16;
    /** Boot times closer than this are one boot (btime moves with clock adjustments). */
    private static final Duration SAME_BOOT = Duration.ofSeconds(60);

    private final Recording recording;
    private final SampleStore store;
    private final String source;
    private final int size;
    private final long[] sampledAtNanos;
    private final BitSet full;
    private final int[] pins;
    private final BitSet pinned;
    private final TreeMap<Integer, Sample> cache = new TreeMap<>();
    /** The heap each sample held when parsed ({@link SampleHistory#cost}): a position's window keeps what the live history would. */
    private final long[] heap;
    /** Whether every sample is kept: a short recording whose samples fit the history's heap budget. */
    private final boolean keepsAll;
    private final long heapBudget;
    private int parses;

    /** A recording in memory (the bundled demos, tests). */
    public Replay(Recording recording) {
        this(recording, SampleStore.of(recording.samples()));
    }

    /**
     * A recording whose samples {@code store} reads: the first pass reads them all once now.
     *
     * @param recording what the report of this replay covers (its samples may be a {@link StoredSamples} of {@code store})
     * @throws UncheckedIOException when the store cannot be read (its message names the file)
     */
    public Replay(Recording recording, SampleStore store) {
        this(recording, store, SamplingSession.HISTORY_HEAP);
    }

    /** As {@link #Replay(Recording, SampleStore)}, with the heap a position's window may hold (tests). */
    Replay(Recording recording, SampleStore store, long heapBudget) {
        this.heapBudget = heapBudget;
        this.recording = recording;
        this.store = store;
        this.source = recording.source();
        this.size = store.size();
        this.sampledAtNanos = new long[size];
        this.full = new BitSet(size);
        this.heap = new long[size];
        List<Integer> pinList = new ArrayList<>();
        Pins p = new Pins();
        Sample[] previous = new Sample[1];
        int[] i = {0};
        boolean[] keepAll = {size <= WINDOW + MARGIN};
        long[] total = {0};
        try {
            store.read(0, size, raw -> {
                int at = i[0]++;
                Sample s = parse(raw, previous[0]);
                previous[0] = s;
                sampledAtNanos[at] = nanos(s.sampledAt());
                heap[at] = SampleHistory.cost(s);
                total[0] += heap[at];
                if (keepAll[0] && total[0] > heapBudget) {
                    // too big to keep whole: positions read their window from the store, as a long recording's do
                    keepAll[0] = false;
                    cache.keySet().retainAll(pinList);
                }
                if (at == 0 || s.output().standsAlone()) {
                    full.set(at);
                }
                boolean pin = p.pin(at, s);
                if (pin) {
                    pinList.add(at);
                }
                if (keepAll[0] || pin) {
                    cache.put(at, s);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        this.keepsAll = keepAll[0];
        this.pins = pinList.stream().mapToInt(Integer::intValue).toArray();
        this.pinned = new BitSet(size);
        for (int x : pins) {
            pinned.set(x);
        }
    }

    /** Which samples the views gather from: those that bring something not seen before. */
    private static final class Pins {
        private final Set<String> kills = new HashSet<>();
        private final List<Instant> boots = new ArrayList<>();
        private final Set<String> lines = new HashSet<>();
        private int killPins;
        private int bootPins;
        private int linePins;

        boolean pin(int at, Sample s) {
            boolean pin = at == 0;
            KernelLog log = MemorySnapshot.of(s).kernelLog().get().orElse(null);
            if (log != null) {
                boolean newKill = false;
                for (OomEvent k : log.kills()) {
                    newKill |= kills.add(k.pid() + "|" + k.killLine());
                }
                if (newKill && !pin && killPins < MAX_PINNED) {
                    killPins++;
                    pin = true;
                }
                boolean newLine = false;
                for (String l : log.unrecognized()) {
                    newLine |= lines.size() < 4 * MAX_PINNED * 16 && lines.add("u" + l);
                }
                for (String l : log.other()) {
                    newLine |= lines.size() < 4 * MAX_PINNED * 16 && lines.add("o" + l);
                }
                if (newLine && !pin && linePins < MAX_PINNED) {
                    linePins++;
                    pin = true;
                }
            }
            Instant boot = s.facts().get().flatMap(HostFacts::bootTime).orElse(null);
            if (boot != null && boots.stream().noneMatch(b -> Duration.between(b, boot).abs().compareTo(SAME_BOOT) < 0)) {
                boots.add(boot);
                if (!pin && bootPins < MAX_PINNED) {
                    bootPins++;
                    pin = true;
                }
            }
            return pin;
        }
    }

    private Sample parse(RawSample r, Sample previous) {
        parses++;
        return Playbooks.parser().parse(source, r.receivedAt(), r.output(), r.roundTripMillis(), previous);
    }

    private static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    /** What the report of this replay covers: the whole recording. */
    public Recording recording() {
        return recording;
    }

    public int size() {
        return size;
    }

    /** When sample {@code i} was taken, without parsing it. */
    public Instant sampledAt(int i) {
        return Instant.ofEpochSecond(0, sampledAtNanos[i]);
    }

    /** Sample {@code i}, parsed (from the cache, else read again). */
    public synchronized Sample sample(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        ensure(i, i);
        return cache.get(i);
    }

    /** Every sample, each parsed when asked for (prefer {@link #sample}, {@link #upTo}). */
    public List<Sample> samples() {
        return new Samples();
    }

    private final class Samples extends AbstractList<Sample> implements RandomAccess {
        @Override
        public Sample get(int index) {
            return sample(index);
        }

        @Override
        public int size() {
            return size;
        }
    }

    /**
     * What a live viewer would have seen at position {@code i}, as far as the views read it: the
     * samples pinned before the window (each brought an OOM kill, a boot or a kernel log line not
     * seen before), then the {@link #WINDOW} samples up to and including {@code i}, oldest first.
     * For a recording of at most {@link #WINDOW} samples, every sample up to {@code i}.
     */
    public synchronized List<Sample> upTo(int i) {
        if (size == 0) {
            return List.of();
        }
        int last = Math.max(0, Math.min(size - 1, i));
        int first = Math.max(0, last - WINDOW + 1);
        int margin = MARGIN;
        if (!keepsAll) {
            // the samples a live history would hold at last: within its heap budget (SampleHistory)
            long held = 0;
            for (int x = first; x <= last; x++) {
                held += heap[x];
            }
            while (last - first + 1 > SampleHistory.MIN && held > heapBudget) {
                held -= heap[first++];
            }
            while (last - first + 1 > 1 && held / 2 > heapBudget) {
                held -= heap[first++];
            }
            // samples kept either side for stepping: only while they are small beside the budget
            if (held / (last - first + 1) * MARGIN > heapBudget / 8) {
                margin = 0;
            }
        }
        List<Integer> wanted = new ArrayList<>();
        for (int p : pins) {
            if (p >= first) {
                break;
            }
            wanted.add(p);
        }
        for (int x = first; x <= last; x++) {
            wanted.add(x);
        }
        // forget what this position does not show before parsing what it does, so at most one window is held
        evict(first, last, margin);
        ensure(first, last);
        for (int p : pins) {
            if (p < first) {
                ensure(p, p);
            }
        }
        List<Sample> out = new ArrayList<>(wanted.size());
        for (int x : wanted) {
            out.add(cache.get(x));
        }
        return out;
    }

    /** Parses the samples {@code from..to} not in the cache, each from the nearest full sample or cached one before it. */
    private void ensure(int from, int to) {
        int x = from;
        while (x <= to) {
            if (cache.containsKey(x)) {
                x++;
                continue;
            }
            int end = x;
            while (end + 1 <= to && !cache.containsKey(end + 1)) {
                end++;
            }
            int start = x;
            while (start > 0 && !full.get(start) && !cache.containsKey(start - 1)) {
                start--;
            }
            Sample[] previous = {start > 0 ? cache.get(start - 1) : null};
            int[] at = {start};
            int keepFrom = x;
            try {
                store.read(start, end + 1, raw -> {
                    Sample s = parse(raw, previous[0]);
                    previous[0] = s;
                    if (at[0] >= keepFrom) {
                        cache.put(at[0], s);
                    }
                    at[0]++;
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
            x = end + 1;
        }
    }

    /** Keeps the window with a margin either side, and the pins; forgets the rest. */
    private void evict(int first, int last, int margin) {
        if (keepsAll) {
            return;
        }
        int lo = first - margin;
        int hi = last + margin;
        cache.keySet().removeIf(k -> (k < lo || k > hi) && !pinned.get(k));
    }

    /** How many samples are parsed and kept now (for tests of the bound). */
    public synchronized int cached() {
        return cache.size();
    }

    /** How many times a sample was parsed so far (for tests of the cache). */
    public synchronized int parses() {
        return parses;
    }

    /** The positions pinned, in order (for tests). */
    public int[] pinned() {
        return Arrays.copyOf(pins, pins.length);
    }

    /** Lets go of the recording's file. */
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return "Replay of " + source + " (" + size + " samples)";
    }
}
