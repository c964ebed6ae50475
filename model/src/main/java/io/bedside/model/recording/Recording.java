package io.bedside.model.recording;

import io.bedside.model.fix.AppliedFix;
import io.bedside.model.probe.RawSample;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A recorded session: the raw probe output of every sample, with timestamps. Replaying it runs
 * the same parsers and rules as live sampling.
 *
 * @param source      the host it was recorded from
 * @param startedAt   when recording began
 * @param description a line for the connect screen (bundled demos say which incident they show)
 * @param samples     the samples, oldest first (a {@link StoredSamples} is kept as it is: read when asked for)
 * @param fixes       the fixes run on the host while it was recorded, oldest first
 * @param cut         one sentence when the file ends abruptly (its recorder was killed), else empty
 */
public record Recording(String source, Instant startedAt, String description, List<RawSample> samples,
                        List<AppliedFix> fixes, Optional<String> cut) implements RecordedSamples {
    public Recording {
        // samples read from a file when asked for stay so (a day's recording does not fit in the heap)
        samples = samples instanceof StoredSamples ? samples : List.copyOf(samples);
        fixes = List.copyOf(fixes);
    }

    /** A whole recording. */
    public Recording(String source, Instant startedAt, String description, List<RawSample> samples,
                     List<AppliedFix> fixes) {
        this(source, startedAt, description, samples, fixes, Optional.empty());
    }

    /** A recording of samples alone. */
    public Recording(String source, Instant startedAt, String description, List<RawSample> samples) {
        this(source, startedAt, description, samples, List.of());
    }

    /** The same recording with these fixes. */
    public Recording withFixes(List<AppliedFix> f) {
        return new Recording(source, startedAt, description, samples, f, cut);
    }

    @Override
    public Pass forEach(Each each) throws java.io.IOException {
        if (samples instanceof StoredSamples stored) {
            stored.store().read(0, stored.size(), each);
            return new Pass(samples.size(), fixes, cut);
        }
        for (RawSample s : samples) {
            each.sample(s);
        }
        return new Pass(samples.size(), fixes, cut);
    }
}
