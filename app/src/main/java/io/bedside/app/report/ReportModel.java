package io.bedside.app.report;

import io.bedside.model.memory.MemorySnapshot;
import io.bedside.app.fix.FixJournal;
import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Measure;
import io.bedside.model.findings.Owner;
import io.bedside.model.findings.Playbook;
import io.bedside.model.fix.AppliedFix;
import io.bedside.model.fix.AuditEntry;
import io.bedside.model.host.HostFacts;
import io.bedside.model.memory.OomEvent;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import io.bedside.model.recording.RecordedSamples;
import io.bedside.model.recording.RuleHistory;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
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
import java.util.function.Function;

/**
 * What a report says, built once from a recording; {@link HtmlReport}, {@link MarkdownReport} and
 * {@link JsonReport} only render it. The host and the span of the recording, the findings at its
 * end and those gone by then with when they were seen, the fixes run with the rows of every
 * playbook's {@link Playbook#measures() measures} before and after, the OOM kills, the audit log,
 * and the charts: every playbook's {@link Playbook#charts() charts} (the lines the window draws)
 * and the host's load, each line gathered one sample at a time into a bounded number of points.
 * Host text in it is raw: each renderer escapes it for its medium.
 */
record ReportModel(RecordedSamples rec, int count, Optional<Instant> first, Optional<Instant> last, Optional<String> cut,
                   List<Finding> findings, Map<String, Earlier> earlier, Map<String, String> facts, List<SvgChart> charts,
                   List<FixView> fixes, List<OomEvent> kills, List<AuditEntry> audit, Instant generatedAt, String version,
                   Set<String> hosts, Set<String> users) {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

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
    static ReportModel build(RecordedSamples rec, ReportWriter.MoreFixes more, Instant generatedAt, String version) throws IOException {
        Diagnosis diagnosis = new Diagnosis(Playbooks.allRules());
        RuleHistory history = new RuleHistory();
        ReportCharts charts = new ReportCharts();
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
            Sample s = Playbooks.parser().parse(rec.source(), raw.receivedAt(), raw.output(), raw.roundTripMillis(), previous[0]);
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
            MemorySnapshot.of(s).kernelLog().get().ifPresent(log -> log.kills().forEach(k ->
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
        return new ReportModel(rec, pass.samples(), Optional.ofNullable(first[0]).map(Sample::sampledAt),
                Optional.ofNullable(last).map(Sample::sampledAt), pass.cut(), findings[0], earlier, factRows,
                charts.build(kills, fixes), fixes, kills, audit, generatedAt, version, hosts, users);
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

    // ---- fixes: before and after ----

    /** The host before and after a fix, measure by measure, from the fix's own probe outputs. */
    private static List<Change> changes(String source, AppliedFix f) {
        if (f.before().isEmpty() && f.after().isEmpty()) {
            return List.of();
        }
        Optional<Sample> b = f.before().map(r -> Playbooks.parser().parse(source, r.receivedAt(), r.output(), r.roundTripMillis()));
        Optional<Sample> a = f.after().map(r -> Playbooks.parser().parse(source, r.receivedAt(), r.output(), r.roundTripMillis()));
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

    /** The recording's span, one sentence. */
    String span() {
        return first.map(f -> "Recorded from " + when(f) + " to " + when(last.orElse(f)) + " (" + count
                + " samples)" + (cut.isPresent() ? ", the last of them before the recording was cut off." : ".")).orElse("No samples.");
    }

    /** Every finding the report shows, now and earlier. */
    List<Finding> allFindings() {
        List<Finding> all = new ArrayList<>(findings);
        earlier.values().forEach(e -> all.add(e.finding()));
        return all;
    }

    static String when(Instant t) {
        return t == null ? "" : WHEN.format(t);
    }

    static String verdict(AppliedFix f) {
        return switch (f.verification()) {
            case PASSED -> "verified";
            case FAILED -> "verification failed";
            case NOT_RUN -> f.dryRun() ? "dry run" : "not verified";
        };
    }

    /** The subjects' field names, in their first order: a table's columns. */
    static List<String> columns(List<? extends Map<String, Object>> subjects) {
        Set<String> cols = new LinkedHashSet<>();
        subjects.forEach(s -> cols.addAll(s.keySet()));
        return List.copyOf(cols);
    }

    /** A subject's field as text (raw: the renderer escapes it); an owner as it is shown. */
    static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Owner o) {
            return o.show();
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

    /** The user names of the owners among these findings' subjects, for redaction. */
    static Set<String> ownerNames(List<Finding> findings) {
        Set<String> out = new TreeSet<>();
        for (Finding f : findings) {
            for (Map<String, Object> s : f.subjects()) {
                for (Object v : s.values()) {
                    if (v instanceof Owner o) {
                        o.name().ifPresent(out::add);
                    }
                }
            }
        }
        return out;
    }
}
