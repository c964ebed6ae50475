package io.bedside.model.sockets;

import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Rule;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketRules.Thresholds;
import io.bedside.model.sockets.SocketRules.Timed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Runs every socket rule of {@link SocketRules#all} in its order and joins their findings, as the one rule class did. */
final class SocketRulesRun {
    private SocketRulesRun() {
    }

    static List<Finding> evaluate(SocketSnapshot now, Instant at, List<Timed> history) {
        return evaluate(Thresholds.DEFAULTS, now, at, history);
    }

    static List<Finding> evaluate(Thresholds limits, SocketSnapshot now, Instant at, List<Timed> history) {
        List<Finding> out = new ArrayList<>();
        for (Rule r : SocketRules.all(limits)) {
            out.addAll(((SocketRule) r).evaluate(now, at, history));
        }
        return out;
    }

    static List<Finding> evaluate(Sample latest, List<Sample> history) {
        List<Finding> out = new ArrayList<>();
        for (Rule r : SocketRules.all()) {
            out.addAll(r.evaluate(latest, history));
        }
        return out;
    }
}
