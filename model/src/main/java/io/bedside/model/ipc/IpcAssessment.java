package io.bedside.model.ipc;

import io.bedside.model.findings.LastResult;
import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.ipc.IpcUsage.SemUse;
import io.bedside.model.ipc.IpcUsage.ShmUse;
import io.bedside.model.ipc.IpcUsage.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * What the IPC rules share about one sample, worked out once: each object's usage verdict
 * ({@link IpcUsage}), the gauges against the kernel limits, the limits that are not known, and the
 * IPC namespace the tables cover. The rules of one playbook read the same assessment through a
 * {@link Cache}, so one diagnosis reads the pids and the mappings once.
 *
 * @param ipc           the sample's IPC part it was made from
 * @param sems          every semaphore array with its verdict
 * @param semOrphans    the orphaned ones
 * @param shms          every shared memory segment with its verdict
 * @param shmOrphans    the orphaned ones
 * @param semGauges     SEMMNI and SEMMNS against their use; empty when the array table is absent
 * @param shmGauges     SHMMNI and SHMALL against their use; empty when the segment table is absent
 * @param msgGauges     MSGMNI against its use; empty when the queue table is absent
 * @param unknownLimits the limits objects are listed against but the host did not report, in the
 *                      order semaphores, shared memory, message queues
 * @param namespace     which IPC namespace the tables and mappings cover, where the probe told
 */
