package io.bedside.model.memory;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds probe output with the host, meminfo, PSI and memory sections in the probe's own formats,
 * so rule tests run through the real parsers.
 */
final class MemoryProbeText {
    static final long BTIME = 1_795_448_417L;   // 2026-11-23T15:40:17Z

    private Instant now = Instant.ofEpochSecond(BTIME + 3600);
    private long btime = BTIME;
    private final Map<String, String> status = new LinkedHashMap<>();
    private final Map<String, List<String>> sections = new LinkedHashMap<>();

    MemoryProbeText() {
        sections.put("meminfo", new ArrayList<>(List.of("MemTotal:        4000000 kB", "MemFree:         2000000 kB",
                "MemAvailable:    3000000 kB", "SwapTotal:             0 kB", "SwapFree:              0 kB",
                "CommitLimit:     2000000 kB", "Committed_AS:    1000000 kB")));
        sections.put("pressure-memory", new ArrayList<>(List.of("some avg10=0.00 avg60=0.00 avg300=0.00 total=0",
                "full avg10=0.00 avg60=0.00 avg300=0.00 total=0")));
        sections.put(MemorySnapshot.VMSTAT, new ArrayList<>(List.of("oom_kill 0")));
        sections.put(MemorySnapshot.PROCS, new ArrayList<>(List.of(ProcessMemoryParser.HEADER)));
        sections.put(MemorySnapshot.CGROUPS, new ArrayList<>());
        sections.put(MemorySnapshot.KERNEL_LOG, new ArrayList<>());
        sections.put(MemorySnapshot.BOOTS, new ArrayList<>());
        status.put(MemorySnapshot.CGROUPS, "ok v2=/sys/fs/cgroup v1=-");
        status.put(MemorySnapshot.KERNEL_LOG, "ok dmesg cursor=dmesg:b:0:0 from=start scanned=0");
        status.put(MemorySnapshot.BOOTS, "missing no journal boots and no reboot records in wtmp");
    }

    MemoryProbeText now(Instant t) {
        now = t;
        return this;
    }

    MemoryProbeText btime(long t) {
        btime = t;
        return this;
    }

    MemoryProbeText available(long totalKb, long availableKb) {
        List<String> m = sections.get("meminfo");
        m.set(0, "MemTotal:        " + totalKb + " kB");
        m.set(2, "MemAvailable:    " + availableKb + " kB");
        return this;
    }

    MemoryProbeText psi(double some, double full) {
        sections.put("pressure-memory", new ArrayList<>(List.of("some avg10=" + some + " avg60=0.00 avg300=0.00 total=1",
                "full avg10=" + full + " avg60=0.00 avg300=0.00 total=1")));
        return this;
    }

    MemoryProbeText noPsi() {
        status.put("pressure-memory", "missing /proc/pressure/memory");
        return this;
    }

    MemoryProbeText oomKills(long n) {
        sections.put(MemorySnapshot.VMSTAT, new ArrayList<>(List.of("oom_kill " + n)));
        return this;
    }

    /** A process: pid, name, rss kB, oom_score, oom_score_adj, cgroup ("v2:/..."). */
    MemoryProbeText process(int pid, String comm, long rssKb, int score, int adj, String cgroup) {
        sections.get(MemorySnapshot.PROCS).add(pid + "\tS\t1\t0\t" + (1000 + pid) + "\t" + rssKb + "\t0\t" + score + "\t" + adj
                + "\t" + cgroup + "\t-\t" + comm + "\t/usr/bin/" + comm);
        return this;
    }

    MemoryProbeText cgroup(String line) {
        sections.get(MemorySnapshot.CGROUPS).add(line);
        return this;
    }

    MemoryProbeText klog(String detail, String... lines) {
        status.put(MemorySnapshot.KERNEL_LOG, detail);
        sections.get(MemorySnapshot.KERNEL_LOG).addAll(List.of(lines));
        return this;
    }

    MemoryProbeText klogAbsent(String statusAndDetail) {
        status.put(MemorySnapshot.KERNEL_LOG, statusAndDetail);
        sections.get(MemorySnapshot.KERNEL_LOG).clear();
        return this;
    }

    MemoryProbeText boots(String detail, String... lines) {
        status.put(MemorySnapshot.BOOTS, detail);
        sections.get(MemorySnapshot.BOOTS).addAll(List.of(lines));
        return this;
    }

    String text() {
        StringBuilder b = new StringBuilder();
        long ns = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        b.append("@@bedside:probe version=1 uid=0 epoch_ns=").append(ns).append('\n');
        b.append("@@bedside:section host ok\nhostname=db-07\nkernel=6.1.0-18-amd64\nuid=0\ntimezone=UTC+0000\nbtime=")
                .append(btime).append('\n');
        b.append("@@bedside:section uptime ok /proc/uptime\n").append(now.getEpochSecond() - btime).append(".00 100.00\n");
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

    static Sample sample(String probeText) {
        return Playbooks.parser().parse("fixture", Instant.ofEpochSecond(BTIME + 7200), probeText, 1);
    }
}
