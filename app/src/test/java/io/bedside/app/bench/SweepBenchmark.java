package io.bedside.app.bench;

import io.bedside.app.ProbeScript;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.WithLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fleet sweep's benchmark (not a timed test): {@code bedside sweep} as a whole process under
 * {@code /usr/bin/time -v}, for its wall time and the laptop's CPU (user + system of the Java process)
 * and memory (maximum resident set), against
 * <ul>
 *   <li>50 lab hosts running the real probe (each its own sshd and namespaces: their probes' CPU is
 *   this machine's too, so the wall time here is a laptop and 50 hosts on 2 cores);</li>
 *   <li>50 and 200 lab hosts that replay a probe output recorded once from a real lab host
 *   ({@code bedside-lab up --fleet N --replay FILE}): a real SSH login, channel and transfer per host,
 *   and the laptop's whole parse and diagnosis of a full sample, but no probe work on the host side.
 *   That is how the 200 hosts this machine cannot also run probes for are simulated: on a real fleet
 *   the probes run on the hosts' CPUs, not the laptop's.</li>
 * </ul>
 * Run with {@code ./mvnw -pl app -am test -Dtest=SweepBenchmark -Dbedside.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false}; figures go to stdout and app/target/benchmarks/sweep.md.
 */
// alone: a benchmark
@org.junit.jupiter.api.parallel.Isolated
@WithLab(fleet = 50)
@EnabledIfSystemProperty(named = "bedside.bench", matches = "true")
class SweepBenchmark {
    private static final int RUNS = 3;

    record Run(double wallS, double cpuS, long maxRssKb, double machineCpuS, String firstLine) {
    }

    @Test
    void sweepsOf50And200Hosts(Lab lab) throws Exception {
        Path out = Path.of("target", "benchmarks");
        Files.createDirectories(out);
        // a probe output recorded once from the lab's main host (a real one: this machine's processes)
        String token = "0123456789abcdef0123456789abcdef";
        Process rec = new ProcessBuilder("ssh", "-F", lab.sshConfig().toString(), lab.alias(), "LC_ALL=C sh -s")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var in = rec.getOutputStream()) {
            in.write(("BS_TOKEN=" + token + "\n" + ProbeScript.text()).getBytes(StandardCharsets.UTF_8));
        }
        byte[] recorded = rec.getInputStream().readAllBytes();
        assertTrue(rec.waitFor(120, TimeUnit.SECONDS));
        Path replay = out.resolve("sweep-replay.txt");
        Files.write(replay, recorded);
        assertTrue(new String(recorded, StandardCharsets.UTF_8).contains("token=" + token), "a probe output was recorded");

        String replayLab = "sweepbench-replay";
        List<String> rows = new ArrayList<>();
        Lab.run(List.of(lab.script().toString(), "down", replayLab), Map.of(), java.time.Duration.ofMinutes(5));
        try {
            rows.add(row("50 lab hosts, real probe", measure(lab.sshConfig(), "lab-" + lab.name() + "-f*", 50)));

            Lab.Result up = Lab.run(List.of(lab.script().toString(), "up", replayLab, "--fleet", "200", "--replay",
                    replay.toAbsolutePath().toString()), Map.of(), java.time.Duration.ofMinutes(10));
            assertTrue(up.ok(), up.describe());
            Lab r = Lab.read(Path.of(up.stdout().strip().lines().reduce((a, b) -> b).orElseThrow()));
            String f = "lab-" + replayLab + "-f";
            rows.add(row("50 hosts, recorded probe output", measure(r.sshConfig(), f + "00*," + f + "01*," + f + "02*," + f + "03*," + f + "04*," + f + "050", 50)));
            rows.add(row("200 hosts, recorded probe output", measure(r.sshConfig(), f + "*", 200)));
        } finally {
            Lab.run(List.of(lab.script().toString(), "down", replayLab), Map.of(), java.time.Duration.ofMinutes(5));
        }
        String md = String.format(Locale.ROOT, """
                # Sweep benchmark

                `bedside sweep` as a whole process under `/usr/bin/time -v`, with the JVM options `./bedside`
                gives it, default `--parallel` (%d on this machine), no sudo, median of %d runs; laptop CPU =
                user + system time of the Java process; whole machine CPU = busy time of every core from
                /proc/stat over the run (the lab hosts' sshd, shells and probes are on the same cores).
                Machine: %d cores.

                | sweep | wall | laptop CPU | laptop max RSS | whole machine CPU (laptop + hosts) | summary line |
                |---|---|---|---|---|---|
                %s
                """, Math.min(64, 16 * Runtime.getRuntime().availableProcessors()), RUNS,
                Runtime.getRuntime().availableProcessors(), String.join("\n", rows));
        Files.writeString(out.resolve("sweep.md"), md);
        System.out.println(md);
    }

    private static String row(String what, Run r) {
        return String.format(Locale.ROOT, "| %s | %.1f s | %.1f s | %d MB | %.1f s | %s |", what, r.wallS(), r.cpuS(), r.maxRssKb() / 1024,
                r.machineCpuS(), r.firstLine());
    }

    /** Median of RUNS sweeps, by wall time. */
    private static Run measure(Path sshConfig, String hosts, int expected) throws Exception {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            runs.add(once(sshConfig, hosts, expected));
        }
        runs.sort((a, b) -> Double.compare(a.wallS(), b.wallS()));
        return runs.get(RUNS / 2);
    }

    private static Run once(Path sshConfig, String hosts, int expected) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // the JVM options ./bedside gives a sweep (one-shot: the JIT's first tier only)
        Path timeOut = Files.createTempFile("sweep-time", ".txt");
        Path errOut = Files.createTempFile("sweep-err", ".txt");
        List<String> cmd = List.of("/usr/bin/time", "-v", "-o", timeOut.toString(), java.toString(), "-Xmx1g", "-XX:TieredStopAtLevel=1", "-Dfile.encoding=UTF-8",
                "-cp", System.getProperty("java.class.path"), "io.bedside.app.Main",
                "sweep", sshConfig.toString(), "--hosts", hosts);
        long busy0 = busyTicks();
        // stderr (a line per host as it answers) to a file: a pipe read only after stdout would fill and stall the sweep
        Process p = new ProcessBuilder(cmd).redirectError(errOut.toFile()).start();
        byte[] stdout = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES));
        String stderr = Files.readString(timeOut) + Files.readString(errOut);
        Files.delete(timeOut);
        Files.delete(errOut);
        double machine = (busyTicks() - busy0) / 100.0;
        String text = new String(stdout, StandardCharsets.UTF_8);
        String first = text.lines().findFirst().orElse("");
        assertTrue(first.startsWith("BEDSIDE SWEEP ") && first.contains(" - " + expected + " hosts, "), first + "\n" + stderr);
        return new Run(seconds(field(stderr, "Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\): (\\S+)")),
                Double.parseDouble(field(stderr, "User time \\(seconds\\): (\\S+)")) + Double.parseDouble(field(stderr, "System time \\(seconds\\): (\\S+)")),
                Long.parseLong(field(stderr, "Maximum resident set size \\(kbytes\\): (\\d+)")), machine, first);
    }

    /** Busy time of every core so far, in 1/100 s (user, nice, system, irq, softirq of /proc/stat). */
    private static long busyTicks() throws java.io.IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7]);
    }

    private static String field(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex + " in\n" + text);
        return m.group(1);
    }

    private static double seconds(String clock) {
        String[] parts = clock.split(":");
        double s = 0;
        for (String part : parts) {
            s = s * 60 + Double.parseDouble(part);
        }
        return s;
    }
}
