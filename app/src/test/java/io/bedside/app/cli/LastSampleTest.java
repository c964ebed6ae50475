package io.bedside.app.cli;

import io.bedside.app.recording.BundledRecordings;
import io.bedside.model.findings.Diagnosis;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;
import io.bedside.model.recording.Recording;
import io.bedside.model.recording.Replay;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * diagnose of a recording keeps its last sample alone: parsed from the last full sample on, it is
 * the sample a replay of the whole recording ends with, at every point of every demo. The demos
 * were recorded before light samples; here four samples in five are made light as the probe makes
 * them ({@code BS_LIGHT=1}: the process walks print "skipped light sample").
 */
class LastSampleTest {
    @Test
    void theLastSampleIsTheReplaysLastSampleAtEveryPointOfEveryDemo() throws Exception {
        Diagnosis d = new Diagnosis(Playbooks.allRules());
        int light = 0;
        for (BundledRecordings.Demo demo : BundledRecordings.list()) {
            Recording rec = withLightSamples(BundledRecordings.open(demo.id()));
            Replay replay = new Replay(rec);
            for (int i = 0; i < rec.samples().size(); i++) {
                CommandContext.LastSample last = new CommandContext.LastSample(rec.source());
                rec.samples().subList(0, i + 1).forEach(last::add);
                Sample expected = replay.samples().get(i);
                Sample got = last.get();
                light += expected.output().carried().isEmpty() ? 0 : 1;
                assertEquals(SampleJson.JSON.writeValueAsString(SampleJson.diagnosis(expected, d.run(expected, List.of(expected)))),
                        SampleJson.JSON.writeValueAsString(SampleJson.diagnosis(got, d.run(got, List.of(got)))), demo.id() + " " + i);
                assertEquals(expected.output().carried(), got.output().carried(), demo.id() + " " + i);
            }
        }
        assertTrue(light > 0, "the demos have light samples, which take what they skipped from those before");
    }

    private static final java.util.Set<String> LIGHT_SKIPS = java.util.Set.of("host-static", "procs-mem", "cgroup-mem", "boots",
            "proc-fds", "proc-threads");

    static Recording withLightSamples(Recording rec) {
        List<io.bedside.model.probe.RawSample> out = new java.util.ArrayList<>();
        for (int i = 0; i < rec.samples().size(); i++) {
            io.bedside.model.probe.RawSample r = rec.samples().get(i);
            out.add(i % 5 == 0 ? r : new io.bedside.model.probe.RawSample(r.receivedAt(), r.roundTripMillis(),
                    lighten(r.output()), r.errors()));
        }
        return new Recording(rec.source(), rec.startedAt(), rec.description(), out, rec.fixes());
    }

    /** The output as a light sample prints it: the process walks' sections skipped. */
    static String lighten(String output) {
        StringBuilder b = new StringBuilder();
        boolean dropping = false;
        for (String line : output.split("\n", -1)) {
            if (line.startsWith("@@bedside:")) {
                dropping = false;
                if (line.startsWith("@@bedside:section ")) {
                    String name = line.substring("@@bedside:section ".length()).split(" ", 2)[0];
                    if (LIGHT_SKIPS.contains(name)) {
                        b.append("@@bedside:section ").append(name).append(" skipped light sample\n");
                        dropping = true;
                        continue;
                    }
                }
            }
            if (!dropping) {
                b.append(line).append('\n');
            }
        }
        return b.substring(0, b.length() - 1);
    }
}
