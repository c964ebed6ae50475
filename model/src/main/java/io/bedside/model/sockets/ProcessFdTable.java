package io.bedside.model.sockets;

import java.util.ArrayList;
import java.util.Collections;
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
    private final SocketIndex bySocket;
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
        int sockets = 0;
        for (ProcessFds p : this.processes.values()) {
            for (Fd f : p.fds()) {
                if (f.target() instanceof FdTarget.Socket) {
                    sockets++;
                } else if (f.target() instanceof FdTarget.Pipe || f.type() == 'p') {
                    f.pipe().ifPresent(id -> byPipe.computeIfAbsent(id, k -> new ArrayList<>(2)).add(f));
                }
            }
        }
        bySocket = new SocketIndex(sockets);
        for (ProcessFds p : this.processes.values()) {
            for (Fd f : p.fds()) {
                if (f.target() instanceof FdTarget.Socket so) {
                    bySocket.add(so.inode(), f);
                }
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
        return bySocket.get(inode);
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

    /**
     * The socket fds by inode: a big host's 100,000 of them in three arrays (an open-addressing table
     * of inodes, the first fd of each, a chain for the rare socket two processes share), not a boxed
     * key, a map entry and a list each, built again for every full sample.
     */
    private static final class SocketIndex {
        private final long[] keys;
        private final int[] first;
        private final int[] next;
        private final Fd[] fds;
        private int n;

        SocketIndex(int capacity) {
            int size = Integer.highestOneBit(Math.max(4, capacity * 2 + 1)) << 1;
            keys = new long[size];
            first = new int[size];
            next = new int[Math.max(1, capacity)];
            fds = new Fd[Math.max(1, capacity)];
        }

        private int slot(long inode) {
            int mask = keys.length - 1;
            int i = (int) (Long.hashCode(inode * 0x9E3779B97F4A7C15L)) & mask;
            while (first[i] != 0 && keys[i] != inode) {
                i = (i + 1) & mask;
            }
            return i;
        }

        void add(long inode, Fd f) {
            int i = slot(inode);
            fds[n] = f;
            // 1-based in first and next, so that 0 is none; a chain keeps the order added
            if (first[i] == 0) {
                keys[i] = inode;
                first[i] = n + 1;
            } else {
                int k = first[i] - 1;
                while (next[k] != 0) {
                    k = next[k] - 1;
                }
                next[k] = n + 1;
            }
            n++;
        }

        List<Fd> get(long inode) {
            int i = slot(inode);
            if (first[i] == 0) {
                return List.of();
            }
            int k = first[i] - 1;
            if (next[k] == 0) {
                return List.of(fds[k]);
            }
            List<Fd> out = new ArrayList<>(2);
            for (; ; k = next[k] - 1) {
                out.add(fds[k]);
                if (next[k] == 0) {
                    return out;
                }
            }
        }
    }
}
