package io.bedside.app.cli;

import io.bedside.app.Main;
import io.bedside.app.Sources;
import io.bedside.app.fix.FixJournal;
import io.bedside.app.fix.SessionFiles;
import io.bedside.app.recording.RecordingFiles;
import io.bedside.app.report.ReportWriter;
import io.bedside.model.fix.AppliedFix;
import io.bedside.model.port.HostTransport;
import io.bedside.model.port.ProbeResult;
import io.bedside.model.port.TransportException;
import io.bedside.model.recording.Recording;
import io.bedside.model.session.RawSample;

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
            Recording rec;
            Instant from;
            Instant to = Instant.now();
            if (Sources.isRecording(source)) {
                rec = RecordingFiles.read(Path.of(source));
                from = rec.startedAt();
                to = rec.samples().get(rec.samples().size() - 1).receivedAt();
            } else {
                try (HostTransport t = ctx.sources.open(source, ctx.prompter)) {
                    ProbeResult r = CommandContext.probe(t, a.sudo());
                    rec = new Recording(CommandContext.localName(source, t), Instant.now(),
                            "One sample of " + source, List.of(new RawSample(Instant.now(),
                            r.roundTripMillis(), r.stdout(), r.stderr())));
                }
                from = to.minus(Duration.ofHours(24));
            }
            List<AppliedFix> local = ReportWriter.localFixes(rec, SessionFiles.root(), from, to);
            Path written = new ReportWriter(Main.VERSION, Clock.systemUTC()).write(rec, local, dir, a.redact());
            int fixes = FixJournal.union(rec.fixes(), local).size();
            ctx.out.println("Wrote report.html, report.md and evidence.json to " + written + (a.redact() ? " (redacted)" : "")
                    + (fixes == 0 ? "." : ", with " + fixes + (fixes == 1 ? " fix." : " fixes.")));
            return OK;
        } catch (TransportException | IOException e) {
            ctx.err.println(terminal(e.getMessage()));
            return UNKNOWN;
        }
    }
}
