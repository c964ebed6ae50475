package io.bedside.model.sockets;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Threads of one process that sleep writing to one pipe or FIFO: the kernel's wait for room in a
 * full pipe ({@code pipe_write} before 6.x, {@code anon_pipe_write} after; {@code pipe_wait}
 * before 5.5, when the system call says it is a write).
 *
 * @param pid       the process
 * @param comm      its name
 * @param startTime its start time (clock ticks after boot), when known
 * @param fd        the fd they write to; empty when it cannot be told
 * @param fdFrom    how the fd was told: {@code syscall} (the write's own first argument),
 *                  {@code only pipe} (the one pipe or FIFO it holds open for writing) or
 *                  {@code guess} (stderr, then stdout, then the lowest of several)
 * @param fdLine    the fd's raw proc-fds line
 * @param pipe      the pipe that fd is an end of
 * @param threads   the blocked threads
 * @param ends      who holds the pipe's ends
 */
public record BlockedPipe(int pid, String comm, OptionalLong startTime, OptionalInt fd, String fdFrom, Optional<Fd> fdLine,
                          Optional<PipeId> pipe, List<ThreadInfo> threads, Optional<PipeEnds> ends) {
    public BlockedPipe {
        threads = List.copyOf(threads);
    }
}
