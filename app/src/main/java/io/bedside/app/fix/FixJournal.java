package io.bedside.app.fix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bedside.model.fix.AppliedFix;
import io.bedside.model.fix.AuditEntry;
import io.bedside.model.fix.FixReport;
import io.bedside.model.session.RawSample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fixes a session ran, one JSON line each in {@code fixes.jsonl} beside its {@code audit.jsonl}:
 * the plan, every step's outcome, the verdict and the probe output before and after. Reports and
 * recordings find the fixes of a host here, with the audit log of each.
 */
public final class FixJournal {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FixJournal() {
    }

    /** Appends one fix to the session's journal, synced before returning. */
    public static synchronized void append(SessionFiles files, AppliedFix fix) throws IOException {
        Files.createDirectories(files.dir());
        Files.writeString(files.fixJournal(), JSON.writeValueAsString(toJson(fix)) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    }

    /**
     * The fixes run on {@code hostname} from this machine that started within [{@code from}, {@code to}],
     * dry runs left out, each with its audit log, oldest first. Sessions that cannot be read are skipped.
     */
    public static List<AppliedFix> find(Path sessionsRoot, String hostname, Instant from, Instant to) {
        List<AppliedFix> out = new ArrayList<>();
        if (!Files.isDirectory(sessionsRoot)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(sessionsRoot)) {
            for (Path d : dirs) {
                Path journal = d.resolve(SessionFiles.FIX_JOURNAL);
                if (!Files.isRegularFile(journal)) {
                    continue;
                }
                List<AuditEntry> audit = readAudit(d.resolve(SessionFiles.AUDIT_LOG));
                for (AppliedFix f : read(journal)) {
                    if (!f.dryRun() && f.hostname().equals(hostname) && !f.startedAt().isBefore(from)
                            && !f.startedAt().isAfter(to)) {
                        out.add(f.withAudit(auditOf(f, audit)));
                    }
                }
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(Comparator.comparing(AppliedFix::startedAt));
        return out;
    }

    /** Fixes of {@code a} and {@code b}, each run once (by fix and start), oldest first. */
    public static List<AppliedFix> union(List<AppliedFix> a, List<AppliedFix> b) {
        Map<String, AppliedFix> m = new LinkedHashMap<>();
        a.forEach(f -> m.put(f.key(), f));
        b.forEach(f -> m.putIfAbsent(f.key(), f));
        List<AppliedFix> out = new ArrayList<>(m.values());
        out.sort(Comparator.comparing(AppliedFix::startedAt));
        return out;
    }

    /** The audit lines of this run of the fix: same fix id, within its start and finish. */
    static List<AuditEntry> auditOf(AppliedFix f, List<AuditEntry> audit) {
        return audit.stream().filter(e -> e.fix().equals(f.fixId()) && !e.time().isBefore(f.startedAt())
                && !e.time().isAfter(f.finishedAt())).toList();
    }

    /** Every readable fix of a journal file; a line cut short (the app was killed) ends the list. */
    public static List<AppliedFix> read(Path journal) throws IOException {
        List<AppliedFix> out = new ArrayList<>();
        for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(fromJson(JSON.readTree(line)));
            } catch (IOException | RuntimeException e) {
                break;
            }
        }
        return out;
    }

    public static List<AuditEntry> readAudit(Path auditLog) throws IOException {
        List<AuditEntry> out = new ArrayList<>();
        if (!Files.isRegularFile(auditLog)) {
            return out;
        }
        for (String line : Files.readAllLines(auditLog, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode o = JSON.readTree(line);
                out.add(new AuditEntry(Instant.parse(o.get("time").asText()), o.path("host").asText(), o.path("user").asText(),
                        o.path("fix").asText(), o.path("kind").asText(), o.path("command").asText(),
                        o.path("exitStatus").asInt(-1), o.path("outcome").asText(), o.path("dryRun").asBoolean()));
            } catch (IOException | RuntimeException e) {
                break;
            }
        }
        return out;
    }

    public static ObjectNode toJson(AppliedFix f) {
        ObjectNode o = JSON.createObjectNode();
        o.put("fix", f.fixId()).put("title", f.title()).put("hostname", f.hostname()).put("target", f.target())
                .put("user", f.user()).put("startedAt", f.startedAt().toString()).put("finishedAt", f.finishedAt().toString())
                .put("dryRun", f.dryRun()).put("verification", f.verification().name());
        ArrayNode summary = o.putArray("summary");
        f.summary().forEach(summary::add);
        ArrayNode steps = o.putArray("steps");
        for (AppliedFix.Step s : f.steps()) {
            steps.addObject().put("kind", s.kind()).put("description", s.description()).put("command", s.command())
                    .put("outcome", s.outcome()).put("exitStatus", s.exitStatus()).put("reason", s.reason());
        }
        f.before().ifPresent(r -> o.set("before", raw(r)));
        f.after().ifPresent(r -> o.set("after", raw(r)));
        ArrayNode audit = o.putArray("audit");
        for (AuditEntry e : f.audit()) {
            audit.add(auditJson(e));
        }
        return o;
    }

    public static ObjectNode auditJson(AuditEntry e) {
        ObjectNode a = JSON.createObjectNode();
        a.put("time", e.time().toString()).put("host", e.host()).put("user", e.user()).put("fix", e.fix())
                .put("kind", e.kind()).put("command", e.command()).put("exitStatus", e.exitStatus())
                .put("outcome", e.outcome()).put("dryRun", e.dryRun());
        return a;
    }

    private static ObjectNode raw(RawSample r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("t", r.receivedAt().toString()).put("rttMs", r.roundTripMillis()).put("out", r.output());
        if (!r.errors().isEmpty()) {
            o.put("err", r.errors());
        }
        return o;
    }

    public static AppliedFix fromJson(JsonNode o) {
        List<String> summary = new ArrayList<>();
        o.path("summary").forEach(n -> summary.add(n.asText()));
        List<AppliedFix.Step> steps = new ArrayList<>();
        o.path("steps").forEach(n -> steps.add(new AppliedFix.Step(n.path("kind").asText(), n.path("description").asText(),
                n.path("command").asText(), n.path("outcome").asText(), n.path("exitStatus").asInt(-1), n.path("reason").asText())));
        List<AuditEntry> audit = new ArrayList<>();
        o.path("audit").forEach(n -> audit.add(new AuditEntry(Instant.parse(n.get("time").asText()), n.path("host").asText(),
                n.path("user").asText(), n.path("fix").asText(), n.path("kind").asText(), n.path("command").asText(),
                n.path("exitStatus").asInt(-1), n.path("outcome").asText(), n.path("dryRun").asBoolean())));
        return new AppliedFix(o.get("fix").asText(), o.path("title").asText(), o.path("hostname").asText(),
                o.path("target").asText(), o.path("user").asText(), Instant.parse(o.get("startedAt").asText()),
                Instant.parse(o.get("finishedAt").asText()), o.path("dryRun").asBoolean(),
                FixReport.Verification.valueOf(o.path("verification").asText("NOT_RUN")), summary, steps,
                rawOf(o.get("before")), rawOf(o.get("after")), audit);
    }

    private static Optional<RawSample> rawOf(JsonNode n) {
        if (n == null || !n.has("out")) {
            return Optional.empty();
        }
        return Optional.of(new RawSample(Instant.parse(n.get("t").asText()), n.path("rttMs").asLong(-1),
                n.get("out").asText(), n.path("err").asText("")));
    }
}
