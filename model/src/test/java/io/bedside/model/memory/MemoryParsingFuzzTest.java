package io.bedside.model.memory;

import io.bedside.model.playbooks.Playbooks;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No input may make the kernel log parser (or the other memory parsers, the rules and the fix
 * plans) throw; every line read is accounted for (a kill's lines, other OOM lines, or
 * unrecognized), and a kill is only ever made from a real "Killed process N (" line.
 * Regression mode in every build (the corpus under src/test/resources/io/bedside/model/memory);
 * JAZZER_FUZZ=1 fuzzes.
 */
class MemoryParsingFuzzTest {
    private static final LogClock CLOCK = new LogClock(Optional.of(Instant.ofEpochSecond(1_795_448_417L)), ZoneOffset.UTC,
            Optional.of(Instant.parse("2026-11-23T17:00:00Z")));

    @FuzzTest(maxDuration = "60s")
    void kernelLogNeverThrows(byte[] data) {
        List<String> lines = new String(data, StandardCharsets.UTF_8).lines().toList();
        List<ParseProblem> problems = new ArrayList<>();
        KernelLog k = KernelLogParser.parse(lines, CLOCK, problems).orElseThrow();
        int inKills = k.kills().stream().mapToInt(e -> e.lines().size()).sum();
        assertEquals(k.lines(), inKills + k.other().size() + k.unrecognized().size(), "every line is accounted for");
        assertTrue(problems.size() >= k.unrecognized().size(), "every unrecognized line is reported");
        for (OomEvent e : k.kills()) {
            assertTrue(e.pid() >= 0);
            assertTrue(lines.contains(e.killLine()), "the kill line is a line of the input");
            assertTrue(java.util.regex.Pattern.compile("[Kk]illed process 0*" + e.pid() + " \\(").matcher(e.killLine()).find(),
                    e.killLine());
            assertFalse(e.comm().isEmpty() && !e.killLine().contains("()"), "a name is cut from its line");
        }
    }

    @FuzzTest(maxDuration = "60s")
    void memorySectionsNeverThrow(FuzzedDataProvider data) {
        StringBuilder b = new StringBuilder("@@bedside:probe version=1 uid=0 epoch_ns=1795452017000000000\n");
        b.append("@@bedside:section host ok\nhostname=h\nkernel=6.1\nbtime=").append(data.consumeInt(0, 1_900_000_000)).append('\n');
        b.append("@@bedside:section meminfo ok /proc/meminfo\n").append(data.consumeString(200)).append('\n');
        b.append("@@bedside:section pressure-memory ok /proc/pressure/memory\n").append(data.consumeString(200)).append('\n');
        for (String name : MemorySnapshot.SECTIONS) {
            b.append("@@bedside:section ").append(name).append(data.consumeBoolean() ? " ok " : " needs-root ")
                    .append(data.consumeString(80).replace('\n', ' ')).append('\n');
            if (name.equals(MemorySnapshot.PROCS) && data.consumeBoolean()) {
                b.append(ProcessMemoryParser.HEADER).append('\n');
            }
            b.append(data.consumeString(600)).append('\n');
        }
        if (data.consumeBoolean()) {
            b.append("@@bedside:end elapsed_ns=1\n");
        }
        Sample s = Playbooks.parser().parse("fuzz", Instant.EPOCH, b.toString(), 1);
        MemorySnapshot m = MemorySnapshot.from(s.output(), new ArrayList<>());
        List<Finding> findings = new Diagnosis(MemoryRules.all(Set.of(data.consumeString(15)))).run(s, List.of(s));
        if (!m.kernelLog().isPresent()) {
            assertFalse(findings.stream().anyMatch(f -> f.id().equals(MemoryRules.OOM_KILLED)), "no kills without a kernel log");
        }
        m.processes().get().ifPresent(t -> t.processes().stream().limit(20).forEach(p -> {
            try {
                FixPlan plan = MemoryFixPlans.plan(m, Map.of("pid", Integer.toString(p.pid()), "adj", Integer.toString(data.consumeInt())));
                assertEquals(MemoryFixPlans.PROTECT, plan.id());
            } catch (IllegalArgumentException refused) {
                assertFalse(refused.getMessage().isEmpty());
            }
        }));
    }
}
