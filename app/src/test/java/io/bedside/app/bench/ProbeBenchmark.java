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
        return hostCpuMs(t, script, 200, false);
    }

    /** Host CPU per run of {@code script}: {@code runs} runs in one shell on the host (as root with {@code root}). */
    private static double hostCpuMs(HostTransport t, String script, int runs, boolean root) throws Exception {
        String cpuLoop = "f=$(mktemp); cat > \"$f\" <<'BEDSIDE_EOF'\n" + script + "\nBEDSIDE_EOF\n"
                + "i=0; while [ $i -lt " + runs + " ]; do sh \"$f\" >/dev/null; i=$((i+1)); done; rm -f \"$f\"; "
                + "read -r s < /proc/$$/stat; echo \"${s##*)}\"";
        String[] st = t.run(cpuLoop, root, Duration.ofMinutes(20)).stdout().trim().split(" ");
        return (Long.parseLong(st[13]) + Long.parseLong(st[14])) * 10.0 / runs;
    }

    /**
     * The big host next to a typical one (issue 16's table): the lab host as it is, then with the
     * big-host drill up ({@code lab/incidents/big-host.sh}: 5,000 processes, 100,000 sockets), each as
     * root and as the login user: host CPU of a full sample that walks every fd, of an incremental one
     * (the fds of the processes the sample before read, skipped when unchanged), of a light one; bytes;
     * the costliest sections (the probe's own cpu marks); a floor (a plain read of the same /proc
     * files and ss, no formatting); an engineer's per-command ssh loop. Run with
     * {@code -Dbedside.bench=true -Dbedside.bench.big=true}; figures go to stdout and
     * app/target/benchmarks/big-host.md.
     */
    @Test
    @EnabledIfSystemProperty(named = "bedside.bench.big", matches = "true")
    void aBigHostNextToATypicalOne(Lab lab) throws Exception {
        SshOptions o = new SshOptions(Optional.of(lab.sshConfig().toString()), OptionalInt.empty(), Optional.empty(),
                List.of(), Optional.empty(), Map.of());
        Sources sources = new Sources(new SshConnector(SshResolver.system()), o, SshTransport.DEFAULT_CAP);
        Path drill = Path.of("..", "lab", "incidents", "big-host.sh").toAbsolutePath().normalize();
        StringBuilder md = new StringBuilder("# A big host next to a typical one\n\nHost CPU per sample (the probe's shell and "
                + "children, many runs in one shell on the host), this " + Runtime.getRuntime().availableProcessors()
                + "-core machine, " + java.time.LocalDate.now() + ". The incremental and light samples follow an incremental full"
                + " sample, as most of a live session's do.\n");
        try (HostTransport t = sources.open(lab.alias(), Prompter.REFUSE_ALL)) {
            md.append(costTable("Typical host (the lab host: this machine's process table)", t, lab, 50));
            if (System.getProperty("bedside.bench.big.typicalOnly") != null) {
                Path dir = Files.createDirectories(Path.of("target", "benchmarks"));
                Files.writeString(dir.resolve("big-host.md"), md);
                System.out.println(md);
                return;
            }
            Lab.Result up = Lab.run(List.of(drill.toString(), Long.toString(lab.nsPid())), Map.of(), Duration.ofMinutes(10));
            assertTrue(up.ok(), up.describe());
            try {
                md.append(costTable("Big host (" + up.stdout().strip() + ")", t, lab, 3));
            } finally {
                Lab.run(List.of(drill.toString(), Long.toString(lab.nsPid()), "--reset"), Map.of(), Duration.ofMinutes(5));
            }
        }
        Path dir = Files.createDirectories(Path.of("target", "benchmarks"));
        Files.writeString(dir.resolve("big-host.md"), md);
        System.out.println(md);
    }

    private static String costTable(String title, HostTransport t, Lab lab, int runs) throws Exception {
        io.bedside.model.sample.SampleParser parser = io.bedside.model.playbooks.Playbooks.parser();
        StringBuilder md = new StringBuilder("\n## " + title + "\n\n| sample | root: host CPU | root: bytes | root: recorded (gzip) "
                + "| root: costliest sections | login user: host CPU | login user: bytes |\n|---|---|---|---|---|---|---|\n");
        for (String kind : List.of("full, every fd walked", "full, incremental", "full, incremental, TCP list counted on the host", "light")) {
            StringBuilder row = new StringBuilder("| " + kind);
            String sections = "";
            for (boolean root : List.of(true, false)) {
                // as a live session sends it: the parts' preludes (the kernel log's cursor, the fds the
                // sample before read) from a full sample taken first; for the incremental kinds, from an
                // incremental full sample after it, as most of a session's full samples have them (the
                // first after a stand-alone one prints every fd directory's inode, the next ones none)
                java.util.Map<Class<?>, String> carried = new java.util.HashMap<>();
                ProbeResult first = t.run(parser.standAlone() + ProbeScript.text(), root, Duration.ofMinutes(5));
                io.bedside.model.sample.Sample s = parser.parse("bench", java.time.Instant.now(), first.stdout(), 1);
                String prelude = parser.prelude(s, carried);
                String nolist = kind.contains("counted") ? io.bedside.model.sockets.SocketSnapshot.NO_TCP_LIST : "";
                if (!kind.equals("full, every fd walked")) {
                    ProbeResult second = t.run(nolist + prelude + ProbeScript.text(), root, Duration.ofMinutes(5));
                    s = parser.parse("bench", java.time.Instant.now(), second.stdout(), 1, s);
                    prelude = parser.prelude(s, carried);
                }
                String script = switch (kind) {
                    case "light" -> "BS_LIGHT=1\n" + prelude + ProbeScript.text();
                    case "full, incremental" -> prelude + ProbeScript.text();
                    // a window whose Sockets area is not showing
                    case "full, incremental, TCP list counted on the host" -> nolist + prelude + ProbeScript.text();
                    default -> prelude + parser.standAlone() + ProbeScript.text();
                };
                double cpu = hostCpuMs(t, script, runs, root);
                ProbeResult one = t.run(script, root, Duration.ofMinutes(5));
                ProbeOutput out = ProbeOutputParser.parse(one.stdout());
                // the TCP sockets the host had then (a test elsewhere on a shared machine can add thousands)
                String sockets = io.bedside.model.sockets.SocketSnapshot.from(out, new ArrayList<>()).tcp().get()
                        .map(x -> String.format(java.util.Locale.ROOT, "%,d TCP sockets", x.sockets().size()))
                        .orElse("the socket list carried");
                row.append(String.format(java.util.Locale.ROOT, " | %,.0f ms | %,d (%s)", cpu, one.stdout().length(), sockets));
                if (root) {
                    row.append(String.format(java.util.Locale.ROOT, " | %,d", recorded(one.stdout())));
                }
                if (root) {
                    sections = io.bedside.model.probe.SectionCost.top(out.costs(), 4).stream()
                            .map(c -> c.name() + " " + c.cpuMillis()).reduce((a, b) -> a + ", " + b).orElse("");
                    row.append(" | ").append(sections);
                }
            }
            md.append(row).append(" |\n");
        }
        // the floor: lab/floor/floor.c, compiled on the host, reads the same /proc files and does nothing with them
        String src = Files.readString(Path.of("..", "lab", "floor", "floor.c"));
        ProbeResult built = t.run("command -v cc >/dev/null || exit 3; d=$(mktemp -d); cat > \"$d/floor.c\" <<'BEDSIDE_EOF'\n" + src
                + "\nBEDSIDE_EOF\ncc -O2 -o \"$d/floor\" \"$d/floor.c\" && chmod 755 \"$d\" && echo \"$d/floor\"", false, Duration.ofMinutes(2));
        String floor = built.stdout().strip();
        if (floor.startsWith("/")) {
            md.append(String.format(java.util.Locale.ROOT, "| floor: `lab/floor/floor.c`, the same files read by a small C program, full | %,.0f ms | | | | %,.0f ms | |\n",
                    hostCpuMs(t, floor, runs, true), hostCpuMs(t, floor, runs, false)));
            md.append(String.format(java.util.Locale.ROOT, "| floor, light (the small files and /proc/net's socket tables) | %,.0f ms | | | | %,.0f ms | |\n",
                    hostCpuMs(t, floor + " light", runs, true), hostCpuMs(t, floor + " light", runs, false)));
        } else {
            md.append("| floor | (no C compiler on the host) | | | | | |\n");
        }
        // an engineer's loop: one ssh per command
        long s = System.nanoTime();
        for (String cmd : List.of("cat /proc/loadavg", "cat /proc/meminfo", "ss -s", "ss -tan state close-wait", "ps -eo pid,rss,comm",
                "ipcs -s", "df -h", "cat /proc/sys/fs/file-nr")) {
            List<String> c = new ArrayList<>(lab.sshCommand(lab.alias()));
            c.add(cmd);
            Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        }
        md.append(String.format(java.util.Locale.ROOT, "\nAn engineer's loop of 8 `ssh HOST cmd` (loadavg, meminfo, ss -s, "
                + "ss -tan state close-wait, ps, ipcs -s, df -h, file-nr): %,d ms of wall time.\n", (System.nanoTime() - s) / 1_000_000));
        return md.toString();
    }

    /** What one sample costs a recording: its line, as the recorder stores it, in a gzip member of its own. */
    private static long recorded(String stdout) throws java.io.IOException {
        String line = io.bedside.app.recording.RecordingFiles.sampleLine(new io.bedside.model.probe.RawSample(
                java.time.Instant.now(), 100, stdout, ""));
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(b, 1 << 16)) {
            z.write(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return b.size();
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
