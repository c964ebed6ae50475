package io.bedside.model.ipc;

import io.bedside.model.findings.Chart;
import io.bedside.model.findings.FixKind;
import io.bedside.model.findings.Playbook;
import io.bedside.model.findings.Rule;
import io.bedside.model.probe.ProbeFragment;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SamplePart;

import java.util.Arrays;
import java.util.HashSet;
import io.bedside.model.findings.Measure;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * System V IPC: semaphore arrays, shared memory segments and message queues against their kernel
 * limits, and the objects nobody uses any more (seed incidents 001 and 002).
 */
public final class IpcPlaybook implements Playbook {
    public static final String ID = "ipc";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "System V IPC";
    }

    @Override
    public SamplePart<?> part() {
        return IpcSnapshot.PART;
    }

    @Override
    public List<ProbeFragment> fragments() {
        return List.of(ProbeFragment.beside(IpcSnapshot.class, "probe-ipc.sh"));
    }

    @Override
    public List<String> findingIds() {
        return List.of(IpcRules.SEM_EXHAUSTED, IpcRules.SEM_ORPHANED, IpcRules.SHM_EXHAUSTED, IpcRules.SHM_ORPHANED,
                IpcRules.MSG_EXHAUSTED, IpcRules.ORPHANS_UNKNOWN, IpcRules.LIMITS_UNKNOWN);
    }

    @Override
    public List<Rule> rules() {
        return IpcRules.all();
    }

    @Override
    public List<FixKind> fixes() {
        return List.of(
                new FixKind(IpcFixPlans.SEM_REMOVE_ORPHANS, "Remove orphaned semaphore arrays", "Remove orphaned arrays…",
                        (s, p, uid) -> removeOrphanSems(IpcSnapshot.of(s), p, uid)),
                new FixKind(IpcFixPlans.SHM_REMOVE_ORPHANS, "Remove orphaned shared memory segments", "Remove orphaned segments…",
                        (s, p, uid) -> removeOrphanShms(IpcSnapshot.of(s), p, uid)),
                new FixKind(IpcFixPlans.SEM_RAISE_LIMIT, "Raise the semaphore limits (kernel.sem)", "Raise kernel.sem…",
                        (s, p, uid) -> raiseSemLimit(IpcSnapshot.of(s))),
                new FixKind(IpcFixPlans.SHM_RAISE_LIMIT, "Raise the shared memory limits", "Raise shared memory limits…",
                        (s, p, uid) -> raiseShmLimit(IpcSnapshot.of(s))));
    }

    @Override
    public List<String> standing(Sample sample) {
        return IpcHeadroom.of(IpcSnapshot.of(sample)).stream().map(IpcHeadroom.Use::describe).toList();
    }

    @Override
    public List<Chart> charts() {
        return List.of(
                new Chart("ipc.sem.arrays", "Semaphore arrays", "arrays", List.of(
                        Chart.Line.of("in use", s -> count(IpcSnapshot.of(s).semArrays().get().map(IpcTable::size))),
                        Chart.Line.limit("SEMMNI", s -> limit(s, IpcLimits::semmni)))),
                new Chart("ipc.sem.semaphores", "Semaphores", "semaphores", List.of(
                        Chart.Line.of("in use", s -> count(IpcSnapshot.of(s).semArrays().get()
                                .map(t -> t.rows().stream().mapToLong(SemArray::nsems).sum()))),
                        Chart.Line.limit("SEMMNS", s -> limit(s, IpcLimits::semmns)))),
                new Chart("ipc.shm.segments", "Shared memory segments", "segments", List.of(
                        Chart.Line.of("in use", s -> count(IpcSnapshot.of(s).shmSegments().get().map(IpcTable::size))),
                        Chart.Line.limit("SHMMNI", s -> limit(s, IpcLimits::shmmni)))),
                new Chart("ipc.msg.queues", "Message queues", "queues", List.of(
                        Chart.Line.of("in use", s -> count(IpcSnapshot.of(s).msgQueues().get().map(IpcTable::size))),
                        Chart.Line.limit("MSGMNI", s -> limit(s, IpcLimits::msgmni)))));
    }

    private static OptionalDouble count(java.util.Optional<? extends Number> n) {
        return n.map(x -> OptionalDouble.of(x.doubleValue())).orElse(OptionalDouble.empty());
    }

    private static OptionalDouble limit(Sample s, Function<IpcLimits, OptionalLong> which) {
        return IpcSnapshot.of(s).limits().get().map(which).filter(OptionalLong::isPresent)
                .map(v -> OptionalDouble.of(v.getAsLong())).orElse(OptionalDouble.empty());
    }

    @Override
    public List<Measure> measures() {
        return IpcHeadroom.LIMITS.stream().map(limit -> new Measure(limit, (Sample s) -> IpcHeadroom.of(IpcSnapshot.of(s)).stream()
                .filter(u -> u.limit().equals(limit)).findFirst().map(IpcHeadroom.Use::describe))).toList();
    }

    @Override
    public Map<String, Object> data(Sample sample) {
        return IpcData.of(sample);
    }

    private static io.bedside.model.fix.FixPlan removeOrphanSems(IpcSnapshot ipc, Map<String, String> params, OptionalLong uid) {
        return IpcFixPlans.removeOrphanSems(chosenOrphans(IpcUsage.sems(ipc), params.get("semid"), "semid",
                "Semaphore array", "semaphore arrays", u -> u.array().semid(), IpcUsage.SemUse::verdict,
                IpcUsage.SemUse::reason, IpcUsage.SemUse::array), uid);
    }

    private static io.bedside.model.fix.FixPlan removeOrphanShms(IpcSnapshot ipc, Map<String, String> params, OptionalLong uid) {
        return IpcFixPlans.removeOrphanShms(chosenOrphans(IpcUsage.shms(ipc), params.get("shmid"), "shmid",
                "Shared memory segment", "shared memory segments", u -> u.segment().shmid(), IpcUsage.ShmUse::verdict,
                IpcUsage.ShmUse::reason, IpcUsage.ShmUse::segment), uid);
    }

    /**
     * The objects a removal takes: those chosen by id ({@code key=1,2}), or every orphaned one when
     * none is chosen. A chosen object that is not orphaned, or no longer there, is refused in one
     * sentence: removal is only ever of what is really leaked.
     */
    private static <U, R> List<R> chosenOrphans(List<U> uses, String list, String key, String one, String many,
                                                Function<U, Integer> id, Function<U, IpcUsage.Verdict> verdict,
                                                Function<U, String> reason, Function<U, R> row) {
        Set<Integer> chosen = ids(list, key);
        List<U> picked = uses.stream()
                .filter(u -> chosen.isEmpty() ? verdict.apply(u) == IpcUsage.Verdict.ORPHANED : chosen.contains(id.apply(u)))
                .toList();
        for (U u : picked) {
            if (verdict.apply(u) != IpcUsage.Verdict.ORPHANED) {
                throw new IllegalArgumentException(one + " " + id.apply(u) + " is not orphaned (" + reason.apply(u)
                        + "); it will not be removed.");
            }
        }
        missing(chosen, picked.stream().map(id).toList(), key);
        if (picked.isEmpty()) {
            throw new IllegalArgumentException("There are no orphaned " + many + " to remove.");
        }
        return picked.stream().map(row).toList();
    }

    private static io.bedside.model.fix.FixPlan raiseSemLimit(IpcSnapshot ipc) {
        IpcLimits limits = ipc.limits().get().orElseThrow(() ->
                new IllegalArgumentException("The IPC limits could not be read: " + ipc.limits().describeAbsence() + "."));
        int used = ipc.semArrays().get().map(t -> t.size()).orElseThrow(() ->
                new IllegalArgumentException("The semaphore arrays could not be read: " + ipc.semArrays().describeAbsence() + "."));
        return IpcFixPlans.raiseSemLimit(limits, used);
    }

    private static io.bedside.model.fix.FixPlan raiseShmLimit(IpcSnapshot ipc) {
        IpcLimits limits = ipc.limits().get().orElseThrow(() ->
                new IllegalArgumentException("The IPC limits could not be read: " + ipc.limits().describeAbsence() + "."));
        var table = ipc.shmSegments().get().orElseThrow(() ->
                new IllegalArgumentException("The shared memory segments could not be read: " + ipc.shmSegments().describeAbsence() + "."));
        long page = limits.pageSize().orElse(4096);
        long pages = table.rows().stream().mapToLong(s -> s.pages(page)).sum();
        return IpcFixPlans.raiseShmLimit(limits, table.size(), pages);
    }

    private static Set<Integer> ids(String list, String name) {
        Set<Integer> out = new HashSet<>();
        if (list == null || list.isBlank()) {
            return out;
        }
        for (String s : Arrays.asList(list.split(","))) {
            try {
                out.add(Integer.parseInt(s.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + "=" + list + " is not a list of numbers.");
            }
        }
        return out;
    }

    private static void missing(Set<Integer> chosen, List<Integer> found, String name) {
        for (Integer id : chosen) {
            if (!found.contains(id)) {
                throw new IllegalArgumentException("There is no " + name + " " + id + " on the host any more.");
            }
        }
    }
}
