package io.bedside.model.recording;

import io.bedside.model.probe.RawSample;

import java.io.IOException;
import java.util.List;

/**
 * A recording's samples by position, read when asked for: a recording file keeps only where each
 * sample starts and reads the ones wanted, so a day of samples never has to be in the heap. Reads
 * in order from where the last read stopped are the cheapest.
 */
public interface SampleStore extends AutoCloseable {
    /** How many samples there are. */
    int size();

    /**
     * Passes the samples {@code from} (inclusive) to {@code to} (exclusive) to {@code each}, in order.
     *
     * @throws IOException when the recording cannot be read (the message names it), or as {@code each} throws
     */
    void read(int from, int to, RecordedSamples.Each each) throws IOException;

    /** Lets go of the file, if any; a later read opens it again. */
    @Override
    void close();

    /** The samples of a list in memory. */
    static SampleStore of(List<RawSample> samples) {
        List<RawSample> list = List.copyOf(samples);
        return new SampleStore() {
            @Override
            public int size() {
                return list.size();
            }

            @Override
            public void read(int from, int to, RecordedSamples.Each each) throws IOException {
                for (int i = from; i < to; i++) {
                    each.sample(list.get(i));
                }
            }

            @Override
            public void close() {
            }
        };
    }
}
