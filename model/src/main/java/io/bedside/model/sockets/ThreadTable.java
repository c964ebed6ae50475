package io.bedside.model.sockets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every thread from one probe (section {@code proc-threads}), by process. Immutable. */
public final class ThreadTable {
    private final List<ThreadInfo> threads;
    private final Map<Integer, List<ThreadInfo>> byPid;
    private final String detail;

    private final Map<Integer, Long> runtimes;

    /** @param detail the section's detail (as which uid it was read) */
    public ThreadTable(List<ThreadInfo> threads, String detail) {
        this(threads, detail, Map.of());
    }

    /**
     * @param detail   the section's detail (as which uid it was read)
     * @param runtimes how long each thread has run, in ns, by tid, where the probe read it
     *                 ({@link ThreadWalk}); empty without /proc/PID/schedstat
     */
    public ThreadTable(List<ThreadInfo> threads, String detail, Map<Integer, Long> runtimes) {
        this.threads = List.copyOf(threads);
        this.detail = detail;
        this.runtimes = Collections.unmodifiableMap(new LinkedHashMap<>(runtimes));
        Map<Integer, List<ThreadInfo>> m = new LinkedHashMap<>();
        for (ThreadInfo t : this.threads) {
            m.computeIfAbsent(t.pid(), k -> new ArrayList<>()).add(t);
        }
        m.replaceAll((k, v) -> List.copyOf(v));
        this.byPid = Collections.unmodifiableMap(m);
    }

    public List<ThreadInfo> threads() {
        return threads;
    }

    public String detail() {
        return detail;
    }

    public List<ThreadInfo> of(int pid) {
        return byPid.getOrDefault(pid, List.of());
    }

    /** The process's main thread (tid = pid), whose state and wchan stand for the process. */
    public Optional<ThreadInfo> main(int pid) {
        return of(pid).stream().filter(ThreadInfo::mainThread).findFirst();
    }

    /** How long each thread has run (schedstat, ns), by tid: what the next full run compares ({@link ThreadWalk}). */
    public Map<Integer, Long> runtimes() {
        return runtimes;
    }

    public Map<Integer, List<ThreadInfo>> byPid() {
        return byPid;
    }
}
