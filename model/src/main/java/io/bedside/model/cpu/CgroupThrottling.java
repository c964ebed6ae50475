package io.bedside.model.cpu;

import io.bedside.model.sample.Sample;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One cgroup with a CPU quota and how much it was throttled, as {@value CpuRules#THROTTLED} weighs
 * it: over the last minute of samples, or since the cgroup began when there is no earlier reading.
 * For the window's table and the report: the same figures the rule uses.
 *
 * @param cgroup           its name as the host's /proc/PID/cgroup shows it (host text)
 * @param unit             its systemd unit, if any
 * @param hierarchy        {@code v1} or {@code v2}
 * @param quotaPercent     its quota as a share of one CPU
 * @param throttledPercent periods throttled, of those it wanted CPU in
 * @param periods          periods it wanted CPU in, over the basis
 * @param throttledSeconds seconds held back, over the basis
 * @param usagePercent     CPU it used over the window, as a share of one CPU (empty since start)
 * @param basis            "over the last 60 s" or "since the cgroup began"
 * @param window           whether the figures are over a window of samples
 */
public record CgroupThrottling(String cgroup, Optional<String> unit, String hierarchy, Optional<Double> quotaPercent,
                               double throttledPercent, long periods, OptionalDouble throttledSeconds,
                               OptionalDouble usagePercent, String basis, boolean window) {

    /** Every cgroup of {@code latest} with a quota, most throttled first; {@code history}: the samples before it. */
    public static List<CgroupThrottling> of(Sample latest, List<Sample> history) {
        return CpuAssessment.compute(latest, history).stream().map(t -> new CgroupThrottling(t.name(), t.cgroup().unit(),
                t.cgroup().version(), t.cgroup().quotaPercent(), t.percent(), t.periods(), t.seconds(),
                t.usageCpus().isPresent() ? OptionalDouble.of(100 * t.usageCpus().getAsDouble()) : OptionalDouble.empty(),
                t.basisWords(), t.basis() == CpuAssessment.Basis.WINDOW)).toList();
    }
}
