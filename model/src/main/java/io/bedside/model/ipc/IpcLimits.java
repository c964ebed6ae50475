package io.bedside.model.ipc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The System V IPC limits of the host's IPC namespace (probe section {@code ipc-limits}). Each is
 * absent when the host could not read it; none is ever defaulted. Values above
 * {@code Long.MAX_VALUE} (the kernel's "unlimited" shmmax and shmall, 18446744073692774399) are
 * held as {@code Long.MAX_VALUE}; the raw line keeps the exact text.
 *
 * @param semmsl   max semaphores per array (kernel.sem field 1)
 * @param semmns   max semaphores system wide (field 2)
 * @param semopm   max operations per semop call (field 3)
 * @param semmni   max semaphore arrays (field 4)
 * @param shmmax   max bytes per segment
 * @param shmall   max pages of shared memory in total
 * @param shmmni   max segments
 * @param msgmni   max message queues
 * @param msgmax   max bytes per message
 * @param msgmnb   default max bytes per queue
 * @param pageSize the page size in bytes (the unit of shmall)
 * @param lines    the raw line each value came from, by name ({@code kernel.sem}, {@code page_size})
 */
public record IpcLimits(OptionalLong semmsl, OptionalLong semmns, OptionalLong semopm, OptionalLong semmni,
                        OptionalLong shmmax, OptionalLong shmall, OptionalLong shmmni,
                        OptionalLong msgmni, OptionalLong msgmax, OptionalLong msgmnb,
                        OptionalLong pageSize, Map<String, String> lines) {
    public IpcLimits {
        lines = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lines));
    }

    /** The raw line a value came from, e.g. {@code line("kernel.sem")} -> {@code kernel.sem=250 32000 32 128}. */
    public Optional<String> line(String name) {
        return Optional.ofNullable(lines.get(name));
    }

    /** All four kernel.sem fields were read. */
    public boolean hasSem() {
        return semmsl.isPresent() && semmns.isPresent() && semopm.isPresent() && semmni.isPresent();
    }

    /** kernel.sem as sysctl takes it: {@code 250 32000 32 128}; empty unless all four are known. */
    public Optional<String> semValue() {
        return hasSem() ? Optional.of(semmsl.getAsLong() + " " + semmns.getAsLong() + " " + semopm.getAsLong()
                + " " + semmni.getAsLong()) : Optional.empty();
    }
}
