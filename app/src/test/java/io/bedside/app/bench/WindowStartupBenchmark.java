package io.bedside.app.bench;

import io.bedside.app.lab.Lab;
import io.bedside.app.lab.WithLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Launch to the first sample and the culprit on screen (not a timed test): the window as {@code
 * ./bedside -F ssh_config --sudo HOST} starts it, with seed 000 (semaphore arrays full) staged in the
 * lab host, the board's findings rendered being the end (same JVM options, the packaged jars: class-data sharing archives
 * classes from jars only), on its own Xvfb display, attached to the lab host, with the start-up
 * trace on ({@code BEDSIDE_STARTUP_TRACE=exit}: each step's time since the process started, and the
 * window quits once the first sample is rendered). Median of {@link #RUNS} launches, without and
 * with the class-data sharing archive {@code ./bedside} creates on the first run (that first run is
 * not counted), launches of the two alternating.
 *
 * <p>Run after {@code ./mvnw -B -pl resources,model,ui,app package -DskipTests} with {@code ./mvnw -pl
 * resources,model,ui,app test -Dtest=WindowStartupBenchmark -Dbedside.bench=startup
 * -Dsurefire.failIfNoSpecifiedTests=false}; {@code -Dbedside.bench.build=DIR} names another
 * directory holding bedside-app.jar and lib/. Figures go to stdout and app/target/benchmarks/startup.md.
 */
@WithLab(name = "winstart")
@EnabledIfSystemProperty(named = "bedside.bench", matches = "startup")
class WindowStartupBenchmark {
    private static final int RUNS = 5;
    private static final Pattern STEP = Pattern.compile("(?m)^bedside startup: (\\d+) ms (.+)$");

    @Test
    void launchToFirstSample(Lab lab) throws Exception {
        Path out = Path.of("target", "benchmarks").toAbsolutePath();
        Files.createDirectories(out);
        Path build = Path.of(System.getProperty("bedside.bench.build", "target")).toAbsolutePath();
        assertTrue(Files.isRegularFile(build.resolve("bedside-app.jar")), "package the app first: " + build);
        Path archive = out.resolve("startup-window.jsa");
        Files.deleteIfExists(archive);
        int display = 150 + (int) (ProcessHandle.current().pid() % 50);
        Process xvfb = new ProcessBuilder("Xvfb", ":" + display, "-screen", "0", "1366x768x24", "-nolisten", "tcp")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        // seed 000 staged: the launch ends when its culprit is on the findings board
        io.bedside.app.lab.LabCli.incident(lab, "sem-exhaustion.sh", "--semmni", "24");
        try {
            Thread.sleep(1500);
            List<String> cds = List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive);
            launch(build, lab, display, cds, "-XX:TieredStopAtLevel=4");
            assertTrue(Files.isRegularFile(archive), "the first run wrote the archive");
            List<Map<String, Long>> without = new ArrayList<>();
            List<Map<String, Long>> with = new ArrayList<>();
            List<Map<String, Long>> withC1 = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                without.add(launch(build, lab, display, List.of(), "-XX:TieredStopAtLevel=4"));
                with.add(launch(build, lab, display, cds, "-XX:TieredStopAtLevel=4"));
                withC1.add(launch(build, lab, display, cds, "-XX:TieredStopAtLevel=1"));
            }
            StringBuilder md = new StringBuilder(String.format(Locale.ROOT, """
                    # Launch to first sample

                    The window (./bedside's JVM options) attached to a lab host under Xvfb; milliseconds since the
                    process started, median of %d launches each (start-up trace). Machine: %d cores, shared.

                    | step | without the archive | with the class-data sharing archive | with the archive, first JIT tier only |
                    |---|---|---|---|
                    """, RUNS, Runtime.getRuntime().availableProcessors()));
            for (String step : without.get(0).keySet()) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d |%n", step, median(without, step), median(with, step),
                        median(withC1, step)));
            }
            Files.writeString(out.resolve("startup.md"), md);
            System.out.println(md);
        } finally {
            xvfb.destroy();
            io.bedside.app.lab.LabCli.incident(lab, "sem-exhaustion.sh", "--reset");
        }
    }

    /** One launch to the first sample rendered; the steps' times, in the order reached. */
    private static Map<String, Long> launch(Path build, Lab lab, int display, List<String> cds, String jit) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx700m", jit));
        cmd.addAll(cds);
        cmd.addAll(List.of("-Dfile.encoding=UTF-8", "-Djava.net.preferIPv4Stack=false", "--enable-native-access=ALL-UNNAMED",
                "-cp", build.resolve("bedside-app.jar") + ":" + build.resolve("lib") + "/*", "io.bedside.app.Main",
                "-F", lab.sshConfig().toString(), "--sudo", lab.alias()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DISPLAY", ":" + display);
        pb.environment().put("BEDSIDE_STARTUP_TRACE", "exit");
        // recent hosts and the sudo memory of --sudo go to the benchmark's own folder
        pb.environment().put("XDG_CONFIG_HOME", Path.of("target", "benchmarks", "config").toAbsolutePath().toString());
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), text);
        Map<String, Long> steps = new LinkedHashMap<>();
        Matcher m = STEP.matcher(text);
        while (m.find()) {
            steps.put(m.group(2).strip(), Long.parseLong(m.group(1)));
        }
        assertTrue(steps.containsKey("first sample rendered"), text);
        assertTrue(steps.containsKey("findings board rendered"), text);
        System.out.println((cds.isEmpty() ? "without archive: " : "with archive: ") + jit + " " + steps);
        return steps;
    }

    private static long median(List<Map<String, Long>> runs, String step) {
        List<Long> v = runs.stream().map(r -> r.getOrDefault(step, -1L)).sorted().toList();
        return v.get(v.size() / 2);
    }
}
