package io.bedside.model.procs;

import io.bedside.model.memory.MemorySnapshot;
import io.bedside.model.memory.ProcessMemoryParser;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketSnapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds probe output in the probe's own formats (procs-mem, proc-fds, proc-threads, pid-limits,
 * cgroup-pids, pressure-io, kernel-log), so the rule tests run through the real parsers.
 */
final class ProcsProbeText {
    static final long BTIME = 1_795_448_417L;   // 2026-11-23T15:40:17Z

    private Instant now = Instant.ofEpochSecond(BTIME + 3600);
    private final Map<String, String> status = new LinkedHashMap<>();
    private final Map<String, List<String>> sections = new LinkedHashMap<>();
    private String loadavg = "0.10 0.20 0.30 1/200 4242";
    private int probePid = 9000;

    ProcsProbeText() {
        sections.put(MemorySnapshot.PROCS, new ArrayList<>(List.of(ProcessMemoryParser.HEADER)));
        sections.put(MemorySnapshot.KERNEL_LOG, new ArrayList<>());
        sections.put(SocketSnapshot.FDS, new ArrayList<>());
        sections.put(SocketSnapshot.THREADS, new ArrayList<>());
        sections.put(ProcsSnapshot.PRESSURE_IO, new ArrayList<>(List.of("some avg10=0.00 avg60=0.00 avg300=0.00 total=0",
                "full avg10=0.00 avg60=0.00 avg300=0.00 total=0")));
        sections.put(ProcsSnapshot.LIMITS, new ArrayList<>(List.of("pid_max=32768", "threads-max=63000")));
        sections.put(ProcsSnapshot.CGROUPS, new ArrayList<>(List.of("# scanned=0 finite=0 shown=0")));
        status.put(MemorySnapshot.PROCS, "ok /proc");
        status.put(MemorySnapshot.KERNEL_LOG, "ok dmesg cursor=dmesg:b:0:0 from=start scanned=0");
        status.put(SocketSnapshot.FDS, "ok find /proc/PID/fd (uid 0)");
        status.put(SocketSnapshot.THREADS, "ok /proc/PID/task (uid 0)");
        status.put(ProcsSnapshot.PRESSURE_IO, "ok /proc/pressure/io");
        status.put(ProcsSnapshot.LIMITS, "ok /proc/sys/kernel/{pid_max,threads-max}");
        status.put(ProcsSnapshot.CGROUPS, "ok v1=/sys/fs/cgroup/pids v2=/sys/fs/cgroup/unified");
    }

    ProcsProbeText now(Instant t) {
        now = t;
        return this;
    }

    Instant now() {
        return now;
    }

    ProcsProbeText loadavg(int total) {
        loadavg = "0.10 0.20 0.30 1/" + total + " 4242";
        return this;
    }

    ProcsProbeText limits(String... lines) {
        sections.put(ProcsSnapshot.LIMITS, new ArrayList<>(List.of(lines)));
        return this;
    }

    ProcsProbeText status(String section, String statusAndDetail) {
        status.put(section, statusAndDetail);
        return this;
    }

    /** A process: pid, state letter, ppid, start ticks, comm (as the probe prints it: escaped), cgroup path of name=systemd. */
    ProcsProbeText process(int pid, String state, int ppid, long start, String comm, String sdCgroup) {
        sections.get(MemorySnapshot.PROCS).add(pid + "\t" + state + "\t" + ppid + "\t0\t" + start + "\t" + (state.equals("Z") ? "-" : "1000")
                + "\t" + (state.equals("Z") ? "-" : "0") + "\t0\t0\tv1:" + sdCgroup + "\t" + sdCgroup + "\t" + comm + "\t" + (state.equals("Z") ? "" : "/usr/bin/x"));
        if (!state.equals("Z")) {
            sections.get(SocketSnapshot.FDS).add("pid=" + pid + " start=" + start + " nofile=1024/524288 fds=3 comm=" + comm);
        }
        return this;
    }

    /** n zombie children of ppid, pids from first, started at startTicks. */
    ProcsProbeText zombies(int ppid, int n, int first, long startTicks) {
        for (int i = 0; i < n; i++) {
            process(first + i, "Z", ppid, startTicks, "worker", "/system.slice/app.service");
        }
        return this;
    }

    ProcsProbeText thread(int pid, int tid, char state, String wchan, String comm) {
        sections.get(SocketSnapshot.THREADS).add(pid + " " + tid + " " + state + " " + wchan + " - " + comm);
        return this;
    }

    ProcsProbeText cgroup(String line) {
        sections.get(ProcsSnapshot.CGROUPS).add(0, line);
        return this;
    }

    ProcsProbeText klog(String... lines) {
        sections.get(MemorySnapshot.KERNEL_LOG).addAll(List.of(lines));
        return this;
    }

    ProcsProbeText pressureIo(double some, double full) {
        sections.put(ProcsSnapshot.PRESSURE_IO, new ArrayList<>(List.of("some avg10=" + some + " avg60=0.00 avg300=0.00 total=1",
                "full avg10=" + full + " avg60=0.00 avg300=0.00 total=1")));
        return this;
    }

    /** Marks the walks and the full-sample sections skipped, as a light sample prints them. */
    ProcsProbeText light() {
        for (String s : List.of(MemorySnapshot.PROCS, SocketSnapshot.FDS, SocketSnapshot.THREADS, ProcsSnapshot.LIMITS, ProcsSnapshot.CGROUPS)) {
            status.put(s, "skipped light sample");
        }
        return this;
    }

    String text() {
        StringBuilder b = new StringBuilder();
        long ns = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        b.append("@@bedside:probe version=1 uid=0 pid=").append(probePid).append(" epoch_ns=").append(ns).append('\n');
        b.append("@@bedside:section host ok\nhostname=db-07\nkernel=6.1.0-18-amd64\nuid=0\ntimezone=UTC+0000\nbtime=")
                .append(BTIME).append('\n');
        b.append("@@bedside:section uptime ok /proc/uptime\n").append(now.getEpochSecond() - BTIME).append(".00 100.00\n");
        b.append("@@bedside:section loadavg ok /proc/loadavg\n").append(loadavg).append('\n');
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

    /** This output parsed as the sample after {@code previous} (light sections carried from it). */
    Sample after(Sample previous) {
        return Playbooks.parser().parse("test", now, text(), 1, previous);
    }
}
