package io.bedside.model.findings;

import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.ProcessGuard;
import io.bedside.model.ipc.IpcFixPlans;
import io.bedside.model.ipc.IpcLimits;
import io.bedside.model.ipc.IpcSnapshot;
import io.bedside.model.ipc.IpcUsage;
import io.bedside.model.ipc.SemArray;
import io.bedside.model.ipc.ShmSegment;
import io.bedside.model.memory.MemoryFixPlans;
import io.bedside.model.memory.MemorySnapshot;
import io.bedside.model.memory.ProcessMemory;
import io.bedside.model.sockets.SocketFixPlans;
import io.bedside.model.probe.Sample;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns a fix id and the operator's choices into a plan, from the sample the findings came from.
 * Choices are {@code key=value} parameters, the same in the window and in {@code bedside fix}:
 * <ul>
 *   <li>{@code ipc.sem.remove-orphans}: {@code semid=1,2,...} (default: every orphaned array)</li>
 *   <li>{@code ipc.shm.remove-orphans}: {@code shmid=1,2,...} (default: every orphaned segment)</li>
 *   <li>{@code ipc.sem.raise-limit}, {@code ipc.shm.raise-limit}: no parameters</li>
 * </ul>
 * An id that is chosen but is not orphaned is refused: removal is only ever of what is really leaked.
 */
public final class FixCatalog {
    public static final List<String> IDS = List.of(IpcFixPlans.SEM_REMOVE_ORPHANS, IpcFixPlans.SHM_REMOVE_ORPHANS,
            IpcFixPlans.SEM_RAISE_LIMIT, IpcFixPlans.SHM_RAISE_LIMIT, MemoryFixPlans.PROTECT,
            SocketFixPlans.PIPE_DRAIN, SocketFixPlans.SIGNAL, SocketFixPlans.RESTART_UNIT);

    private FixCatalog() {
    }

    /**
     * @throws IllegalArgumentException with one sentence when the fix does not apply or a choice is invalid
     */
    public static FixPlan plan(String fixId, Sample sample, Map<String, String> params) {
        return plan(fixId, sample, params, OptionalLong.empty());
    }

    /**
     * @param loginUid the uid Bedside logs in as (not the uid of a probe that ran through sudo); it
     *                 decides which steps need root. Empty: every change is planned as needing root.
     */
    public static FixPlan plan(String fixId, Sample sample, Map<String, String> params, OptionalLong loginUid) {
        IpcSnapshot ipc = sample.ipc();
        OptionalLong uid = loginUid;
        switch (fixId) {
            case IpcFixPlans.SEM_REMOVE_ORPHANS -> {
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
            case IpcFixPlans.SHM_REMOVE_ORPHANS -> {
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
            case IpcFixPlans.SEM_RAISE_LIMIT -> {
                IpcLimits limits = ipc.limits().get().orElseThrow(() ->
                        new IllegalArgumentException("The IPC limits could not be read: " + ipc.limits().describeAbsence() + "."));
                int used = ipc.semArrays().get().map(t -> t.size()).orElseThrow(() ->
                        new IllegalArgumentException("The semaphore arrays could not be read: " + ipc.semArrays().describeAbsence() + "."));
                return IpcFixPlans.raiseSemLimit(limits, used);
            }
            case IpcFixPlans.SHM_RAISE_LIMIT -> {
                IpcLimits limits = ipc.limits().get().orElseThrow(() ->
                        new IllegalArgumentException("The IPC limits could not be read: " + ipc.limits().describeAbsence() + "."));
                var table = ipc.shmSegments().get().orElseThrow(() ->
                        new IllegalArgumentException("The shared memory segments could not be read: " + ipc.shmSegments().describeAbsence() + "."));
                long page = limits.pageSize().orElse(4096);
                long pages = table.rows().stream().mapToLong(s -> s.pages(page)).sum();
                return IpcFixPlans.raiseShmLimit(limits, table.size(), pages);
            }
            case MemoryFixPlans.PROTECT -> {
                return MemoryFixPlans.plan(sample.processes(), params);
            }
            case SocketFixPlans.PIPE_DRAIN, SocketFixPlans.SIGNAL, SocketFixPlans.RESTART_UNIT -> {
                return SocketFixPlans.plan(fixId, sample.sockets(), params, guard(sample));
            }
            default -> throw new IllegalArgumentException("There is no fix called '" + fixId + "'; known fixes: "
                    + String.join(", ", IDS) + ".");
        }
    }

    /**
     * What the sample knows of the processes no fix may signal or restart: the probe (its header's
     * pid), its ancestors (the process walk's ppid chain, or the trailer's ppid), and the kernel
     * threads: the pids the fd walk saw that this sample's own process walk, which leaves kernel
     * threads out, did not (not when that walk was carried from an earlier sample).
     */
    public static ProcessGuard guard(Sample sample) {
        var output = sample.output();
        List<ProcessMemory> procs = sample.processes().processes().get().map(t -> t.processes()).orElse(List.of());
        boolean fresh = sample.processes().processes().get().isPresent()
                && !output.carried().containsKey(MemorySnapshot.PROCS);
        Set<Integer> userSpace = new HashSet<>();
        procs.forEach(p -> userSpace.add(p.pid()));
        Set<Integer> kernel = new HashSet<>();
        if (fresh) {
            sample.sockets().fds().get().ifPresent(t -> t.processes().keySet().forEach(pid -> {
                if (!userSpace.contains(pid)) {
                    kernel.add(pid);
                }
            }));
        }
        return ProcessGuard.of(output.probePid(), output.probeParentPid(),
                procs.stream().map(p -> new ProcessGuard.Proc(p.pid(), p.ppid(), p.comm(), p.unit())).toList(), kernel);
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
