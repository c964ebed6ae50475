package io.bedside.model.findings;

import io.bedside.model.sample.Sample;

import java.util.List;

/**
 * A findings rule: looks at the latest sample (and what came before) and concludes. One rule, one
 * finding id: a rule raises only {@link #id()}.
 */
public interface Rule {
    /** The finding id this rule raises, such as {@code ipc.sem.exhausted}. */
    String id();

    List<Finding> evaluate(Sample latest, List<Sample> history);
}
