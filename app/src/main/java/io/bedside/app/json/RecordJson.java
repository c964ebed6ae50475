package io.bedside.app.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bedside.model.fix.AppliedFix;
import io.bedside.model.fix.AuditEntry;
import io.bedside.model.fix.FixReport;
import io.bedside.model.probe.RawSample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one JSON shape of each record Bedside keeps on disk, wherever it is kept: a raw sample
 * ({@code {"t","rttMs","out","err"}}: a recording line, a fix's before and after, the report's
 * bundle), an audit entry (the audit log, a fix, the report) and an applied fix (the fix journal,
 * a recording, the report).
 */
public final class RecordJson {
    public static final ObjectMapper JSON = HostJson.mapper();

    private RecordJson() {
    }

    public static ObjectNode rawSample(RawSample r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("t", r.receivedAt().toString()).put("rttMs", r.roundTripMillis()).put("out", r.output());
        if (!r.errors().isEmpty()) {
            o.put("err", r.errors());
        }
        return o;
    }

    /** A raw sample, or empty when {@code n} is none ({@code "t"} and {@code "out"} are required). */
    public static Optional<RawSample> rawSample(JsonNode n) {
        if (n == null || !n.has("t") || !n.has("out")) {
            return Optional.empty();
        }
        return Optional.of(new RawSample(Instant.parse(n.get("t").asText()), n.path("rttMs").asLong(-1),
                n.get("out").asText(), n.path("err").asText("")));
    }

    public static ObjectNode auditEntry(AuditEntry e) {
        ObjectNode a = JSON.createObjectNode();
        a.put("time", e.time().toString()).put("host", e.host()).put("user", e.user()).put("fix", e.fix())
                .put("kind", e.kind()).put("command", e.command()).put("exitStatus", e.exitStatus())
                .put("outcome", e.outcome()).put("dryRun", e.dryRun());
        return a;
    }

    /** @throws RuntimeException when {@code n} is no audit entry */
    public static AuditEntry auditEntry(JsonNode n) {
        return new AuditEntry(Instant.parse(n.get("time").asText()), n.path("host").asText(), n.path("user").asText(),
                n.path("fix").asText(), n.path("kind").asText(), n.path("command").asText(), n.path("exitStatus").asInt(-1),
                n.path("outcome").asText(), n.path("dryRun").asBoolean());
    }

    public static ObjectNode appliedFix(AppliedFix f) {
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
        f.before().ifPresent(r -> o.set("before", rawSample(r)));
        f.after().ifPresent(r -> o.set("after", rawSample(r)));
        ArrayNode audit = o.putArray("audit");
        f.audit().forEach(e -> audit.add(auditEntry(e)));
        return o;
    }

    /** @throws RuntimeException when {@code o} is no applied fix */
    public static AppliedFix appliedFix(JsonNode o) {
        List<String> summary = new ArrayList<>();
        o.path("summary").forEach(n -> summary.add(n.asText()));
        List<AppliedFix.Step> steps = new ArrayList<>();
        o.path("steps").forEach(n -> steps.add(new AppliedFix.Step(n.path("kind").asText(), n.path("description").asText(),
                n.path("command").asText(), n.path("outcome").asText(), n.path("exitStatus").asInt(-1), n.path("reason").asText())));
        List<AuditEntry> audit = new ArrayList<>();
        o.path("audit").forEach(n -> audit.add(auditEntry(n)));
        return new AppliedFix(o.get("fix").asText(), o.path("title").asText(), o.path("hostname").asText(),
                o.path("target").asText(), o.path("user").asText(), Instant.parse(o.get("startedAt").asText()),
                Instant.parse(o.get("finishedAt").asText()), o.path("dryRun").asBoolean(),
                FixReport.Verification.valueOf(o.path("verification").asText("NOT_RUN")), summary, steps,
                rawSample(o.get("before")), rawSample(o.get("after")), audit);
    }
}
