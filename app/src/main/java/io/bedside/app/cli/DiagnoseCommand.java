package io.bedside.app.cli;

import io.bedside.model.findings.Diagnosis;
import io.bedside.app.Sources;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.fix.ShellWords;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.port.TransportException;
import io.bedside.model.sample.Sample;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.bedside.model.text.HostText.terminal;
import static io.bedside.app.cli.CommandContext.UNKNOWN;

/**
 * {@code diagnose SOURCE [--json]}: one sample through every playbook's rules; the exit status is
 * the worst finding's (3 when the probe output was incomplete).
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

    int run(Args a) {
        String source = CommandContext.requireSource(a, "diagnose");
        try {
            Sample s = ctx.sampleOnce(source, a.sudo());
            List<Finding> findings = new Diagnosis(Playbooks.allRules()).run(s, List.of(s));
            int status = Diagnosis.exitStatus(findings);
            // a cut sample, or one with no readings at all (its header and end line alone), proves nothing
            boolean empty = s.output().sections().isEmpty();
            if (!s.output().complete() || empty) {
                status = UNKNOWN;
            }
            if (a.json()) {
                ctx.out.println(SampleJson.JSON.writeValueAsString(SampleJson.diagnosis(s, findings)));
            } else {
                String host = s.facts().get().map(f -> f.hostname()).orElse(s.source());
                String word = switch (status) {
                    case 0 -> "OK";
                    case 1 -> "WARNING";
                    case 2 -> "CRITICAL";
                    default -> "UNKNOWN";
                };
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
                if (empty) {
                    ctx.out.println("  the probe output held no readings; nothing was diagnosed");
                } else if (!s.output().complete()) {
                    ctx.out.println("  the probe output was incomplete; the diagnosis may miss findings");
                }
            }
            return status;
        } catch (OutOfMemoryError e) {
            ctx.err.println(CommandContext.outOfMemory("diagnose", source));
            return UNKNOWN;
        } catch (TransportException | IOException e) {
            ctx.err.println(terminal(e.getMessage()));
            return UNKNOWN;
        }
    }
}
