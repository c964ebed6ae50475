package io.bedside.model.probe;

import io.bedside.model.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The probe's cost per section, from its {@code cpu} marks (the shell's builtin times). */
class SectionCostTest {
    private static final String T = "0123456789abcdef0123456789abcdef";
    private static final String M = "@@bedside:" + T + ":";

    @Test
    void theBigHostsCostsAreChargedToTheSectionsThatSpentThem() {
        ProbeOutput out = ProbeOutputParser.parse(Fixtures.text("probe/bighost-full-root-trimmed.txt"));
        assertTrue(out.complete());
        assertEquals(List.of(), out.problems());
        List<SectionCost> top = SectionCost.top(out.costs(), 4);
        assertEquals("proc-fds+fd-deleted", top.get(0).name());
        assertEquals(2660, top.get(0).cpuMillis());
        assertEquals("vmstat-oom+procs-mem+cgroup-mem", top.get(1).name());
        assertEquals("ss-tcp", top.get(2).name());
        assertEquals("proc-threads", top.get(3).name());
        // the marks account for the whole probe but the last mark's few ticks (the trailer's own read)
        long sum = out.costs().stream().mapToLong(SectionCost::cpuMillis).sum();
        long total = out.cpuTicks().getAsLong() * 10;
        assertTrue(sum <= total && sum >= total - 30, sum + " of " + total);
        // the body's lines are the section's, never taken for times
        assertEquals(3, out.section("ss-tcp").orElseThrow().lines().size());
    }

    @Test
    void bashsTimesAndASubshellsMarkAndAMissingOneAreTakenForWhatTheyAre() {
        String text = "@@bedside:probe version=2 token=" + T + "\n"
                + M + "cpu\n0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n"
                + M + "section a ok\nline a\n"
                // bash prints milliseconds
                + M + "cpu\n0m0.010s 0m0.020s\n0m1.000s 0m0.500s\n"
                + M + "section b ok\n"
                // a subshell's times start again at zero: passed over, b is charged at the next mark
                + M + "cpu\n0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n"
                + M + "section c ok\n"
                + M + "cpu\n0m0.010s 0m0.020s\n0m2.000s 0m0.500s\n"
                // a mark whose times did not come: the section's lines stay its own
                + M + "cpu\n"
                + M + "section d ok\n0m9.000s 0m9.000s\nbody\n"
                + M + "cpu\n0m0.010s 0m0.020s\n0m2.000s 0m0.600s\n"
                + M + "end elapsed_ns=1\n";
        ProbeOutput out = ProbeOutputParser.parse(text);
        assertEquals(List.of(), out.problems());
        assertEquals(List.of(new SectionCost(List.of("a"), 1530), new SectionCost(List.of("b", "c"), 1000),
                new SectionCost(List.of("d"), 100)), out.costs());
        assertEquals(List.of("0m9.000s 0m9.000s", "body"), out.section("d").orElseThrow().lines());
        assertEquals(List.of("line a"), out.section("a").orElseThrow().lines());
    }

    @Test
    void aMarkThatIsNotTimesChargesNothingAndWork_BeforeASectionGoesToIt() {
        String text = "@@bedside:probe version=2 token=" + T + "\n"
                + M + "cpu\n0m0.00s 0m0.00s\n0m0.00s 0m0.00s\n"
                + M + "section a ok\n"
                + M + "cpu\nnot times\n0m5.00s 0m0.00s\n"
                // work done before a section's marker (a command's output printed after it ran)
                + M + "cpu\n0m0.00s 0m0.00s\n0m0.10s 0m0.00s\n"
                + M + "cpu\n0m0.00s 0m0.00s\n0m0.70s 0m0.00s\n"
                + M + "section b ok\n"
                + M + "cpu\n0m0.00s 0m0.00s\n0m0.70s 0m0.00s\n"
                + M + "end elapsed_ns=1\n";
        ProbeOutput out = ProbeOutputParser.parse(text);
        assertEquals(List.of(new SectionCost(List.of("a"), 100), new SectionCost(List.of("b"), 600)), out.costs());
        assertEquals(List.of(new SectionCost(List.of("b"), 600), new SectionCost(List.of("a"), 100)), SectionCost.top(out.costs(), 5));
    }

    @Test
    void outputsOfOlderProbesHaveNoCosts() {
        ProbeOutput out = ProbeOutputParser.parse(Fixtures.text("probe/debian12-kernel6.18-root.txt"));
        assertEquals(List.of(), out.costs());
    }

    /** The real probe in each shell Bedside meets: every section's cost is accounted for. */
    @ParameterizedTest
    @ValueSource(strings = {"/bin/dash", "/bin/bash", "/bin/busybox"})
    void theProbeChargesEverySectionItPrintsInEveryShell(String shell) throws Exception {
        assumeTrue(Files.isExecutable(Path.of(shell)), shell + " is not installed");
        List<String> cmd = shell.endsWith("busybox") ? List.of(shell, "sh", ProbeFiles.PROBE.toString())
                : List.of(shell, ProbeFiles.PROBE.toString());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        ProbeOutput o = ProbeOutputParser.parse(new String(out, StandardCharsets.ISO_8859_1));
        assertTrue(o.complete(), shell);
        List<String> charged = o.costs().stream().flatMap(c -> c.sections().stream()).toList();
        // every section but the last is charged once, in order (the last with the end mark's)
        List<String> sections = List.copyOf(o.sections().keySet());
        assertEquals(sections, charged, shell);
        long sum = o.costs().stream().mapToLong(SectionCost::cpuMillis).sum();
        long total = o.cpuTicks().getAsLong() * 10;
        // only what ran before the first mark is not charged: the header's date (a fork, a few ms;
        // tens on a loaded machine) and the lines before it; and the trailer counts whole ticks
        // (its four times each cut to 10 ms) where bash's times prints milliseconds
        assertTrue(sum <= total + 40 && sum >= total - 50, shell + ": " + sum + " of " + total);
    }
}
