package io.bedside.model.session;

import io.bedside.model.sample.Sample;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The samples kept for the charts and the rules, oldest first, bounded by the heap they hold as well
 * as by count: at most {@link SamplingSession#HISTORY} samples and {@link SamplingSession#HISTORY_HEAP}
 * bytes of measured heap ({@link io.bedside.model.probe.ProbeStats#heapBytes()}), never fewer than
 * {@link #MIN} (the newest and the one before it, which a light sample and the rates need).
 *
 * <p>The session and every area keep one each, over the same samples in the same order, so they
 * keep the same samples: what they hold together is one budget, not one per area. Not thread-safe.
 */
public final class SampleHistory {
    /** Kept whatever they cost: the newest sample and the one before it. */
    public static final int MIN = 2;

    private final int maxCount;
    private final long maxHeap;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private long heap;

    /** The session's bounds. */
    public SampleHistory() {
        this(SamplingSession.HISTORY, SamplingSession.HISTORY_HEAP);
    }

    public SampleHistory(int maxCount, long maxHeap) {
        this.maxCount = maxCount;
        this.maxHeap = maxHeap;
    }

    /** Adds {@code s} as the newest and drops the oldest beyond the bounds. */
    public void add(Sample s) {
        samples.addLast(s);
        heap += cost(s);
        while (samples.size() > MIN && (samples.size() > maxCount || heap > maxHeap)) {
            heap -= cost(samples.removeFirst());
        }
    }

    public void clear() {
        samples.clear();
        heap = 0;
    }

    public Sample newest() {
        return samples.peekLast();
    }

    public boolean isEmpty() {
        return samples.isEmpty();
    }

    public int size() {
        return samples.size();
    }

    /** The heap the samples hold, as measured when each was parsed. */
    public long heapBytes() {
        return heap;
    }

    /** A copy, oldest first. */
    public List<Sample> toList() {
        return new ArrayList<>(samples);
    }

    /**
     * What {@code s} holds: its measured heap; a sample made without a parser's measure (a test's)
     * counts six times its probe output, the ratio measured for a full sample of a big host.
     */
    public static long cost(Sample s) {
        long h = s.stats().heapBytes();
        return h > 0 ? h : 6 * s.stats().bytes();
    }
}
