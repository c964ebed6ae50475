package io.bedside.app.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bedside.app.json.HostJson;
import io.bedside.app.json.RecordJson;
import io.bedside.model.fix.AppliedFix;
import io.bedside.model.recording.RecordedSamples;
import io.bedside.model.recording.Recording;
import io.bedside.model.recording.SampleStore;
import io.bedside.model.recording.StoredSamples;
import io.bedside.model.probe.RawSample;

import java.io.BufferedWriter;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
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

    /**
     * A recording file for the window's replay, in memory that does not grow with its length: one
     * pass now reads the header, the fixes and whether the file was cut, and keeps where each
     * sample's line starts (the gzip member it is in, or its offset in a plain file); the samples of
     * the recording returned ({@link StoredSamples}) are read again from there when asked for. A
     * recording the recorder wrote (one gzip member per sample) gives each sample its own member; a
     * file compressed in one stream still opens, but reaching a sample inflates everything before it.
     */
    public static Recording openStored(Path file) throws IOException {
        if (Files.isDirectory(file) || !Files.isReadable(file)) {
            throw new IOException("The recording " + file + " does not exist or cannot be read.");
        }
        boolean gz = file.getFileName().toString().endsWith(".gz");
        String path = file.toString();
        Positions at = new Positions();
        Header[] header = new Header[1];
        RecordedSamples.Pass pass;
        try (FileChannel ch = FileChannel.open(file, java.nio.file.StandardOpenOption.READ)) {
            if (gz) {
                java.nio.ByteBuffer magic = java.nio.ByteBuffer.allocate(2);
                while (magic.hasRemaining() && ch.read(magic) > 0) {
                    // the first two bytes
                }
                if (magic.position() == 0) {
                    throw new IOException("The recording " + path + " is empty: its recorder was stopped before it wrote anything.");
                }
                if (magic.position() < 2 || (magic.get(0) & 0xff) != 0x1f || (magic.get(1) & 0xff) != 0x8b) {
                    throw new IOException(path + " is not a Bedside recording (it is not gzip-compressed).");
                }
            }
            Lines r = new Lines(gz ? new GzipChunks(ch, 0) : Chunks.plain(ch, 0));
            try {
                pass = scan(r, path, h -> header[0] = h, (sample, member, skip) -> at.add(member, skip));
            } finally {
                r.release();
            }
        } catch (java.nio.file.FileSystemException e) {
            throw new IOException("The recording " + file + " cannot be read: " + e.getReason() + ".", e);
        }
        Header h = header[0];
        FileStore store = new FileStore(file, at.members(), at.skips());
        return new Recording(h.source(), h.startedAt(), h.description(), new StoredSamples(store), pass.fixes(), pass.cut());
    }

    /** Where each sample's line starts, as the first pass finds them: 16 bytes a sample. */
    private static final class Positions {
        private long[] member = new long[1024];
        private long[] skip = new long[1024];
        private int n;

        void add(long m, long k) {
            if (n == member.length) {
                member = java.util.Arrays.copyOf(member, n * 2);
                skip = java.util.Arrays.copyOf(skip, n * 2);
            }
            member[n] = m;
            skip[n] = k;
            n++;
        }

        long[] members() {
            return java.util.Arrays.copyOf(member, n);
        }

        long[] skips() {
            return java.util.Arrays.copyOf(skip, n);
        }
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
            r = new Lines(Chunks.of(name.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw));
        } catch (EOFException e) {
            throw new IOException("The recording " + path + " is empty: its recorder was stopped before it wrote anything.");
        } catch (ZipException e) {
            throw new IOException(path + " is not a Bedside recording (it is not gzip-compressed).");
        }
        return scan(r, path, header, (sample, member, skip) -> each.sample(sample));
    }

    /** Receives each sample of a pass with where its line starts ({@link Lines#lineMember}, {@link Lines#lineSkip}). */
    @FunctionalInterface
    private interface Found {
        void sample(RawSample s, long member, long skip) throws IOException;
    }

    private static RecordedSamples.Pass scan(Lines r, String path, Consumer<Header> header, Found each) throws IOException {
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
        boolean expectEnd = h.path("endMark").asBoolean(false);
        boolean sawEnd = false;
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
            if (s.size() == 1 && s.path("end").asBoolean(false)) {
                sawEnd = true;
                continue;
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
            each.sample(sample.get(), r.lineMember, r.lineSkip);
        }
        if (expectEnd && !sawEnd) {
            r.cut = true;
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
     * Bytes of a recording in chunks, each from one place: byte {@code i} of the chunk read last is
     * {@code offset() + i} bytes into what the gzip member starting at file offset {@code member()}
     * inflates to (a plain file: member 0, offset the file position). Reading a recording again from
     * there finds the same byte.
     */
    private interface Chunks {
        /** Reads the next chunk into {@code b}; -1 at the end. A gzip stream cut short throws {@link EOFException}. */
        int read(byte[] b) throws IOException;

        long member();

        long offset();

        /** Lets go of what it holds outside the heap (an inflater); the channel is its owner's. */
        default void release() {
        }

        /** A stream of one member (a plain file, or a bundled recording whose positions are not kept). */
        static Chunks of(InputStream in) {
            return of(in, 0);
        }

        /** As {@link #of(InputStream)}, for a stream whose first byte is {@code start} bytes into the text. */
        static Chunks of(InputStream in, long start) {
            return new Chunks() {
                private long count = start;
                private long at;

                @Override
                public int read(byte[] b) throws IOException {
                    int n = in.read(b);
                    at = count;
                    count += Math.max(0, n);
                    return n;
                }

                @Override
                public long member() {
                    return 0;
                }

                @Override
                public long offset() {
                    return at;
                }
            };
        }

        /** A plain recording file from {@code position} on (the channel stays open: it is the caller's). */
        static Chunks plain(FileChannel ch, long position) throws IOException {
            ch.position(position);
            return of(java.nio.channels.Channels.newInputStream(ch), position);
        }
    }

    /**
     * A gzip file read member by member from a member's start (RFC 1952): each chunk comes from one
     * member, so where a line starts is known as (member offset, bytes into its inflated text). The
     * recorder ends a member with every sample, so a sample's line is found by inflating its member
     * alone. A member cut short (the recorder was killed) throws {@link EOFException}.
     */
    private static final class GzipChunks implements Chunks {
        private final FileChannel ch;
        private final byte[] buf = new byte[1 << 16];
        private final java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
        private final java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        /** File offset of buf[0]. */
        private long base;
        private int pos;
        private int len;
        private boolean inMember;
        private long memberStart;
        private long memberOut;
        private long chunkMember;
        private long chunkOffset;

        GzipChunks(FileChannel ch, long start) throws IOException {
            this.ch = ch;
            ch.position(start);
            base = start;
        }

        /** Makes at least one unread byte available; false at the end of the file. */
        private boolean fill() throws IOException {
            if (pos < len) {
                return true;
            }
            base += len;
            pos = 0;
            len = 0;
            int n = ch.read(java.nio.ByteBuffer.wrap(buf));
            if (n <= 0) {
                return false;
            }
            len = n;
            return true;
        }

        private int u8() throws IOException {
            if (!fill()) {
                throw new EOFException("Unexpected end of ZLIB input stream");
            }
            return buf[pos++] & 0xff;
        }

        private int u16() throws IOException {
            return u8() | u8() << 8;
        }

        private long u32() throws IOException {
            return (u16() & 0xffffL) | (long) u16() << 16;
        }

        /** Reads a member's header; false when the file ends where a member would start. */
        private boolean startMember() throws IOException {
            if (!fill()) {
                return false;
            }
            memberStart = base + pos;
            if (u8() != 0x1f || u8() != 0x8b) {
                throw new ZipException("Not in GZIP format");
            }
            if (u8() != 8) {
                throw new ZipException("Unsupported compression method");
            }
            int flags = u8();
            for (int i = 0; i < 6; i++) {
                u8(); // time, extra flags, operating system
            }
            if ((flags & 4) != 0) {
                int extra = u16();
                for (int i = 0; i < extra; i++) {
                    u8();
                }
            }
            if ((flags & 8) != 0) {
                while (u8() != 0) {
                    // the file name
                }
            }
            if ((flags & 16) != 0) {
                while (u8() != 0) {
                    // a comment
                }
            }
            if ((flags & 2) != 0) {
                u16();
            }
            inflater.reset();
            crc.reset();
            memberOut = 0;
            inMember = true;
            return true;
        }

        @Override
        public int read(byte[] b) throws IOException {
            while (true) {
                if (!inMember && !startMember()) {
                    return -1;
                }
                while (true) {
                    if (inflater.needsInput()) {
                        if (!fill()) {
                            throw new EOFException("Unexpected end of ZLIB input stream");
                        }
                        inflater.setInput(buf, pos, len - pos);
                        pos = len;
                    }
                    int n;
                    try {
                        n = inflater.inflate(b);
                    } catch (java.util.zip.DataFormatException e) {
                        throw new ZipException("Invalid gzip data");
                    }
                    if (n > 0) {
                        crc.update(b, 0, n);
                        chunkMember = memberStart;
                        chunkOffset = memberOut;
                        memberOut += n;
                        return n;
                    }
                    if (inflater.finished()) {
                        // what the inflater did not use is the trailer and what follows it
                        pos -= inflater.getRemaining();
                        long sum = u32();
                        long size = u32();
                        if (sum != crc.getValue() || size != (memberOut & 0xffffffffL)) {
                            throw new ZipException("Corrupt GZIP trailer");
                        }
                        inMember = false;
                        break;
                    }
                    if (inflater.needsDictionary()) {
                        throw new ZipException("Invalid gzip data");
                    }
                }
            }
        }

        @Override
        public void release() {
            inflater.end();
        }

        @Override
        public long member() {
            return chunkMember;
        }

        @Override
        public long offset() {
            return chunkOffset;
        }
    }

    /**
     * The lines of a stream, split on '\n' alone and decoded as UTF-8 one by one, so a gzip stream
     * cut short loses no whole line before the cut (a reader over the whole stream would drop what it
     * had decoded when the inflater fails). Where the line returned last starts is in
     * {@link #lineMember} and {@link #lineSkip} (see {@link Chunks}).
     */
    private static final class Lines {
        private final Chunks in;
        private final byte[] buf = new byte[1 << 16];
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        private int pos;
        private int len;
        private boolean eof;
        private long chunkMember;
        private long chunkOffset;
        /** The line returned last had no '\n' after it. */
        private boolean unterminated;
        /** The stream ended before its end: a gzip stream without its trailer, or a line without its end. */
        boolean cut;
        long lineMember;
        long lineSkip;

        Lines(Chunks in) {
            this.in = in;
        }

        /** Lets go of the inflater behind it (a gzip member reader holds native memory until then). */
        void release() {
            in.release();
        }

        /** Whether the line returned last was the last of the stream and had no end. */
        boolean last() {
            return unterminated;
        }

        /** Passes over {@code n} bytes (to a line's start); false when the stream ends first. */
        boolean skip(long n) throws IOException {
            while (n > 0) {
                if (pos == len) {
                    if (eof || !refill()) {
                        return false;
                    }
                    continue;
                }
                int k = (int) Math.min(n, len - pos);
                pos += k;
                n -= k;
            }
            return true;
        }

        /** Reads the next chunk; false at the end (or a cut). */
        private boolean refill() throws IOException {
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
                return false;
            }
            chunkMember = in.member();
            chunkOffset = in.offset();
            return true;
        }

        /** The next line without its '\n', or null at the end. */
        String next() throws IOException {
            line.reset();
            boolean started = false;
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
                    if (!refill() && cut) {
                        // a line the inflater left unfinished is lost with the cut
                        line.reset();
                    }
                    continue;
                }
                if (!started) {
                    started = true;
                    lineMember = chunkMember;
                    lineSkip = chunkOffset + pos;
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

    /**
     * A recording file's samples by position: the first pass kept where each sample's line starts;
     * a read goes there (inflating one gzip member, or seeking in a plain file) and goes on from
     * there while reads follow each other.
     */
    private static final class FileStore implements SampleStore {
        private final Path file;
        private final boolean gz;
        private final long[] member;
        private final long[] skip;
        private FileChannel ch;
        private Lines lines;
        private int next = -1;

        FileStore(Path file, long[] member, long[] skip) {
            this.file = file;
            this.gz = file.getFileName().toString().endsWith(".gz");
            this.member = member;
            this.skip = skip;
        }

        @Override
        public int size() {
            return member.length;
        }

        @Override
        public synchronized void read(int from, int to, RecordedSamples.Each each) throws IOException {
            if (from < 0 || to > member.length || from > to) {
                throw new IndexOutOfBoundsException(from + ".." + to);
            }
            if (from == to) {
                return;
            }
            try {
                if (lines == null || next != from) {
                    seek(from);
                }
                for (int i = from; i < to; i++) {
                    RawSample s = nextSample(i);
                    next = i + 1;
                    each.sample(s);
                }
            } catch (java.nio.file.FileSystemException e) {
                close();
                throw new IOException("The recording " + file + " cannot be read: " + e.getReason() + ".", e);
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        private void seek(int i) throws IOException {
            if (ch == null) {
                ch = FileChannel.open(file, java.nio.file.StandardOpenOption.READ);
            }
            if (lines != null) {
                lines.release();
            }
            lines = new Lines(gz ? new GzipChunks(ch, member[i]) : Chunks.plain(ch, member[i] + skip[i]));
            if (gz && !lines.skip(skip[i])) {
                throw changed(i);
            }
            next = i;
        }

        private RawSample nextSample(int i) throws IOException {
            String line;
            while ((line = lines.next()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode s;
                try {
                    s = JSON.readTree(line);
                } catch (IOException e) {
                    throw changed(i);
                }
                if (s.has("fix")) {
                    continue;
                }
                try {
                    Optional<RawSample> r = RecordJson.rawSample(s);
                    if (r.isPresent()) {
                        return r.get();
                    }
                } catch (RuntimeException e) {
                    // below
                }
                throw changed(i);
            }
            throw changed(i);
        }

        private IOException changed(int i) {
            return new IOException("The recording " + file + " changed since it was opened: sample " + (i + 1)
                    + " is no longer where it was; open it again.");
        }

        @Override
        public synchronized void close() {
            if (lines != null) {
                lines.release();
            }
            lines = null;
            next = -1;
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException e) {
                    // nothing was written: closing cannot lose anything
                }
                ch = null;
            }
        }
    }

    public static void write(Recording rec, Path file) throws IOException {
        try (Writer w = create(file)) {
            w.write(headerLine(rec.source(), rec.startedAt(), rec.description()));
            w.flush();
            for (RawSample s : rec.samples()) {
                w.write(sampleLine(s));
                // one gzip member per sample, as the recorder writes them
                w.flush();
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
            out = new MemberPerFlush(out);
        }
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            private boolean closed;

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    // the end mark: a file that lacks it (its header promises it) was not closed
                    write(END_LINE);
                }
                super.close();
            }
        };
    }

    /**
     * The last line of a recording closed properly. A file whose header has {@code "endMark": true}
     * and that lacks it was stopped without closing, even when it ends where a sample's gzip member
     * ends (one member per sample: a recorder killed between two samples leaves a whole gzip file).
     */
    static final String END_LINE = "{\"end\":true}\n";

    /**
     * Gzip output that ends a member at every flush (RFC 1952 lets members follow each other; gzip
     * and {@link GZIPInputStream} read them as one text). The recorder flushes after each sample, so
     * each sample is a whole member: a crash loses at most the one being written, and a replay finds
     * a sample by inflating its member alone ({@link #openStored}).
     */
    private static final class MemberPerFlush extends OutputStream {
        private final OutputStream file;
        private GZIPOutputStream member;

        MemberPerFlush(OutputStream file) {
            this.file = file;
        }

        private GZIPOutputStream member() throws IOException {
            if (member == null) {
                member = new GZIPOutputStream(new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        file.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        file.write(b, off, len);
                    }
                }, 1 << 16);
            }
            return member;
        }

        @Override
        public void write(int b) throws IOException {
            member().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > 0) {
                member().write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            if (member != null) {
                member.finish();
                member = null;
            }
            file.flush();
        }

        @Override
        public void close() throws IOException {
            try {
                flush();
            } finally {
                file.close();
            }
        }
    }

    static String headerLine(String source, Instant started, String description) throws IOException {
        ObjectNode h = JSON.createObjectNode();
        h.put("format", FORMAT).put("version", 1).put("source", source).put("startedAt", started.toString())
                .put("description", description).put("endMark", true);
        return JSON.writeValueAsString(h) + "\n";
    }

    static String fixLine(AppliedFix f) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("t", f.finishedAt().toString());
        o.set("fix", RecordJson.appliedFix(f));
        return JSON.writeValueAsString(o) + "\n";
    }

    /** The line a recording stores for one sample (before its gzip member). */
    public static String sampleLine(RawSample s) throws IOException {
        return JSON.writeValueAsString(RecordJson.rawSample(s)) + "\n";
    }
}
