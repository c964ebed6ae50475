package io.bedside.model.cpu;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One cgroup with a CPU quota, as one sample read it. The counters are the kernel's since the
 * cgroup was made; throttling over a window is the difference between two samples
 * ({@link CpuAssessment}).
 *
 * @param version      {@code v1} (cpu.cfs_quota_us, cpu.cfs_period_us, cpu.stat throttled_time
 *                     in ns) or {@code v2} (cpu.max, cpu.stat throttled_usec)
 * @param path         its path below the hierarchy's mount point, starting with {@code /}: host
 *                     text (a cgroup name may hold any byte but {@code /} and newline)
 * @param quotaUsec    CPU time it may use per period, in microseconds
 * @param periodUsec   the period, in microseconds
 * @param nrPeriods    periods in which it wanted CPU
 * @param nrThrottled  periods in which it was throttled
 * @param throttledUsec time its tasks were held back, in microseconds (v1's ns divided by 1000)
 * @param usageUsec    CPU time it used, in microseconds (v2 usage_usec, v1 cpuacct.usage / 1000)
 */
public record CgroupCpu(String version, String path, long quotaUsec, OptionalLong periodUsec, OptionalLong nrPeriods,
                        OptionalLong nrThrottled, OptionalLong throttledUsec, OptionalLong usageUsec) {

    /**
     * The systemd unit it belongs to: the last path component named {@code *.service} or
     * {@code *.scope} ({@code /system.slice/nginx.service} is nginx.service). Empty otherwise.
     */
    public Optional<String> unit() {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (parts[i].endsWith(".service") || parts[i].endsWith(".scope")) {
                return parts[i].length() > ".scope".length() ? Optional.of(parts[i]) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The quota as a share of one CPU, as systemd's CPUQuota= says it (20000/100000: 20%). */
    public Optional<Double> quotaPercent() {
        if (periodUsec.isEmpty() || periodUsec.getAsLong() <= 0) {
            return Optional.empty();
        }
        return Optional.of(100.0 * quotaUsec / periodUsec.getAsLong());
    }

    /** The file the quota is written in, relative to the mount point: cpu.max or cpu.cfs_quota_us. */
    public String quotaFile() {
        return "v2".equals(version) ? "cpu.max" : "cpu.cfs_quota_us";
    }
}
