package io.bedside.app.recording;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.probe.RawSample;
import io.bedside.model.sample.Sample;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The bundled demo recordings parsed as a replay parses them: each sample with the one before. */
final class DemoSamples {
    private DemoSamples() {
    }

    /** The demos, by id. */
    static List<BundledRecordings.Demo> demos() {
        List<BundledRecordings.Demo> demos = BundledRecordings.list().stream()
                .sorted(Comparator.comparing(BundledRecordings.Demo::id)).toList();
        if (demos.size() < 5) {
            throw new AssertionError("the demos: " + demos);
        }
        return demos;
    }

    /** Every sample of {@code demo}, oldest first. */
    static List<Sample> of(BundledRecordings.Demo demo) throws IOException {
        List<Sample> out = new ArrayList<>();
        Sample previous = null;
        for (RawSample raw : BundledRecordings.open(demo.id()).samples()) {
            Sample s = Playbooks.parser().parse(demo.id(), raw.receivedAt(), raw.output(), raw.roundTripMillis(), previous);
            out.add(s);
            previous = s;
        }
        return out;
    }
}
