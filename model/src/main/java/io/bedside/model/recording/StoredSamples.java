package io.bedside.model.recording;

import io.bedside.model.probe.RawSample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The samples of a {@link SampleStore} as an unmodifiable list, each read when asked for (an
 * iteration reads the file once, in order). A {@link Recording} keeps such a list as it is, so a
 * recording file can be handed on (a report from the window) without being read into memory.
 * A read that fails after the recording was opened (the file was removed or damaged since) throws
 * an {@link UncheckedIOException} whose message names the file.
 */
public final class StoredSamples extends AbstractList<RawSample> implements RandomAccess {
    private final SampleStore store;

    public StoredSamples(SampleStore store) {
        this.store = store;
    }

    public SampleStore store() {
        return store;
    }

    @Override
    public RawSample get(int index) {
        if (index < 0 || index >= store.size()) {
            throw new IndexOutOfBoundsException(index);
        }
        RawSample[] one = new RawSample[1];
        try {
            store.read(index, index + 1, s -> one[0] = s);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        return one[0];
    }

    @Override
    public int size() {
        return store.size();
    }
}
