package io.bedside.model.ipc;

import io.bedside.model.probe.Reading;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleData;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.bedside.model.sample.SampleData.map;
import static io.bedside.model.sample.SampleData.reading;
import static io.bedside.model.sample.SampleData.value;

/**
 * The playbook's parsed part of a sample as plain data, for {@code snapshot --json}: the limits,
 * and every semaphore array, shared memory segment and message queue with the kernel's field
 * names (/proc/sysvipc), its owner, the pids it records, which of them are alive, and its verdict
 * (in use, orphaned, removal pending, unknown) with the reason.
 */
final class IpcData {
    private IpcData() {
    }

    static Map<String, Object> of(Sample sample) {
        IpcSnapshot ipc = IpcSnapshot.of(sample);
        Map<Long, String> names = SampleData.userNames(sample);
        Optional<LivePids> live = ipc.livePids().get();
        Map<String, Object> out = map();
        out.put("limits", reading(ipc.limits(), IpcData::limits));
        List<IpcUsage.SemUse> sems = IpcUsage.sems(ipc);
        out.put("sem", reading(ipc.semArrays(), t -> {
            Map<String, Object> m = map();
            List<Object> rows = new ArrayList<>(sems.size());
            sems.forEach(u -> rows.add(sem(u, names, live)));
            m.put("arrays", rows);
            return m;
        }));
        List<IpcUsage.ShmUse> shms = IpcUsage.shms(ipc);
        out.put("shm", reading(ipc.shmSegments(), t -> {
            Map<String, Object> m = map();
            List<Object> rows = new ArrayList<>(shms.size());
            shms.forEach(u -> rows.add(shm(u, names, live)));
            m.put("segments", rows);
            return m;
        }));
        out.put("msg", reading(ipc.msgQueues(), t -> {
            Map<String, Object> m = map();
            List<Object> rows = new ArrayList<>(t.size());
            t.rows().forEach(q -> rows.add(msg(q, names, live)));
            m.put("queues", rows);
            return m;
        }));
        out.put("sem_pids", status(ipc.semLastOps()));
        out.put("shm_attach", reading(ipc.shmAttachments(), a -> {
            Map<String, Object> m = map();
            m.put("ipc_namespace", value(a.namespace()));
            m.put("unreadable_pids", a.unreadablePids());
            List<Object> elsewhere = new ArrayList<>();
            a.elsewhere().forEach(e -> elsewhere.add(attachment(e)));
            m.put("elsewhere", elsewhere);
            return m;
        }));
        out.put("pids_alive", reading(ipc.livePids(), l -> {
            Map<String, Object> m = map();
            m.put("count", l.pids().size());
            return m;
        }));
        return out;
    }

    /** Only whether the source was read: its content is in the objects it speaks of. */
    private static Map<String, Object> status(Reading<?> r) {
        return reading(r, v -> map());
    }

    private static Map<String, Object> limits(IpcLimits l) {
        Map<String, Object> m = map();
        m.put("semmsl", value(l.semmsl()));
        m.put("semmns", value(l.semmns()));
        m.put("semopm", value(l.semopm()));
        m.put("semmni", value(l.semmni()));
        m.put("shmmax", value(l.shmmax()));
        m.put("shmall", value(l.shmall()));
        m.put("shmmni", value(l.shmmni()));
        m.put("msgmni", value(l.msgmni()));
        m.put("msgmax", value(l.msgmax()));
        m.put("msgmnb", value(l.msgmnb()));
        m.put("page_size", value(l.pageSize()));
        return m;
    }

