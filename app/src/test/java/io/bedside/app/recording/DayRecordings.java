package io.bedside.app.recording;

import io.bedside.model.recording.Recording;
import io.bedside.model.probe.RawSample;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Long recordings for tests: the CLOSE_WAIT demo's samples over and over, 2 s apart, the host's
 * clock in step, written as the recorder writes them (one gzip member per sample).
 */
public final class DayRecordings {
    private static final Pattern EPOCH = Pattern.compile("epoch_ns=(\\d+)");
    public static final Duration INTERVAL = Duration.ofSeconds(2);

    private DayRecordings() {
    }

    /** Sample {@code i} of the long recording. */
    public static RawSample sample(List<RawSample> base, int i) {
        RawSample b = base.get(i % base.size());
        Instant start = base.get(0).receivedAt();
        long epoch0 = epochNanos(base.get(0).output());
        long shift = INTERVAL.toNanos() * i;
        String out = EPOCH.matcher(b.output()).replaceFirst("epoch_ns=" + (epoch0 + shift));
        return new RawSample(start.plusNanos(shift), b.roundTripMillis(), out, b.errors());
    }

    public static List<RawSample> base() throws IOException {
        return BundledRecordings.open("seed004-closewait-pipe").samples();
    }

    /** Writes {@code n} samples to {@code file} as the recorder does (a flush, so a gzip member, per sample). */
    public static void write(int n, Path file) throws IOException {
        Recording demo = BundledRecordings.open("seed004-closewait-pipe");
        List<RawSample> base = demo.samples();
        Path tmp = file.resolveSibling(file.getFileName() + ".part" + (file.toString().endsWith(".gz") ? ".gz" : ""));
        try (Writer w = RecordingFiles.create(tmp)) {
            w.write(RecordingFiles.headerLine(demo.source(), base.get(0).receivedAt(), "A day of the CLOSE_WAIT demo"));
            w.flush();
            for (int i = 0; i < n; i++) {
                w.write(RecordingFiles.sampleLine(sample(base, i)));
                w.flush();
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static long epochNanos(String output) {
        Matcher m = EPOCH.matcher(output);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