record IpcAssessment(IpcSnapshot ipc, List<SemUse> sems, List<SemUse> semOrphans, List<ShmUse> shms,
                     List<ShmUse> shmOrphans, Optional<List<Gauge>> semGauges, Optional<List<Gauge>> shmGauges,
                     Optional<List<Gauge>> msgGauges, List<String> unknownLimits, Optional<Evidence> namespace) {

    /** Works out the assessment of one sample's IPC part. */
    static IpcAssessment of(IpcSnapshot ipc) {
        Optional<IpcLimits> limits = ipc.limits().get();
        List<String> unknown = new ArrayList<>();
        List<SemUse> sems = IpcUsage.sems(ipc);
        List<ShmUse> shms = IpcUsage.shms(ipc);
        Optional<List<Gauge>> semGauges = ipc.semArrays().get().map(t -> {
            List<Gauge> gauges = new ArrayList<>();
            long semaphores = t.rows().stream().mapToLong(SemArray::nsems).sum();
            gauge(gauges, unknown, limits, IpcLimits::semmni, "SEMMNI", "Semaphore arrays", t.size(), "kernel.sem");
            gauge(gauges, unknown, limits, IpcLimits::semmns, "SEMMNS", "Semaphores", semaphores, "kernel.sem");
            return List.copyOf(gauges);
        });
        Optional<List<Gauge>> shmGauges = ipc.shmSegments().get().map(t -> {
            List<Gauge> gauges = new ArrayList<>();
            gauge(gauges, unknown, limits, IpcLimits::shmmni, "SHMMNI", "Shared memory segments", t.size(), "kernel.shmmni");
            OptionalLong page = limits.map(IpcLimits::pageSize).orElse(OptionalLong.empty());
            if (page.isPresent() && page.getAsLong() > 0) {
                long pages = t.rows().stream().mapToLong(s -> s.pages(page.getAsLong())).sum();
                gauge(gauges, unknown, limits, IpcLimits::shmall, "SHMALL", "Shared memory pages", pages, "kernel.shmall");
            } else if (!t.rows().isEmpty()) {
                unknown.add("the page size (SHMALL is counted in pages)");
            }
            return List.copyOf(gauges);
        });
        Optional<List<Gauge>> msgGauges = ipc.msgQueues().get().map(t -> {
            List<Gauge> gauges = new ArrayList<>();
            gauge(gauges, unknown, limits, IpcLimits::msgmni, "MSGMNI", "Message queues", t.size(), "kernel.msgmni");
            return List.copyOf(gauges);
        });
        return new IpcAssessment(ipc, sems, orphans(sems, SemUse::verdict), shms, orphans(shms, ShmUse::verdict),
                semGauges, shmGauges, msgGauges, List.copyOf(unknown), namespaceEvidence(ipc));
    }

    private static <U> List<U> orphans(List<U> uses, Function<U, Verdict> verdict) {
        return uses.stream().filter(u -> verdict.apply(u) == Verdict.ORPHANED).toList();
    }

    private static void gauge(List<Gauge> gauges, List<String> unknown, Optional<IpcLimits> limits,
                              Function<IpcLimits, OptionalLong> limit, String name, String what, long used,
                              String kernelKey) {
        OptionalLong max = limits.map(limit).orElse(OptionalLong.empty());
        if (max.isPresent()) {
            gauges.add(new Gauge(name, what, used, max.getAsLong()));
        } else if (used > 0) {
            unknown.add(name + " (" + kernelKey + ")");
        }
    }

    /**
     * Which IPC namespace the segments and mappings cover: the probe's own. Mappings of processes
     * in other namespaces (containers) are listed apart, as not counted: their ids are theirs.
     */
    private static Optional<Evidence> namespaceEvidence(IpcSnapshot ipc) {
        return ipc.shmAttachments().get().filter(a -> a.namespace().isPresent() || !a.elsewhere().isEmpty())
                .map(a -> new Evidence(IpcSnapshot.SHM_ATTACH, "covers " + a.namespaceText() + "; "
                        + (a.elsewhere().isEmpty() ? "no process of another IPC namespace maps a System V segment"
                        : a.elsewhere().size() + " mapping(s) of processes in other IPC namespaces not counted"),
                        a.elsewhere().stream().map(ShmAttachment::line).toList()));
    }

    /** The semaphore gauges at 90% or more; empty when none is (or the table is absent). */
    List<Gauge> semHit() {
        return hit(semGauges);
    }

    /** The shared memory gauges at 90% or more. */
    List<Gauge> shmHit() {
        return hit(shmGauges);
    }

    /** The message queue gauge at 90% or more. */
    List<Gauge> msgHit() {
        return hit(msgGauges);
    }

    /** The gauges at a level, the fullest first (a stable sort: ties keep the limits' order). */
    private static List<Gauge> hit(Optional<List<Gauge>> gauges) {
        return gauges.orElse(List.of()).stream().filter(g -> g.level().isPresent())
                .sorted((a, b) -> b.level().get().compareTo(a.level().get())).toList();
    }

    /** One limit and its use. A limit is "at 90%" when used &gt;= ceil(0.9 x max). */
    record Gauge(String limit, String what, long used, long max) {
        Optional<Severity> level() {
            if (used >= max) {
                return Optional.of(Severity.CRITICAL);
            }
            return used >= max - max / 10 ? Optional.of(Severity.WARNING) : Optional.empty();
        }

        String phrase() {
            boolean full = level().orElse(Severity.INFO) == Severity.CRITICAL;
            String pct = full ? "" : String.format(Locale.ROOT, " (%d%%)", (long) Math.floor(100.0 * used / max));
            return what + (full ? " exhausted: " : " nearly exhausted: ") + used + " of " + max + " (" + limit + ") in use" + pct;
        }

        Subject subject() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("limit", limit);
            m.put("used", used);
            m.put("max", max);
            m.put("severity", level().map(Severity::token).orElse("ok"));
            return Subject.of(Subject.Kind.LIMIT, m);
        }
    }

    /**
     * The assessment of the latest IPC part the rules of one set were asked about. It keeps one:
     * a diagnosis asks every rule about the same sample in turn. Safe from any thread: a rule
     * that finds another part there works its own out (and leaves it for the next rule).
     */
    static final class Cache {
        private final LastResult<IpcAssessment> last = new LastResult<>();

        IpcAssessment of(IpcSnapshot ipc) {
            return last.get(() -> IpcAssessment.of(ipc), ipc);
        }
    }
}
