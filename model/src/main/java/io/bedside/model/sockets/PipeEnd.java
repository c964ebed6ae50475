package io.bedside.model.sockets;

import java.util.Optional;

/**
 * A process holding one end of a pipe or FIFO.
 *
 * @param pid   the process
 * @param comm  its name
 * @param fd    the fd it holds the pipe as
 * @param reads whether the fd is open for reading
 * @param writes whether the fd is open for writing
 * @param state the process's state (its main thread's), when proc-threads has it
 * @param wchan the kernel function its main thread sleeps in; empty when it runs or that cannot be seen
 * @param fdLine the raw proc-fds line
 */
public record PipeEnd(int pid, String comm, int fd, boolean reads, boolean writes, Optional<Character> state,
                      Optional<String> wchan, String fdLine) {
}
