package io.bedside.model.disk;

import io.bedside.model.findings.Rule;

import java.util.List;

/**
 * The disk playbook's finding ids and thresholds.
 * <ul>
 *   <li>{@value #FULL}: blocks available to users other than root &lt; 5% of the file system
 *       (warning), &lt; 1% or none (critical). Read-only file systems are left out.</li>
 *   <li>{@value #INODES}: inodes used &gt;= 90% (warning), &gt;= 99% (critical).</li>
 *   <li>{@value #DELETED_OPEN}: deleted files still held open, summed per file system (each file
 *       once, however many fds hold it), when they hold &gt;= 1% of it or it is full.</li>
 * </ul>
 */
public final class DiskRules {
    public static final String FULL = "disk.full";
    public static final String INODES = "disk.inodes.exhausted";
    public static final String DELETED_OPEN = "disk.deleted-open";
    public static final List<String> IDS = List.of(FULL, INODES, DELETED_OPEN);

    /** Available below this percent: warning. */
    public static final double FULL_WARNING_PCT = 5;
    /** Available below this percent (or nothing available): critical. */
    public static final double FULL_CRITICAL_PCT = 1;
    public static final int INODES_WARNING_PCT = 90;
    public static final int INODES_CRITICAL_PCT = 99;
    /** Deleted files holding this percent of a file system are worth a finding. */
    public static final double DELETED_PCT = 1;
    /** How many holders a finding offers fixes for. */
    static final int OFFERS = 3;

    private DiskRules() {
    }

    public static List<Rule> all() {
        DiskAssessment.Cache cache = new DiskAssessment.Cache();
        return List.of(new DiskFullRule(cache), new InodesExhaustedRule(cache), new DeletedOpenRule(cache));
    }
}
