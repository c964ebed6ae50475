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
 * @param incrementalRuns how many full samples in a row, up to this one, took some command lines
 *                      from the sample before ({@link ProcWalk}); 0 when this one read them all
 */
public record ProcessMemoryTable(List<ProcessMemory> processes, OptionalInt kernelThreads, OptionalInt exited,
                                 String header, int incrementalRuns) {
    public ProcessMemoryTable {
        processes = List.copyOf(processes);
    }

    public ProcessMemoryTable(List<ProcessMemory> processes, OptionalInt kernelThreads, OptionalInt exited, String header) {
        this(processes, kernelThreads, exited, header, 0);
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
