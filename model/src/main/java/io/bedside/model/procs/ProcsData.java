package io.bedside.model.procs;

import io.bedside.model.host.Pressure;
import io.bedside.model.memory.ProcessMemory;
import io.bedside.model.sample.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.bedside.model.sample.SampleData.map;
import static io.bedside.model.sample.SampleData.reading;
import static io.bedside.model.sample.SampleData.value;

/**
 * The playbook's part of a sample as plain data, for {@code snapshot --json}: the task count and
 * the kernel's limits, the cgroups near their pids.max, I/O pressure, the zombies by parent and
 * the threads in D (the last two read from the process and thread walks, which the memory and
 * sockets parts hold), and the hung-task lines of this sample's kernel log.
 */
final class ProcsData {
    private ProcsData() {
    }

    static Map<String, Object> of(Sample sample) {
        ProcsSnapshot p = ProcsSnapshot.of(sample);
        Map<String, Object> out = map();
        out.put("tasks", reading(sample.load(), l -> {
            Map<String, Object> m = map();
            m.put("runnable", l.runnable());
            m.put("total", l.total());
            return m;
        }));
        out.put("limits", reading(p.limits(), l -> {
            Map<String, Object> m = map();
            m.put("pid_max", value(l.pidMax()));
            m.put("threads-max", value(l.threadsMax()));
            return m;
        }));
        out.put("cgroups", reading(p.cgroups(), t -> {
            Map<String, Object> m = map();
            m.put("v1_mount", value(t.v1Mount()));
            m.put("v2_mount", value(t.v2Mount()));
            m.put("scanned", value(t.scanned()));
            m.put("finite", value(t.finite()));
            List<Object> rows = new ArrayList<>();
            for (CgroupPids c : t.cgroups()) {
                Map<String, Object> r = map();
                r.put("version", c.version());
                r.put("path", c.path());
                r.put("pids.max", c.max());
                r.put("pids.current", value(c.current()));
                r.put("events_max", value(c.eventsMax()));
                rows.add(r);
            }
            m.put("cgroups", rows);
            return m;
        }));
        out.put("pressure_io", reading(p.io(), ProcsData::pressure));
        List<Object> zombies = new ArrayList<>();
        Zombies.of(sample).ifPresent(list -> list.forEach(z -> {
            Map<String, Object> r = map();
            r.put("ppid", z.ppid());
            r.put("comm", value(z.comm()));
            r.put("unit", value(z.unit()));
            r.put("zombies", z.zombies().size());
            r.put("oldest_age", value(z.oldestAge()));
            r.put("pids", z.zombies().stream().map(ProcessMemory::pid).toList());
            zombies.add(r);
        }));
        out.put("zombies", zombies);
        List<Object> d = new ArrayList<>();
        StuckThreads.of(sample, List.of(), 1).ifPresent(list -> list.forEach(t -> {
            Map<String, Object> r = map();
            r.put("pid", t.pid());
            r.put("tid", t.tid());
            r.put("comm", t.comm());
            r.put("wchan", value(t.wchan()));
            d.add(r);
        }));
        out.put("d_state", d);
        out.put("hung_tasks", reading(p.hangs(), hs -> {
            Map<String, Object> m = map();
            m.put("lines", hs.stream().map(KernelHang::line).toList());
            return m;
        }));
        return out;
    }

    private static Map<String, Object> pressure(Pressure pr) {
        Map<String, Object> m = map();
        m.put("some_avg10", pr.some().avg10());
        m.put("some_avg60", pr.some().avg60());
        m.put("some_total", pr.some().totalMicros());
        pr.full().ifPresent(f -> {
            m.put("full_avg10", f.avg10());
            m.put("full_total", f.totalMicros());
        });
        return m;
    }
}
