package io.bedside.model.recording;

import io.bedside.model.fix.AppliedFix;
import io.bedside.model.probe.RawSample;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A recording read one sample at a time, as often as needed: a recording in memory hands over its
 * list, a recording file is read again on every pass, so a day of samples never has to fit in the
 * heap at once.
 */
public interface RecordedSamples {
    /** The host it was recorded from. */
    String source();

    /** When recording began. */
    Instant startedAt();

    /** A line for the connect screen. */
    String description();

    /**
     * Passes every sample, oldest first, to {@code each}, and says what else the pass read.
     *
     * @throws IOException when the recording cannot be read (the message names it), or as {@code each} throws
     */
    Pass forEach(Each each) throws IOException;

    /** Receives the samples of one pass. */
    @FunctionalInterface
    interface Each {
        void sample(RawSample s) throws IOException;
    }

    /**
     * What one pass read besides the samples.
     *
     * @param samples how many samples it passed on
     * @param fixes   the fixes run on the host while it was recorded, oldest first
     * @param cut     one sentence when the recording ends abruptly (its recorder was killed), else empty
     */
    record Pass(int samples, List<AppliedFix> fixes, Optional<String> cut) {
        public Pass {
            fixes = List.copyOf(fixes);
        }
    }
}
