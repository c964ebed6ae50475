package io.bedside.model.procs;

import io.bedside.model.memory.MemorySnapshot;
import io.bedside.model.probe.SourceStatus;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketSnapshot;
import io.bedside.model.sockets.ThreadInfo;
import io.bedside.model.sockets.ThreadTable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Threads in uninterruptible sleep (D) across full samples. The thread walk (proc-threads, read by
 * the socket part, carried on light samples) gives each thread's state and wchan; the process walk
 * (procs-mem, memory part) its process's start time. A thread counts as the same one in two
 * samples when its pid, tid and process start time are the same (a kernel thread, which the
 * process walk does not list, by pid, tid and name). A light sample carries the last full
 * sample's walks, so it sees what that sample saw.
 */
public final class StuckThreads {
    private StuckThreads() {
    }

    /** One sample's D threads, by key. */
    private record Seen(Sample sample, Map<String, ThreadInfo> d, Map<Integer, Long> starts) {
    }

    /**
     * The threads in D in the latest full sample and in at least {@code minSamples - 1} full samples
     * right before it; empty when no full sample has the thread walk.
     */
    public static Optional<List<StuckThread>> of(Sample latest, List<Sample> history, int minSamples) {
        List<Sample> full = fullSamples(latest, history);
        if (full.isEmpty()) {
            return Optional.empty();
        }
        List<Seen> seen = new ArrayList<>();
        for (Sample s : full) {
            seen.add(seen(s));
        }
        Seen last = seen.get(seen.size() - 1);
        Map<Integer, List<KernelHang>> logged = new HashMap<>();
        Map<String, Instant> firstLogged = new HashMap<>();
        Set<String> lines = new HashSet<>();
        List<Sample> all = new ArrayList<>(history);
        if (all.isEmpty() || all.get(all.size() - 1) != latest) {
            all.add(latest);
        }
        for (Sample s : all) {
            ProcsSnapshot.hangs(s.output()).get().ifPresent(hs -> hs.stream().filter(KernelHang::blocked).forEach(h -> {
                if (lines.add(h.line())) {
                    logged.computeIfAbsent(h.tid().getAsInt(), k -> new ArrayList<>()).add(h);
                    firstLogged.put(h.line(), s.sampledAt());
                }
            }));
        }
        List<StuckThread> out = new ArrayList<>();
        for (Map.Entry<String, ThreadInfo> e : last.d().entrySet()) {
            int run = 1;
            Instant since = last.sample().sampledAt();
            for (int i = seen.size() - 2; i >= 0 && seen.get(i).d().containsKey(e.getKey()); i--) {
                run++;
                since = seen.get(i).sample().sampledAt();
            }
            ThreadInfo t = e.getValue();
            List<KernelHang> mine = logged.getOrDefault(t.tid(), List.of()).stream()
                    .filter(h -> h.comm().map(c -> c.equals(t.name())).orElse(true)).toList();
            for (KernelHang h : mine) {
                Instant at = firstLogged.get(h.line()).minusSeconds(h.seconds().orElse(0));
                if (at.isBefore(since)) {
                    since = at;
                }
            }
            if (run >= minSamples) {
                Long start = last.starts().get(t.pid());
                out.add(new StuckThread(t.pid(), t.tid(), t.name(), t.sleepingIn(),
                        start == null ? OptionalLong.empty() : OptionalLong.of(start), since, run, mine));
            }
        }
        return Optional.of(out);
    }

    /** The samples whose thread walk was read by them (not carried), oldest first, each once. */
    static List<Sample> fullSamples(Sample latest, List<Sample> history) {
        Map<Sample, Boolean> in = new IdentityHashMap<>();
        List<Sample> out = new ArrayList<>();
        for (Sample s : history) {
            if (fresh(s) && in.put(s, Boolean.TRUE) == null) {
                out.add(s);
            }
        }
        if (fresh(latest) && in.put(latest, Boolean.TRUE) == null) {
            out.add(latest);
        }
        // a light sample alone (no history): its carried walk stands for the full sample it came from
        if (out.isEmpty() && SocketSnapshot.of(latest).threads().isPresent()) {
            out.add(latest);
        }
        return Collections.unmodifiableList(out);
    }

    static boolean fresh(Sample s) {
        return SocketSnapshot.of(s).threads().isPresent() && !s.output().carried().containsKey(SocketSnapshot.THREADS)
                && s.output().section(SocketSnapshot.THREADS).map(x -> x.status() == SourceStatus.OK).orElse(false);
    }

    private static Seen seen(Sample s) {
        Map<Integer, Long> starts = new HashMap<>();
        MemorySnapshot.of(s).processes().get().ifPresent(t -> t.processes().forEach(p -> starts.put(p.pid(), p.startTicks())));
        Map<String, ThreadInfo> d = new LinkedHashMap<>();
        ThreadTable table = SocketSnapshot.of(s).threads().get().orElseThrow();
        for (ThreadInfo t : table.threads()) {
            if (t.state() == 'D') {
                Long start = starts.get(t.pid());
                d.put(t.pid() + "/" + t.tid() + "/" + (start != null ? start : "k:" + t.name()), t);
            }
        }
        return new Seen(s, d, starts);
    }

    /** What a wchan says about what the thread waits on, in words; empty when it says nothing known. */
    public static Optional<String> waitsOn(String wchan) {
        String w = wchan.toLowerCase(java.util.Locale.ROOT);
        if (w.contains("fuse") || w.equals("request_wait_answer")) {
            return Optional.of("a FUSE file system whose daemon does not answer");
        }
        if (w.contains("nfs") || w.startsWith("rpc_") || w.contains("rpc_wait")) {
            return Optional.of("an NFS server that does not answer");
        }
        if (w.contains("jbd2") || w.contains("xlog") || w.contains("xfs") || w.contains("btrfs") || w.contains("ext4")) {
            return Optional.of("a local file system's journal or metadata (slow or failing disk)");
        }
        if (w.contains("io_schedule") || w.contains("blk_") || w.contains("wait_on_page") || w.contains("folio_wait")
                || w.contains("wait_on_buffer") || w.contains("bit_wait_io")) {
            return Optional.of("block device I/O (slow or failing disk)");
        }
        if (w.contains("mutex") || w.contains("rwsem") || w.contains("down_")) {
            return Optional.of("a kernel lock another task holds");
        }
        return Optional.empty();
    }
}
