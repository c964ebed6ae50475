package io.bedside.model.sockets;

import java.util.List;

/**
 * Who holds a pipe or FIFO, from the fds of every process the probe could read.
 *
 * @param pipe       the pipe
 * @param readers    processes holding it open for reading (an O_RDWR fd counts as both)
 * @param writers    processes holding it open for writing
 * @param unreadable processes whose fds could not be read: any of them may hold an end too, so
 *                   an empty reader list is only certain when this is empty
 */
public record PipeEnds(PipeId pipe, List<PipeEnd> readers, List<PipeEnd> writers, List<ProcessFds> unreadable) {
    public PipeEnds {
        readers = List.copyOf(readers);
        writers = List.copyOf(writers);
        unreadable = List.copyOf(unreadable);
    }

    /** Whether the lists are known to be complete (every process's fds were read). */
    public boolean complete() {
        return unreadable.isEmpty();
    }
}
