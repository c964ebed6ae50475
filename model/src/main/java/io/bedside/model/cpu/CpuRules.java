package io.bedside.model.cpu;

import io.bedside.model.findings.Rule;

import java.time.Duration;
import java.util.List;

/**
 * The CPU playbook's findings (issue 13): their ids, thresholds and rules, one per id.
 *
 * <table>
 * <caption>Findings</caption>
 * <tr><th>id</th><th>when</th><th>severity</th></tr>
 * <tr><td>{@value #THROTTLED}</td><td>a cgroup with a CPU quota throttled in at least
 *     {@value #THROTTLED_WARNING}% of the periods it wanted CPU in, over the last minute (the
 *     samples' difference); with one sample only, since the cgroup began (said so)</td>
 *     <td>warning; critical at {@value #THROTTLED_CRITICAL}% over the last minute</td></tr>
 * <tr><td>{@value #PRESSURE}</td><td>PSI cpu some avg10 at least {@value #PSI_WARNING}%, with the run
 *     queue and steal time</td><td>warning; critical at {@value #PSI_CRITICAL}%</td></tr>
 * </table>
 */
public final class CpuRules {
    public static final String THROTTLED = "cpu.throttled";
    public static final String PRESSURE = "cpu.pressure";

    public static final double THROTTLED_WARNING = 25;
    public static final double THROTTLED_CRITICAL = 75;
    public static final double PSI_WARNING = 40;
    public static final double PSI_CRITICAL = 80;
    /** Throttling counts over this window ("the last minute"; a little slack for sampling jitter). */
    static final Duration WINDOW = Duration.ofSeconds(65);
    /** Two readings closer than this are not compared (light samples carry the same one). */
    static final Duration MIN_SPAN = Duration.ofSeconds(5);
    /** Fewer periods than this over the basis say nothing (a cgroup that barely ran). */
    static final long MIN_PERIODS = 10;

    private CpuRules() {
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    public static List<Rule> all() {
        CpuAssessment shared = new CpuAssessment();
        return List.of(new ThrottledRule(shared), new CpuPressureRule());
    }
}
