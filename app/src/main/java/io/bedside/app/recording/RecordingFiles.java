package io.bedside.app.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bedside.app.json.HostJson;
import io.bedside.app.json.RecordJson;
import io.bedside.model.fix.AppliedFix;
import io.bedside.model.recording.Recording;
import io.bedside.model.session.RawSample;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Recording files: JSON Lines, gzip-compressed when the name ends in {@code .gz}. The first line is
 * a header ({@code {"format":"bedside-recording","version":1,"source":...,"startedAt":...}}), each
 * further line one sample's raw probe output with its timestamp ({@code {"t":...,"out":...}}) or a
 * fix run on the host while recording ({@code {"t":...,"fix":{...}}}); both shapes are {@link RecordJson}'s.
 * Only probe output and fix records are kept: no secret ever passes through the probe (command
 * lines are masked on the host), so none can reach a recording.
 */
public final class RecordingFiles {
    public static final String FORMAT = "bedside-recording";
    private static final ObjectMapper JSON = HostJson.mapper();

    private RecordingFiles() {
    }

    public static Recording read(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException("The recording " + file + " does not exist or cannot be read.");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.getFileName().toString());
        }
    }

    public static Recording read(InputStream raw, String name) throws IOException {
        InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String headerLine = r.readLine();
        JsonNode header;
        try {
            header = headerLine == null ? null : JSON.readTree(headerLine);
        } catch (IOException e) {
            header = null;
        }
        if (header == null || !FORMAT.equals(header.path("format").asText())) {
            throw new IOException(name + " is not a Bedside recording.");
        }
        List<RawSample> samples = new ArrayList<>();
        List<AppliedFix> fixes = new ArrayList<>();
        String line;
        int n = 1;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode s;
            try {
                s = JSON.readTree(line);
            } catch (IOException e) {
                // a recording cut off mid-line (the app was killed while recording): keep what came before
                break;
            }
            if (s.has("fix") && s.get("fix").isObject()) {
                try {
                    fixes.add(RecordJson.appliedFix(s.get("fix")));
                } catch (RuntimeException e) {
                    throw new IOException(name + " line " + n + " is not a readable fix record.");
                }
                continue;
            }
            Optional<RawSample> sample;
            try {
                sample = RecordJson.rawSample(s);
            } catch (RuntimeException e) {
                sample = Optional.empty();
            }
            if (sample.isEmpty()) {
                throw new IOException(name + " line " + n + " is not a recorded sample.");
            }
            samples.add(sample.get());
        }
        if (samples.isEmpty()) {
            throw new IOException(name + " holds no samples.");
        }
        return new Recording(header.path("source").asText("unknown"), Instant.parse(header.path("startedAt").asText(
                samples.get(0).receivedAt().toString())), header.path("description").asText(""), samples, fixes);
    }

    public static void write(Recording rec, Path file) throws IOException {
        try (Writer w = open(file)) {
            w.write(headerLine(rec.source(), rec.startedAt(), rec.description()));
            for (RawSample s : rec.samples()) {
                w.write(sampleLine(s));
            }
            for (AppliedFix f : rec.fixes()) {
                w.write(fixLine(f));
            }
        }
    }

    static Writer open(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        OutputStream out = Files.newOutputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            out = new GZIPOutputStream(out, true);
        }
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    }

    static String headerLine(String source, Instant started, String description) throws IOException {
        ObjectNode h = JSON.createObjectNode();
        h.put("format", FORMAT).put("version", 1).put("source", source).put("startedAt", started.toString())
                .put("description", description);
        return JSON.writeValueAsString(h) + "\n";
    }

    static String fixLine(AppliedFix f) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("t", f.finishedAt().toString());
        o.set("fix", RecordJson.appliedFix(f));
        return JSON.writeValueAsString(o) + "\n";
    }

    static String sampleLine(RawSample s) throws IOException {
        return JSON.writeValueAsString(RecordJson.rawSample(s)) + "\n";
    }
}
