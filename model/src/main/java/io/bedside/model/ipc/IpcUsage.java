package io.bedside.model.ipc;

import io.bedside.model.probe.Reading;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who uses each semaphore array and shared memory segment: in use, orphaned, or unknown, with
 * the reason in words. The rules, the tables and the fix wizard's re-check share this one
 * definition.
 *
 * <p>An object a live process uses is never orphaned. A semaphore array is orphaned when every
 * semaphore's last-operation pid is 0 or dead and nobody waits on it; a segment when nothing is
 * attached, its creator and last attacher are dead (or 0) and it is not already marked for
 * removal. Without the pids of the last operations or the list of live processes, nothing can be
 * called orphaned: the verdict is unknown.
 *
 * <p>A pid is a number in the probe's pid namespace: an object used from another pid namespace
 * (a container seen from outside it) records pids the probe may read as 0. The fix re-checks
 * right before each removal.
 */
public final class IpcUsage {
    private IpcUsage() {
    }

    public enum Verdict {
        /** A live process uses it. */
        IN_USE,
        /** No live process uses it. */
        ORPHANED,
        /** Shared memory already marked for removal: it goes when the last process detaches. */
        REMOVAL_PENDING,
        /** Cannot tell (a source is missing or this object could not be read). */
        UNKNOWN
    }

    /**
     * @param array   the array
     * @param verdict in use, orphaned or unknown
     * @param reason  one phrase, e.g. "last operation by live pid 4711"
     * @param lastOps its last-operation pids, when the probe read them
     */
    public record SemUse(SemArray array, Verdict verdict, String reason, Optional<SemLastOps> lastOps) {
    }

    /**
     * @param segment     the segment
     * @param verdict     in use, orphaned, removal pending or unknown
     * @param reason      one phrase, e.g. "attached 2 times"
     * @param attachments processes mapping it, when the probe could read their maps
     */
    public record ShmUse(ShmSegment segment, Verdict verdict, String reason, List<ShmAttachment> attachments) {
        public ShmUse {
            attachments = List.copyOf(attachments);
        }
    }

    /** A verdict for every array in the snapshot, in the kernel's order; empty when the table is absent. */
    public static List<SemUse> sems(IpcSnapshot ipc) {
        Optional<IpcTable<SemArray>> table = ipc.semArrays().get();
        if (table.isEmpty()) {
            return List.of();
        }
        Map<Integer, SemLastOps> ops = new HashMap<>();
        ipc.semLastOps().get().ifPresent(list -> list.forEach(o -> ops.put(o.semid(), o)));
        Optional<String> missing = missing(ipc.semLastOps(), "sem-pids").or(() -> missing(ipc.livePids(), "pids-alive"));
        List<SemUse> out = new ArrayList<>(table.get().size());
        for (SemArray a : table.get().rows()) {
            Optional<SemLastOps> o = Optional.ofNullable(ops.get(a.semid()));
            out.add(missing.map(m -> new SemUse(a, Verdict.UNKNOWN, m, o))
                    .orElseGet(() -> sem(a, o, ipc.livePids().get().orElseThrow())));
        }
        return out;
    }

    /** The verdict for one array from its last-operation pids and the live processes. */
    public static SemUse sem(SemArray a, Optional<SemLastOps> lastOps, LivePids live) {
        if (lastOps.isEmpty()) {
            return new SemUse(a, Verdict.UNKNOWN, "no last-operation pids for semid " + a.semid()
                    + " (it appeared after the probe read them)", lastOps);
        }
        SemLastOps o = lastOps.get();
        if (o.error().isPresent()) {
            return new SemUse(a, Verdict.UNKNOWN, "ipcs -s -i " + a.semid() + " failed: " + o.error().get(), lastOps);
        }
        if (o.pids().size() != a.nsems()) {
            return new SemUse(a, Verdict.UNKNOWN, "ipcs reported " + o.pids().size() + " semaphores for an array of "
                    + a.nsems() + " (the id was reused between reads?)", lastOps);
        }
        if (o.waiting().isPresent() && o.waiting().getAsInt() > 0) {
            return new SemUse(a, Verdict.IN_USE, o.waiting().getAsInt() + " process(es) blocked waiting on it", lastOps);
        }
        for (int i = 0; i < o.pids().size(); i++) {
            int pid = o.pids().get(i);
            if (live.alive(pid)) {
                return new SemUse(a, Verdict.IN_USE, "last operation on semaphore " + i + " by live pid " + pid, lastOps);
            }
        }
        boolean never = o.pids().stream().allMatch(p -> p == 0);
        return new SemUse(a, Verdict.ORPHANED, never
                ? "no process has ever operated on it (every last-operation pid is 0)"
                : "every last-operation pid is dead or 0: " + join(o.pids()), lastOps);
    }

