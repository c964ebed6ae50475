package io.bedside.model.procs;

import io.bedside.model.findings.Rule;

import java.util.List;

/**
 * The processes playbook's finding ids, thresholds and rules:
 * <ul>
 *   <li>{@value #ZOMBIES}: a parent with {@value #ZOMBIES_PER_PARENT} or more zombie children, or
 *       zombies older than {@value #ZOMBIE_AGE_SECONDS} s; critical when the host's zombies hold
 *       {@value #ZOMBIES_CRITICAL_PERCENT}% or more of kernel.pid_max</li>
 *   <li>{@value #STUCK}: threads in D in {@value #STUCK_SAMPLES} or more consecutive full samples,
 *       grouped by wchan; critical when the kernel's hung-task watchdog logged one of them</li>
 *   <li>{@value #PIDS_EXHAUSTED}: tasks at {@value #PIDS_WARNING_PERCENT}% or more of kernel.pid_max
 *       or kernel.threads-max, or a cgroup's pids at that share of its pids.max; critical at
 *       {@value #PIDS_CRITICAL_PERCENT}%, or when a cgroup refused forks since the sample before</li>
 * </ul>
 */
public final class ProcsRules {
    public static final String ZOMBIES = "proc.zombies";
    public static final String STUCK = "proc.stuck";
    public static final String PIDS_EXHAUSTED = "proc.pids.exhausted";

    public static final int ZOMBIES_PER_PARENT = 20;
    public static final int ZOMBIE_AGE_SECONDS = 600;
    public static final int ZOMBIES_CRITICAL_PERCENT = 5;
    public static final int STUCK_SAMPLES = 2;
    public static final int PIDS_WARNING_PERCENT = 90;
    public static final int PIDS_CRITICAL_PERCENT = 98;

    private ProcsRules() {
    }

    public static List<String> ids() {
        return List.of(ZOMBIES, STUCK, PIDS_EXHAUSTED);
    }

    public static List<Rule> all() {
        return List.of(new ZombiesRule(), new StuckRule(), new PidsExhaustedRule());
    }
}
