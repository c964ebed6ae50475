package io.bedside.model.procs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A thread in uninterruptible sleep (D) in the latest full sample and the full samples before it.
 *
 * @param pid       its process
 * @param tid       the thread
 * @param comm      the thread's name
 * @param wchan     the kernel function it sleeps in; empty when the probe could not read it
 *                  (other users' threads without root)
 * @param start     its process's start time (clock ticks after boot), when the process walk lists it
 *                  (kernel threads are not listed): with pid and tid it names one thread across samples
 * @param since     the earliest sample of the run in which it was seen in D (a lower bound), or
 *                  earlier when the kernel logged it as blocked for longer
 * @param samples   how many consecutive full samples saw it in D
 * @param logged    the kernel's hung-task lines about it (by tid), oldest first
 */
public record StuckThread(int pid, int tid, String comm, Optional<String> wchan, OptionalLong start, Instant since,
                          int samples, List<KernelHang> logged) {
    public StuckThread {
        logged = List.copyOf(logged);
    }
}
