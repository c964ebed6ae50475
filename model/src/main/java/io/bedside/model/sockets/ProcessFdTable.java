package io.bedside.model.sockets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every process's fds from one probe (section {@code proc-fds}), indexed by pid, by socket inode
 * and by pipe. Immutable.
 */
public final class ProcessFdTable {
    private final Map<Integer, ProcessFds> processes;
    private final List<Integer> exited;
    private final String detail;
    private final Map<Integer, Long> fdDirInodes;
    private final Map<Long, List<Fd>> bySocket = new HashMap<>();
    private final Map<PipeId, List<Fd>> byPipe = new LinkedHashMap<>();

    /**
     * @param processes every process the probe listed
     * @param exited    pids whose fds were listed but which ended before the probe read their
     *                  stat: their fds are left out (the pid may already name another process)
     * @param detail    the section's detail (how it was read and as which uid)
     */
    public ProcessFdTable(List<ProcessFds> processes, List<Integer> exited, String detail) {
        this(processes, exited, detail, Map.of());
    }

    /**
     * @param fdDirInodes the inode number of each process's /proc/PID/fd as the incremental walk saw it
     *                    (the probe's {@code ino} lines, and the table before's for the same process):
     *                    the next walk skips a process whose inode is the same without reading it
     */
    ProcessFdTable(List<ProcessFds> processes, List<Integer> exited, String detail, Map<Integer, Long> fdDirInodes) {
        this.fdDirInodes = Map.copyOf(fdDirInodes);
        Map<Integer, ProcessFds> m = new LinkedHashMap<>();
        for (ProcessFds p : processes) {
            m.putIfAbsent(p.pid(), p);
        }
        this.processes = Collections.unmodifiableMap(m);
        this.exited = List.copyOf(exited);
        this.detail = detail;
        for (ProcessFds p : this.processes.values()) {
            for (Fd f : p.fds()) {
                f.socketInode().ifPresent(i -> bySocket.computeIfAbsent(i, k -> new ArrayList<>(1)).add(f));
                f.pipe().ifPresent(id -> byPipe.computeIfAbsent(id, k -> new ArrayList<>(2)).add(f));
            }
        }
    }

    public Map<Integer, ProcessFds> processes() {
        return processes;
    }

    public Optional<ProcessFds> process(int pid) {
        return Optional.ofNullable(processes.get(pid));
    }

    public List<Integer> exited() {
        return exited;
    }

    public String detail() {
        return detail;
    }

    /** The inode number of the process's /proc/PID/fd when the walk saw it, if it printed or kept one. */
    java.util.OptionalLong fdDirInode(int pid) {
        Long i = fdDirInodes.get(pid);
        return i == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(i);
    }

    /** Processes whose fds could not be read: what they hold is not known. */
    public List<ProcessFds> unreadable() {
        return processes.values().stream().filter(p -> !p.readable()).toList();
    }

    /** The fds that hold a socket, by its inode. */
    public List<Fd> holdersOfSocket(long inode) {
        return bySocket.getOrDefault(inode, List.of());
    }

    /** The fds that are an end of a pipe or FIFO. */
    public List<Fd> holdersOfPipe(PipeId pipe) {
        return byPipe.getOrDefault(pipe, List.of());
    }

    /** Every pipe and FIFO some readable fd is an end of, in the order first seen. */
    public List<PipeId> pipes() {
        return List.copyOf(byPipe.keySet());
    }

    /** Every fd line of every process, as printed. */
    public int fdLines() {
        return processes.values().stream().mapToInt(p -> p.fds().size()).sum();
    }
}
