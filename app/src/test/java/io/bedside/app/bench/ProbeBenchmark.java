package io.bedside.app.bench;

import io.bedside.app.ProbeScript;
import io.bedside.app.Sources;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.WithLab;
import io.bedside.app.ssh.SshConnector;
import io.bedside.app.ssh.SshResolver;
import io.bedside.app.transport.SshTransport;
import io.bedside.model.port.HostTransport;
import io.bedside.model.port.ProbeResult;
import io.bedside.model.port.Prompter;
import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.probe.ProbeOutputParser;
import io.bedside.model.ssh.SshOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The foundation's benchmark (not a timed test): one Bedside sample against a lab host, next to
 * an engineer's plain {@code ssh HOST cmd} loop gathering the same facts. Run with
 * {@code ./mvnw -pl app -am test -Dtest=ProbeBenchmark -Dbedside.bench=true -Dsurefire.failIfNoSpecifiedTests=false};
 * figures go to stdout and app/target/benchmarks/foundation.md.
 */
// alone: a benchmark
@org.junit.jupiter.api.parallel.Isolated
@WithLab
@EnabledIfSystemProperty(named = "bedside.bench", matches = "true")
class ProbeBenchmark {
    private static final int SAMPLES = 100;
    private static final int LOOPS = 5;
    /** What an engineer types to see the same facts, one ssh each. */
    private static final List<String> PLAIN = List.of("cat /proc/sys/kernel/hostname", "uname -r", "uname -m",
            "cat /etc/os-release", "cat /proc/uptime", "grep btime /proc/stat", "nproc", "date +%Z%z", "id -un",
            "cat /proc/loadavg", "cat /proc/meminfo", "cat /proc/pressure/memory");