    /** A verdict for every segment in the snapshot, in the kernel's order; empty when the table is absent. */
    public static List<ShmUse> shms(IpcSnapshot ipc) {
        Optional<IpcTable<ShmSegment>> table = ipc.shmSegments().get();
        if (table.isEmpty()) {
            return List.of();
        }
        Optional<String> missing = missing(ipc.livePids(), "pids-alive");
        Map<Integer, List<ShmAttachment>> byId = new HashMap<>();
        Map<Integer, List<ShmAttachment>> byKey = new HashMap<>();
        ipc.shmAttachments().get().ifPresent(m -> m.attachments().forEach(a -> {
            if (a.shmid().isPresent()) {
                byId.computeIfAbsent(a.shmid().getAsInt(), k -> new ArrayList<>()).add(a);
            } else if (a.key() != IpcKey.PRIVATE) {
                byKey.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a);
            }
        }));
        List<ShmUse> out = new ArrayList<>(table.get().size());
        for (ShmSegment s : table.get().rows()) {
            List<ShmAttachment> att = new ArrayList<>(byId.getOrDefault(s.shmid(), List.of()));
            att.addAll(byKey.getOrDefault(s.key(), List.of()));
            out.add(missing.map(m -> new ShmUse(s, Verdict.UNKNOWN, m, att))
                    .orElseGet(() -> shm(s, att, ipc.livePids().get().orElseThrow())));
        }
        return out;
    }

    /** The verdict for one segment from the processes mapping it and the live processes. */
    public static ShmUse shm(ShmSegment s, List<ShmAttachment> attachments, LivePids live) {
        if (s.markedForRemoval()) {
            return new ShmUse(s, Verdict.REMOVAL_PENDING, "already marked for removal; it goes when the last of "
                    + s.nattch() + " attachment(s) detaches", attachments);
        }
        if (s.nattch() > 0) {
            return new ShmUse(s, Verdict.IN_USE, "attached " + s.nattch() + " time(s)", attachments);
        }
        for (ShmAttachment a : attachments) {
            if (live.alive(a.pid())) {
                return new ShmUse(s, Verdict.IN_USE, "mapped by " + a.comm() + " (pid " + a.pid() + "), alive", attachments);
            }
        }
        if (live.alive(s.cpid())) {
            return new ShmUse(s, Verdict.IN_USE, "its creator pid " + s.cpid() + " is alive", attachments);
        }
        if (live.alive(s.lpid())) {
            return new ShmUse(s, Verdict.IN_USE, "its last attacher pid " + s.lpid() + " is alive", attachments);
        }
        return new ShmUse(s, Verdict.ORPHANED, "nothing attached; creator pid " + s.cpid() + " and last attacher pid "
                + s.lpid() + " are dead or 0", attachments);
    }

    private static Optional<String> missing(Reading<?> r, String name) {
        return r.isPresent() ? Optional.empty() : Optional.of(name + ": " + r.describeAbsence());
    }

    private static String join(List<Integer> pids) {
        StringBuilder b = new StringBuilder();
        for (int p : pids) {
            b.append(b.isEmpty() ? "" : ",").append(p);
        }
        return b.toString();
    }
}
