package io.bedside.app.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Measure;
import io.bedside.model.findings.Playbook;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.host.HostFacts;
import io.bedside.app.fix.FixJournal;
import io.bedside.app.json.HostJson;
import io.bedside.model.text.HostText;
import io.bedside.app.json.RecordJson;
import io.bedside.model.fix.AppliedFix;
import io.bedside.model.fix.AuditEntry;
import io.bedside.model.fix.FixReport;
import io.bedside.model.ipc.IpcHeadroom;
import io.bedside.model.memory.OomEvent;
import io.bedside.model.probe.SampleParser;
import io.bedside.model.recording.Recording;
import io.bedside.model.sockets.SocketState;
import io.bedside.model.recording.RecordedSamples;
import io.bedside.model.recording.RuleHistory;
import io.bedside.model.session.RawSample;
import io.bedside.model.probe.Sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.function.Function;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes an incident report from a recording: {@code report.html} (self-contained: no script, no
 * external file, charts as inline SVG), {@code report.md} for a ticket and {@code evidence.json}
 * (schema: {@code io/bedside/report/evidence.schema.json}). The recording is replayed through the
 * same parsers and the diagnosis runs on its last sample with the history, and at every earlier
 * sample for what was there before. Fixes run on the host during the recording are shown with
 * their steps, the host before and after, the verification and the audit log of their commands.
 * With redaction, host names, user names and IP addresses are replaced by stable placeholders in
 * all three files; secrets in command lines are masked whether redaction is on or not.
 */
public final class ReportWriter {
    static final String HTML = "report.html";
    static final String MARKDOWN = "report.md";
    static final String JSON = "evidence.json";
    /** Where the JSON bundle's schema is kept, on the class path (module resources). */
    public static final String SCHEMA = "/io/bedside/report/evidence.schema.json";

    /** "1000 (alice)" as IpcRules writes an owner. */
    private static final Pattern OWNER = Pattern.compile("\\b\\d+ \\(([^()\\s]+)\\)");
    private static final ObjectMapper MAPPER = HostJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** Subject rows a finding shows in the HTML; all of them are in evidence.json and report.md. */
    static final int MAX_ROWS = 15;
    /** Evidence blocks a finding shows open in the HTML; the rest are folded (no script: details/summary). */
    static final int MAX_EVIDENCE = 3;
    /** Plan lines a fix shows open in the HTML (22 ipcrm lines fold). */
    static final int MAX_SUMMARY = 8;
    private final String version;
    private final Clock clock;

    public ReportWriter() {
        this("dev", Clock.systemUTC());
    }

    /** @param version Bedside's version, named in every file */
    public ReportWriter(String version, Clock clock) {
        this.version = version;
        this.clock = clock;
    }

    /** Replays {@code rec}, diagnoses it and writes the three files into {@code dir}; returns {@code dir}. */
    public Path write(Recording rec, Path dir, boolean redact) throws IOException {
        return write(rec, List.of(), dir, redact);
    }

    /**
     * As {@link #write(Recording, Path, boolean)}, with fixes found elsewhere (the local fix journals)
     * added to those the recording carries; each run of a fix is shown once.
     */
    public Path write(Recording rec, List<AppliedFix> moreFixes, Path dir, boolean redact) throws IOException {
        return write(rec, (host, first, last) -> moreFixes, dir, redact).dir();
    }

    /** Finds the fixes run on the host from this machine, once the recording has said its host name and span. */
    @FunctionalInterface
    public interface MoreFixes {
        /**
         * @param hostname the name the host's last sample gave, if any did
         * @param first    when the first sample arrived
         * @param last     when the last one arrived
         */
        List<AppliedFix> find(Optional<String> hostname, Instant first, Instant last);
    }

    /**
     * What a report holds: the folder it was written to, the fixes shown, the samples read, and
     * the sentence that says the recording ends abruptly, when it does.
     */
    public record Written(Path dir, int fixes, int samples, Optional<String> cut) {
    }

    /**
     * Reads {@code rec} twice, one sample at a time (the diagnosis at every sample, the charts and
     * the kills; then the raw samples into evidence.json), so a day's recording is reported in
     * bounded memory. The files are written to a temporary folder beside {@code dir} and moved into
     * place only when all three are whole: a failure (a full disk) leaves nothing half-written, and
     * an earlier report in {@code dir} stays as it was.
     */
    public Written write(RecordedSamples rec, MoreFixes more, Path dir, boolean redact) throws IOException {
        Data d = data(rec, more);
        Redactor r = new Redactor(redact);
        r.addHost(rec.source());
        d.hosts().forEach(r::addHost);
        d.users().forEach(r::addUser);
        for (FixView fv : d.fixes) {
            AppliedFix f = fv.fix();
            r.addHost(f.hostname());
            hostOfTarget(f.target()).ifPresent(r::addHost);
            userOfTarget(f.target()).filter(u -> !u.equals("root")).ifPresent(r::addUser);
            if (!f.user().equals("root") && !f.user().equals("?")) {
                r.addUser(f.user());
            }
            f.audit().forEach(e -> hostOfTarget(e.host()).ifPresent(r::addHost));
        }
        // root is no one's identity and would blank out "needs root" and the like
        List<Finding> all = new ArrayList<>(d.findings);
        d.earlier.values().forEach(e -> all.add(e.finding()));
        ownerNames(all).stream().filter(u -> !u.equals("root")).forEach(r::addUser);

        String html = SecretScrubber.scrub(r.apply(html(d)));
        String md = SecretScrubber.scrub(r.apply(markdown(d)));
        Path parent = dir.toAbsolutePath().getParent();
        Path tmp = null;
        Path current = dir;
        try {
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".writing-");
            current = tmp.resolve(HTML);
            Files.writeString(current, html, StandardCharsets.UTF_8);
            current = tmp.resolve(MARKDOWN);
            Files.writeString(current, md, StandardCharsets.UTF_8);
            current = tmp.resolve(JSON);
            writeJson(d, redact, r, current);
            current = dir;
            moveIntoPlace(tmp, dir);
            tmp = null;
        } catch (java.nio.file.FileSystemException e) {
            throw new IOException("Could not write the report to " + dir + ": " + why(e) + ".", e);
        } catch (IOException e) {
            String what = e.getMessage() == null ? "an input/output error" : e.getMessage().toLowerCase(Locale.ROOT);
            throw new IOException("Could not write the report to " + dir + ": " + what + " ("
                    + (current.equals(dir) ? dir : dir.resolve(current.getFileName())) + ").", e);
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
        return new Written(dir, d.fixes.size(), d.count(), d.cut());
    }

