package io.bedside.model.ipc;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Owner;
import io.bedside.model.findings.Rule;
import io.bedside.model.sample.Sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the IPC rules have in common: they read the sample's {@link IpcAssessment} (shared by the
 * rules made together, see {@link IpcRules}), name owners the same way, and say which IPC namespace
 * their finding covers. Each subclass raises its one finding id.
 */
abstract sealed class IpcRule implements Rule
        permits SemExhaustedRule, SemOrphanedRule, ShmExhaustedRule, ShmOrphanedRule, MsgExhaustedRule,
        OrphansUnknownRule, LimitsUnknownRule {
    private final Map<Long, String> userNames;
    private final IpcAssessment.Cache cache;

    IpcRule(Map<Long, String> userNames, IpcAssessment.Cache cache) {
        this.userNames = userNames;
        this.cache = cache;
    }

    /** Evaluates the latest sample's IPC sources at the host's time. */
    @Override
    public final List<Finding> evaluate(Sample latest, List<Sample> history) {
        return evaluate(IpcSnapshot.of(latest), latest.hostTime());
    }

    /**
     * @param ipc one sample's IPC sources
     * @param now the host's time of the sample (ages are counted from it)
     * @return this rule's finding, if any (at most one)
     */
    final List<Finding> evaluate(IpcSnapshot ipc, Instant now) {
        IpcAssessment a = cache.of(ipc);
        // the tables, limits and mappings are those of the probe's IPC namespace: every finding says so
        return conclude(a, now).map(f -> a.namespace().filter(scope -> !f.evidence().contains(scope))
                .map(scope -> new Finding(f.id(), f.severity(), f.summary(), f.subjects(), append(f.evidence(), scope), f.fixes()))
                .orElse(f)).stream().toList();
    }

    /** This rule's finding about the assessed sample, before the namespace is added to its evidence. */
    abstract Optional<Finding> conclude(IpcAssessment a, Instant now);

    private static List<Evidence> append(List<Evidence> evidence, Evidence more) {
        List<Evidence> all = new ArrayList<>(evidence);
        all.add(more);
        return all;
    }

    /** The owner of {@code uid}, named where the sample names it. */
    final Owner owner(long uid) {
        return Owner.of(uid, userNames);
    }

    /** The owners of {@code uids}, each with its count, the most frequent first. */
    final String owners(List<Long> uids) {
        Map<Long, Long> counts = new TreeMap<>();
        uids.forEach(u -> counts.merge(u, 1L, Long::sum));
        return counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .map(e -> owner(e.getKey()) + " x" + e.getValue()).collect(Collectors.joining(", "));
    }

    static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** The limit lines a finding quotes, when the host reported them. */
    static List<Evidence> limitEvidence(IpcSnapshot ipc, String name, String caption) {
        return ipc.limits().get().flatMap(l -> l.line(name))
                .map(line -> List.of(new Evidence(IpcSnapshot.LIMITS, caption, List.of(line)))).orElse(List.of());
    }

    /** A whole table as evidence, header first. */
    static <R> Evidence tableEvidence(String source, IpcTable<R> t, String caption, java.util.function.Function<R, String> line) {
        List<String> lines = new ArrayList<>(t.size() + 1);
        lines.add(t.header());
        t.rows().forEach(r -> lines.add(line.apply(r)));
        return new Evidence(source, caption, lines);
    }

    /** An exhaustion finding: the gauges at 90% or more, the fullest deciding the severity. */
    static Optional<Finding> exhausted(String id, List<IpcAssessment.Gauge> hit, List<Evidence> limitEvidence,
                                       Evidence table, List<io.bedside.model.findings.FixOffer> fixes) {
        if (hit.isEmpty()) {
            return Optional.empty();
        }
        List<Evidence> ev = new ArrayList<>(limitEvidence);
        ev.add(table);
        return Optional.of(new Finding(id, hit.get(0).level().get(),
                hit.stream().map(IpcAssessment.Gauge::phrase).collect(Collectors.joining("; ")),
                hit.stream().map(IpcAssessment.Gauge::subject).toList(), ev, fixes));
    }
}
