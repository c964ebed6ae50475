package io.bedside.model.fix;

import java.time.Instant;
import java.util.List;

/**
 * The result of running a fix (or its dry run): every step's outcome and the verdict.
 *
 * @param fixId        e.g. {@code ipc.sem.remove-orphans}
 * @param host         the host it ran on
 * @param dryRun       whether nothing was changed
 * @param startedAt    when it started
 * @param results      every step, in order
 * @param verification PASSED when every VERIFY step matched, FAILED when one did not, NOT_RUN for a dry run
 */
public record FixReport(String fixId, String host, boolean dryRun, Instant startedAt, List<StepResult> results,
                        Verification verification) {
    public FixReport {
        results = List.copyOf(results);
    }

    public enum Verification { PASSED, FAILED, NOT_RUN }

    public long count(StepResult.Outcome o) {
        return results.stream().filter(r -> r.outcome() == o).count();
    }
}
