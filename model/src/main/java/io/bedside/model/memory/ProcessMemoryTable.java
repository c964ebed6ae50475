package io.bedside.model.memory;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The probe's {@code procs-mem} section: every process but the kernel's own threads.
 *
 * @param processes     the processes, in pid order as the probe listed them
 * @param kernelThreads how many kernel threads the probe skipped (they hold no user memory)
 * @param exited        how many processes were gone before their files could be read
 * @param header        the header line, for evidence
 */
public record ProcessMemoryTable(List<ProcessMemory> processes, OptionalInt kernelThreads, OptionalInt exited,
                                 String header) {
    public ProcessMemoryTable {
        processes = List.copyOf(processes);
    }

    public Optional<ProcessMemory> pid(int pid) {
        return processes.stream().filter(p -> p.pid() == pid).findFirst();
    }

    /**
     * Whom the OOM killer would take first: highest oom_score first, then most RSS; zombies and
     * processes whose score could not be read are left out.
     */
    public List<ProcessMemory> byOomScore() {
        return processes.stream().filter(p -> p.oomScore().isPresent() && !p.zombie())
                .sorted(Comparator.comparingInt((ProcessMemory p) -> p.oomScore().getAsInt()).reversed()
                        .thenComparing(Comparator.comparingLong((ProcessMemory p) -> p.rssKb().orElse(0)).reversed())
                        .thenComparingInt(ProcessMemory::pid))
                .toList();
    }
}
