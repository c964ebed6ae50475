package io.bedside.model.ipc;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Use against each System V IPC limit, as lines for the operator: what a fix's re-sample shows
 * ("Semaphore arrays: 2 of 128 (SEMMNI), 126 free"). A source that could not be read says so.
 */
public final class IpcHeadroom {
    /** The limits a fix's before/after rows show (SHMALL's pages are in the plan itself). */
    public static final List<String> LIMITS = List.of("SEMMNI", "SEMMNS", "SHMMNI", "MSGMNI");

    private IpcHeadroom() {
    }

    /** One limit: what is used of it, when both are known. */
    public record Use(String what, String limit, OptionalLong used, OptionalLong max) {
        public String describe() {
            if (used.isEmpty() || max.isEmpty()) {
                return what + ": unknown (" + (used.isEmpty() ? "use" : limit) + " could not be read)";
            }
            long free = max.getAsLong() - used.getAsLong();
            return what + ": " + used.getAsLong() + " of " + max.getAsLong() + " (" + limit + "), "
                    + (free > 0 ? free + " free" : "none free");
        }
    }

    public static List<Use> of(IpcSnapshot ipc) {
        OptionalLong arrays = ipc.semArrays().get().map(t -> OptionalLong.of(t.size())).orElse(OptionalLong.empty());
        OptionalLong sems = ipc.semArrays().get().map(t -> OptionalLong.of(t.rows().stream().mapToLong(SemArray::nsems).sum()))
                .orElse(OptionalLong.empty());
        OptionalLong segs = ipc.shmSegments().get().map(t -> OptionalLong.of(t.size())).orElse(OptionalLong.empty());
        OptionalLong queues = ipc.msgQueues().get().map(t -> OptionalLong.of(t.size())).orElse(OptionalLong.empty());
        IpcLimits l = ipc.limits().get().orElse(null);
        OptionalLong none = OptionalLong.empty();
        OptionalLong pages = OptionalLong.empty();
        if (l != null && l.pageSize().isPresent() && ipc.shmSegments().isPresent()) {
            long ps = l.pageSize().getAsLong();
            pages = OptionalLong.of(ipc.shmSegments().get().orElseThrow().rows().stream().mapToLong(s -> s.pages(ps)).sum());
        }
        List<Use> out = new ArrayList<>();
        out.add(new Use("Semaphore arrays", "SEMMNI", arrays, l == null ? none : l.semmni()));
        out.add(new Use("Semaphores", "SEMMNS", sems, l == null ? none : l.semmns()));
        out.add(new Use("Shared memory segments", "SHMMNI", segs, l == null ? none : l.shmmni()));
        out.add(new Use("Shared memory pages", "SHMALL", pages, l == null ? none : l.shmall()));
        out.add(new Use("Message queues", "MSGMNI", queues, l == null ? none : l.msgmni()));
        return out;
    }
}
