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

    /** @param detail the section's detail (as which uid it was read) */
    public ThreadTable(List<ThreadInfo> threads, String detail) {
        this.threads = List.copyOf(threads);
        this.detail = detail;
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

    public Map<Integer, List<ThreadInfo>> byPid() {
        return byPid;
    }
}
