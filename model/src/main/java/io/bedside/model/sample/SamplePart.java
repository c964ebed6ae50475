package io.bedside.model.sample;

import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.probe.ParseProblem;
import java.util.List;

/**
 * A playbook's typed part of a sample: which type it is, how it is read from one probe output, and
 * what it carries to the next probe run. {@link SampleParser} reads every registered part and the
 * {@link Sample} holds them by type, so the sample names no playbook.
 *
 * @param <T> the part's type, such as {@code IpcSnapshot}
 */
public interface SamplePart<T> {
    /** The type the sample holds it under ({@link Sample#part(Class)}); one part per type. */
    Class<T> type();

    /**
     * Reads this part of one probe output; what did not parse goes to {@code problems} and a source
     * the host did not give is an absent reading with its reason, never a zero.
     */
    T read(ProbeOutput out, List<ParseProblem> problems);

    /**
     * As {@link #read(ProbeOutput, List)}, given this part of the sample before ({@code previous},
     * null when there is none: the one whose output {@link #complete} took from): a part may take
     * from it what it already parsed of what {@code complete} copied, instead of parsing it again.
     */
    default T read(ProbeOutput out, List<ParseProblem> problems, T previous) {
        return read(out, problems);
    }

    /**
     * Shell lines to put in front of the next probe run (variable assignments, each ending in a
     * newline), such as the kernel log's cursor, so the next run reads only what is new. The host
     * cannot choose them: a part quotes whatever host text it carries.
     *
     * @param latest   this part of the newest sample; null before the first run
     * @param previous what this method returned for the run before ("" before the first)
     * @return "" when the part carries nothing
     */
    default String prelude(T latest, String previous) {
        return "";
    }

    /**
     * Shell lines for full runs only, put after {@link #prelude}: what tells the probe which parts of
     * its walks it may skip (a light run walks none of them, and the lists run to tens of kilobytes
     * on a host of thousands of processes).
     *
     * @param latest this part of the newest sample; null before the first run
     * @return "" when the part has none
     */
    default String fullRunPrelude(T latest) {
        return "";
    }

    /**
     * Shell lines, put after every part's {@link #prelude}, that make a probe run read all this part
     * would otherwise carry or skip, for a sample that must stand alone (connect, "Sample now"):
     * a replay of the recording can start at it.
     *
     * @return "" when the part skips nothing on a full sample
     */
    default String standAlone() {
        return "";
    }

    /**
     * This part's sections of {@code now} completed from {@code previous}, the output of the sample
     * before (itself completed; null when there is none), for a probe run that read only what
     * changed since the run its {@link #prelude} came from. Called on every output, after the
     * light sample's carry ({@link ProbeOutput#carryForward}).
     */
    default ProbeOutput complete(ProbeOutput now, ProbeOutput previous) {
        return now;
    }

    /**
     * The lists this part's full runs read whole only while something shows them ({@link ListOnDemand});
     * none by default.
     */
    default List<ListOnDemand> listsOnDemand() {
        return List.of();
    }

    /** A part of type {@code type} read by {@code read}, carrying nothing to the next run. */
    static <T> SamplePart<T> of(Class<T> type, java.util.function.BiFunction<ProbeOutput, List<ParseProblem>, T> read) {
        java.util.Objects.requireNonNull(type);
        java.util.Objects.requireNonNull(read);
        return new SamplePart<>() {
            @Override
            public Class<T> type() {
                return type;
            }

            @Override
            public T read(ProbeOutput out, List<ParseProblem> problems) {
                return read.apply(out, problems);
            }
        };
    }
}
