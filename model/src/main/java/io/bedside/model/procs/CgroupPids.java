package io.bedside.model.procs;

import java.util.OptionalLong;

/**
 * One cgroup with a finite {@code pids.max} near it (section {@code cgroup-pids}). Sample:
 * <pre>
 * v1	/bedside-forks	max=64 current=64 events_max=1812
 * v2	/system.slice/nginx.service	max=4915 current=4700 events_max=0
 * </pre>
 *
 * @param version   {@code v1} (the pids controller's own hierarchy) or {@code v2} (the unified one)
 * @param path      the cgroup's path below the hierarchy's mount, decoded (any byte but NUL)
 * @param max       pids.max: the most tasks it may hold
 * @param current   pids.current; empty when it could not be read
 * @param eventsMax pids.events {@code max}: how many forks it refused since it was made; empty
 *                  when the file could not be read (kernels before 4.5 have none)
 * @param line      the probe's line, for evidence (escaped, as printed)
 */
public record CgroupPids(String version, String path, long max, OptionalLong current, OptionalLong eventsMax, String line) {

    /** What {@code bedside fix} takes as {@code cgroup=}: {@code v1:/path}. */
    public String ref() {
        return version + ":" + path;
    }

    /** pids.current as a share of pids.max, in percent; empty when unknown or max is 0. */
    public OptionalLong percent() {
        if (current.isEmpty()) {
            return OptionalLong.empty();
        }
        return max == 0 ? OptionalLong.of(current.getAsLong() > 0 ? 100 : 0) : OptionalLong.of(100 * current.getAsLong() / max);
    }
}
