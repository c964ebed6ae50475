package io.bedside.model.memory;

import io.bedside.model.findings.Rule;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The memory playbook's findings (issue 4): their ids, the thresholds, and the rules, one per id
 * ({@link #all()}). The ids are fixed: {@code diagnose --json} and the window use them.
 *
 * <table>
 * <caption>Findings</caption>
 * <tr><th>id</th><th>when</th><th>severity</th></tr>
 * <tr><td>{@value #OOM_KILLED}</td><td>an OOM kill in the kernel log (every one the log still holds, newest first)</td>
 *     <td>critical when one is newer than {@code recent} or arrived during the session, else warning</td></tr>
 * <tr><td>{@value #PRESSURE}</td><td>PSI memory some/full avg10, or MemAvailable as a share of MemTotal, past a threshold</td>
 *     <td>warning or critical, by threshold</td></tr>
 * <tr><td>{@value #NEXT_VICTIM}</td><td>the process the OOM killer would take next (of the host, or of a memory cgroup at
 *     80% of its limit or more) is marked critical, or holds most of the memory it is limited by</td>
 *     <td>warning when marked critical (critical when memory is also short), else info</td></tr>
 * <tr><td>{@value #REBOOTED}</td><td>a boot within the window</td>
 *     <td>warning when seen during the session or the boot before ended without a shutdown record, else info</td></tr>
 * <tr><td>{@value #LOG_UNREADABLE}</td><td>the kernel log could not be read</td>
 *     <td>warning when the kernel counted OOM kills (vmstat oom_kill), else info</td></tr>
 * </table>
 */
public final class MemoryRules {
    public static final String OOM_KILLED = "mem.oom.killed";
    public static final String PRESSURE = "mem.pressure";
    public static final String NEXT_VICTIM = "mem.oom.next-victim";
    public static final String REBOOTED = "host.rebooted";
    public static final String LOG_UNREADABLE = "mem.oom.log-unreadable";

    static final DateTimeFormatter WORDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** Evidence shows at most this many kills' lines (the subjects list them all). */
    static final int EVIDENCE_KILLS = 20;
    /** A memory cgroup this full is one whose own OOM killer may run soon. */
    static final double CGROUP_NEAR = 0.8;

    /**
     * When memory is short.
     *
     * @param someAvg10Warning   PSI "some" avg10 (%) for a warning
     * @param someAvg10Critical  PSI "some" avg10 (%) for critical
     * @param fullAvg10Warning   PSI "full" avg10 (%) for a warning
     * @param fullAvg10Critical  PSI "full" avg10 (%) for critical
     * @param availableWarning   MemAvailable below this share of MemTotal (%) for a warning
     * @param availableCritical  MemAvailable below this share (%) for critical
     * @param mostOfMemory       a process holding at least this share (0..1) of what limits it "holds most of memory"
     */
    public record Thresholds(double someAvg10Warning, double someAvg10Critical, double fullAvg10Warning,
                             double fullAvg10Critical, double availableWarning, double availableCritical,
                             double mostOfMemory) {
        public static final Thresholds DEFAULTS = new Thresholds(10, 40, 5, 20, 10, 5, 0.5);
    }

    private MemoryRules() {
    }

    /** The rules with no process marked critical, default thresholds, a 24-hour window. */
    public static List<Rule> all() {
        return all(Set.of());
    }

    /** @param critical names (comm) of the processes the operator marked critical */
    public static List<Rule> all(Set<String> critical) {
        return all(critical, Thresholds.DEFAULTS, Duration.ofHours(24), Duration.ofHours(1));
    }

    /**
     * One rule per finding id, in the order the playbook's single rule used to raise them:
     * {@value #OOM_KILLED}, {@value #LOG_UNREADABLE}, {@value #PRESSURE}, {@value #NEXT_VICTIM},
     * {@value #REBOOTED}. The rules of one list share their settings and the figures past a
     * threshold of the sample they look at.
     *
     * @param critical   names (comm) of the processes the operator marked critical
     * @param thresholds when memory is short
     * @param window     how far back a boot counts as a reboot to report (at least back to the oldest sample)
     * @param recent     a kill newer than this is critical
     */
    public static List<Rule> all(Set<String> critical, Thresholds thresholds, Duration window, Duration recent) {
        MemoryAssessment shared = new MemoryAssessment(critical, thresholds, window, recent);
        return List.of(new OomKilledRule(shared), new OomLogUnreadableRule(), new MemoryPressureRule(shared),
                new NextVictimRule(shared), new HostRebootedRule(shared));
    }

    // ------------------------------------------------------------------ words

    static Object known(OptionalLong v) {
        return v.isPresent() ? (Object) v.getAsLong() : "unknown";
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
