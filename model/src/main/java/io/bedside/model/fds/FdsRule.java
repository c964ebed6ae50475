package io.bedside.model.fds;

import io.bedside.model.fds.FdsRules.Thresholds;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Rule;
import io.bedside.model.sample.Sample;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A rule of the fd playbook: raises its one id from the {@link FdsAssessment} its siblings share. */
public abstract sealed class FdsRule implements Rule permits FdSystemExhaustedRule, FdNearLimitRule, FdLeakRule {
    private final FdsAssessment.Cache cache;

    FdsRule(FdsAssessment.Cache cache) {
        this.cache = Objects.requireNonNull(cache);
    }

    public final Thresholds thresholds() {
        return cache.limits();
    }

    @Override
    public final List<Finding> evaluate(Sample latest, List<Sample> history) {
        return raise(cache.of(latest, history)).map(List::of).orElse(List.of());
    }

    abstract Optional<Finding> raise(FdsAssessment a);
}
