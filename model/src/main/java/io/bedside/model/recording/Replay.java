package io.bedside.model.recording;

import io.bedside.model.probe.Sample;
import io.bedside.model.probe.SampleParser;
import io.bedside.model.session.RawSample;

import java.util.ArrayList;
import java.util.List;

/**
 * A recording parsed through the same parsers as a live session, ready for a time slider.
 */
public final class Replay {
    private final Recording recording;
    private final List<Sample> samples;

    public Replay(Recording recording) {
        this.recording = recording;
        List<Sample> s = new ArrayList<>();
        Sample previous = null;
        for (RawSample r : recording.samples()) {
            // a light sample takes what it skipped from the one before, as it did live
            previous = SampleParser.parse(recording.source(), r.receivedAt(), r.output(), r.roundTripMillis(), previous);
            s.add(previous);
        }
        this.samples = List.copyOf(s);
    }

    public Recording recording() {
        return recording;
    }

    public List<Sample> samples() {
        return samples;
    }

    public int size() {
        return samples.size();
    }

    /** The samples up to and including index {@code i}: what a live viewer would have seen then. */
    public List<Sample> upTo(int i) {
        return samples.subList(0, Math.min(samples.size(), i + 1));
    }
}
