package io.bedside.app.cli;

import io.bedside.app.Sources;
import io.bedside.app.fix.FixExecutor;
import io.bedside.app.fix.SessionFiles;
import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.playbooks.FixCatalog;
import io.bedside.model.fix.Change;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.AppliedFix;
import io.bedside.model.fix.FixReport;
import io.bedside.model.fix.FixStep;
import io.bedside.model.port.HostTransport;
import io.bedside.model.port.ProbeResult;
import io.bedside.model.port.TransportException;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import io.bedside.model.probe.RawSample;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static io.bedside.model.text.HostText.terminal;
import static io.bedside.app.cli.CommandContext.OK;
import static io.bedside.app.cli.CommandContext.UNKNOWN;

/**
 * {@code fix SOURCE FIX_ID [key=value ...] [--dry-run | --yes] [--sudo]}: preview, then a dry run
 * or the change, then a fresh sample to show the new state. Without --dry-run or --yes it only
 * previews. Exit 0 when verified (or a clean dry run), 2 when verification failed, 3 when it could not run.
 */
final class FixCommand {
    private final CommandContext ctx;

    FixCommand(CommandContext ctx) {
        this.ctx = ctx;
    }

    int run(Args a) {
        PrintStream out = ctx.out;
        PrintStream err = ctx.err;
        if (a.positional().size() < 3) {
            throw new IllegalArgumentException("fix needs a SOURCE and a FIX_ID, for example: fix db-07 ipc.sem.remove-orphans --dry-run.");
        }
        String source = a.positional().get(1);
        String fixId = a.positional().get(2);
        Map<String, String> params = new LinkedHashMap<>();
        for (String p : a.positional().subList(3, a.positional().size())) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + p + "' is not a key=value choice such as semid=5,7.");
            }
            params.put(p.substring(0, eq), p.substring(eq + 1));
        }
        if (Sources.isRecording(source)) {
            throw new IllegalArgumentException("A recording cannot be fixed: fix needs a live host.");
        }
        try (HostTransport t = ctx.sources.open(source, ctx.prompter)) {
            ProbeResult raw = CommandContext.probe(t, a.sudo());
            Sample s = Playbooks.parser().parse(CommandContext.localName(source, t), Instant.now(), raw.stdout(), raw.roundTripMillis());
            String hostname = s.facts().get().map(f -> f.hostname()).orElse(source);
            // who we log in as, without sudo: that decides which steps need root
            ProbeResult idr = t.run("id -u; id -un", false, Duration.ofSeconds(15));
            List<String> id = idr.stdout().lines().toList();
            OptionalLong loginUid = OptionalLong.empty();
            try {
                loginUid = OptionalLong.of(Long.parseLong(id.get(0).trim()));
            } catch (RuntimeException e) {
                // unknown: every change is planned as needing root
            }
            FixPlan plan;
            try {
                plan = FixCatalog.plan(fixId, s, params, loginUid);
            } catch (IllegalArgumentException e) {
                err.println(terminal(e.getMessage() + (a.sudo() || root(loginUid) ? ""
                        : " Without administrative access (--sudo) Bedside cannot see who uses other users' objects.")));
                return UNKNOWN;
            }
            // plans quote host text (names, units, paths, commands): every line is shown with controls visible
            out.println(terminal(plan.title() + " on " + hostname));
            for (Change c : plan.changes()) {
                out.println(terminal("  " + c.oldLine()));
                out.println(terminal("  " + c.newLine()));
            }
            plan.summary().forEach(l -> out.println(terminal("  " + l)));
            out.println("Commands, in order:");
            int n = 0;
            for (FixStep st : plan.steps()) {
                out.println(terminal(String.format("  %2d. [%s%s] %s", ++n, st.kind().name().toLowerCase(Locale.ROOT),
                        st.optional() ? ", optional" : "", st.description())));
                out.println(terminal("      $ " + st.command()));
                st.precondition().ifPresent(c -> out.println(terminal("      re-checked first: $ " + c.command())));
            }
            if (!a.dryRun() && !a.yes()) {
                out.println(terminal("Nothing was changed. Run again with --dry-run to check, or --yes to apply on " + hostname + "."));
                return UNKNOWN;
            }
            boolean root = root(loginUid);
            String user = id.size() > 1 ? id.get(1).trim() : "?";
            SessionFiles files = SessionFiles.create(hostname, Instant.now());
            FixExecutor exec = new FixExecutor(t, files, Clock.systemUTC(), user, hostname);
            out.println(terminal((a.dryRun() ? "Dry run" : "Applying") + " on " + hostname + ":"));
            boolean persist = "yes".equals(params.get("persist"));
            FixReport report = exec.run(plan, a.dryRun(), a.sudo(), root, persist, r ->
                    out.println(terminal("  " + r.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": "
                            + r.step().description() + (r.reason().isEmpty() ? "" : " — " + r.reason()))));
            out.println(terminal("Audit log: " + files.auditLog()));
            if (a.dryRun()) {
                out.println("Dry run complete: nothing was changed.");
                return OK;
            }
            // the executor's own picture of the host after the fix; one more probe only when it could not take it
            RawSample after = exec.lastRun().flatMap(AppliedFix::after).orElse(null);
            if (after == null) {
                ProbeResult r = CommandContext.probe(t, a.sudo());
                after = new RawSample(Instant.now(), r.roundTripMillis(), r.stdout(), r.stderr());
            }
            Sample s2 = Playbooks.parser().parse(s.source(), after.receivedAt(), after.output(), after.roundTripMillis());
            out.println(terminal("Evidence before and after: " + files.dir().resolve("evidence")));
            List<Finding> remaining = new Diagnosis(Playbooks.allRules()).run(s2, List.of(s2));
            out.println("Verification: " + report.verification().name());
            // what stands now, as the fix's own playbook measures it (an OOM protect does not list IPC limits)
            List<String> standing = Playbooks.ofFix(fixId).map(p -> p.standing(s2)).orElse(List.of());
            if (!standing.isEmpty()) {
                out.println("Now on the host:");
                standing.forEach(l -> out.println(terminal("  " + l)));
            }
            out.println(terminal("Findings now: " + (remaining.isEmpty() ? "none" : String.join(", ",
                    remaining.stream().map(f -> f.id() + " (" + f.severity().token() + ")").toList()))));
            return report.verification() == FixReport.Verification.FAILED ? 2 : OK;
        } catch (TransportException | IOException e) {
            err.println(terminal(e.getMessage()));
            return UNKNOWN;
        }
    }

    private static boolean root(OptionalLong uid) {
        return uid.isPresent() && uid.getAsLong() == 0;
    }
}