    /**
     * The three files of {@code tmp} into {@code dir}: the folder renamed into place when there was
     * none, else each file moved over its old self (one rename each, so no file is ever half there).
     */
    private static void moveIntoPlace(Path tmp, Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                return;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made meanwhile: move the files one by one
            }
        }
        if (!Files.isDirectory(dir)) {
            throw new java.nio.file.FileAlreadyExistsException(dir.toString());
        }
        for (String name : List.of(JSON, MARKDOWN, HTML)) {
            Files.move(tmp.resolve(name), dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        Files.delete(tmp);
    }

    private static void deleteQuietly(Path tmp) {
        try (var files = Files.list(tmp)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // nothing more to do: the folder is hidden and named for what it was
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // as above
        }
    }

    /**
     * The fixes run on the recording's host from this machine between {@code from} and {@code to},
     * from the sessions' fix journals under {@code sessionsRoot}. The host is told by the name its
     * last sample gave; none when no sample named it.
     */
    public static List<AppliedFix> localFixes(Recording rec, Path sessionsRoot, Instant from, Instant to) {
        for (int i = rec.samples().size() - 1; i >= 0; i--) {
            RawSample r = rec.samples().get(i);
            Optional<String> name = SampleParser.parse(rec.source(), r.receivedAt(), r.output(), r.roundTripMillis())
                    .facts().get().map(HostFacts::hostname);
            if (name.isPresent()) {
                return FixJournal.find(sessionsRoot, name.get(), from, to);
            }
        }
        return List.of();
    }

    /** What went wrong writing a file, in a few words (the JDK's message is often the path alone). */
    static String why(java.nio.file.FileSystemException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied at " + e.getFile();
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return e.getFile() + " does not exist";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return e.getFile() + " is a file, not a folder";
        }
        return (e.getReason() == null ? "the file system refused" : e.getReason().toLowerCase(Locale.ROOT))
                + (e.getFile() == null ? "" : " (" + e.getFile() + ")");
    }

    /** Everything the three files show, computed once. */
    private record Data(RecordedSamples rec, int count, Optional<Instant> first, Optional<Instant> last, Optional<String> cut,
                        List<Finding> findings, Map<String, Earlier> earlier, Map<String, String> facts, List<SvgChart> charts,
                        List<FixView> fixes, List<OomEvent> kills, List<AuditEntry> audit, Instant generatedAt,
                        Set<String> hosts, Set<String> users) {
    }

    /** A fix with the host's state before and after it, row by row. */
    record FixView(AppliedFix fix, List<Change> changes) {
    }

    /** One measure before and after a fix, as text. */
    record Change(String what, String before, String after) {
    }

    /**
     * One pass over the recording: each sample is parsed (a light one takes what it skipped from the
     * one before), diagnosed with the {@link RuleHistory} a live viewer's rules would have had, and
     * added to the charts and the kills; only the last sample's findings and, for every finding gone
     * by the end, its last sighting are kept.
     */
    private Data data(RecordedSamples rec, MoreFixes more) throws IOException {
        Diagnosis diagnosis = new Diagnosis(Playbooks.allRules());
        RuleHistory history = new RuleHistory();
        ChartData charts = new ChartData();
        Map<String, OomEvent> killsByKey = new LinkedHashMap<>();
        Set<String> hosts = new LinkedHashSet<>();
        Set<String> users = new LinkedHashSet<>();
        Map<String, Earlier> seen = new LinkedHashMap<>();
        Sample[] previous = new Sample[1];
        Sample[] first = new Sample[1];
        Object[] lastFacts = new Object[1];
        @SuppressWarnings("unchecked")
        List<Finding>[] findings = new List[]{List.of()};
        RecordedSamples.Pass pass = rec.forEach(raw -> {
            Sample s = SampleParser.parse(rec.source(), raw.receivedAt(), raw.output(), raw.roundTripMillis(), previous[0]);
            if (previous[0] != null) {
                // the sample before is not the last: its findings are what was there earlier
                Sample p = previous[0];
                for (Finding f : findings[0]) {
                    Earlier prev = seen.get(f.id());
                    seen.put(f.id(), new Earlier(f, prev == null ? p.sampledAt() : prev.firstSeen(), p.sampledAt()));
                }
            } else {
                first[0] = s;
            }
            findings[0] = diagnosis.run(s, history.add(s));
            s.facts().get().ifPresent(f -> {
                lastFacts[0] = f;
                hosts.add(f.hostname());
                f.user().filter(u -> !u.equals("root")).ifPresent(users::add);
            });
            s.processes().kernelLog().get().ifPresent(log -> log.kills().forEach(k ->
                    killsByKey.putIfAbsent(k.pid() + "|" + k.killLine(), k)));
            charts.add(s);
            previous[0] = s;
        });
        Sample last = previous[0];
        Set<String> now = new LinkedHashSet<>();
        findings[0].forEach(f -> now.add(f.id()));
        Map<String, Earlier> earlier = new LinkedHashMap<>();
        seen.forEach((id, e) -> {
            if (!now.contains(id)) {
                earlier.put(id, e);
            }
        });
        Optional<HostFacts> facts = Optional.ofNullable((HostFacts) lastFacts[0]);
        Map<String, String> factRows = factRows(rec, facts, pass.samples());
        List<AppliedFix> local = last == null ? List.of()
                : more.find(facts.map(HostFacts::hostname), first[0].sampledAt(), last.sampledAt());
        List<FixView> fixes = new ArrayList<>();
        for (AppliedFix f : FixJournal.union(pass.fixes(), local)) {
            fixes.add(new FixView(f, changes(rec.source(), f)));
        }
        List<OomEvent> kills = new ArrayList<>(killsByKey.values());
        kills.sort(Comparator.comparing((OomEvent k) -> k.time().orElse(Instant.EPOCH)));
        // every command the fixes ran, in order
        List<AuditEntry> audit = new ArrayList<>();
        fixes.forEach(f -> audit.addAll(f.fix().audit()));
        audit.sort(Comparator.comparing(AuditEntry::time));
        return new Data(rec, pass.samples(), Optional.ofNullable(first[0]).map(Sample::sampledAt),
                Optional.ofNullable(last).map(Sample::sampledAt), pass.cut(), findings[0], earlier, factRows,
                charts.build(kills, fixes), fixes, kills, audit, clock.instant(), hosts, users);
    }

    /** A finding present at some earlier sample but not at the last one, as it was when last seen. */
    record Earlier(Finding finding, Instant firstSeen, Instant lastSeen) {
    }

    private static Map<String, String> factRows(RecordedSamples rec, Optional<HostFacts> facts, int count) {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("source", rec.source());
        rows.put("recording started", String.valueOf(rec.startedAt()));
        rows.put("samples", Integer.toString(count));
        if (rec.description() != null && !rec.description().isBlank()) {
            rows.put("description", rec.description());
        }
        facts.ifPresent(f -> {
            rows.put("hostname", f.hostname());
            rows.put("kernel", f.kernel());
            f.machine().ifPresent(v -> rows.put("machine", v));
            f.distribution().ifPresent(v -> rows.put("distribution", v));
            f.cpusOnline().ifPresent(v -> rows.put("cpus online", Integer.toString(v)));
            f.timezone().ifPresent(v -> rows.put("timezone", v));
            f.timezoneName().ifPresent(v -> rows.put("timezone name", v));
            f.user().ifPresent(v -> rows.put("user", v));
            f.uid().ifPresent(v -> rows.put("uid", Integer.toString(v)));
            f.bootTime().ifPresent(v -> rows.put("boot time", v.toString()));
            f.uptimeSeconds().ifPresent(v -> rows.put("uptime seconds", String.format(Locale.ROOT, "%.0f", v)));
        });
        return rows;
    }

    // ---- charts ----

    private static double t(Sample s) {
        return s.sampledAt().toEpochMilli() / 1000.0;
    }

    /** The charts' lines, gathered one sample at a time, each downsampled to a bounded number of points. */
    private static final class ChartData {
        private final DownsampledSeries avail = new DownsampledSeries(), total = new DownsampledSeries(),
                load1 = new DownsampledSeries(), cpus = new DownsampledSeries(), psiSome = new DownsampledSeries(),
                psiFull = new DownsampledSeries(), semPct = new DownsampledSeries(), shmPct = new DownsampledSeries(),
                msgPct = new DownsampledSeries(), closeWait = new DownsampledSeries(), estab = new DownsampledSeries(),
                timeWait = new DownsampledSeries();

        void add(Sample s) {
            if (s.sampledAt() == null) {
                return;
            }
            double t = t(s);
            s.memory().get().ifPresent(m -> {
                m.memAvailableKb().ifPresent(v -> avail.add(t, v / 1024.0));
                m.memTotalKb().ifPresent(v -> total.add(t, v / 1024.0));
            });
            s.load().get().ifPresent(l -> load1.add(t, l.load1()));
            s.facts().get().flatMap(f -> f.cpusOnline().isPresent() ? Optional.of(f.cpusOnline().getAsInt()) : Optional.empty())
                    .ifPresent(c -> cpus.add(t, c));
            s.memoryPressure().get().ifPresent(p -> {
                psiSome.add(t, p.some().avg10());
                p.full().ifPresent(f -> psiFull.add(t, f.avg10()));
            });
            for (IpcHeadroom.Use u : IpcHeadroom.of(s.ipc())) {
                if (u.used().isEmpty() || u.max().isEmpty() || u.max().getAsLong() <= 0) {
                    continue;
                }
                double pct = 100.0 * u.used().getAsLong() / u.max().getAsLong();
                switch (u.limit()) {
                    case "SEMMNI" -> semPct.add(t, pct);
                    case "SHMMNI" -> shmPct.add(t, pct);
                    case "MSGMNI" -> msgPct.add(t, pct);
                    default -> { }
                }
            }
            s.sockets().tcp().get().ifPresent(tcp -> {
                closeWait.add(t, tcp.count(SocketState.CLOSE_WAIT));
                estab.add(t, tcp.count(SocketState.ESTABLISHED));
                timeWait.add(t, tcp.count(SocketState.TIME_WAIT));
            });
        }

        List<SvgChart> build(List<OomEvent> kills, List<FixView> fixes) {
            List<SvgChart.Marker> marks = new ArrayList<>();
            for (OomEvent k : kills) {
                k.time().ifPresent(t -> marks.add(new SvgChart.Marker(t.toEpochMilli() / 1000.0, "OOM kill " + k.comm() + " (" + k.pid() + ")", "#b00020")));
            }
            for (FixView f : fixes) {
                marks.add(new SvgChart.Marker(f.fix().startedAt().toEpochMilli() / 1000.0, "fix " + f.fix().fixId(), "#2e7d32"));
            }
            List<SvgChart> out = new ArrayList<>();
            out.add(new SvgChart("memory", "Memory available", "MiB").add(new SvgChart.Series("MemAvailable", "#1f6fb2", avail))
                    .add(new SvgChart.Series("MemTotal", "#9e9e9e", total)).mark(marks));
            out.add(new SvgChart("pressure", "Memory pressure (PSI, avg10)", "% of time stalled").max(10)
                    .add(new SvgChart.Series("some", "#e67e22", psiSome)).add(new SvgChart.Series("full", "#b00020", psiFull)).mark(marks));
            out.add(new SvgChart("load", "Load average, 1 minute", "runnable tasks").add(new SvgChart.Series("load1", "#6a1b9a", load1))
                    .add(new SvgChart.Series("CPUs", "#9e9e9e", cpus)).mark(marks));
            out.add(new SvgChart("ipc", "System V IPC against the kernel's limits", "% of limit").max(100)
                    .add(new SvgChart.Series("sem arrays / SEMMNI", "#b00020", semPct))
                    .add(new SvgChart.Series("shm segments / SHMMNI", "#1f6fb2", shmPct))
                    .add(new SvgChart.Series("msg queues / MSGMNI", "#2e7d32", msgPct)).mark(marks));
            out.add(new SvgChart("tcp", "TCP sockets by state", "sockets")
                    .add(new SvgChart.Series("CLOSE_WAIT", "#b00020", closeWait)).add(new SvgChart.Series("ESTABLISHED", "#1f6fb2", estab))
                    .add(new SvgChart.Series("TIME_WAIT", "#9e9e9e", timeWait)).mark(marks));
            return out;
        }
    }

    // ---- fixes: before and after ----

    /** The host before and after a fix, measure by measure, from the fix's own probe outputs. */
    private static List<Change> changes(String source, AppliedFix f) {
        if (f.before().isEmpty() && f.after().isEmpty()) {
            return List.of();
        }
        Optional<Sample> b = f.before().map(r -> SampleParser.parse(source, r.receivedAt(), r.output(), r.roundTripMillis()));
        Optional<Sample> a = f.after().map(r -> SampleParser.parse(source, r.receivedAt(), r.output(), r.roundTripMillis()));
        List<Change> out = new ArrayList<>();
        Function<Sample, String> findings = s -> {
            List<Finding> fs = new Diagnosis(Playbooks.allRules()).run(s, List.of(s));
            return fs.isEmpty() ? "none" : String.join(", ", fs.stream().map(x -> x.id() + " (" + x.severity().token() + ")").toList());
        };
        out.add(change("findings", b, a, findings));
        // every playbook's measures; one the fix did not move is only shown for the fix's own playbook
        // (an IPC fix keeps its limits; a pipe drain does not list them); one neither picture read says nothing
        Optional<Playbook> own = Playbooks.ofFix(f.fixId());
        for (Playbook p : Playbooks.all()) {
            for (Measure m : p.measures()) {
                Change c = change(m.name(), b, a, s -> m.read().apply(s).orElse(""));
                if (c.before().isEmpty() && c.after().isEmpty()) {
                    continue;
                }
                if (m.moved(c.before(), c.after()) || own.filter(p::equals).isPresent()) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private static Change change(String what, Optional<Sample> b, Optional<Sample> a, Function<Sample, String> f) {
        String before = b.map(f).orElse("");
        String after = a.map(f).orElse("");
        return new Change(what, before, after);
    }

    private static Optional<String> hostOfTarget(String target) {
        if (target == null || target.isBlank()) {
            return Optional.empty();
        }
        String t = target.contains("@") ? target.substring(target.lastIndexOf('@') + 1) : target;
        int colon = t.lastIndexOf(':');
        if (colon > 0 && t.indexOf(':') == colon) {
            t = t.substring(0, colon);
        }
        t = t.strip();
        return t.isEmpty() || t.contains(" ") ? Optional.empty() : Optional.of(t);
    }

    private static Optional<String> userOfTarget(String target) {
        if (target == null || !target.contains("@")) {
            return Optional.empty();
        }
        String u = target.substring(0, target.lastIndexOf('@')).strip();
        return u.isEmpty() || u.contains(" ") ? Optional.empty() : Optional.of(u);
    }

    private static String when(Instant t) {
        return t == null ? "" : WHEN.format(t);
    }

    // ---- HTML ----

    /** HTML text or attribute: entities, and host text's control, bidi and zero-width characters shown as escapes. */
    static String esc(String s) {
        return HostText.html(s);
    }

    /** Lines for a {@code <pre>}: each {@link HostText#preformatted}, joined by real line breaks. */
    private static String escLines(List<String> lines) {
        return String.join("\n", lines.stream().map(HostText::htmlPreformatted).toList());
    }

    private static final String CSS = String.join("\n",
            "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#222;line-height:1.4}",
            "h1{margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}",
            ".meta{color:#555}",
            ".scroll{overflow-x:auto;max-width:100%}",
            "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #bbb;padding:.2em .5em;text-align:left;vertical-align:top}",
            "td{overflow-wrap:break-word;max-width:40em}th{background:#f3f3f3;white-space:nowrap}",
            "pre{background:#f4f4f4;padding:.5em;white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85em}",
            "code{font-size:.9em}",
            ".more{color:#555;font-style:italic}",
            ".critical{color:#fff;background:#b00020}.warning{background:#f5c400}.info{background:#cde}",
            ".passed{color:#fff;background:#2e7d32}.failed{color:#fff;background:#b00020}.not_run{background:#ddd}",
            ".sev{padding:.1em .4em;border-radius:.2em;font-size:.85em;text-transform:uppercase;white-space:nowrap}",
            ".summary{display:flex;gap:1em;flex-wrap:wrap;margin:1em 0}.summary div{border:1px solid #ccc;border-radius:.3em;padding:.4em .8em}",
            ".summary b{font-size:1.4em;display:block}",
            ".charts{display:flex;flex-wrap:wrap;gap:1em}svg.chart{max-width:100%;height:auto;border:1px solid #eee}",
            ".changed{background:#eef7ee}",
            "@media print{.charts{display:block}section{page-break-inside:avoid}}");

    private String html(Data d) {
        RecordedSamples rec = d.rec();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"Bedside ").append(esc(version)).append("\">\n")
                .append("<title>Bedside report: ").append(esc(rec.source())).append("</title>\n<style>\n").append(CSS)
                .append("\n</style>\n</head>\n<body>\n");
        h.append("<h1>Bedside report: ").append(esc(rec.source())).append("</h1>\n");
        h.append("<p class=\"meta\">").append(esc(span(d))).append(" Written ").append(esc(when(d.generatedAt())))
                .append(" by Bedside ").append(esc(version)).append(".</p>\n");
        long crit = d.findings().stream().filter(f -> f.severity().token().equals("critical")).count();
        long warn = d.findings().stream().filter(f -> f.severity().token().equals("warning")).count();
        long passed = d.fixes().stream().filter(f -> f.fix().verification() == FixReport.Verification.PASSED).count();
        h.append("<div class=\"summary\">")
                .append("<div><b>").append(d.findings().size()).append("</b>findings now (").append(crit).append(" critical, ")
                .append(warn).append(" warning)</div>")
                .append("<div><b>").append(d.earlier().size()).append("</b>earlier findings, gone by the end</div>")
                .append("<div><b>").append(d.fixes().size()).append("</b>fixes applied (").append(passed).append(" verified)</div>")
                .append("<div><b>").append(d.kills().size()).append("</b>OOM kills in the kernel log</div>")
                .append("</div>\n");
        h.append("<h2>Host</h2>\n<div class=\"scroll\"><table>\n");
        d.facts().forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n"));
        h.append("</table></div>\n");
        h.append("<h2>Session charts</h2>\n<p class=\"meta\">Dashed lines: red, an OOM kill; green, a fix applied.</p>\n<div class=\"charts\">\n");
        for (SvgChart c : d.charts()) {
            h.append(c.svg("No readings of this in the recording")).append('\n');
        }
        h.append("</div>\n");
        h.append("<h2>Findings at the end of the recording (").append(d.findings().size()).append(")</h2>\n");
        if (d.findings().isEmpty()) {
            h.append("<p>No findings.</p>\n");
        }
        d.findings().forEach(f -> htmlFinding(h, f, null));
        h.append("<h2>Fixes applied (").append(d.fixes().size()).append(")</h2>\n");
        if (d.fixes().isEmpty()) {
            h.append("<p>No fix was applied to this host from Bedside during the recording.</p>\n");
        }
        d.fixes().forEach(f -> htmlFix(h, f));
        h.append("<h2>Earlier in the recording, no longer present (").append(d.earlier().size()).append(")</h2>\n");
        if (d.earlier().isEmpty()) {
            h.append("<p>None.</p>\n");
        }
        d.earlier().values().forEach(e -> htmlFinding(h, e.finding(), "Seen from " + when(e.firstSeen()) + " to " + when(e.lastSeen())
                + "; shown as last seen."));
        h.append("<h2>OOM kills in the kernel log (").append(d.kills().size()).append(")</h2>\n");
        if (d.kills().isEmpty()) {
            h.append("<p>None read.</p>\n");
        } else {
            h.append("<div class=\"scroll\"><table>\n<tr><th>time</th><th>pid</th><th>process</th><th>kernel line</th></tr>\n");
            for (OomEvent k : d.kills()) {
                h.append("<tr><td>").append(esc(k.time().map(ReportWriter::when).orElse(k.stamp()))).append("</td><td>").append(k.pid())
                        .append("</td><td>").append(esc(k.comm())).append("</td><td><code>").append(esc(k.killLine())).append("</code></td></tr>\n");
            }
            h.append("</table></div>\n");
        }
        h.append("<h2>Audit log (").append(d.audit().size()).append(" commands)</h2>\n");
        if (d.audit().isEmpty()) {
            h.append("<p>Bedside ran no command on this host beyond its read-only probe.</p>\n");
        } else {
            h.append("<p class=\"meta\">Every command a fix ran on the host, in order, with the user it ran as and its exit status.</p>\n");
            h.append("<div class=\"scroll\"><table>\n<tr><th>time</th><th>user</th><th>fix</th><th>kind</th><th>command</th><th>exit</th></tr>\n");
            for (AuditEntry e : d.audit()) {
                h.append("<tr><td>").append(esc(when(e.time()))).append("</td><td>").append(esc(e.user())).append("</td><td><code>")
                        .append(esc(e.fix())).append("</code></td><td>").append(esc(e.kind())).append(e.dryRun() ? " (dry run)" : "")
                        .append("</td><td><code>").append(esc(e.command())).append("</code></td><td>").append(e.exitStatus()).append("</td></tr>\n");
            }
            h.append("</table></div>\n");
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static String span(Data d) {
        return d.first().map(f -> "Recorded from " + when(f) + " to " + when(d.last().orElse(f)) + " (" + d.count()
                + " samples)" + (d.cut().isPresent() ? ", the last of them before the recording was cut off." : ".")).orElse("No samples.");
    }

    private static void htmlFix(StringBuilder h, FixView fv) {
        AppliedFix f = fv.fix();
        String v = f.verification().name().toLowerCase(Locale.ROOT);
        h.append("<section class=\"fix\" id=\"fix-").append(esc(f.fixId())).append("\">\n<h3><span class=\"sev ").append(v).append("\">")
                .append(esc(verdict(f))).append("</span> ").append(esc(f.title())).append(" <code>").append(esc(f.fixId())).append("</code></h3>\n");
        h.append("<p class=\"meta\">").append(esc(when(f.startedAt()))).append(" to ").append(esc(when(f.finishedAt())))
                .append(", by ").append(esc(f.user())).append(" over ").append(esc(f.target())).append(".</p>\n");
        if (!f.summary().isEmpty()) {
            h.append("<ul>\n");
            int n = 0;
            for (String l : f.summary()) {
                if (n++ == MAX_SUMMARY && f.summary().size() > MAX_SUMMARY + 1) {
                    h.append("</ul>\n<details><summary>").append(f.summary().size() - MAX_SUMMARY)
                            .append(" more lines of the plan</summary>\n<ul>\n");
                }
                h.append("<li>").append(esc(l)).append("</li>\n");
            }
            h.append("</ul>\n");
            if (f.summary().size() > MAX_SUMMARY + 1) {
                h.append("</details>\n");
            }
        }
        if (!fv.changes().isEmpty()) {
            h.append("<h4>Before and after</h4>\n<div class=\"scroll\"><table>\n<tr><th></th><th>before</th><th>after</th></tr>\n");
            for (Change c : fv.changes()) {
                h.append("<tr").append(c.before().equals(c.after()) ? "" : " class=\"changed\"").append("><th>").append(esc(c.what()))
                        .append("</th><td>").append(esc(c.before())).append("</td><td>").append(esc(c.after())).append("</td></tr>\n");
            }
            h.append("</table></div>\n");
        } else {
            h.append("<p><em>No picture of the host before and after this fix was kept.</em></p>\n");
        }
        h.append("<h4>Steps</h4>\n<div class=\"scroll\"><table>\n<tr><th>#</th><th>kind</th><th>step</th><th>outcome</th><th>exit</th></tr>\n");
        int n = 0;
        for (AppliedFix.Step st : f.steps()) {
            h.append("<tr><td>").append(++n).append("</td><td>").append(esc(st.kind())).append("</td><td>").append(esc(st.description()))
                    .append("<br><code>").append(esc(st.command())).append("</code></td><td>").append(esc(st.outcome()))
                    .append(st.reason().isEmpty() ? "" : ": " + esc(st.reason())).append("</td><td>")
                    .append(st.exitStatus() < 0 ? "" : Integer.toString(st.exitStatus())).append("</td></tr>\n");
        }
        h.append("</table></div>\n</section>\n");
    }

    private static String verdict(AppliedFix f) {
        return switch (f.verification()) {
            case PASSED -> "verified";
            case FAILED -> "verification failed";
            case NOT_RUN -> f.dryRun() ? "dry run" : "not verified";
        };
    }

    private static void htmlFinding(StringBuilder h, Finding f, String note) {
        {
            String sev = f.severity().token();
            h.append("<section class=\"finding\" id=\"").append(esc(f.id())).append("\">\n<h3><span class=\"sev ")
                    .append(sev).append("\">").append(sev).append("</span> <code>").append(esc(f.id())).append("</code></h3>\n")
                    .append("<p>").append(esc(f.summary())).append("</p>\n");
            if (note != null) {
                h.append("<p><em>").append(esc(note)).append("</em></p>\n");
            }
            List<String> cols = columns(f.subjects());
            if (!cols.isEmpty()) {
                h.append("<div class=\"scroll\"><table>\n<tr>");
                cols.forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
                h.append("</tr>\n");
                for (Map<String, Object> s : f.subjects().subList(0, Math.min(MAX_ROWS, f.subjects().size()))) {
                    h.append("<tr>");
                    cols.forEach(c -> h.append("<td>").append(esc(text(s.get(c)))).append("</td>"));
                    h.append("</tr>\n");
                }
                h.append("</table></div>\n");
                if (f.subjects().size() > MAX_ROWS) {
                    h.append("<p class=\"more\">").append(f.subjects().size() - MAX_ROWS)
                            .append(" more rows in evidence.json (findings[].subjects).</p>\n");
                }
            }
            int shown = 0;
            for (Evidence e : f.evidence()) {
                if (shown++ == MAX_EVIDENCE && f.evidence().size() > MAX_EVIDENCE) {
                    h.append("<details><summary>").append(f.evidence().size() - MAX_EVIDENCE).append(" more pieces of evidence</summary>\n");
                }
                h.append("<h4>").append(esc(e.caption())).append(" <small>(").append(esc(e.source())).append(")</small></h4>\n<pre>");
                h.append(escLines(e.lines())).append("</pre>\n");
            }
            if (f.evidence().size() > MAX_EVIDENCE) {
                h.append("</details>\n");
            }
            if (!f.fixes().isEmpty()) {
                h.append("<p>Fixes: ");
                h.append(String.join(", ", f.fixes().stream().map(x -> "<code>" + esc(x.fixId()) + "</code>").toList()));
                h.append("</p>\n");
            }
            h.append("</section>\n");
        }
    }

    private static List<String> columns(List<Map<String, Object>> subjects) {
        Set<String> cols = new LinkedHashSet<>();
        subjects.forEach(s -> cols.addAll(s.keySet()));
        return List.copyOf(cols);
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Optional<?> o) {
            return o.map(String::valueOf).orElse("");
        }
        if (v instanceof OptionalLong o) {
            return o.isPresent() ? Long.toString(o.getAsLong()) : "";
        }
        if (v instanceof OptionalInt o) {
            return o.isPresent() ? Integer.toString(o.getAsInt()) : "";
        }
        if (v instanceof OptionalDouble o) {
            return o.isPresent() ? Double.toString(o.getAsDouble()) : "";
        }
        return String.valueOf(v);
    }

    // ---- Markdown ----

    /** Markdown inline text: its syntax escaped, host text's control, bidi and zero-width characters shown as escapes. */
    private static String md(String s) {
        return HostText.markdown(text(s));
    }

    /** A code span in a Markdown table cell (a command), fenced so no backtick or pipe in it can end it. */
    private static String mdCode(String s) {
        return HostText.markdownTableCode(text(s));
    }

    private String markdown(Data d) {
        RecordedSamples rec = d.rec();
        StringBuilder m = new StringBuilder();
        m.append("# Bedside report: ").append(md(rec.source())).append("\n\n").append(md(span(d))).append(" Written ")
                .append(when(d.generatedAt())).append(" by Bedside ").append(md(version)).append(".\n\n");
        m.append(String.format(Locale.ROOT, "**%d** findings now, **%d** earlier findings gone by the end, **%d** fixes applied, **%d** OOM kills in the kernel log.%n%n",
                d.findings().size(), d.earlier().size(), d.fixes().size(), d.kills().size()));
        m.append("## Host\n\n| fact | value |\n|---|---|\n");
        d.facts().forEach((k, v) -> m.append("| ").append(md(k)).append(" | ").append(md(v)).append(" |\n"));
        m.append("\n## Findings at the end of the recording (").append(d.findings().size()).append(")\n\n");
        if (d.findings().isEmpty()) {
            m.append("No findings.\n\n");
        }
        d.findings().forEach(f -> mdFinding(m, f, null));
        m.append("## Session\n\n");
        for (SvgChart c : d.charts()) {
            m.append("- **").append(md(c.title())).append("**: ");
            if (c.isEmpty()) {
                m.append("no readings in the recording.\n");
            } else {
                m.append(md(String.join("; ", c.summaryLines()))).append(".\n");
            }
        }
        m.append("\nThe charts are in report.html.\n\n");
        m.append("## Fixes applied (").append(d.fixes().size()).append(")\n\n");
        if (d.fixes().isEmpty()) {
            m.append("No fix was applied to this host from Bedside during the recording.\n\n");
        }
        for (FixView fv : d.fixes()) {
            AppliedFix f = fv.fix();
            m.append("### ").append(verdict(f).toUpperCase(Locale.ROOT)).append(": ").append(md(f.title())).append(' ').append(mdCode(f.fixId()))
                    .append("\n\n").append(when(f.startedAt())).append(" to ").append(when(f.finishedAt())).append(", by ")
                    .append(md(f.user())).append(" over ").append(md(f.target())).append(".\n\n");
            f.summary().forEach(l -> m.append("- ").append(md(l)).append('\n'));
            if (!f.summary().isEmpty()) {
                m.append('\n');
            }
            if (!fv.changes().isEmpty()) {
                m.append("| | before | after |\n|---|---|---|\n");
                fv.changes().forEach(c -> m.append("| ").append(md(c.what())).append(" | ").append(md(c.before())).append(" | ")
                        .append(md(c.after())).append(" |\n"));
                m.append('\n');
            }
            m.append("| # | kind | step | command | outcome | exit |\n|---|---|---|---|---|---|\n");
            int n = 0;
            for (AppliedFix.Step st : f.steps()) {
                m.append("| ").append(++n).append(" | ").append(md(st.kind())).append(" | ").append(md(st.description())).append(" | ")
                        .append(mdCode(st.command())).append(" | ").append(md(st.outcome()))
                        .append(st.reason().isEmpty() ? "" : ": " + md(st.reason())).append(" | ")
                        .append(st.exitStatus() < 0 ? "" : Integer.toString(st.exitStatus())).append(" |\n");
            }
            m.append('\n');
        }
        m.append("## Earlier in the recording, no longer present (").append(d.earlier().size()).append(")\n\n");
        if (d.earlier().isEmpty()) {
            m.append("None.\n\n");
        }
        d.earlier().values().forEach(e -> mdFinding(m, e.finding(), "Seen from " + when(e.firstSeen()) + " to " + when(e.lastSeen())
                + "; shown as last seen."));
        m.append("## OOM kills in the kernel log (").append(d.kills().size()).append(")\n\n");
        if (d.kills().isEmpty()) {
            m.append("None read.\n\n");
        } else {
            m.append("| time | pid | process |\n|---|---|---|\n");
            d.kills().forEach(k -> m.append("| ").append(md(k.time().map(ReportWriter::when).orElse(k.stamp()))).append(" | ")
                    .append(k.pid()).append(" | ").append(md(k.comm())).append(" |\n"));
            m.append('\n');
        }
        m.append("## Audit log (").append(d.audit().size()).append(" commands)\n\n");
        if (d.audit().isEmpty()) {
            m.append("Bedside ran no command on this host beyond its read-only probe.\n");
        } else {
            m.append("| time | user | fix | kind | command | exit |\n|---|---|---|---|---|---|\n");
            for (AuditEntry e : d.audit()) {
                m.append("| ").append(when(e.time())).append(" | ").append(md(e.user())).append(" | ").append(mdCode(e.fix())).append(" | ")
                        .append(md(e.kind())).append(e.dryRun() ? " (dry run)" : "").append(" | ")
                        .append(mdCode(e.command())).append(" | ").append(e.exitStatus()).append(" |\n");
            }
        }
        return m.toString();
    }

    private static void mdFinding(StringBuilder m, Finding f, String note) {
        {
            m.append("### ").append(f.severity().token().toUpperCase(Locale.ROOT)).append(" `").append(f.id()).append("`\n\n")
                    .append(md(f.summary())).append("\n\n");
            if (note != null) {
                m.append('*').append(md(note)).append("*\n\n");
            }
            List<String> cols = columns(f.subjects());
            if (!cols.isEmpty()) {
                m.append('|');
                cols.forEach(c -> m.append(' ').append(md(c)).append(" |"));
                m.append("\n|");
                cols.forEach(c -> m.append("---|"));
                m.append('\n');
                for (Map<String, Object> s : f.subjects()) {
                    m.append('|');
                    cols.forEach(c -> m.append(' ').append(md(text(s.get(c)))).append(" |"));
                    m.append('\n');
                }
                m.append('\n');
            }
            for (Evidence e : f.evidence()) {
                m.append("**").append(md(e.caption())).append("** (").append(md(e.source())).append(")\n\n");
                m.append(HostText.markdownFence(e.lines())).append('\n');
            }
            if (!f.fixes().isEmpty()) {
                m.append("Fixes: ").append(String.join(", ", f.fixes().stream().map(x -> mdCode(x.fixId())).toList())).append("\n\n");
            }
        }
    }

    // ---- JSON ----

    /**
     * evidence.json, written as it is made: everything but the raw samples is one JSON tree; the
     * samples (the bulk of a long recording) are read again from the recording one by one and each
     * written, redacted and scrubbed, into the tree's {@code recording.samples} array.
     */
    private void writeJson(Data d, boolean redacted, Redactor r, Path file) throws IOException {
        String text = SecretScrubber.scrub(r.apply(json(d, redacted)));
        // the empty array as the pretty printer writes it, at the tree's end
        int at = text.lastIndexOf("\"samples\" : [ ]");
        if (at < 0) {
            throw new IllegalStateException("evidence.json lost its samples array");
        }
        int open = at + "\"samples\" : [".length();
        try (java.io.Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(text, 0, open);
            boolean[] any = new boolean[1];
            d.rec().forEach(raw -> {
                w.write(any[0] ? ",\n" : "\n");
                any[0] = true;
                w.write(SecretScrubber.scrub(r.apply(MAPPER.writeValueAsString(RecordJson.rawSample(raw)))));
            });
            w.write(any[0] ? "\n    ]" : " ]");
            w.write(text, open + 2, text.length() - open - 2);
        }
    }

    private String json(Data d, boolean redacted) throws IOException {
        RecordedSamples rec = d.rec();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", "bedside-evidence").put("version", 2);
        root.put("generator", "Bedside " + version).put("generatedAt", d.generatedAt().toString()).put("redacted", redacted);
        root.put("source", rec.source());
        ObjectNode host = root.putObject("host");
        d.facts().forEach(host::put);
        ArrayNode fs = root.putArray("findings");
        d.findings().forEach(f -> jsonFinding(fs.addObject(), f));
        ArrayNode es = root.putArray("earlierFindings");
        d.earlier().values().forEach(e -> jsonFinding(es.addObject(), e.finding())
                .put("firstSeen", String.valueOf(e.firstSeen())).put("lastSeen", String.valueOf(e.lastSeen())));
        ArrayNode kills = root.putArray("oomKills");
        for (OomEvent k : d.kills()) {
            ObjectNode ko = kills.addObject();
            ko.put("pid", k.pid()).put("process", k.comm());
            k.time().ifPresent(t -> ko.put("time", t.toString()));
            ArrayNode lines = ko.putArray("lines");
            k.lines().forEach(lines::add);
        }
        ArrayNode fixes = root.putArray("fixes");
        for (FixView fv : d.fixes()) {
            ObjectNode fo = RecordJson.appliedFix(fv.fix());
            fo.remove("audit");
            ArrayNode ch = fo.putArray("changes");
            fv.changes().forEach(c -> ch.addObject().put("what", c.what()).put("before", c.before()).put("after", c.after()));
            fixes.add(fo);
        }
        ArrayNode audit = root.putArray("auditLog");
        d.audit().forEach(e -> audit.add(RecordJson.auditEntry(e)));
        ObjectNode recording = root.putObject("recording");
        recording.put("source", rec.source()).put("startedAt", String.valueOf(rec.startedAt())).put("description", rec.description());
        // the same shape as a recording's sample lines and a fix's before and after; filled in by writeJson
        recording.putArray("samples");
        return MAPPER.writeValueAsString(root);
    }

    private static ObjectNode jsonFinding(ObjectNode o, Finding f) {
        {
            o.put("id", f.id()).put("severity", f.severity().token()).put("summary", f.summary());
            ArrayNode subs = o.putArray("subjects");
            for (Map<String, Object> s : f.subjects()) {
                ObjectNode so = subs.addObject();
                s.forEach((k, v) -> {
                    if (v instanceof Number || v instanceof Boolean || v instanceof String || v == null) {
                        so.set(k, MAPPER.valueToTree(v));
                    } else {
                        so.put(k, text(v));
                    }
                });
            }
            ArrayNode ev = o.putArray("evidence");
            for (Evidence e : f.evidence()) {
                ObjectNode eo = ev.addObject();
                eo.put("source", e.source()).put("caption", e.caption());
                ArrayNode lines = eo.putArray("lines");
                e.lines().forEach(lines::add);
            }
            ArrayNode fx = o.putArray("fixes");
            f.fixes().forEach(x -> fx.add(io.bedside.app.json.FixOfferJson.write(x)));
        }
        return o;
    }

    /** User names found in the subjects' owners ("1000 (alice)") of these findings. */
    static Set<String> ownerNames(List<Finding> findings) {
        Set<String> out = new TreeSet<>();
        for (Finding f : findings) {
            for (Map<String, Object> s : f.subjects()) {
                Object owner = s.get("owner");
                if (owner != null) {
                    Matcher m = OWNER.matcher(owner.toString());
                    while (m.find()) {
                        out.add(m.group(1));
                    }
                }
            }
        }
        return out;
    }
}
