package io.bedside.model.procs;

import io.bedside.model.memory.ProcessMemory;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A parent and the zombies it has not reaped (from the memory part's process walk: state Z, ppid).
 *
 * @param ppid           the parent's pid
 * @param comm           the parent's name; empty when the walk did not list it (a kernel thread)
 * @param unit           the systemd service the parent runs in, when its cgroup names one
 * @param parentStart    the parent's start time (clock ticks after boot), when listed
 * @param zombies        its zombie children, oldest first
 * @param oldestAge      seconds since the oldest of them started (uptime - start / USER_HZ); empty
 *                       when the sample holds no uptime
 * @param kernelParent   whether the parent is a kernel thread (not in the walk, or pid 2)
 */
public record ZombieParent(int ppid, Optional<String> comm, Optional<String> unit, OptionalLong parentStart,
                           List<ProcessMemory> zombies, OptionalDouble oldestAge, boolean kernelParent) {
    public ZombieParent {
        zombies = List.copyOf(zombies);
    }

    /** Whether the parent is init (pid 1): it should reap; no fix may signal it. */
    public boolean init() {
        return ppid == 1;
    }
}
