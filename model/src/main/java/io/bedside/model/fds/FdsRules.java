package io.bedside.model.fds;

import io.bedside.model.findings.Rule;

import java.time.Duration;
import java.util.List;

/**
 * The file-descriptor playbook's findings (issue 12): their ids, thresholds, and the rules that
 * raise them, one class per id, sharing one {@link FdsAssessment} per sample.
 *
 * <table>
 * <caption>Findings</caption>
 * <tr><th>id</th><th>when</th><th>severity</th></tr>
 * <tr><td>{@value #SYSTEM_EXHAUSTED}</td><td>file-nr's allocated handles &gt;= {@code systemPercent} (90%) of
 *     fs.file-max</td><td>critical at &gt;= {@code systemCriticalPercent} (98%), else warning</td></tr>
 * <tr><td>{@value #NEAR_LIMIT}</td><td>a process's fds &gt;= {@code fdPercent} (80%) of its RLIMIT_NOFILE soft
 *     limit (the threshold it had in the socket playbook, where it began; the 90% is within it)</td>
 *     <td>critical at &gt;= {@code fdCriticalPercent} (95%), else warning</td></tr>
 * <tr><td>{@value #LEAK}</td><td>one process (same pid and start time) whose fds grew in every full sample of a
 *     run of at least {@code leakSamples} (3), by at least {@code leakFloor} (32) fds, over at least
 *     {@code leakSpan} (5 minutes), or, sooner, once it holds half its soft limit</td>
 *     <td>critical when it holds &gt;= {@code fdPercent} of its soft limit or would reach it within
 *     {@code leakHorizon} (30 minutes) at its rate; else warning</td></tr>
 * </table>
 *
 * <p>Why a floor of 32: a process that grows from 3 to 5 fds (a log rotated, a worker started) is no
 * leak worth a page, and neither is a pool warming up by a few connections; a run that adds 32 fds
 * in every sample it spans is one that will not stop by itself. Why sooner at half the limit: a
 * process growing that fast reaches its limit before five minutes pass (the lab's leaker holds
 * half of 256 within a minute), and a recording of three samples should show it as the live
 * window would.
 */
public final class FdsRules {
    public static final String SYSTEM_EXHAUSTED = "fd.system.exhausted";
    public static final String NEAR_LIMIT = "proc.fd.near-limit";
    public static final String LEAK = "proc.fd.leak";

    private FdsRules() {
    }

    public static List<Rule> all() {
        return all(Thresholds.DEFAULTS);
    }

    /** One rule per finding id, sharing one assessment per sample. */
    public static List<Rule> all(Thresholds limits) {
        FdsAssessment.Cache cache = new FdsAssessment.Cache(limits);
        return List.of(new FdSystemExhaustedRule(cache), new FdNearLimitRule(cache), new FdLeakRule(cache));
    }

    /**
     * @param systemPercent         file-nr at this percentage of file-max is a warning
     * @param systemCriticalPercent ... critical
     * @param fdPercent             a process's fds at this percentage of its soft limit are near it
     * @param fdCriticalPercent     ... critical
     * @param leakSamples           full samples of growth a leak needs at least
     * @param leakFloor             fds it must have grown by
     * @param leakSpan              how long it must have grown, unless it holds half its soft limit
     * @param leakHorizon           a leak that reaches its limit within this at its rate is critical
     * @param evidenceLines         raw lines per list in the evidence
     */
    public record Thresholds(int systemPercent, int systemCriticalPercent, int fdPercent, int fdCriticalPercent,
                             int leakSamples, int leakFloor, Duration leakSpan, Duration leakHorizon, int evidenceLines) {
        public static final Thresholds DEFAULTS = new Thresholds(90, 98, 80, 95, 3, 32, Duration.ofMinutes(5),
                Duration.ofMinutes(30), 20);

        public Thresholds {
            if (systemPercent < 1 || systemCriticalPercent < systemPercent || systemCriticalPercent > 100 || fdPercent < 1
                    || fdCriticalPercent < fdPercent || fdCriticalPercent > 100 || leakSamples < 2 || leakFloor < 1
                    || leakSpan.isNegative() || leakHorizon.isNegative() || evidenceLines < 1) {
                throw new IllegalArgumentException("inconsistent fd thresholds");
            }
        }
    }
}
