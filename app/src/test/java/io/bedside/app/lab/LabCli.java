package io.bedside.app.lab;

import io.bedside.app.Sources;
import io.bedside.app.cli.Args;
import io.bedside.app.cli.ConsolePrompter;
import io.bedside.app.cli.HeadlessCommands;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The headless commands run in-process against a lab host, as {@code ./bedside COMMAND ...} runs
 * them, with what they print kept for the test; and the lab's incident scripts. One instance per
 * command line in flight (a recording running while a fix is applied takes two).
 */
public final class LabCli {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Runs one command (snapshot, diagnose, sweep, record, fix, report) with fresh output; its exit status. */
    public int run(String... argv) {
        out.reset();
        err.reset();
        Args a = Args.parse(List.of(argv));
        HeadlessCommands h = new HeadlessCommands(Sources.system(a.ssh()), new ConsolePrompter(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return switch (a.positional().get(0)) {
            case "snapshot" -> h.snapshot(a);
            case "diagnose" -> h.diagnose(a);
            case "sweep" -> h.sweep(a);
            case "record" -> h.record(a);
            case "fix" -> h.fix(a);
            case "report" -> h.report(a);
            default -> throw new IllegalArgumentException(a.positional().get(0));
        };
    }

    /** What the last command printed on stdout. */
    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What the last command printed on stderr. */
    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Stdout and stderr, for an assertion's message. */
    public String both() {
        return out() + "\n" + err();
    }

    /** Runs {@code lab/incidents/SCRIPT NSPID ARGS...}, which must succeed within 180 s; what it printed. */
    public static String incident(Lab lab, String script, String... args) throws Exception {
        return incident(lab, lab.nsPid(), script, args);
    }

    /** Like {@link #incident(Lab, String, String...)} on the lab host that {@code nsPid} is in (a fleet host). */
    public static String incident(Lab lab, long nsPid, String script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(lab.script().getParent().resolve("incidents").resolve(script).toString(),
                Long.toString(nsPid)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), text);
        assertEquals(0, p.exitValue(), text);
        return text;
    }
}
