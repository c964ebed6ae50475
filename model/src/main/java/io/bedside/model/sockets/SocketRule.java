package io.bedside.model.sockets;

import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Rule;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketRules.Thresholds;
import io.bedside.model.sockets.SocketRules.Timed;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One rule of the socket playbook: it raises its one finding id (or nothing) from the
 * {@link SocketAssessment} of the sample, which the rules made together by {@link SocketRules#all}
 * share.
 */
public abstract sealed class SocketRule implements Rule permits CloseWaitPileupRule, BlockedOnPipeRule {
    private final Thresholds limits;
    private final SocketAssessment.Cache cache;

    SocketRule(SocketAssessment.Cache cache) {
        this.cache = Objects.requireNonNull(cache);
        this.limits = cache.limits();
    }

    public final Thresholds thresholds() {
        return limits;
    }

    /**
     * Evaluates the latest sample at the host's time. Of the history only the one sample compared
     * against is parsed: the oldest within {@code growthWindow} that is at least
     * {@code minimumSpan} older than the latest.
     */
    @Override
    public final List<Finding> evaluate(Sample latest, List<Sample> history) {
        return raise(cache.of(latest, history)).map(List::of).orElse(List.of());
    }

    /**
     * @param now     the latest snapshot
     * @param at      the host's time of it
     * @param history earlier snapshots; the oldest one within the growth window that is at least
     *                the minimum span old is compared against
     */
    public final List<Finding> evaluate(SocketSnapshot now, Instant at, List<Timed> history) {
        return raise(SocketAssessment.of(now, at, history, limits)).map(List::of).orElse(List.of());
    }

    /** The finding of this rule's id, if the assessment gives one. */
    abstract Optional<Finding> raise(SocketAssessment a);
}
