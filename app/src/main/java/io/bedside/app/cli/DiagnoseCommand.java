package io.bedside.app.cli;

import io.bedside.app.Sources;
import io.bedside.app.monitoring.MetricsOutput;
import io.bedside.app.monitoring.OneSample;
import io.bedside.app.monitoring.PluginOutput;
import io.bedside.app.monitoring.Thresholds;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.fix.ShellWords;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.port.TransportException;
import io.bedside.model.sample.Sample;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.bedside.model.text.HostText.terminal;
import static io.bedside.app.cli.CommandContext.UNKNOWN;

/**
 * {@code diagnose SOURCE [--json | --format text|json|nagios|openmetrics] [--warning M=V] [--critical M=V]
 * [--timeout 30s]}: one sample through every playbook's rules; the exit status is the worst
 * finding's (3 when the probe output was incomplete or no sample was taken). The nagios format is a
 * monitoring plugin's output (with thresholds per metric); openmetrics is for a Prometheus scrape or
 * node_exporter's textfile collector.
 */
final class DiagnoseCommand {
    private final CommandContext ctx;

    DiagnoseCommand(CommandContext ctx) {
        this.ctx = ctx;
    }

    /**
     * The {@code bedside fix} command line for an offer, to paste as it is: every word shell-quoted
     * when it needs it (a unit name is the host's text). Without --dry-run or --yes it only previews.
     */
    static String fixLine(String source, FixOffer offer) {
        List<String> words = new ArrayList<>(List.of("bedside", "fix", source));
        words.addAll(offer.words());
        return ShellWords.command(words);
    }

    /**
     * What {@code diagnose} prints for an offer: the line to paste, or, when a parameter holds
     * characters a terminal cannot show as they are (a control byte in a unit name), the fix's id
     * with where the exact parameters are: a line shown escaped would paste another name.
     */
    static String pasteLine(String source, FixOffer offer) {
        String line = fixLine(source, offer);
        String shown = terminal(line);
        return shown.equals(line) ? line : terminal(offer.fixId())
                + " (a parameter holds characters a terminal cannot show; diagnose --json has it exactly)";
    }

    /** The formats diagnose prints. */
    static final List<String> FORMATS = List.of("text", "json", "nagios", "openmetrics");

    int run(Args a) {
        String source = CommandContext.requireSource(a, "diagnose");
        String format = a.format().orElse(a.json() ? "json" : "text");
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("--format takes " + String.join(", ", FORMATS) + ", not '" + format + "'.");
        }
        if (a.json() && !format.equals("json")) {
            throw new IllegalArgumentException("Choose --json or --format " + format + ", not both.");
        }
        boolean monitoring = format.equals("nagios") || format.equals("openmetrics");
        Thresholds thresholds;
        try {
            if (!format.equals("nagios") && (!a.warning().isEmpty() || !a.critical().isEmpty())) {
                throw new IllegalArgumentException("--warning and --critical apply to --format nagios.");
            }
            thresholds = Thresholds.parse(a.warning(), a.critical(), Playbooks.metrics());
        } catch (IllegalArgumentException e) {
            if (format.equals("nagios")) {
                // a monitoring engine shows stdout: the check's own mistake must be there
                ctx.out.print(PluginOutput.unknown(source, e.getMessage()).text());
                return UNKNOWN;
            }
            throw e;
        }
        try {
            Sample s = sample(source, a);
            OneSample judged = OneSample.of(s);
            List<Finding> findings = judged.findings();
            int status = judged.status();
            String host = s.facts().get().map(f -> f.hostname()).orElse(s.source());
            if (monitoring) {
                String note = judged.note().orElse("");
                if (format.equals("nagios")) {
                    PluginOutput.Check c = PluginOutput.of(host, s, findings, status, note, Playbooks.metrics(), thresholds);
                    ctx.out.print(c.text());
                    return c.status();
                }
                ctx.out.print(MetricsOutput.of(host, Optional.of(s), findings, status, Playbooks.metrics()));
                if (!note.isEmpty()) {
                    ctx.err.println(note);
                }
                return status;
            }
            if (format.equals("json")) {
                ctx.out.println(SampleJson.JSON.writeValueAsString(SampleJson.diagnosis(s, findings)));
            } else {
                String word = PluginOutput.word(status);
                // summaries name processes, paths and units as the host wrote them: shown with controls visible
                ctx.out.println(terminal("BEDSIDE " + word + " - " + host + ": " + (findings.isEmpty() ? "no findings"
                        : findings.size() + " finding" + (findings.size() == 1 ? "" : "s"))));
                boolean fixable = !Sources.isRecording(source);
                for (Finding f : findings) {
                    ctx.out.println(terminal("  [" + f.severity().token() + "] " + f.id() + ": " + f.summary()));
                    for (FixOffer o : f.fixes()) {
                        if (fixable && !o.params().isEmpty()) {
                            ctx.out.println("      fix: " + pasteLine(source, o));
                        }
                    }
                }
                judged.note().ifPresent(n -> ctx.out.println("  " + n));
            }
            return status;
        } catch (OutOfMemoryError e) {
            return failed(format, source, CommandContext.outOfMemory("diagnose", source));
        } catch (TransportException | IOException e) {
            return failed(format, source, e.getMessage());
        } catch (TimeoutException e) {
            return failed(format, source, "no complete sample within " + Args.show(a.timeout().orElseThrow())
                    + " (--timeout); the host or its SSH answered too slowly");
        }
    }

    /** A sample of {@code source}, given up after {@code --timeout} when one is set. */
    private Sample sample(String source, Args a) throws TransportException, IOException, TimeoutException {
        if (a.timeout().isEmpty()) {
            return ctx.sampleOnce(source, a.sudo());
        }
        FutureTask<Sample> task = new FutureTask<>(() -> ctx.sampleOnce(source, a.sudo()));
        Thread t = new Thread(task, "bedside-diagnose");
        t.setDaemon(true);
        t.start();
        try {
            return task.get(a.timeout().get().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof TransportException te) {
                throw te;
            }
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        } finally {
            task.cancel(true);
        }
    }

    /** Why no diagnosis: on stderr, and where a monitoring engine reads it, as its format says. */
    private int failed(String format, String source, String why) {
        switch (format) {
            case "nagios" -> ctx.out.print(PluginOutput.unknown(source, why).text());
            case "openmetrics" -> {
                ctx.out.print(MetricsOutput.of(source, Optional.empty(), List.of(), UNKNOWN, Playbooks.metrics()));
                ctx.err.println(terminal(why));
            }
            default -> ctx.err.println(terminal(why));
        }
        return UNKNOWN;
    }
}
