package io.bedside.model.procs;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the cgroup walk of one full sample found: the cgroups near their pids.max (the probe prints
 * only those at 50% or more, or that refused forks), and how many it looked at.
 *
 * @param cgroups the cgroups, in the order the walk met them
 * @param v1Mount where the cgroup v1 pids hierarchy is mounted, when it is
 * @param v2Mount where cgroup v2 is mounted, when it is
 * @param scanned how many pids.max files the walk read
 * @param finite  how many of them were finite (not {@code max})
 */
public record CgroupPidsTable(List<CgroupPids> cgroups, Optional<String> v1Mount, Optional<String> v2Mount,
                              OptionalLong scanned, OptionalLong finite) {
    public CgroupPidsTable {
        cgroups = List.copyOf(cgroups);
    }

    /** The cgroup {@code ref} ({@code v1:/path}) names, when the walk printed it. */
    public Optional<CgroupPids> find(String ref) {
        return cgroups.stream().filter(c -> c.ref().equals(ref)).findFirst();
    }

    /** The mount of {@code version}'s hierarchy, when known. */
    public Optional<String> mount(String version) {
        return version.equals("v1") ? v1Mount : version.equals("v2") ? v2Mount : Optional.empty();
    }
}
