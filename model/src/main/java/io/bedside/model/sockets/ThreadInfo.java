package io.bedside.model.sockets;

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
 * @param pid     the process (thread group)
 * @param tid     the thread
 * @param state   R running, S sleeping, D uninterruptible, T stopped, Z zombie, I idle ...
 * @param wchan   the kernel function it sleeps in, {@code 0} when running (and when the probe may
 *                not see it: other users' threads without root read 0); empty when unreadable
 * @param syscall the system call it is in, read only for threads sleeping in a pipe function;
 *                empty when not read or unreadable
 * @param name    the thread's name (comm), which may contain spaces
 * @param line    the raw line
 */
public record ThreadInfo(int pid, int tid, char state, Optional<String> wchan, Optional<Syscall> syscall, String name,
                         String line) {

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