    @Test
    void oneSampleAgainstAPlainSshLoop(Lab lab) throws Exception {
        SshOptions o = new SshOptions(Optional.of(lab.sshConfig().toString()), OptionalInt.empty(), Optional.empty(),
                List.of(), Optional.empty(), Map.of());
        Sources sources = new Sources(new SshConnector(SshResolver.system()), o, SshTransport.DEFAULT_CAP);
        List<Long> rtt = new ArrayList<>();
        List<Long> probe = new ArrayList<>();
        List<Long> trueRtt = new ArrayList<>();
        long ticks = 0;
        long bytes = 0;
        long connectStart = System.nanoTime();
        try (HostTransport t = sources.open(lab.alias(), Prompter.REFUSE_ALL)) {
            long connectMs = (System.nanoTime() - connectStart) / 1_000_000;
            for (int i = 0; i < 10; i++) {
                t.run(ProbeScript.text(), false, Duration.ofSeconds(30));
                t.run("true", false, Duration.ofSeconds(30));
            }
            for (int i = 0; i < SAMPLES; i++) {
                ProbeResult empty = t.run("true", false, Duration.ofSeconds(30));
                trueRtt.add(empty.roundTripMillis());
                long s = System.nanoTime();
                ProbeResult r = t.run(ProbeScript.text(), false, Duration.ofSeconds(30));
                rtt.add((System.nanoTime() - s) / 1000);
                ProbeOutput out = ProbeOutputParser.parse(r.stdout());
                assertTrue(out.complete());
                probe.add(out.elapsedNanos().getAsLong() / 1000);
                ticks += out.cpuTicks().getAsLong();
                bytes += r.stdout().length() + r.stderr().length();
            }
            // host CPU: 200 probes in one shell on the host, children's CPU from /proc/self/stat
            double loopCpuMs = hostCpuMs(t, ProbeScript.text());
            // as a live session runs it: with the kernel log cursor, full samples and light ones
            String detail = ProbeOutputParser.parse(t.run(ProbeScript.text(), false, Duration.ofSeconds(30)).stdout())
                    .section("kernel-log").orElseThrow().detail();
            java.util.regex.Matcher cm = java.util.regex.Pattern.compile("cursor=(\\S+)").matcher(detail);
            String cursor = cm.find() ? "BS_KLOG_CURSOR='" + cm.group(1) + "'\n" : "";
            double fullCpuMs = hostCpuMs(t, cursor + ProbeScript.text());
            double lightCpuMs = hostCpuMs(t, "BS_LIGHT=1\n" + cursor + ProbeScript.text());
            long perFull = io.bedside.model.session.SamplingSession.FULL_EVERY.toSeconds() / 2;
            double sessionCpuMs = (fullCpuMs + (perFull - 1) * lightCpuMs) / perFull;
            int lightBytes = t.run("BS_LIGHT=1\n" + cursor + ProbeScript.text(), false, Duration.ofSeconds(30)).stdout().length();
            List<Long> plain = new ArrayList<>();
            for (int loop = 0; loop < LOOPS; loop++) {
                long s = System.nanoTime();
                for (String cmd : PLAIN) {
                    List<String> c = new ArrayList<>(lab.sshCommand(lab.alias()));
                    c.add(cmd);
                    Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
                    p.getInputStream().readAllBytes();
                    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                    assertEquals(0, p.exitValue(), "ssh " + cmd);
                }
                plain.add((System.nanoTime() - s) / 1000);
            }
            // one ssh with everything chained: the best a hand-written script does
            List<Long> chained = new ArrayList<>();
            for (int loop = 0; loop < LOOPS; loop++) {
                List<String> c = new ArrayList<>(lab.sshCommand(lab.alias()));
                c.add(String.join("; ", PLAIN));
                long s = System.nanoTime();
                Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                chained.add((System.nanoTime() - s) / 1000);
            }
            double rttMed = median(rtt) / 1000.0;
            double probeMed = median(probe) / 1000.0;
            double trueMed = median(trueRtt);
            double cpuMs = ticks * 10.0 / SAMPLES;
            double plainMed = median(plain) / 1000.0;
            double chainedMed = median(chained) / 1000.0;
            String report = String.format("""
                    # Foundation benchmark (lab host over loopback, %d samples, %s)

                    | figure | value |
                    |---|---|
                    | connect + authenticate (once) | %d ms |
                    | Bedside sample round trip, median / p95 | %.1f ms / %.1f ms |
                    | probe time on the host, median / p95 | %.1f ms / %.1f ms |
                    | empty command (`true`) round trip on the open connection, median | %.1f ms |
                    | sample minus probe time, median (goal: at most one round trip) | %.1f ms |
                    | host CPU per sample (probe shell and children; 200 probes in one loop on the host) | %.2f ms |
                    | host CPU per sample as the probes themselves report it (10 ms ticks, averaged) | %.1f ms |
                    | live session, full sample (kernel log read from its cursor): host CPU | %.2f ms |
                    | live session, light sample (process walks carried from the last full one): host CPU, bytes | %.2f ms, %d |
                    | live session at the default 2 s interval (one full sample every %d s): host CPU per sample | %.2f ms |
                    | bytes per sample | %d |
                    | plain `ssh HOST cmd` loop, %d commands, median | %.0f ms |
                    | one `ssh HOST 'cmd1; cmd2; ...'`, median | %.0f ms |
                    | ratio: plain loop / Bedside sample | %.0fx |
                    | ratio: one chained ssh / Bedside sample | %.0fx |
                    """, SAMPLES, Runtime.version(), connectMs, rttMed, p95(rtt) / 1000.0, probeMed, p95(probe) / 1000.0, trueMed,
                    rttMed - probeMed, loopCpuMs, cpuMs, fullCpuMs, lightCpuMs, lightBytes,
                    io.bedside.model.session.SamplingSession.FULL_EVERY.toSeconds(), sessionCpuMs, bytes / SAMPLES, PLAIN.size(), plainMed, chainedMed, plainMed / rttMed,
                    chainedMed / rttMed);
            System.out.println(report);
            Path dir = Path.of("target", "benchmarks");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("foundation.md"), report);
        }
    }

    /** Host CPU per run of {@code script}: 200 runs in one shell on the host, its children's CPU from /proc/self/stat. */
    private static double hostCpuMs(HostTransport t, String script) throws Exception {
        String cpuLoop = "f=$(mktemp); cat > \"$f\" <<'BEDSIDE_EOF'\n" + script + "\nBEDSIDE_EOF\n"
                + "i=0; while [ $i -lt 200 ]; do sh \"$f\" >/dev/null; i=$((i+1)); done; rm -f \"$f\"; "
                + "read -r s < /proc/$$/stat; echo \"${s##*)}\"";
        String[] st = t.run(cpuLoop, false, Duration.ofSeconds(180)).stdout().trim().split(" ");
        return (Long.parseLong(st[13]) + Long.parseLong(st[14])) * 10.0 / 200;
    }

    private static double median(List<Long> l) {
        List<Long> s = new ArrayList<>(l);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    private static double p95(List<Long> l) {
        List<Long> s = new ArrayList<>(l);
        Collections.sort(s);
        return s.get((int) Math.min(s.size() - 1, Math.round(s.size() * 0.95)));
    }
}
