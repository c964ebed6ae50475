package io.bedside.app.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bedside.app.json.FindingJson;
import io.bedside.app.json.HostJson;
import io.bedside.app.json.RecordJson;
import io.bedside.app.report.ReportModel.FixView;
import io.bedside.model.memory.OomEvent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * evidence.json from a {@link ReportModel} (schema: {@code io/bedside/report/evidence.schema.json}):
 * findings through {@link FindingJson}, fixes, audit entries and raw samples through {@link RecordJson},
 * the same shapes as {@code diagnose --json}, the fix journal and a recording.
 */
final class JsonReport {
    private static final ObjectMapper MAPPER = HostJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    /**
     * evidence.json, written as it is made: everything but the raw samples is one JSON tree; the
     * samples (the bulk of a long recording) are read again from the recording one by one and each
     * written, redacted and scrubbed, into the tree's {@code recording.samples} array.
     */
    static void write(ReportModel d, boolean redacted, Redactor r, Path file) throws IOException {
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

    private static String json(ReportModel d, boolean redacted) throws IOException {
        var rec = d.rec();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", "bedside-evidence").put("version", 3);
        root.put("generator", "Bedside " + d.version()).put("generatedAt", d.generatedAt().toString()).put("redacted", redacted);
        root.put("source", rec.source());
        ObjectNode host = root.putObject("host");
        d.facts().forEach(host::put);
        ArrayNode fs = root.putArray("findings");
        d.findings().forEach(f -> fs.add(FindingJson.finding(f)));
        ArrayNode es = root.putArray("earlierFindings");
        d.earlier().values().forEach(e -> es.add(FindingJson.finding(e.finding())
                .put("firstSeen", String.valueOf(e.firstSeen())).put("lastSeen", String.valueOf(e.lastSeen()))));
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

}
