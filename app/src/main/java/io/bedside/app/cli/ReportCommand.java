package io.bedside.app.cli;

import io.bedside.app.Main;
import io.bedside.app.Sources;
import io.bedside.app.fix.FixJournal;
import io.bedside.app.fix.SessionFiles;
import io.bedside.app.recording.RecordingFiles;
import io.bedside.app.report.ReportWriter;
import io.bedside.model.port.HostTransport;
import io.bedside.model.port.ProbeResult;
import io.bedside.model.port.TransportException;
import io.bedside.model.recording.RecordedSamples;
import io.bedside.model.recording.Recording;
import io.bedside.model.probe.RawSample;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.bedside.model.text.HostText.terminal;
import static io.bedside.app.cli.CommandContext.OK;
import static io.bedside.app.cli.CommandContext.UNKNOWN;

/**
 * {@code report SOURCE -o DIR [--redact]}: report.html, report.md and evidence.json of a recording,
 * or of one fresh sample of a host. Fixes run on the host from this machine are added from the
 * local fix journals: during the recording, or in the last 24 hours for a live host.
 */
final class ReportCommand {
    private final CommandContext ctx;

    ReportCommand(CommandContext ctx) {
        this.ctx = ctx;
    }

    int run(Args a) {
        String source = CommandContext.requireSource(a, "report");
        Path dir = a.output().map(Path::of).orElseThrow(() ->
                new IllegalArgumentException("report needs -o DIR (a folder for report.html, report.md and evidence.json)."));
        try {
            ReportWriter writer = new ReportWriter(Main.VERSION, Clock.systemUTC());
            Path journals = SessionFiles.root();
            ReportWriter.Written w;
            if (Sources.isRecording(source)) {
                // read one sample at a time, twice: a day's recording is reported in bounded memory
                RecordedSamples rec = RecordingFiles.open(Path.of(source));
                w = writer.write(rec, (host, first, last) -> host.map(h -> FixJournal.find(journals, h, rec.startedAt(), last))
                        .orElse(List.of()), dir, a.redact());
            } else {
                Recording rec;
                try (HostTransport t = ctx.sources.open(source, ctx.prompter)) {
                    ProbeResult r = CommandContext.probe(t, a.sudo());
                    rec = new Recording(CommandContext.localName(source, t), Instant.now(),
                            "One sample of " + source, List.of(new RawSample(Instant.now(),
                            r.roundTripMillis(), r.stdout(), r.stderr())));
                }
                Instant to = Instant.now();
                w = writer.write(rec, (host, first, last) -> host.map(h -> FixJournal.find(journals, h, to.minus(Duration.ofHours(24)), to))
                        .orElse(List.of()), dir, a.redact());
            }
            w.cut().ifPresent(ctx.err::println);
            int fixes = w.fixes();
            ctx.out.println("Wrote report.html, report.md and evidence.json to " + w.dir() + (a.redact() ? " (redacted)" : "")
                    + (fixes == 0 ? "." : ", with " + fixes + (fixes == 1 ? " fix." : " fixes.")));
            return OK;
        } catch (OutOfMemoryError e) {
            ctx.err.println(CommandContext.outOfMemory("report", source));
            return UNKNOWN;
        } catch (TransportException | IOException e) {
            ctx.err.println(terminal(e.getMessage()));
            return UNKNOWN;
        }
    }
}
