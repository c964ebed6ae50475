package io.bedside.model.sockets;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One thread (probe section {@code proc-threads}). Sample:
 * <pre>
 * 5025 5029 S anon_pipe_write 1:0x2 CP Server Th-1
 * 5027 5027 S hrtimer_nanosleep - bedside-reader
 * 1 1 S 0 - process_api
 * </pre>
 *
 * <p>What it holds: {@code pid} the process (thread group); {@code tid} the thread; {@code state} R
 * running, S sleeping, D uninterruptible, T stopped, Z zombie, I idle ...; {@code wchan} the kernel
 * function it sleeps in, {@code 0} when running (and when the probe may not see it: other users'
 * threads without root read 0), empty when unreadable; {@code syscall} the system call it is in,
 * read only for threads sleeping in a pipe function, empty when not read or unreadable;
 * {@code name} the thread's name (comm), which may contain spaces; {@code line} the raw line.
 *
 * <p>A class rather than a record so that the raw line stays where the section holds it: a big
 * host's 400,000 threads each kept a string of it.
 */
public final class ThreadInfo {
    private final int pid;
    private final int tid;
    private final char state;
    private final Optional<String> wchan;
    private final Optional<Syscall> syscall;
    private final String name;
    /** Where the raw line is: a section's lines and its index there (no copy of the text per thread). */
    private final List<String> lines;
    private final int index;

    public ThreadInfo(int pid, int tid, char state, Optional<String> wchan, Optional<Syscall> syscall, String name, String line) {
        this(pid, tid, state, wchan, syscall, name, List.of(line), 0);
    }

    /** A thread whose raw line is {@code lines.get(index)}; {@code lines} must not change. */
    ThreadInfo(int pid, int tid, char state, Optional<String> wchan, Optional<Syscall> syscall, String name, List<String> lines, int index) {
        this.pid = pid;
        this.tid = tid;
        this.state = state;
        this.wchan = Objects.requireNonNull(wchan);
        this.syscall = Objects.requireNonNull(syscall);
        this.name = Objects.requireNonNull(name);
        this.lines = lines;
        this.index = Objects.checkIndex(index, lines.size());
    }

    public int pid() {
        return pid;
    }

    public int tid() {
        return tid;
    }

    public char state() {
        return state;
    }

    public Optional<String> wchan() {
        return wchan;
    }

    public Optional<Syscall> syscall() {
        return syscall;
    }

    public String name() {
        return name;
    }

    /** The raw line (made when asked for: a big host has hundreds of thousands of threads). */
    public String line() {
        return lines.get(index);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ThreadInfo t && pid == t.pid && tid == t.tid && state == t.state && wchan.equals(t.wchan)
                && syscall.equals(t.syscall) && name.equals(t.name) && line().equals(t.line());
    }

    @Override
    public int hashCode() {
        return Objects.hash(pid, tid, state, wchan, syscall, name);
    }

    @Override
    public String toString() {
        return "ThreadInfo[pid=" + pid + ", tid=" + tid + ", state=" + state + ", wchan=" + wchan + ", syscall=" + syscall
                + ", name=" + name + ", line=" + line() + "]";
    }

    /**
     * The system call a thread is in, from /proc/PID/task/TID/syscall: its number (which differs
     * by architecture) and first argument (for write, the fd).
     */
    public record Syscall(long number, OptionalLong arg0) {
    }

    /** The kernel function it sleeps in; empty when running or not known. */
    public Optional<String> sleepingIn() {
        return wchan.filter(w -> !w.equals("0"));
    }

    public boolean mainThread() {
        return pid == tid;
    }
}
