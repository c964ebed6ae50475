package io.bedside.model.ipc;

import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Rule;
import io.bedside.model.sample.Sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The IPC playbook's findings (issue 3), one rule class per id. The ids are fixed:
 * {@code diagnose --json} and the window use them.
 *
 * <table>
 * <caption>Findings</caption>
 * <tr><th>id</th><th>rule</th><th>when</th><th>severity</th></tr>
 * <tr><td>{@value #SEM_EXHAUSTED}</td><td>{@link SemExhaustedRule}</td><td>arrays &gt;= SEMMNI or semaphores &gt;= SEMMNS; &gt;= 90%</td><td>critical; warning</td></tr>
 * <tr><td>{@value #SEM_ORPHANED}</td><td>{@link SemOrphanedRule}</td><td>arrays no live process has touched ({@link IpcUsage})</td><td>warning when semaphores are at &gt;= 90%, else info</td></tr>
 * <tr><td>{@value #SHM_EXHAUSTED}</td><td>{@link ShmExhaustedRule}</td><td>segments &gt;= SHMMNI or pages &gt;= SHMALL; &gt;= 90%</td><td>critical; warning</td></tr>
 * <tr><td>{@value #SHM_ORPHANED}</td><td>{@link ShmOrphanedRule}</td><td>unattached segments whose creator and last user are dead</td><td>warning when shared memory is at &gt;= 90%, else info</td></tr>
 * <tr><td>{@value #MSG_EXHAUSTED}</td><td>{@link MsgExhaustedRule}</td><td>queues &gt;= MSGMNI; &gt;= 90%</td><td>critical; warning</td></tr>
 * <tr><td>{@value #ORPHANS_UNKNOWN}</td><td>{@link OrphansUnknownRule}</td><td>orphans cannot be told: sem-pids or pids-alive absent, or an object unreadable</td><td>info</td></tr>
 * <tr><td>{@value #LIMITS_UNKNOWN}</td><td>{@link LimitsUnknownRule}</td><td>objects are listed but the limit to judge them by is not</td><td>info</td></tr>
 * </table>
 *
 * <p>A limit is "at 90%" when used &gt;= ceil(0.9 x max). Nothing is ever called orphaned without
 * both the last-operation pids and the list of live processes. The rules made together share one
 * {@link IpcAssessment} per sample: the usage verdicts and the gauges are worked out once.
 *
 * <p>This class is not a rule: it makes the set ({@link #rules()}, {@link #all()}) and runs it in
 * the table's order ({@link #evaluate(IpcSnapshot, Instant)}).
 */
public final class IpcRules {
    public static final String SEM_EXHAUSTED = "ipc.sem.exhausted";
    public static final String SEM_ORPHANED = "ipc.sem.orphaned";
    public static final String SHM_EXHAUSTED = "ipc.shm.exhausted";
    public static final String SHM_ORPHANED = "ipc.shm.orphaned";
    public static final String MSG_EXHAUSTED = "ipc.msg.exhausted";
    public static final String ORPHANS_UNKNOWN = "ipc.orphans.unknown";
    public static final String LIMITS_UNKNOWN = "ipc.limits.unknown";

    /** Every finding id, in the order of {@link #rules()}. */
    public static final List<String> IDS = List.of(SEM_EXHAUSTED, SEM_ORPHANED, SHM_EXHAUSTED, SHM_ORPHANED,
            MSG_EXHAUSTED, ORPHANS_UNKNOWN, LIMITS_UNKNOWN);

    private final List<IpcRule> rules;

    /** Owners shown by uid, and uid 0 as root. */
    public IpcRules() {
        this(Map.of());
    }

    /** @param userNames user names by uid, where known (uid 0 is always root) */
    public IpcRules(Map<Long, String> userNames) {
        Map<Long, String> names = new TreeMap<>(userNames);
        names.putIfAbsent(0L, "root");
        Map<Long, String> n = Collections.unmodifiableMap(names);
        IpcAssessment.Cache cache = new IpcAssessment.Cache();
        this.rules = List.of(new SemExhaustedRule(n, cache), new SemOrphanedRule(n, cache), new ShmExhaustedRule(n, cache),
                new ShmOrphanedRule(n, cache), new MsgExhaustedRule(n, cache), new OrphansUnknownRule(n, cache),
                new LimitsUnknownRule(n, cache));
    }

    /** The IPC rules, one per finding id, owners shown by uid (uid 0 as root): the playbook's rules. */
    public static List<Rule> all() {
        return new IpcRules().rules();
    }

    /** This set's rules, one per finding id, in the order of {@link #IDS}. */
    public List<Rule> rules() {
        return List.copyOf(rules);
    }

    /** Every rule's findings about the latest sample, at the host's time, in the order of {@link #IDS}. */
    public List<Finding> evaluate(Sample latest, List<Sample> history) {
        return evaluate(IpcSnapshot.of(latest), latest.hostTime());
    }

    /**
     * Every rule's findings, in the order of {@link #IDS}.
     *
     * @param ipc one sample's IPC sources
     * @param now the host's time of the sample (ages are counted from it)
     */
    public List<Finding> evaluate(IpcSnapshot ipc, Instant now) {
        List<Finding> out = new ArrayList<>();
        for (IpcRule r : rules) {
            out.addAll(r.evaluate(ipc, now));
        }
        return out;
    }
}
