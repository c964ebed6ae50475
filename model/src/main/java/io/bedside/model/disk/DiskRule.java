package io.bedside.model.disk;

import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Rule;
import io.bedside.model.sample.Sample;

import java.util.List;
import java.util.Objects;

/** One rule of the disk playbook: it raises its one id from the sample's shared {@link DiskAssessment}. */
public abstract sealed class DiskRule implements Rule permits DiskFullRule, InodesExhaustedRule, DeletedOpenRule {
    private final DiskAssessment.Cache cache;

    DiskRule(DiskAssessment.Cache cache) {
        this.cache = Objects.requireNonNull(cache);
    }

    @Override
    public final List<Finding> evaluate(Sample latest, List<Sample> history) {
        return raise(cache.of(latest, history));
    }

    abstract List<Finding> raise(DiskAssessment a);

    static String bytes(long b) {
        return io.bedside.model.text.ByteSize.of(b);
    }
}
