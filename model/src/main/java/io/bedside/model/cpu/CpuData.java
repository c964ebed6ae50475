package io.bedside.model.cpu;

import io.bedside.model.sample.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.bedside.model.sample.SampleData.map;
import static io.bedside.model.sample.SampleData.reading;
import static io.bedside.model.sample.SampleData.value;

/**
 * The playbook's parsed part of a sample as plain data, for {@code snapshot --json}: /proc/stat's
 * cpu ticks and run queue (and the previous sample's ticks), /proc/pressure/cpu, and every cgroup
 * with a CPU quota with the kernel's counter names.
 */
final class CpuData {
    private CpuData() {
    }

    static Map<String, Object> of(Sample sample) {
        CpuSnapshot cpu = CpuSnapshot.of(sample);
        Map<String, Object> out = map();
        out.put("stat", reading(cpu.stat(), s -> {
            Map<String, Object> m = map();
            m.put("cpu", times(s.now()));
            m.put("previous", s.previous().map(CpuData::times).orElse(null));
            m.put("procs_running", value(s.procsRunning()));
            m.put("procs_blocked", value(s.procsBlocked()));
            m.put("steal_pct", s.steal().map(x -> CpuRules.round(x.percent())).orElse(null));
            m.put("steal_basis", s.steal().map(x -> x.basis().words()).orElse(null));
            return m;
        }));
        out.put("pressure", reading(cpu.pressure(), p -> {
            Map<String, Object> m = map();
            m.put("some", stall(p.some()));
            m.put("full", p.full().map(CpuData::stall).orElse(null));
            return m;
        }));
        out.put("cgroups", reading(cpu.cgroups(), t -> {
            Map<String, Object> m = map();
            m.put("v2", t.v2().orElse(null));
            m.put("v2_root", t.v2Root().orElse(null));
            m.put("v1", t.v1().orElse(null));
            m.put("v1_root", t.v1Root().orElse(null));
            m.put("looked_at", value(t.looked()));
            List<Object> rows = new ArrayList<>();
            for (CgroupCpu c : t.cgroups()) {
                Map<String, Object> r = map();
                r.put("hierarchy", c.version());
                r.put("path", c.path());
                r.put("cgroup", t.name(c));
                r.put("unit", c.unit().orElse(null));
                r.put("quota", c.quotaUsec());
                r.put("period", value(c.periodUsec()));
                r.put("nr_periods", value(c.nrPeriods()));
                r.put("nr_throttled", value(c.nrThrottled()));
                r.put("throttled_usec", value(c.throttledUsec()));
                r.put("usage_usec", value(c.usageUsec()));
                rows.add(r);
            }
            m.put("cgroups", rows);
            return m;
        }));
        return out;
    }

    private static Map<String, Object> times(CpuTimes t) {
        Map<String, Object> m = map();
        m.put("user", t.user());
        m.put("nice", t.nice());
        m.put("system", t.system());
        m.put("idle", t.idle());
        m.put("iowait", t.iowait());
        m.put("irq", t.irq());
        m.put("softirq", t.softirq());
        m.put("steal", value(t.steal()));
        return m;
    }

    private static Map<String, Object> stall(io.bedside.model.host.Pressure.Stall s) {
        Map<String, Object> m = map();
        m.put("avg10", s.avg10());
        m.put("avg60", s.avg60());
        m.put("avg300", s.avg300());
        m.put("total", s.totalMicros());
        return m;
    }
}
