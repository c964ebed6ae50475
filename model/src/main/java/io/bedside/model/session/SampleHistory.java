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
 * {@link #MIN} (the newest and the one before it, which the rates need) unless those two alone hold
 * more than twice the budget: then the newest only.
 *
 * <p>The session and every area keep one each, over the same samples in the same order, so they
 * keep the same samples: what they hold together is one budget, not one per area. Not thread-safe.
 */
public final class SampleHistory {
    /** Kept unless they hold more than twice the budget: the newest sample and the one before it. */
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
        // two samples that together hold more than twice the budget (a host printing tens of MB):
        // only the newest stays, so the next one can be parsed beside it
        while (samples.size() > 1 && heap / 2 > maxHeap) {
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
     * counts six times its probe output: more than a parsed one holds (a big host's 62 MB output and
     * its parsed sample hold 3.4x the output, its text included), so a test's never counts less.
     */
    public static long cost(Sample s) {
        long h = s.stats().heapBytes();
        return h > 0 ? h : 6 * s.stats().bytes();
    }
}
