package io.bedside.app.cli;

import io.bedside.app.ProbeScript;
import io.bedside.app.Sources;
import io.bedside.app.recording.Recorder;
import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Playbooks;
import io.bedside.model.port.HostTransport;
import io.bedside.model.port.ProbeResult;
import io.bedside.model.port.Prompter;
import io.bedside.model.port.TransportException;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.Sample;
import io.bedside.model.probe.SampleParser;
import io.bedside.model.recording.Replay;
import io.bedside.model.session.ConnectionState;
import io.bedside.model.session.SamplingSession;
import io.bedside.model.session.SessionListener;
import io.bedside.model.session.SessionStatus;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The headless commands: snapshot, diagnose and record. Exit statuses follow the
 * monitoring-plugin convention: 0 OK, 1 warning, 2 critical, 3 unknown.
 */
public final class HeadlessCommands {
    public static final int OK = 0;
    public static final int UNKNOWN = 3;
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);

    private final Sources sources;
    private final Prompter prompter;
    private final PrintStream out;
    private final PrintStream err;

    public HeadlessCommands(Sources sources, Prompter prompter, PrintStream out, PrintStream err) {
        this.sources = sources;
        this.prompter = prompter;
        this.out = out;
        this.err = err;
    }

    /** One sample of SOURCE: a host (one connection, one probe) or the last sample of a recording. */
    Sample sampleOnce(String source, boolean sudo) throws TransportException, IOException {
        if (Sources.isRecording(source)) {
            Replay r = sources.replay(source);
            return r.samples().get(r.size() - 1);
        }
        try (HostTransport t = sources.open(source, prompter)) {
            ProbeResult r = probe(t, sudo);
            if (r.stdout().isBlank()) {
                String why = r.stderr().lines().filter(l -> !l.isBlank()).findFirst().orElse("exit status " + r.exitStatus());
                throw new TransportException(TransportException.Kind.OTHER,
                        "The probe printed nothing on " + t.describe() + ": " + why.trim() + ".");
            }
            return SampleParser.parse(LocalName.of(source, t), Instant.now(), r.stdout(), r.roundTripMillis());
        }
    }

    public int snapshot(Args a) {
        String source = requireSource(a, "snapshot");
        try {
            Sample s = sampleOnce(source, a.sudo());
            if (a.json()) {
                out.println(SampleJson.JSON.writeValueAsString(SampleJson.snapshot(s)));
            } else {
                printSummary(s);
            }
            return s.output().complete() ? OK : UNKNOWN;
        } catch (TransportException | IOException e) {
            err.println(e.getMessage());
            return UNKNOWN;
        }
    }

    public int diagnose(Args a) {
        String source = requireSource(a, "diagnose");
        try {
            Sample s = sampleOnce(source, a.sudo());
            List<Finding> findings = new Diagnosis(Playbooks.allRules()).run(s, List.of(s));
            int status = Diagnosis.exitStatus(findings);
            if (!s.output().complete()) {
                status = UNKNOWN;
            }
            if (a.json()) {
                out.println(SampleJson.JSON.writeValueAsString(SampleJson.diagnosis(s, findings)));
            } else {
                String host = s.facts().get().map(f -> f.hostname()).orElse(s.source());
                String word = switch (status) {
                    case 0 -> "OK";
                    case 1 -> "WARNING";
                    case 2 -> "CRITICAL";
                    default -> "UNKNOWN";
                };
                out.println("BEDSIDE " + word + " - " + host + ": " + (findings.isEmpty() ? "no findings"
                        : findings.size() + " finding" + (findings.size() == 1 ? "" : "s")));
                for (Finding f : findings) {
                    out.println("  [" + f.severity().token() + "] " + f.id() + ": " + f.summary());
                }
                if (!s.output().complete()) {
                    out.println("  the probe output was incomplete; the diagnosis may miss findings");
                }
            }
            return status;
        } catch (TransportException | IOException e) {
            err.println(e.getMessage());
            return UNKNOWN;
        }
    }

    public int record(Args a) {
        String source = requireSource(a, "record");
        Path file = a.output().map(Path::of).orElseThrow(() ->
                new IllegalArgumentException("record needs -o FILE (for example -o incident.jsonl.gz)."));
        Duration length = a.duration().orElse(Duration.ofMinutes(10));
        SamplingSession session = sources.session(source, prompter);
        a.interval().ifPresent(session::setInterval);
        session.setPrivileged(a.sudo());
        CountDownLatch failed = new CountDownLatch(1);
        String[] why = new String[1];
        session.addListener(new SessionListener() {
            @Override
            public void onSample(Sample sample) {
            }

            @Override
            public void onStatus(SessionStatus s) {
                if (s.state() == ConnectionState.FAILED) {
                    why[0] = s.message().orElse("The connection failed.");
                    failed.countDown();
                } else if (s.state() == ConnectionState.RECONNECTING) {
                    s.message().ifPresent(m -> err.println(m));
                }
            }
        });
        try (Recorder rec = new Recorder(session, file, a.description().orElse("Recorded from " + source))) {
            session.start();
            err.println("Recording " + source + " for " + length.toSeconds() + " s to " + file + " ...");
            boolean stopped = failed.await(length.toMillis(), TimeUnit.MILLISECONDS);
            session.close();
            rec.stop();
            if (stopped) {
                err.println(why[0]);
                return UNKNOWN;
            }
            if (rec.failure() != null) {
                err.println("Writing " + file + " failed: " + rec.failure().getMessage());
                return UNKNOWN;
            }
            err.println("Recorded " + rec.samples() + " samples to " + file + ".");
            return rec.samples() > 0 ? OK : UNKNOWN;
        } catch (IOException e) {
            err.println("Cannot write " + file + ": " + e.getMessage());
            return UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.close();
            return UNKNOWN;
        }
    }

    /**
     * {@code fix SOURCE FIX_ID [key=value ...] [--dry-run | --yes] [--sudo]}: preview, then a dry run
     * or the change, then a fresh sample to show the new state. Without --dry-run or --yes it only
     * previews. Exit 0 when verified (or a clean dry run), 2 when verification failed, 3 when it could not run.
     */
    public int fix(Args a) {
        if (a.positional().size() < 3) {
            throw new IllegalArgumentException("fix needs a SOURCE and a FIX_ID, for example: fix db-07 ipc.sem.remove-orphans --dry-run.");
        }
        String source = a.positional().get(1);
        String fixId = a.positional().get(2);
        java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
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
        try (HostTransport t = sources.open(source, prompter)) {
            ProbeResult raw = probe(t, a.sudo());
            Sample s = SampleParser.parse(LocalName.of(source, t), Instant.now(), raw.stdout(), raw.roundTripMillis());
            String hostname = s.facts().get().map(f -> f.hostname()).orElse(source);
            // who we log in as, without sudo: that decides which steps need root
            ProbeResult idr = t.run("id -u; id -un", false, Duration.ofSeconds(15));
            List<String> id = idr.stdout().lines().toList();
            java.util.OptionalLong loginUid = java.util.OptionalLong.empty();
            try {
                loginUid = java.util.OptionalLong.of(Long.parseLong(id.get(0).trim()));
            } catch (RuntimeException e) {
                // unknown: every change is planned as needing root
            }
            io.bedside.model.fix.FixPlan plan;
            try {
                plan = io.bedside.model.fix.FixCatalog.plan(fixId, s, params, loginUid);
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage() + (a.sudo() || root(loginUid) ? ""
                        : " Without administrative access (--sudo) Bedside cannot see who uses other users' objects."));
                return UNKNOWN;
            }
            out.println(plan.title() + " on " + hostname);
            plan.summary().forEach(l -> out.println("  " + l));
            out.println("Commands, in order:");
            int n = 0;
            for (io.bedside.model.fix.FixStep st : plan.steps()) {
                out.println(String.format("  %2d. [%s%s] %s", ++n, st.kind().name().toLowerCase(java.util.Locale.ROOT),
                        st.optional() ? ", optional" : "", st.description()));
                out.println("      $ " + st.command());
                st.precondition().ifPresent(c -> out.println("      re-checked first: $ " + c.command()));
            }
            if (!a.dryRun() && !a.yes()) {
                out.println("Nothing was changed. Run again with --dry-run to check, or --yes to apply on " + hostname + ".");
                return UNKNOWN;
            }
            boolean root = root(loginUid);
            String user = id.size() > 1 ? id.get(1).trim() : "?";
            io.bedside.app.fix.SessionFiles files = io.bedside.app.fix.SessionFiles.create(hostname, Instant.now());
            io.bedside.app.fix.FixExecutor exec = new io.bedside.app.fix.FixExecutor(t, files, java.time.Clock.systemUTC(), user, hostname);
            out.println((a.dryRun() ? "Dry run" : "Applying") + " on " + hostname + ":");
            boolean persist = "yes".equals(params.get("persist"));
            io.bedside.model.fix.FixReport report = exec.run(plan, a.dryRun(), a.sudo(), root, persist, r ->
                    out.println("  " + r.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": "
                            + r.step().description() + (r.reason().isEmpty() ? "" : " — " + r.reason())));
            out.println("Audit log: " + files.auditLog());
            if (a.dryRun()) {
                out.println("Dry run complete: nothing was changed.");
                return OK;
            }
            java.util.Optional<io.bedside.model.session.RawSample> afterRaw = exec.lastRun().flatMap(f -> f.after());
            ProbeResult after = afterRaw.isPresent() ? null : probe(t, a.sudo());
            Sample s2 = afterRaw.map(r -> SampleParser.parse(s.source(), r.receivedAt(), r.output(), r.roundTripMillis()))
                    .orElseGet(() -> SampleParser.parse(s.source(), Instant.now(), after.stdout(), after.roundTripMillis()));
            out.println("Evidence before and after: " + files.dir().resolve("evidence"));
            List<Finding> remaining = new Diagnosis(Playbooks.allRules()).run(s2, List.of(s2));
            out.println("Verification: " + report.verification().name());
            out.println("Headroom now:");
            io.bedside.model.ipc.IpcHeadroom.of(s2.ipc()).forEach(u -> out.println("  " + u.describe()));
            out.println("Findings now: " + (remaining.isEmpty() ? "none" : String.join(", ",
                    remaining.stream().map(f -> f.id() + " (" + f.severity().token() + ")").toList())));
            return report.verification() == io.bedside.model.fix.FixReport.Verification.FAILED ? 2 : OK;
        } catch (TransportException | IOException e) {
            err.println(e.getMessage());
            return UNKNOWN;
        }
    }

    /**
     * One probe run. The probe only reads, so a channel that fails while the connection stays
     * open is retried once; nothing that changes the host is ever retried.
     */
    private static ProbeResult probe(HostTransport t, boolean sudo) throws TransportException {
        try {
            return t.run(ProbeScript.text(), sudo, PROBE_TIMEOUT);
        } catch (TransportException e) {
            if (e.kind() != TransportException.Kind.DISCONNECTED || !t.isOpen()) {
                throw e;
            }
            return t.run(ProbeScript.text(), sudo, PROBE_TIMEOUT);
        }
    }

    /**
     * {@code report SOURCE -o DIR [--redact]}: report.html, report.md and evidence.json of a recording,
     * or of one fresh sample of a host. Fixes run on the host from this machine are added from the
     * local fix journals: during the recording, or in the last 24 hours for a live host.
     */
    public int report(Args a) {
        String source = requireSource(a, "report");
        Path dir = a.output().map(Path::of).orElseThrow(() ->
                new IllegalArgumentException("report needs -o DIR (a folder for report.html, report.md and evidence.json)."));
        try {
            io.bedside.model.recording.Recording rec;
            Instant from;
            Instant to = Instant.now();
            if (Sources.isRecording(source)) {
                rec = io.bedside.app.recording.RecordingFiles.read(Path.of(source));
                from = rec.startedAt();
                to = rec.samples().get(rec.samples().size() - 1).receivedAt();
            } else {
                try (HostTransport t = sources.open(source, prompter)) {
                    ProbeResult r = probe(t, a.sudo());
                    rec = new io.bedside.model.recording.Recording(LocalName.of(source, t), Instant.now(),
                            "One sample of " + source, List.of(new io.bedside.model.session.RawSample(Instant.now(),
                            r.roundTripMillis(), r.stdout(), r.stderr())));
                }
                from = to.minus(Duration.ofHours(24));
            }
            List<io.bedside.model.fix.AppliedFix> local = io.bedside.app.report.ReportWriter.localFixes(rec,
                    io.bedside.app.fix.SessionFiles.root(), from, to);
            Path written = new io.bedside.app.report.ReportWriter(io.bedside.app.Main.VERSION, java.time.Clock.systemUTC())
                    .write(rec, local, dir, a.redact());
            int fixes = io.bedside.app.fix.FixJournal.union(rec.fixes(), local).size();
            out.println("Wrote report.html, report.md and evidence.json to " + written + (a.redact() ? " (redacted)" : "")
                    + (fixes == 0 ? "." : ", with " + fixes + (fixes == 1 ? " fix." : " fixes.")));
            return OK;
        } catch (TransportException | IOException e) {
            err.println(e.getMessage());
            return UNKNOWN;
        }
    }

    private static boolean root(java.util.OptionalLong uid) {
        return uid.isPresent() && uid.getAsLong() == 0;
    }

    private void printSummary(Sample s) {
        s.facts().get().ifPresent(f -> out.println(f.hostname() + "  " + f.distribution().orElse("?") + "  kernel "
                + f.kernel() + "  " + f.machine().orElse("")));
        out.println("load:     " + s.load().get().map(l -> l.load1() + " " + l.load5() + " " + l.load15())
                .orElse(s.load().describeAbsence()));
        out.println("memory:   " + s.memory().get().map(m -> "MemAvailable " + m.memAvailableKb().orElse(-1) / 1024
                + " MiB of " + m.memTotalKb().orElse(-1) / 1024 + " MiB").orElse(s.memory().describeAbsence()));
        out.println("pressure: " + s.memoryPressure().get().map(p -> "some avg10=" + p.some().avg10()
                + p.full().map(f -> " full avg10=" + f.avg10()).orElse("")).orElse(s.memoryPressure().describeAbsence()));
        out.println("probe:    " + s.stats().roundTripMillis() + " ms round trip, "
                + s.stats().probeNanos().stream().mapToObj(n -> String.format("%.1f ms on host, ", n / 1e6)).findFirst().orElse("")
                + s.stats().bytes() + " bytes");
        for (ParseProblem p : s.problems()) {
            out.println("unrecognized (" + p.source() + "): " + p.message() + (p.line().isEmpty() ? "" : " [" + p.line() + "]"));
        }
    }

    private static String requireSource(Args a, String cmd) {
        if (a.positional().size() < 2) {
            throw new IllegalArgumentException(cmd + " needs a SOURCE: a host, 'local' or a recording file.");
        }
        return a.positional().get(1);
    }

    /** The name a sample carries: the host text, or "This machine". */
    static final class LocalName {
        static String of(String source, HostTransport t) {
            return Sources.LOCAL.equals(source) ? t.describe() : source;
        }
    }

}
