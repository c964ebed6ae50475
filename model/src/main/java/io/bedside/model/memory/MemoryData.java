package io.bedside.model.memory;

import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleData;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static io.bedside.model.sample.SampleData.map;
import static io.bedside.model.sample.SampleData.reading;
import static io.bedside.model.sample.SampleData.value;

/**
 * The playbook's parsed part of a sample as plain data, for {@code snapshot --json}: the OOM kill
 * counter, every process with the kernel's names ({@code oom_score}, {@code oom_score_adj},
 * the resident set and VmSwap in kB) and the memory limit that binds its cgroup, the cgroups as read, the
 * OOM kills of the kernel log this sample read, and the boots.
 */
final class MemoryData {
    private MemoryData() {
    }

    static Map<String, Object> of(Sample sample) {
        MemorySnapshot mem = MemorySnapshot.of(sample);
        Map<Long, String> names = SampleData.userNames(sample);
        Optional<CgroupMemoryTable> cgroups = mem.cgroups().get();
        Map<String, Object> out = map();
        out.put("vmstat", reading(mem.oomKills(), n -> {
            Map<String, Object> m = map();
            m.put("oom_kill", n);
            return m;
        }));
        out.put("processes", reading(mem.processes(), t -> {
            Map<String, Object> m = map();
            m.put("kernel_threads", value(t.kernelThreads()));
            m.put("exited", value(t.exited()));
            List<Object> rows = new ArrayList<>(t.processes().size());
            t.processes().forEach(p -> rows.add(process(p, names, cgroups)));
            m.put("processes", rows);
            return m;
        }));
        out.put("cgroups", reading(mem.cgroups(), MemoryData::cgroups));
        out.put("oom_kills", reading(mem.kernelLog(), MemoryData::kernelLog));
        out.put("boots", reading(mem.boots(), b -> {
            Map<String, Object> m = map();
            List<Object> rows = new ArrayList<>(b.size());
            b.forEach(x -> rows.add(boot(x)));
            m.put("boots", rows);
            return m;
        }));
        return out;
    }

    private static Map<String, Object> process(ProcessMemory p, Map<Long, String> names, Optional<CgroupMemoryTable> cgroups) {
        Map<String, Object> m = map();
        m.put("pid", p.pid());
        m.put("comm", p.comm());
        m.put("state", p.state());
        m.put("ppid", p.ppid());
        m.put("owner", p.uid().isPresent() ? SampleData.owner(p.uid().getAsLong(), names) : null);
        m.put("starttime", p.startTicks());
        m.put("rss_kb", value(p.rssKb()));
        m.put("swap_kb", value(p.swapKb()));
        m.put("oom_score", value(p.oomScore()));
        m.put("oom_score_adj", value(p.oomScoreAdj()));
        m.put("cgroup", p.cgroup().map(CgroupRef::toString).orElse(null));
        m.put("systemd_cgroup", value(p.systemdCgroup()));
        m.put("unit", value(p.unit()));
        m.put("cmdline", p.cmdline());
        m.put("memory_limit", p.cgroup().flatMap(ref -> cgroups.flatMap(t -> t.binding(ref))).map(b -> {
            Map<String, Object> l = map();
            l.put("cgroup", b.at().toString());
            l.put("bytes", b.bytes());
            l.put("usage_bytes", value(b.usageBytes()));
            return l;
        }).orElse(null));
        return m;
    }

    private static Map<String, Object> cgroups(CgroupMemoryTable t) {
        Map<String, Object> m = map();
        m.put("v2_mount", value(t.v2Mount()));
        m.put("v1_mount", value(t.v1Mount()));
        List<Object> rows = new ArrayList<>(t.cgroups().size());
        for (CgroupMemory c : t.cgroups().values()) {
            Map<String, Object> g = map();
            g.put("cgroup", c.ref().toString());
            g.put("missing", c.missing());
            // the probe's key=value pairs as read: v2 max high current swap.max swap.current oom oom_kill,
            // v1 limit usage failcnt memsw.limit memsw.usage oom_kill under_oom
            g.put("values", new TreeMap<String, Object>(c.values()));
            rows.add(g);
        }
        m.put("cgroups", rows);
        return m;
    }

    private static Map<String, Object> kernelLog(KernelLog k) {
        Map<String, Object> m = map();
        m.put("via", k.source().map(KernelLogSource::via).orElse(null));
        m.put("from_start", k.source().map(KernelLogSource::fromStart).orElse(null));
        if (k.source().map(KernelLogSource::deferred).orElse(false)) {
            m.put("deferred", true);
        }
        m.put("lines", k.lines());
        List<Object> kills = new ArrayList<>(k.kills().size());
        k.kills().forEach(e -> kills.add(kill(e)));
        m.put("kills", kills);
        m.put("other", k.other());
        m.put("unrecognized", k.unrecognized());
        return m;
    }

    private static Map<String, Object> kill(OomEvent e) {
        Map<String, Object> m = map();
        m.put("pid", e.pid());
        m.put("comm", e.comm());
        m.put("uid", value(e.uid()));
        m.put("total_vm_kb", value(e.totalVmKb()));
        m.put("anon_rss_kb", value(e.anonRssKb()));
        m.put("file_rss_kb", value(e.fileRssKb()));
        m.put("shmem_rss_kb", value(e.shmemRssKb()));
        m.put("pgtables_kb", value(e.pgtablesKb()));
        m.put("oom_score_adj", value(e.oomScoreAdj()));
        m.put("score", value(e.score()));
        m.put("message", e.message());
        m.put("constraint", value(e.constraint()));
        m.put("oom_memcg", value(e.memcg()));
        m.put("task_memcg", value(e.taskMemcg()));
        m.put("memcg_usage", e.memcgUsage().map(u -> {
            Map<String, Object> x = map();
            x.put("usage_kb", u.usageKb());
            x.put("limit_kb", u.limitKb());
            x.put("failcnt", u.failcnt());
            return x;
        }).orElse(null));
        m.put("trigger", e.trigger().map(t -> {
            Map<String, Object> x = map();
            x.put("comm", t.comm());
            x.put("pid", value(t.pid()));
            x.put("gfp_mask", value(t.gfpMask()));
            x.put("order", value(t.order()));
            x.put("oom_score_adj", value(t.oomScoreAdj()));
            return x;
        }).orElse(null));
        m.put("chosen", e.chosen().map(c -> {
            Map<String, Object> x = map();
            x.put("pid", c.pid());
            x.put("comm", c.comm());
            x.put("score", c.score());
            return x;
        }).orElse(null));
        m.put("time", e.time().map(SampleData::time).orElse(null));
        m.put("uptime", value(e.uptimeSeconds()));
        m.put("stamp", e.stamp());
        m.put("kill_line", e.killLine());
        return m;
    }

    private static Map<String, Object> boot(Boot b) {
        Map<String, Object> m = map();
        m.put("start", SampleData.time(b.start()));
        m.put("end", b.end().map(SampleData::time).orElse(null));
        m.put("how", b.how().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("boot_id", value(b.bootId()));
        m.put("index", value(b.index()));
        m.put("kernel", value(b.kernel()));
        return m;
    }
}
