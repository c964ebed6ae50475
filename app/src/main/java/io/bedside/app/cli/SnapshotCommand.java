package io.bedside.app.cli;

import io.bedside.model.port.TransportException;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.sample.Sample;

import java.io.IOException;
import java.io.PrintStream;

import static io.bedside.model.text.HostText.terminal;
import static io.bedside.app.cli.CommandContext.OK;
import static io.bedside.app.cli.CommandContext.UNKNOWN;

/** {@code snapshot SOURCE [--json]}: one sample, as a short summary or as JSON. */
final class SnapshotCommand {
    private final CommandContext ctx;

    SnapshotCommand(CommandContext ctx) {
        this.ctx = ctx;
    }

    int run(Args a) {
        String source = CommandContext.requireSource(a, "snapshot");
        try {
            Sample s = ctx.sampleOnce(source, a.sudo());
            if (a.json()) {
                ctx.out.println(SampleJson.JSON.writeValueAsString(SampleJson.snapshot(s)));
            } else {
                printSummary(s);
            }
            return s.output().complete() ? OK : UNKNOWN;
        } catch (TransportException | IOException e) {
            ctx.err.println(terminal(e.getMessage()));
            return UNKNOWN;
        }
    }

    private void printSummary(Sample s) {
        PrintStream out = ctx.out;
        // host text (names, the kernel's words, unrecognized lines) is shown with its control characters visible
        s.facts().get().ifPresent(f -> out.println(terminal(f.hostname() + "  " + f.distribution().orElse("?") + "  kernel "
                + f.kernel() + "  " + f.machine().orElse(""))));
        out.println(terminal("load:     " + s.load().get().map(l -> l.load1() + " " + l.load5() + " " + l.load15())
                .orElse(s.load().describeAbsence())));
        out.println(terminal("memory:   " + s.memory().get().map(m -> "MemAvailable " + m.memAvailableKb().orElse(-1) / 1024
                + " MiB of " + m.memTotalKb().orElse(-1) / 1024 + " MiB").orElse(s.memory().describeAbsence())));
        out.println(terminal("pressure: " + s.memoryPressure().get().map(p -> "some avg10=" + p.some().avg10()
                + p.full().map(f -> " full avg10=" + f.avg10()).orElse("")).orElse(s.memoryPressure().describeAbsence())));
        out.println("probe:    " + s.stats().roundTripMillis() + " ms round trip, "
                + s.stats().probeNanos().stream().mapToObj(n -> String.format("%.1f ms on host, ", n / 1e6)).findFirst().orElse("")
                + s.stats().bytes() + " bytes");
        s.stats().cpuTicks().ifPresent(t -> out.println(terminal("host CPU: " + String.format(java.util.Locale.ROOT, "%,d ms", t * 10)
                + io.bedside.model.probe.SectionCost.top(s.output().costs(), 3).stream()
                .map(c -> c.name() + " " + String.format(java.util.Locale.ROOT, "%,d ms", c.cpuMillis()))
                .reduce((a, b) -> a + ", " + b).map(x -> " (" + x + ")").orElse(""))));
        for (ParseProblem p : s.problems()) {
            out.println(terminal("unrecognized (" + p.source() + "): " + p.message() + (p.line().isEmpty() ? "" : " [" + p.line() + "]")));
        }
    }
}
