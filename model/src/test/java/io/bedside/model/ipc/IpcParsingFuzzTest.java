package io.bedside.model.ipc;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bedside.model.findings.Finding;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeOutputParser;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * No input may make the IPC parsers or rules throw; and without a parsable list of live
 * processes nothing is ever called orphaned. Regression mode in every build; JAZZER_FUZZ=1 fuzzes.
 */
class IpcParsingFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void ipcSectionsNeverThrow(FuzzedDataProvider data) {
        StringBuilder b = new StringBuilder("@@bedside:probe version=1 uid=0\n");
        for (String name : IpcSnapshot.SECTIONS) {
            b.append("@@bedside:section ").append(name).append(data.consumeBoolean() ? " ok /proc\n" : " needs-root x\n");
            b.append(data.consumeString(400)).append('\n');
        }
        if (data.consumeBoolean()) {
            b.append("@@bedside:end elapsed_ns=1\n");
        }
        List<ParseProblem> problems = new ArrayList<>();
        IpcSnapshot s = IpcSnapshot.from(ProbeOutputParser.parse(b.toString()), problems);
        List<Finding> findings = new OwnIdRules().evaluate(s, Instant.ofEpochSecond(data.consumeLong()));
        if (!s.livePids().isPresent()) {
            assertFalse(findings.stream().anyMatch(f -> f.id().endsWith(".orphaned")), "orphans without a live-process list");
        }
        IpcUsage.sems(s).forEach(u -> u.lastOps());
        s.limits().get().ifPresent(l -> {
            if (l.hasSem() && l.semmni().getAsLong() < IpcFixPlans.IPCMNI) {
                IpcFixPlans.raiseSemLimit(l, (int) Math.min(Integer.MAX_VALUE, l.semmni().getAsLong()));
            }
        });
    }
}