    private static Map<String, Object> sem(IpcUsage.SemUse u, Map<Long, String> names, Optional<LivePids> live) {
        SemArray a = u.array();
        Map<String, Object> m = map();
        m.put("key", IpcKey.hex(a.key()));
        m.put("semid", a.semid());
        m.put("perms", a.permsOctal());
        m.put("nsems", a.nsems());
        m.put("owner", SampleData.owner(a.uid(), names));
        m.put("gid", a.gid());
        m.put("cuid", a.cuid());
        m.put("cgid", a.cgid());
        m.put("otime", a.otime());
        m.put("ctime", a.ctime());
        Optional<SemLastOps> ops = u.lastOps();
        List<Integer> pids = ops.map(SemLastOps::pids).filter(p -> ops.get().readable()).orElse(null);
        m.put("sempid", pids);
        m.put("waiting", ops.flatMap(o -> o.waiting().isPresent() ? Optional.of(o.waiting().getAsInt()) : Optional.empty())
                .orElse(null));
        m.put("sem_pids_error", ops.flatMap(SemLastOps::error).orElse(null));
        m.put("live_pids", pids == null ? null : alive(pids, live));
        m.put("usage", usage(u.verdict(), u.reason()));
        return m;
    }

    private static Map<String, Object> shm(IpcUsage.ShmUse u, Map<Long, String> names, Optional<LivePids> live) {
        ShmSegment s = u.segment();
        Map<String, Object> m = map();
        m.put("key", IpcKey.hex(s.key()));
        m.put("shmid", s.shmid());
        m.put("perms", s.permsOctal());
        m.put("size", s.size());
        m.put("cpid", s.cpid());
        m.put("lpid", s.lpid());
        m.put("nattch", s.nattch());
        m.put("owner", SampleData.owner(s.uid(), names));
        m.put("gid", s.gid());
        m.put("cuid", s.cuid());
        m.put("cgid", s.cgid());
        m.put("atime", s.atime());
        m.put("dtime", s.dtime());
        m.put("ctime", s.ctime());
        m.put("rss", value(s.rss()));
        m.put("swap", value(s.swap()));
        m.put("dest", s.markedForRemoval());
        m.put("locked", s.locked());
        List<Object> att = new ArrayList<>(u.attachments().size());
        List<Integer> pids = new ArrayList<>(List.of(s.cpid(), s.lpid()));
        for (ShmAttachment a : u.attachments()) {
            att.add(attachment(a));
            pids.add(a.pid());
        }
        m.put("attached", att);
        m.put("live_pids", alive(pids, live));
        m.put("usage", usage(u.verdict(), u.reason()));
        return m;
    }

    private static Map<String, Object> msg(MsgQueue q, Map<Long, String> names, Optional<LivePids> live) {
        Map<String, Object> m = map();
        m.put("key", IpcKey.hex(q.key()));
        m.put("msqid", q.msqid());
        m.put("perms", q.permsOctal());
        m.put("cbytes", q.cbytes());
        m.put("qnum", q.qnum());
        m.put("lspid", q.lspid());
        m.put("lrpid", q.lrpid());
        m.put("owner", SampleData.owner(q.uid(), names));
        m.put("gid", q.gid());
        m.put("cuid", q.cuid());
        m.put("cgid", q.cgid());
        m.put("stime", q.stime());
        m.put("rtime", q.rtime());
        m.put("ctime", q.ctime());
        m.put("live_pids", alive(List.of(q.lspid(), q.lrpid()), live));
        return m;
    }

    private static Map<String, Object> attachment(ShmAttachment a) {
        Map<String, Object> m = map();
        m.put("pid", a.pid());
        m.put("comm", a.comm());
        m.put("shmkey", IpcKey.hex(a.key()));
        m.put("shmid", value(a.shmid()));
        return m;
    }

    /** Which of these pids are alive, each once; null when the live processes are not known. */
    private static List<Integer> alive(List<Integer> pids, Optional<LivePids> live) {
        if (live.isEmpty()) {
            return null;
        }
        Set<Integer> out = new LinkedHashSet<>();
        for (int p : pids) {
            if (live.get().alive(p)) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    private static Map<String, Object> usage(IpcUsage.Verdict v, String reason) {
        Map<String, Object> m = map();
        m.put("verdict", v.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("reason", reason);
        return m;
    }
}
