package io.bedside.model.procs;

import io.bedside.model.host.HostFacts;
import io.bedside.model.memory.MemorySnapshot;
import io.bedside.model.memory.ProcessMemory;
import io.bedside.model.memory.ProcessMemoryTable;
import io.bedside.model.sample.Sample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The zombies of one sample, by parent. They come from the memory part's process walk (procs-mem:
 * state, ppid, start, unit), read here, not walked again. A zombie's age is the host's uptime
 * (/proc/uptime, read by the host part on every sample) less its start time, which
 * /proc/PID/stat gives in clock ticks after boot: USER_HZ, which the kernel fixes at 100 for
 * user space on every mainstream ABI ({@code sysconf(_SC_CLK_TCK)}; the same 100 the probe's CPU
 * figures use, see ProbeOutput.cpuTicks). Both figures are the host's own: no clock skew.
 */
public final class Zombies {
    /** USER_HZ: clock ticks per second in /proc/PID/stat. */
    public static final double USER_HZ = 100.0;

    private Zombies() {
    }

    /** Every parent with zombies, most zombies first; empty when the sample has no process walk. */
    public static Optional<List<ZombieParent>> of(Sample sample) {
        Optional<ProcessMemoryTable> table = MemorySnapshot.of(sample).processes().get();
        if (table.isEmpty()) {
            return Optional.empty();
        }
        OptionalDouble uptime = sample.facts().get().flatMap(HostFacts::uptimeSeconds)
                .map(OptionalDouble::of).orElse(OptionalDouble.empty());
        return Optional.of(of(table.get(), uptime));
    }

    public static List<ZombieParent> of(ProcessMemoryTable table, OptionalDouble uptime) {
        Map<Integer, List<ProcessMemory>> byParent = new LinkedHashMap<>();
        for (ProcessMemory p : table.processes()) {
            if (p.zombie()) {
                byParent.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p);
            }
        }
        List<ZombieParent> out = new ArrayList<>();
        byParent.forEach((ppid, zs) -> {
            zs.sort(Comparator.comparingLong(ProcessMemory::startTicks).thenComparingInt(ProcessMemory::pid));
            Optional<ProcessMemory> parent = table.pid(ppid);
            OptionalDouble age = uptime.isPresent()
                    ? OptionalDouble.of(Math.max(0, uptime.getAsDouble() - zs.get(0).startTicks() / USER_HZ)) : OptionalDouble.empty();
            out.add(new ZombieParent(ppid, parent.map(ProcessMemory::comm), parent.flatMap(ProcessMemory::unit),
                    parent.map(p -> OptionalLong.of(p.startTicks())).orElse(OptionalLong.empty()), zs, age,
                    ppid == 2 || (ppid > 1 && parent.isEmpty())));
        });
        out.sort(Comparator.comparingInt((ZombieParent z) -> -z.zombies().size()).thenComparingInt(ZombieParent::ppid));
        return out;
    }

    /** Why the sample has no process walk ("needs root (...)"); empty when it has one. */
    public static String absence(Sample sample) {
        return MemorySnapshot.of(sample).processes().describeAbsence();
    }

    /** How many zombies the sample holds; empty without a process walk. */
    public static OptionalLong count(Sample sample) {
        return of(sample).map(l -> OptionalLong.of(l.stream().mapToLong(z -> z.zombies().size()).sum())).orElse(OptionalLong.empty());
    }
}
