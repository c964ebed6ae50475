package io.bedside.model.bench;

import io.bedside.model.findings.Rule;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.probe.ProbeFiles;
import io.bedside.model.probe.SectionCost;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the app spends on one sample (not a timed test): the real probe run on this machine (full,
 * then light, as the user running the build), then the sample parsed and every rule evaluated on it,
 * {@code bedside.bench.runs} times (default 7), medians; the parse's minimum beside its median (each
 * run parses the 14 MB full sample first, and the collector's work on it lands in the runs after). Run it with the lab's big-host drill up
 * ({@code lab/incidents/big-host.sh}) for the big host's figures:
 * {@code ./mvnw -B -pl model test -Dtest=ParseRulesBenchmark -Dbedside.bench=parse -Dsurefire.failIfNoSpecifiedTests=false}.
 * Figures go to stdout and model/target/benchmarks/parse-rules.md.
 */
@EnabledIfSystemProperty(named = "bedside.bench", matches = "parse")
class ParseRulesBenchmark {

    @Test
    void parseAndRulesPerSample() throws Exception {
        int runs = Integer.getInteger("bedside.bench.runs", 7);
        String full = probe(false);
        String light = probe(true);
        // a full sample of a window whose Sockets area is not showing: the TCP table counted on the host, and
        // the walks incremental (the preludes of the full sample before, as a live session sends them)
        String counted = ProbeFiles.run(io.bedside.model.sockets.SocketSnapshot.NO_TCP_LIST
                + Playbooks.parser().prelude(Playbooks.parser().parse("bench", Instant.now(), full, 1), new java.util.HashMap<>()), false);
        SampleParser parser = Playbooks.parser();
        List<Rule> rules = Playbooks.allRules();
        StringBuilder md = new StringBuilder("# Parse and rules per sample\n\nThis machine's probe output: full "
                + String.format(Locale.ROOT, "%,d", full.length()) + " bytes, counted " + String.format(Locale.ROOT, "%,d", counted.length())
                + " bytes, light " + String.format(Locale.ROOT, "%,d", light.length())
                + " bytes; " + ProcessHandle.allProcesses().count() + " processes; medians of " + runs + " runs.\n\n"
                + "| sample | parse (every part), median (min) | rules (all) | costliest rules |\n|---|---|---|---|\n");
        for (int kind = 0; kind < 4; kind++) {
            List<Long> parse = new ArrayList<>();
            List<Long> all = new ArrayList<>();
            Map<String, List<Long>> perRule = new LinkedHashMap<>();
            for (int i = 0; i < runs + 2; i++) {
                long t0 = System.nanoTime();
                Sample first = parser.parse("bench", Instant.now(), full, 1);
                Sample s = kind == 0 ? first : null;
                long t1 = System.nanoTime();
                if (kind >= 1) {
                    // as a live session has it: the full sample before was read whole
                    parser.parts().forEach(p -> first.part(p.type()));
                    t0 = System.nanoTime();
                    if (kind == 3) {
                        // a window whose Sockets area is not showing: a light sample after a counted full one
                        Sample mid = parser.parse("bench", Instant.now(), counted, 1, first);
                        parser.parts().forEach(p -> mid.part(p.type()));
                        t0 = System.nanoTime();
                        s = parser.parse("bench", Instant.now(), light, 1, mid);
                    } else {
                        s = parser.parse("bench", Instant.now(), kind == 1 ? light : counted, 1, first);
                    }
                    t1 = System.nanoTime();
                }
                // the parse reads every part (the split per part is the second table)
                Sample sample = s;
                long t2 = System.nanoTime();
                List<Sample> history = kind == 0 ? List.of(sample) : List.of(first, sample);
                if (kind == 2 && i == 0) {
                    assertTrue(io.bedside.model.sockets.SocketSnapshot.of(sample).counts().isPresent(), "the counted sample has counts");
                }
                for (Rule r : rules) {
                    long a = System.nanoTime();
                    r.evaluate(sample, history);
                    perRule.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(i < 2 ? -1 : System.nanoTime() - a);
                }
                long t3 = System.nanoTime();
                if (i >= 2) { // two warm-up runs
                    parse.add(t2 - t0);
                    all.add(t3 - t2);
                }
            }
            StringBuilder top = new StringBuilder();
            perRule.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), median(e.getValue().stream().filter(v -> v >= 0).toList())))
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(4)
                    .forEach(e -> top.append(top.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(ms(e.getValue())));
            md.append("| ").append(kind == 0 ? "full" : kind == 1 ? "light (after the full)" : kind == 2 ? "full, TCP list counted on the host (after the full)"
                    : "light (after the counted one)").append(" | ").append(ms(median(parse))).append(" (min ").append(ms(java.util.Collections.min(parse))).append(")")
                    .append(" | ").append(ms(median(all))).append(" | ").append(top).append(" |\n");
        }
        List<Long> split = new ArrayList<>();
        Map<String, List<Long>> perPart = new LinkedHashMap<>();
        for (int i = 0; i < runs + 2; i++) {
            long a = System.nanoTime();
            io.bedside.model.probe.ProbeOutput o = io.bedside.model.probe.ProbeOutputParser.parse(full);
            long b = System.nanoTime();
            for (var p : parser.parts()) {
                long c = System.nanoTime();
                p.read(o, new ArrayList<>());
                perPart.computeIfAbsent(p.type().getSimpleName(), k -> new ArrayList<>()).add(i < 2 ? -1 : System.nanoTime() - c);
            }
            if (i >= 2) {
                split.add(b - a);
            }
            Sample whole = parser.parse("bench", Instant.now(), full, 1);
            long h = System.nanoTime();
            io.bedside.model.sample.HeapEstimate.of(whole);
            perPart.computeIfAbsent("heap estimate", k -> new ArrayList<>()).add(i < 2 ? -1 : System.nanoTime() - h);
        }
        md.append("\nA full sample's parse: the output split into sections ").append(ms(median(split))).append("; then each part read alone: ");
        perPart.forEach((k, v) -> md.append(k).append(' ').append(ms(median(v.stream().filter(x -> x >= 0).toList()))).append("; "));
        md.append('\n');
        md.append("\nThe probe's own cost per section on this run (full): ");
        var out = io.bedside.model.probe.ProbeOutputParser.parse(full);
        SectionCost.top(out.costs(), 6).forEach(c -> md.append(c.name()).append(' ').append(c.cpuMillis()).append(" ms; "));
        md.append('\n');
        Path dir = Files.createDirectories(Path.of("target", "benchmarks"));
        Files.writeString(dir.resolve("parse-rules.md"), md);
        System.out.println(md);
    }

    private static String probe(boolean light) {
        return ProbeFiles.run("", light);
    }

    private static long median(List<Long> v) {
        List<Long> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.isEmpty() ? 0 : s.get(s.size() / 2);
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
