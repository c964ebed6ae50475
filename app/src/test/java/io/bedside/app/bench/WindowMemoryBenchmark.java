package io.bedside.app.bench;

import io.bedside.app.ProbeScript;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.WithLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window's memory over time (not a timed test): the real window ({@code io.bedside.app.Main
 * -F ssh_config HOST} with the JVM options {@code ./bedside} gives it, on its own Xvfb display, as
 * its own process) attached through the lab's real sshd at the default 2 s interval to
 * <ul>
 *   <li>a typical host: the lab's main host, running the real probe (this machine's process table);</li>
 *   <li>a big host: a lab fleet host that replays ({@code bedside-lab up --fleet 1 --replay FILE}) a
 *   probe output of about 62 MB (just under the 64 MiB cap): one recorded from the lab host with
 *   its socket list, fd links, processes and threads multiplied by made-up but well-formed lines
 *   (about 330,000 sockets, 330,000 fd links, 22,000 processes, 220,000 threads); every sample is
 *   that output, light or not;</li>
 *   <li>{@code drill} (only when asked for): the lab's main host made big for real by
 *   {@code lab/incidents/big-host.sh} (5,000 processes, 100,000 sockets), the real probe.</li>
 * </ul>
 * Every minute it prints the window JVM's resident set ({@code VmRSS}) and peak ({@code VmHWM}) from
 * {@code /proc/PID/status}, then the live heap after a full collection and the parsed samples held
 * ({@code jcmd PID GC.class_histogram}), and the OutOfMemoryErrors the window logged.
 *
 * <p>Run with {@code ./mvnw -pl resources,model,ui,app test -Dtest=WindowMemoryBenchmark
 * -Dbedside.bench=window -Dsurefire.failIfNoSpecifiedTests=false}. Options (system properties):
 * {@code bedside.bench.hosts=typical,big} (or drill), {@code bedside.bench.minutes.drill=10}, {@code bedside.bench.minutes.typical=15},
 * {@code bedside.bench.minutes.big=10}, {@code bedside.bench.heap=700m} (the window's heap in ./bedside; BEDSIDE_HEAP),
 * {@code bedside.bench.opts.LABEL} (the JVM options ./bedside gives the window in that build), and
 * {@code bedside.bench.builds=before=DIR,after=}: the
 * builds to compare, each a directory holding {@code bedside-app.jar} and {@code lib/} (empty: this
 * build's classes), run side by side on the same host. Figures go to stdout and
 * app/target/benchmarks/window-memory.md.
 */
@WithLab(name = "winmem")
@EnabledIfSystemProperty(named = "bedside.bench", matches = "window")
class WindowMemoryBenchmark {
    private static final long BIG_BYTES = 62L * 1000 * 1000;
    private static final Duration CHECK_EVERY = Duration.ofSeconds(60);

    /** @param receivedMb what the window read so far (rchar of /proc/PID/io: mostly the probe outputs) */
    record Point(double minutes, long rssKb, long hwmKb, long liveHeapKb, long samples, int ooms, long receivedMb) {
    }

    @Test
    void windowMemoryOverTime(Lab lab) throws Exception {
        Path out = Path.of("target", "benchmarks").toAbsolutePath();
        Files.createDirectories(out);
        List<String> hosts = List.of(System.getProperty("bedside.bench.hosts", "typical,big").split(","));
        Map<String, String> builds = builds(System.getProperty("bedside.bench.builds", "this build="));
        StringBuilder md = new StringBuilder("# The window's memory over time\n\n"
                + "The real window (JVM options of ./bedside, -Xmx" + System.getProperty("bedside.bench.heap", "700m") + ") attached through the lab's sshd at the default 2 s "
                + "interval; each minute: resident set (VmRSS, peak VmHWM) of the window's JVM, then the live heap after a "
                + "full collection and the parsed samples it holds (jcmd GC.class_histogram). Machine: "
                + Runtime.getRuntime().availableProcessors() + " cores, shared.\n");

        if (hosts.contains("typical")) {
            int minutes = Integer.getInteger("bedside.bench.minutes.typical", 15);
            md.append(run("Typical host (lab host, real probe)", builds, lab.sshConfig(), lab.alias(), minutes, out));
        }
        if (hosts.contains("drill")) {
            // the lab host made big for real (lab/incidents/big-host.sh): the real probe, light and full
            // samples, the incremental fd walk, as a live session meets a big host
            Path drill = Path.of("..", "lab", "incidents", "big-host.sh").toAbsolutePath().normalize();
            Lab.Result up = Lab.run(List.of(drill.toString(), Long.toString(lab.nsPid())), Map.of(), Duration.ofMinutes(10));
            assertTrue(up.ok(), up.describe());
            try {
                int minutes = Integer.getInteger("bedside.bench.minutes.drill", 10);
                md.append(run("Big host (the lab host with the big-host drill: " + up.stdout().strip() + ")", builds,
                        lab.sshConfig(), lab.alias(), minutes, out));
            } finally {
                Lab.run(List.of(drill.toString(), Long.toString(lab.nsPid()), "--reset"), Map.of(), Duration.ofMinutes(5));
            }
        }
        if (hosts.contains("big")) {
            Path big = out.resolve("window-big-replay.txt");
            writeBigOutput(recordProbeOutput(lab), big);
            String name = "winmem-big";
            Lab.run(List.of(lab.script().toString(), "down", name), Map.of(), Duration.ofMinutes(5));
            try {
                Lab.Result up = Lab.run(List.of(lab.script().toString(), "up", name, "--fleet", "1", "--replay",
                        big.toString()), Map.of(), Duration.ofMinutes(5));
                assertTrue(up.ok(), up.describe());
                Lab r = Lab.read(Path.of(up.stdout().strip().lines().reduce((a, b) -> b).orElseThrow()));
                int minutes = Integer.getInteger("bedside.bench.minutes.big", 10);
                md.append(run(String.format(Locale.ROOT, "Big host (%.1f MB per sample, replayed)", Files.size(big) / 1e6),
                        builds, r.sshConfig(), "lab-" + name + "-f001", minutes, out));
            } finally {
                Lab.run(List.of(lab.script().toString(), "down", name), Map.of(), Duration.ofMinutes(5));
            }
        }
        Files.writeString(out.resolve("window-memory.md"), md);
        System.out.println(md);
    }

    private static Map<String, String> builds(String spec) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String b : spec.split(",")) {
            int eq = b.indexOf('=');
            m.put(b.substring(0, eq), b.substring(eq + 1));
        }
        return m;
    }

    /** The windows of every build side by side on one host for {@code minutes}; a table per build. */
    private static String run(String title, Map<String, String> builds, Path sshConfig, String alias, int minutes, Path out)
            throws Exception {
        List<Window> windows = new ArrayList<>();
        int display = 90 + (int) (ProcessHandle.current().pid() % 50);
        try {
            for (Map.Entry<String, String> b : builds.entrySet()) {
                windows.add(Window.start(b.getKey(), b.getValue(), sshConfig, alias, display++, out));
            }
            long start = System.nanoTime();
            long end = start + TimeUnit.MINUTES.toNanos(minutes);
            while (System.nanoTime() < end) {
                Thread.sleep(CHECK_EVERY.toMillis());
                double at = (System.nanoTime() - start) / 60e9;
                for (Window w : windows) {
                    w.check(at);
                }
            }
        } finally {
            windows.forEach(Window::stop);
        }
        StringBuilder md = new StringBuilder("\n## " + title + ", " + minutes + " minutes\n");
        for (Window w : windows) {
            md.append("\n### ").append(w.label).append(" (").append(System.getProperty("bedside.bench.opts." + w.label,
                    "-XX:TieredStopAtLevel=1")).append(")").append("\n\n| minute | VmRSS | VmHWM | live heap after full GC | samples held | OutOfMemoryErrors | MB read (probe outputs) |\n|---|---|---|---|---|---|---|\n");
            for (Point p : w.points) {
                md.append(String.format(Locale.ROOT, "| %.1f | %d MB | %d MB | %d MB | %d | %d | %d |\n", p.minutes(), p.rssKb() / 1024,
                        p.hwmKb() / 1024, p.liveHeapKb() / 1024, p.samples(), p.ooms(), p.receivedMb()));
            }
        }
        System.out.println(md);
        return md.toString();
    }

    /** One window process on its own Xvfb display. */
    private static final class Window {
        final String label;
        final Process xvfb;
        final Process java;
        final Path log;
        final List<Point> points = new ArrayList<>();

        private Window(String label, Process xvfb, Process java, Path log) {
            this.label = label;
            this.xvfb = xvfb;
            this.java = java;
            this.log = log;
        }

        static Window start(String label, String buildDir, Path sshConfig, String alias, int display, Path out) throws Exception {
            Process x = new ProcessBuilder("Xvfb", ":" + display, "-screen", "0", "1366x768x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(1500);
            String cp = buildDir.isEmpty() ? System.getProperty("java.class.path")
                    : buildDir + "/bedside-app.jar:" + buildDir + "/lib/*";
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            // ./bedside's options (BEDSIDE_HEAP: bedside.bench.heap), then the build's own (bedside.bench.opts.LABEL)
            List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx" + System.getProperty("bedside.bench.heap", "700m")));
            String opts = System.getProperty("bedside.bench.opts." + label, "-XX:TieredStopAtLevel=1").strip();
            if (!opts.isEmpty()) {
                cmd.addAll(List.of(opts.split("\\s+")));
            }
            cmd.addAll(List.of("-Dfile.encoding=UTF-8", "-Djava.net.preferIPv4Stack=false", "--enable-native-access=ALL-UNNAMED",
                    "-cp", cp, "io.bedside.app.Main", "-F", sshConfig.toString(), alias));
            Path log = out.resolve("window-" + label.replaceAll("[^A-Za-z0-9]", "_") + ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("DISPLAY", ":" + display);
            return new Window(label, x, pb.start(), log);
        }

        void check(double minutes) throws Exception {
            if (!java.isAlive()) {
                points.add(new Point(minutes, 0, 0, 0, 0, ooms(), 0));
                return;
            }
            String status = Files.readString(Path.of("/proc/" + java.pid() + "/status"));
            long rss = kb(status, "VmRSS");
            long hwm = kb(status, "VmHWM");
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process h = new ProcessBuilder(jcmd.toString(), String.valueOf(java.pid()), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            String histo = new String(h.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            h.waitFor(5, TimeUnit.MINUTES);
            long live = 0;
            Matcher t = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher(histo);
            if (t.find()) {
                live = Long.parseLong(t.group(1)) / 1024;
            }
            long samples = 0;
            Matcher s = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+io\\.bedside\\.model\\.sample\\.Sample\\s").matcher(histo);
            if (s.find()) {
                samples = Long.parseLong(s.group(1));
            }
            Matcher io = Pattern.compile("(?m)^rchar: (\\d+)").matcher(Files.readString(Path.of("/proc/" + java.pid() + "/io")));
            long received = io.find() ? Long.parseLong(io.group(1)) / 1_000_000 : 0;
            Point p = new Point(minutes, rss, hwm, live, samples, ooms(), received);
            points.add(p);
            System.out.printf(Locale.ROOT, "%s  %.1f min: VmRSS %d MB, VmHWM %d MB, live heap %d MB, %d samples held, %d OOM, %d MB read%n",
                    label, minutes, rss / 1024, hwm / 1024, live / 1024, samples, p.ooms(), received);
        }

        int ooms() throws IOException {
            return (int) Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream().filter(l -> l.contains("OutOfMemoryError")).count();
        }

        void stop() {
            java.destroy();
            try {
                if (!java.waitFor(20, TimeUnit.SECONDS)) {
                    java.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            xvfb.destroy();
        }

        private static long kb(String status, String field) {
            Matcher m = Pattern.compile("(?m)^" + field + ":\\s+(\\d+) kB").matcher(status);
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        }
    }

    /** One full probe output of the lab host, as the window's probe would print it. */
    static String recordProbeOutput(Lab lab) throws Exception {
        String token = "0123456789abcdef0123456789abcdef";
        Process rec = new ProcessBuilder("ssh", "-F", lab.sshConfig().toString(), lab.alias(), "LC_ALL=C sh -s")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var in = rec.getOutputStream()) {
            in.write(("BS_TOKEN=" + token + "\n" + ProbeScript.text()).getBytes(StandardCharsets.UTF_8));
        }
        byte[] recorded = rec.getInputStream().readAllBytes();
        assertTrue(rec.waitFor(120, TimeUnit.SECONDS));
        String text = new String(recorded, StandardCharsets.UTF_8);
        assertTrue(text.contains("token=" + token), "a probe output was recorded");
        return text;
    }

    /**
     * {@code recorded} grown to about {@link #BIG_BYTES}: the socket list, the fd links, the processes
     * and the threads get made-up lines in the formats the probe prints, for processes that do not
     * exist on the lab host (pids from 4,000,000 up), each socket with its own port and inode.
     */
    static void writeBigOutput(String recorded, Path file) throws IOException {
        Map<String, StringBuilder> extra = new LinkedHashMap<>();
        for (String s : List.of("ss-tcp", "proc-fds", "procs-mem", "proc-threads")) {
            extra.put(s, new StringBuilder());
        }
        long size = recorded.length();
        int i = 0;
        while (size < BIG_BYTES) {
            int pid = 4_000_000 + i / 15;
            int port = 1024 + i % 60_000;
            int ino = 90_000_000 + i;
            String sock = String.format(Locale.ROOT, "%s %d 0 10.%d.%d.%d:%d 10.9.%d.%d:443 ino:%d sk:%x%n",
                    i % 7 == 0 ? "CLOSE-WAIT" : "ESTAB", i % 7 == 0 ? 1 : 0, (i >> 16) & 255, (i >> 8) & 255, i & 255, port,
                    (i >> 8) & 255, i & 255, ino, i);
            String fd = String.format(Locale.ROOT, "%d %d lrwx------ s socket:[%d]%n", pid, 3 + i % 15, ino);
            String thread = String.format(Locale.ROOT, "%d %d S 0 - worker-%d%n", pid, 5_000_000 + i, i % 15);
            extra.get("ss-tcp").append(sock);
            extra.get("proc-fds").append(fd);
            extra.get("proc-threads").append(thread);
            size += sock.length() + fd.length() + thread.length();
            if (i % 15 == 0) {
                String proc = String.format(Locale.ROOT, "%d\tS\t1\t1000\t%d\t%d\t0\t%d\t0\tv1:/app\t/app.slice\tapp-%d\t/usr/bin/app-server --listen 0.0.0.0:%d --workers 15 --name app-%d%n",
                        pid, 100_000 + i, 20_000 + i % 5000, 600 + i % 300, i / 15, port, i / 15);
                extra.get("procs-mem").append(proc);
                size += proc.length();
            }
            i++;
        }
        StringBuilder out = new StringBuilder((int) (size + 1024));
        String current = null;
        String mark = "@@bedside:0123456789abcdef0123456789abcdef:";
        for (String line : recorded.split("\n", -1)) {
            if (line.startsWith(mark)) {
                if (current != null && extra.containsKey(current)) {
                    out.append(extra.get(current));
                }
                String[] f = line.substring(mark.length()).split(" ");
                current = f.length > 1 && f[0].equals("section") ? f[1] : null;
            }
            out.append(line).append('\n');
        }
        if (out.charAt(out.length() - 1) == '\n' && recorded.endsWith("\n")) {
            out.setLength(out.length() - 1);
        }
        Files.writeString(file, out, StandardCharsets.UTF_8);
    }
}
