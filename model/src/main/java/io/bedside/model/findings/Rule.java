package io.bedside.model.findings;

import io.bedside.model.sample.Sample;

import java.util.List;

/** A findings rule: looks at the latest sample (and what came before) and concludes. */
public interface Rule {
    List<Finding> evaluate(Sample latest, List<Sample> history);
}
