package io.bedside.app.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bedside.app.json.HostJson;
import io.bedside.app.json.RecordJson;
import io.bedside.model.fix.AppliedFix;
import io.bedside.model.recording.RecordedSamples;
import io.bedside.model.recording.Recording;
import io.bedside.model.session.RawSample;

import java.io.BufferedWriter;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

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

    /** A recording file read whole into memory (the window's replay); a cut end is accepted and said in {@link Recording#cut()}. */
    public static Recording read(Path file) throws IOException {
        RecordedSamples f = open(file);
        List<RawSample> samples = new ArrayList<>();
        RecordedSamples.Pass pass = f.forEach(samples::add);
        return new Recording(f.source(), f.startedAt(), f.description(), samples, pass.fixes(), pass.cut());
    }

    /** As {@link #read(Path)}, from a stream named {@code name} (gzip-compressed when it ends in .gz). */
    public static Recording read(InputStream raw, String name) throws IOException {
        List<RawSample> samples = new ArrayList<>();
        Header[] header = new Header[1];
        RecordedSamples.Pass pass = scan(raw, name, name, h -> header[0] = h, samples::add);
        return new Recording(header[0].source(), header[0].startedAt(), header[0].description(), samples, pass.fixes(), pass.cut());
    }

    /**
     * A recording file read one sample at a time: each {@link RecordedSamples#forEach pass} reads the
     * file again, so memory does not grow with its length. The header (and the first sample, when the
     * header does not say when recording began) is read now, so a file that is no recording is refused
     * here.
     */
    public static RecordedSamples open(Path file) throws IOException {
        if (Files.isDirectory(file) || !Files.isReadable(file)) {
            throw new IOException("The recording " + file + " does not exist or cannot be read.");
        }
        Header[] header = new Header[1];
        try (InputStream in = Files.newInputStream(file)) {
            scanHeader(in, file.toString(), file.getFileName().toString(), h -> header[0] = h);
        } catch (java.nio.file.FileSystemException e) {
            throw new IOException("The recording " + file + " cannot be read: " + e.getReason() + ".", e);
        }
        Header h = header[0];
        return new RecordedSamples() {
            @Override
            public String source() {
                return h.source();
            }

            @Override
            public Instant startedAt() {
                return h.startedAt();
            }

            @Override
            public String description() {
                return h.description();
            }

            @Override
            public Pass forEach(Each each) throws IOException {
                try (InputStream in = Files.newInputStream(file)) {
                    return scan(in, file.toString(), file.getFileName().toString(), x -> { }, each);
                } catch (java.nio.file.FileSystemException e) {
                    throw new IOException("The recording " + file + " cannot be read: " + e.getReason() + ".", e);
                }
            }
        };
    }

    /** What a recording's first line says. */
    private record Header(String source, Instant startedAt, String description) {
    }

    private static void scanHeader(InputStream raw, String path, String name, Consumer<Header> header) throws IOException {
        class Stop extends RuntimeException {
            Stop() {
                super(null, null, false, false);
            }
        }
        try {
            scan(raw, path, name, header, s -> {
                throw new Stop();
            });
        } catch (Stop stop) {
            // the header and the first sample were read: enough
        }
    }

    /**
     * Reads the recording from {@code raw} line by line. A gzip stream or a line cut by a crash of
     * the recorder ends the pass with what came before it, and the pass says so; damage anywhere
     * else is an error that names the file and the line.
     *
     * @param path what error messages call the file
     */
    private static RecordedSamples.Pass scan(InputStream raw, String path, String name, Consumer<Header> header,
                                             RecordedSamples.Each each) throws IOException {
        Lines r;
        try {
            r = new Lines(name.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw);
        } catch (EOFException e) {
            throw new IOException("The recording " + path + " is empty: its recorder was stopped before it wrote anything.");
        } catch (ZipException e) {
            throw new IOException(path + " is not a Bedside recording (it is not gzip-compressed).");
        }
        String headerLine = r.next();
        JsonNode h;
        try {
            h = headerLine == null ? null : JSON.readTree(headerLine);
        } catch (IOException e) {
            h = null;
        }
        if (h == null || !FORMAT.equals(h.path("format").asText())) {
            if (r.cut && (headerLine == null || r.last())) {
                throw new IOException("The recording " + path + " holds no samples: its recorder was stopped before the first one was written.");
            }
            throw new IOException(path + " is not a Bedside recording.");
        }
        String source = h.path("source").asText("unknown");
        String description = h.path("description").asText("");
        Instant started = null;
        if (h.hasNonNull("startedAt")) {
            try {
                started = Instant.parse(h.get("startedAt").asText());
            } catch (java.time.format.DateTimeParseException e) {
                throw new IOException(path + " line 1 has no readable start time.");
            }
        }
        boolean headerGiven = false;
        List<AppliedFix> fixes = new ArrayList<>();
        int samples = 0;
        int n = 1;
        String line;
        while ((line = r.next()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode s;
            try {
                s = JSON.readTree(line);
            } catch (IOException e) {
                if (r.last()) {
                    // the recorder was killed while it wrote this line: keep what came before
                    r.cut = true;
                    break;
                }
                throw new IOException(path + " line " + n + " is not a recorded sample (damaged).");
            }
            if (s.has("fix") && s.get("fix").isObject()) {
                try {
                    fixes.add(RecordJson.appliedFix(s.get("fix")));
                } catch (RuntimeException e) {
                    throw new IOException(path + " line " + n + " is not a readable fix record.");
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
                throw new IOException(path + " line " + n + " is not a recorded sample.");
            }
            if (!headerGiven) {
                header.accept(new Header(source, started == null ? sample.get().receivedAt() : started, description));
                headerGiven = true;
            }
            samples++;
            each.sample(sample.get());
        }
        if (samples == 0) {
            throw new IOException("The recording " + path + " holds no samples"
                    + (r.cut ? ": its recorder was stopped before the first one was written." : "."));
        }
        Optional<String> cut = r.cut
                ? Optional.of("The recording " + path + " ends abruptly after sample " + samples
                + " (its recorder was stopped without closing it); the " + samples + " samples before are used.")
                : Optional.empty();
        return new RecordedSamples.Pass(samples, fixes, cut);
    }

    /**
     * The lines of a stream, split on '\n' alone and decoded as UTF-8 one by one, so a gzip stream
     * cut short loses no whole line before the cut (a reader over the whole stream would drop what it
     * had decoded when the inflater fails).
     */
    private static final class Lines {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        private int pos;
        private int len;
        private boolean eof;
        /** The line returned last had no '\n' after it. */
        private boolean unterminated;
        /** The stream ended before its end: a gzip stream without its trailer, or a line without its end. */
        boolean cut;

        Lines(InputStream in) {
            this.in = in;
        }

        /** Whether the line returned last was the last of the stream and had no end. */
        boolean last() {
            return unterminated;
        }

        /** The next line without its '\n', or null at the end. */
        String next() throws IOException {
            line.reset();
            while (true) {
                if (pos == len) {
                    if (eof) {
                        if (line.size() == 0) {
                            return null;
                        }
                        unterminated = true;
                        String tail = line.toString(StandardCharsets.UTF_8);
                        line.reset();
                        return tail;
                    }
                    pos = 0;
                    try {
                        len = in.read(buf);
                    } catch (EOFException | ZipException e) {
                        // "Unexpected end of ZLIB input stream": the recorder never wrote the trailer
                        cut = true;
                        len = -1;
                    }
                    if (len < 0) {
                        len = 0;
                        eof = true;
                        if (cut) {
                            // a line the inflater left unfinished is lost with the cut
                            line.reset();
                        }
                    }
                    continue;
                }
                for (int i = pos; i < len; i++) {
                    if (buf[i] == '\n') {
                        line.write(buf, pos, i - pos);
                        pos = i + 1;
                        return line.toString(StandardCharsets.UTF_8);
                    }
                }
                line.write(buf, pos, len - pos);
                pos = len;
            }
        }
    }

    public static void write(Recording rec, Path file) throws IOException {
        try (Writer w = create(file)) {
            w.write(headerLine(rec.source(), rec.startedAt(), rec.description()));
            for (RawSample s : rec.samples()) {
                w.write(sampleLine(s));
            }
            for (AppliedFix f : rec.fixes()) {
                w.write(fixLine(f));
            }
        }
    }

    static Writer create(Path file) throws IOException {
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
