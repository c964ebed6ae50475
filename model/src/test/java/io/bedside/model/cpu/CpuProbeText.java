package io.bedside.model.cpu;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Probe output with the CPU sections in the probe's own formats, so rule tests run through the real parsers. */
final class CpuProbeText {
    private Instant now = Instant.parse("2026-12-06T20:00:00Z");
    private final Map<String, String> status = new LinkedHashMap<>();
    private final Map<String, List<String>> sections = new LinkedHashMap<>();

    CpuProbeText() {
        sections.put("loadavg", new ArrayList<>(List.of("0.94 1.15 1.28 6/141 14485")));
        sections.put(CpuSnapshot.STAT, new ArrayList<>(List.of("cpu  2174047 3540 529189 1840454 3772 0 11720 0 0 0")));
        sections.put(CpuSnapshot.PRESSURE, new ArrayList<>(List.of("some avg10=1.00 avg60=0.00 avg300=0.00 total=1",
                "full avg10=0.00 avg60=0.00 avg300=0.00 total=0")));
        sections.put(CpuSnapshot.CGROUPS, new ArrayList<>());
        status.put(CpuSnapshot.CGROUPS, "ok v2=- v2root=- v1=/sys/fs/cgroup/cpu v1root=/ acct=/sys/fs/cgroup/cpuacct");
    }

    CpuProbeText now(Instant t) {
        now = t;
        return this;
    }

    CpuProbeText psi(double some) {
        sections.put(CpuSnapshot.PRESSURE, new ArrayList<>(List.of("some avg10=" + some + " avg60=0.00 avg300=0.00 total=1",
                "full avg10=0.00 avg60=0.00 avg300=0.00 total=0")));
        return this;
    }

    CpuProbeText stat(String... lines) {
        sections.put(CpuSnapshot.STAT, new ArrayList<>(List.of(lines)));
        return this;
    }

    CpuProbeText status(String section, String st) {
        status.put(section, st);
        return this;
    }

    /** A v1 cgroup line: quota/period in µs, counters as the kernel prints them (throttled_time in ns). */
    CpuProbeText v1(String wirePath, long quota, long periods, long throttled, long throttledNs) {
        sections.get(CpuSnapshot.CGROUPS).add("v1\t" + wirePath + "\tquota=" + quota + " period=100000 nr_periods=" + periods
                + " nr_throttled=" + throttled + " throttled_time=" + throttledNs);
        return this;
    }

    CpuProbeText line(String raw) {
        sections.get(CpuSnapshot.CGROUPS).add(raw);
        return this;
    }

    String text() {
        StringBuilder b = new StringBuilder();
        long ns = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        b.append("@@bedside:probe version=1 uid=0 epoch_ns=").append(ns).append('\n');
        b.append("@@bedside:section host ok\nhostname=web-3\nkernel=6.18.0\ncpus_online=0-1\nuid=0\nbtime=1795448417\n");
        for (Map.Entry<String, List<String>> e : sections.entrySet()) {
            String st = status.getOrDefault(e.getKey(), "ok /proc");
            b.append("@@bedside:section ").append(e.getKey()).append(' ').append(st).append('\n');
            if (st.startsWith("ok")) {
                e.getValue().forEach(l -> b.append(l).append('\n'));
            }
        }
        b.append("@@bedside:end elapsed_ns=1\n");
        return b.toString();
    }

    Sample sample() {
        return Playbooks.parser().parse("test", now, text(), 1);
    }
}
