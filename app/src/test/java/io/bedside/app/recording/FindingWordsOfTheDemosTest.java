package io.bedside.app.recording;

import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The findings of every demo read as sentences in the tables' units: no raw byte or kB count
 * (those stay in the subjects and evidence), no brackets inside brackets, no "(unknown)".
 */
class FindingWordsOfTheDemosTest {
    private static final Pattern RAW_BYTES = Pattern.compile("\\d{4,} (bytes|kB)\\b|\\d+ kB\\b");
    private static final Pattern UNKNOWN = Pattern.compile("\\(unknown\\)");

    @Test
    void summariesUseUnitsAndPlainSentences() throws Exception {
        List<String> bad = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (BundledRecordings.Demo demo : DemoSamples.demos()) {
            List<Sample> samples = DemoSamples.of(demo);
            int n = samples.size();
            for (int i : new int[]{n / 3, n / 2, 2 * n / 3, n - 1}) {
                List<Sample> history = samples.subList(Math.max(0, i - 40), i + 1);
                for (Finding f : new Diagnosis(Playbooks.allRules()).run(samples.get(i), history)) {
                    String s = f.summary();
                    seen.add(f.id());
                    if (RAW_BYTES.matcher(s).find() || UNKNOWN.matcher(s).find() || nestedBrackets(s)) {
                        bad.add(demo.id() + " " + f.id() + ": " + s);
                    }
                }
            }
        }
        assertTrue(seen.containsAll(List.of("ipc.shm.orphaned", "mem.oom.killed", "net.closewait.pileup", "proc.blocked-on-pipe",
                "host.rebooted")), "the demos raise the findings whose words changed: " + seen);
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    /** Whether a bracket opens inside another, as in {@code (a (b))}; the kernel's {@code pipe:[123]} is a name, not a bracket. */
    static boolean nestedBrackets(String s) {
        int depth = 0;
        for (char c : s.replaceAll("pipe:\\[\\d+\\]", "pipe").toCharArray()) {
            if (c == '(' || c == '[') {
                if (++depth > 1) {
                    return true;
                }
            } else if ((c == ')' || c == ']') && depth > 0) {
                depth--;
            }
        }
        return false;
    }
}
