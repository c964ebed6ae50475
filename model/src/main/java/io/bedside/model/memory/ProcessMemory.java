package io.bedside.model.memory;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One process as the memory playbook sees it: what it holds and how the OOM killer ranks it.
 * Values the host did not give are empty, never 0.
 *
 * @param pid           the process id
 * @param comm          the process name (/proc/PID/status {@code Name:}, unescaped; may hold spaces and {@code )})
 * @param state         the state letter of /proc/PID/stat ({@code R}, {@code S}, {@code D}, {@code Z}, ...)
 * @param ppid          the parent's pid
 * @param uid           the real uid
 * @param startTicks    field 22 of /proc/PID/stat: when it started, in clock ticks after boot; with
 *                      the pid it tells this process from a later one that reuses the pid
 * @param rssKb         the resident set: stat's count of pages times the page size, or VmRSS where
 *                      the probe could not learn the page size (empty for a zombie or a process
 *                      without memory)
 * @param swapKb        VmSwap
 * @param oomScore      /proc/PID/oom_score, 0..2000: the highest is killed first
 * @param oomScoreAdj   /proc/PID/oom_score_adj, -1000..1000 (-1000: never killed)
 * @param cgroup        the memory controller's cgroup
 * @param systemdCgroup on a cgroup v1 host, the name=systemd cgroup (which names the unit)
 * @param cmdline       the command line, arguments joined by spaces, at most 256 bytes, secrets masked
 *                      by the probe on the host ({@code --password=***})
 * @param line          the probe's line, for evidence
 */
public record ProcessMemory(int pid, String comm, String state, int ppid, OptionalLong uid, long startTicks,
                            OptionalLong rssKb, OptionalLong swapKb, OptionalInt oomScore, OptionalInt oomScoreAdj,
                            Optional<CgroupRef> cgroup, Optional<String> systemdCgroup, String cmdline, String line) {

    /**
     * The systemd system unit that owns the process, from its cgroup path: the deepest
     * {@code *.service} component, e.g. {@code nginx.service} for
     * {@code /system.slice/nginx.service}. Empty for a process of no service, or one under a
     * user manager ({@code user@1000.service/...}), whose units a system drop-in does not reach.
     */
    public Optional<String> unit() {
        String path = systemdCgroup.orElse(cgroup.map(CgroupRef::path).orElse(""));
        String unit = null;
        for (String part : path.split("/")) {
            if (part.startsWith("user@") && part.endsWith(".service")) {
                return Optional.empty();
            }
            if (part.endsWith(".service") && part.length() > ".service".length()) {
                unit = part;
            }
        }
        return Optional.ofNullable(unit);
    }

    public boolean zombie() {
        return state.equals("Z") || state.equals("X");
    }
}
