package io.bedside.model.fds;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds a probe output with the fd sections (fs-file, proc-fds), as the fragments print them. */
final class FdsProbeText {
    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private final List<String> fsFile = new ArrayList<>();
    private String fsFileStatus = "ok read";
    private final List<String> fds = new ArrayList<>();
    private String fdsStatus = "ok find /proc/PID/fd (uid 0)";
    private boolean light;

    FdsProbeText table(long allocated, long max) {
        fsFile.add("file-nr=" + allocated + " 0 " + max);
        fsFile.add("file-max=" + max);
        fsFile.add("nr_open=1048576");
        return this;
    }

    FdsProbeText fsFile(String status, String... lines) {
        fsFileStatus = status;
        fsFile.addAll(List.of(lines));
        return this;
    }

    /** A process with {@code sockets} socket fds and {@code pipes} pipe fds (after 0,1,2 on /dev/null), limit soft/hard. */
    FdsProbeText process(int pid, long start, String comm, int sockets, int pipes, long soft, long hard) {
        int n = 0;
        for (int i = 0; i < 3; i++) {
            fds.add(pid + " " + n++ + " lrwx------ c /dev/null");
        }
        for (int i = 0; i < sockets; i++) {
            fds.add(pid + " " + n++ + " lrwx------ s socket:[" + (pid * 100000L + i) + "]");
        }
        for (int i = 0; i < pipes; i++) {
            fds.add(pid + " " + n++ + " lr-x------ p pipe:[" + (pid * 100000L + 50000 + i) + "]");
        }
        fds.add("pid=" + pid + " start=" + start + " nofile=" + soft + "/" + hard + " fds=" + n + " comm=" + comm);
        return this;
    }

    FdsProbeText fdLine(String line) {
        fds.add(line);
        return this;
    }

    /** A light sample: the fd walk is skipped. */
    FdsProbeText light() {
        light = true;
        return this;
    }

    String text(Instant at) {
        long ns = at.getEpochSecond() * 1_000_000_000L + at.getNano();
        StringBuilder b = new StringBuilder("@@bedside:probe version=1 uid=0 pid=999 epoch_ns=" + ns + "\n");
        b.append("@@bedside:section host ok\nhostname=h\nkernel=6.18.44\nmachine=x86_64\nuid=0\n");
        b.append("@@bedside:section fs-file ").append(fsFileStatus).append('\n');
        fsFile.forEach(l -> b.append(l).append('\n'));
        if (light) {
            b.append("@@bedside:section proc-fds skipped light sample\n");
        } else {
            b.append("@@bedside:section proc-fds ").append(fdsStatus).append('\n');
            fds.forEach(l -> b.append(l).append('\n'));
        }
        b.append("@@bedside:end elapsed_ns=1\n");
        return b.toString();
    }

    Sample sample(Instant at) {
        return Playbooks.parser().parse("test", at, text(at), 5);
    }

    Sample sample(Instant at, Sample previous) {
        return Playbooks.parser().parse("test", at, text(at), 5, previous);
    }

    static Instant t(int seconds) {
        return T0.plus(Duration.ofSeconds(seconds));
    }
}
