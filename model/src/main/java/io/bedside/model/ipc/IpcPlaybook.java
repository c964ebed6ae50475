package io.bedside.model.ipc;

import io.bedside.model.findings.FixKind;
import io.bedside.model.findings.Playbook;
import io.bedside.model.findings.Rule;
import io.bedside.model.probe.Sample;

import java.util.Arrays;
import java.util.HashSet;
import io.bedside.model.findings.Measure;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

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
    public List<String> findingIds() {
        return List.of(IpcRules.SEM_EXHAUSTED, IpcRules.SEM_ORPHANED, IpcRules.SHM_EXHAUSTED, IpcRules.SHM_ORPHANED,
                IpcRules.MSG_EXHAUSTED, IpcRules.ORPHANS_UNKNOWN, IpcRules.LIMITS_UNKNOWN);
    }

    @Override
    public List<Rule> rules() {
        return List.of(new IpcRules());
    }

    @Override
    public List<FixKind> fixes() {
        return List.of(
                new FixKind(IpcFixPlans.SEM_REMOVE_ORPHANS, "Remove orphaned semaphore arrays", "Remove orphaned arrays…",
                        (s, p, uid) -> removeOrphanSems(s.ipc(), p, uid)),
                new FixKind(IpcFixPlans.SHM_REMOVE_ORPHANS, "Remove orphaned shared memory segments", "Remove orphaned segments…",
                        (s, p, uid) -> removeOrphanShms(s.ipc(), p, uid)),
                new FixKind(IpcFixPlans.SEM_RAISE_LIMIT, "Raise the semaphore limits (kernel.sem)", "Raise kernel.sem…",
                        (s, p, uid) -> raiseSemLimit(s.ipc())),
                new FixKind(IpcFixPlans.SHM_RAISE_LIMIT, "Raise the shared memory limits", "Raise shared memory limits…",
                        (s, p, uid) -> raiseShmLimit(s.ipc())));
    }

    @Override
    public List<String> standing(Sample sample) {
        return IpcHeadroom.of(sample.ipc()).stream().map(IpcHeadroom.Use::describe).toList();
    }

    @Override
    public List<Measure> measures() {
        return IpcHeadroom.LIMITS.stream().map(limit -> new Measure(limit, (Sample s) -> IpcHeadroom.of(s.ipc()).stream()
                .filter(u -> u.limit().equals(limit)).findFirst().map(IpcHeadroom.Use::describe))).toList();
    }

    @Override
    public Map<String, Object> data(Sample sample) {
        return IpcData.of(sample);
    }

    private static io.bedside.model.fix.FixPlan removeOrphanSems(IpcSnapshot ipc, Map<String, String> params, OptionalLong uid) {
        List<IpcUsage.SemUse> uses = IpcUsage.sems(ipc);
        Set<Integer> chosen = ids(params.get("semid"), "semid");
        List<SemArray> rows = uses.stream()
                .filter(u -> chosen.isEmpty() ? u.verdict() == IpcUsage.Verdict.ORPHANED : chosen.contains(u.array().semid()))
                .peek(u -> {
                    if (u.verdict() != IpcUsage.Verdict.ORPHANED) {
                        throw new IllegalArgumentException("Semaphore array " + u.array().semid()
                                + " is not orphaned (" + u.reason() + "); it will not be removed.");
                    }
                }).map(IpcUsage.SemUse::array).toList();
        missing(chosen, rows.stream().map(SemArray::semid).toList(), "semid");
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("There are no orphaned semaphore arrays to remove.");
        }
        return IpcFixPlans.removeOrphanSems(rows, uid);
    }

    private static io.bedside.model.fix.FixPlan removeOrphanShms(IpcSnapshot ipc, Map<String, String> params, OptionalLong uid) {
        List<IpcUsage.ShmUse> uses = IpcUsage.shms(ipc);
        Set<Integer> chosen = ids(params.get("shmid"), "shmid");
        List<ShmSegment> rows = uses.stream()
                .filter(u -> chosen.isEmpty() ? u.verdict() == IpcUsage.Verdict.ORPHANED : chosen.contains(u.segment().shmid()))
                .peek(u -> {
                    if (u.verdict() != IpcUsage.Verdict.ORPHANED) {
                        throw new IllegalArgumentException("Shared memory segment " + u.segment().shmid()
                                + " is not orphaned (" + u.reason() + "); it will not be removed.");
                    }
                }).map(IpcUsage.ShmUse::segment).toList();
        missing(chosen, rows.stream().map(ShmSegment::shmid).toList(), "shmid");
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("There are no orphaned shared memory segments to remove.");
        }
        return IpcFixPlans.removeOrphanShms(rows, uid);
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
