package io.bedside.model.cpu;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Every cgroup with a CPU quota in one sample, and where the hierarchies are mounted.
 *
 * @param v2       cgroup2's mount point, if mounted
 * @param v2Root   the cgroup its mount shows as its root ({@code /} outside a container)
 * @param v1       the v1 hierarchy with the cpu controller, if mounted
 * @param v1Root   that mount's root
 * @param cgroups  those with a quota, in the order the walk met them
 * @param looked   cgroups looked at, when the probe said
 */
public record CgroupCpuTable(Optional<String> v2, Optional<String> v2Root, Optional<String> v1, Optional<String> v1Root,
                             List<CgroupCpu> cgroups, OptionalLong looked) {
    public CgroupCpuTable {
        cgroups = List.copyOf(cgroups);
    }

    /** The cgroup at {@code path} (below its mount point) of {@code version}. */
    public Optional<CgroupCpu> find(String version, String path) {
        return cgroups.stream().filter(c -> c.version().equals(version) && c.path().equals(path)).findFirst();
    }

    /** The cgroup at {@code path}, of either version (v2 first). */
    public Optional<CgroupCpu> find(String path) {
        return find("v2", path).or(() -> find("v1", path));
    }

    /** The mount point of {@code version}'s hierarchy. */
    public Optional<String> mount(String version) {
        return "v2".equals(version) ? v2 : v1;
    }

    /**
     * The cgroup's name as the host's own /proc/PID/cgroup shows it: its mount's root, then its
     * path ({@code /docker/abc} + {@code /x} inside a container whose mount root is /docker/abc).
     */
    public String name(CgroupCpu c) {
        String root = ("v2".equals(c.version()) ? v2Root : v1Root).orElse("/");
        if (root.equals("/") || root.equals("-")) {
            return c.path();
        }
        return c.path().equals("/") ? root : root + c.path();
    }
}
