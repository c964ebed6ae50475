package io.bedside.ui.support;

import io.bedside.model.probe.Sample;
import io.bedside.model.probe.SampleParser;
import io.bedside.model.recording.Recording;
import io.bedside.model.recording.Replay;
import io.bedside.model.session.RawSample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Probe output captured from a real host; see fixtures/README.md for where each came from. */
public final class Fixtures {
    public static final String ROOT = "debian12-kernel6.18-x86_64-root.txt";
    public static final String NO_PSI = "debian12-kernel6.18-x86_64-no-psi.txt";
    public static final String SERIES = "series-debian12-kernel6.18-x86_64/";
    /** IPC objects of every kind and verdict, default limits; see fixtures/README.md. */
    public static final String IPC_OBJECTS = "ipc/debian12-kernel6.18-x86_64-ipc-objects.txt";
    /** Similar objects seen by a probe run as nobody (no root). */
    public static final String IPC_NONROOT = "ipc/debian12-kernel6.18-x86_64-ipc-nonroot.txt";
    /** /proc/sys/kernel not visible: the IPC limits are missing. */
    public static final String IPC_LIMITS_HIDDEN = "ipc/debian12-kernel6.18-x86_64-ipc-limits-hidden.txt";
    /** Seed 000 in small: arrays leak until SEMMNI (32) is full; segments reach 9 of SHMMNI 10. */
    public static final String IPC_SERIES = "ipc/series-sem-filling-debian12-kernel6.18-x86_64/";

    private Fixtures() {
    }

    public static String text(String name) {
        return resource("/io/bedside/ui/fixtures/" + name);
    }

    public static String resource(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The real probe script, as the app ships it. */
    public static String probeScript() {
        return resource("/io/bedside/probe/probe.sh");
    }

    public static Sample sample(String name, Instant at) {
        return SampleParser.parse("vm", at, text(name), 12);
    }

    /** The captured series as raw samples, at the times they were taken. */
    public static List<RawSample> seriesRaw() {
        return seriesRaw(SERIES);
    }

    /** A captured series (a folder with index.tsv) as raw samples, at the times they were taken. */
    public static List<RawSample> seriesRaw(String folder) {
        List<RawSample> out = new ArrayList<>();
        for (String line : text(folder + "index.tsv").lines().toList()) {
            String[] f = line.split("\t");
            out.add(new RawSample(Instant.parse(f[1]), Long.parseLong(f[2]), text(folder + f[0]), ""));
        }
        return out;
    }

    /** The IPC series parsed: 9 samples about 1.8 s apart, arrays 8, 11, ... 32 of SEMMNI 32. */
    public static List<Sample> ipcSeries() {
        return seriesRaw(IPC_SERIES).stream()
                .map(r -> SampleParser.parse("lab-ipc", r.receivedAt(), r.output(), r.roundTripMillis())).toList();
    }

    public static Replay ipcSeriesReplay() {
        List<RawSample> raw = seriesRaw(IPC_SERIES);
        return new Replay(new Recording("lab-ipc", raw.get(0).receivedAt(),
                "Debian 12: semaphore arrays leaking until SEMMNI is full", raw));
    }

    public static List<Sample> series() {
        return seriesRaw().stream().map(r -> SampleParser.parse("vm", r.receivedAt(), r.output(), r.roundTripMillis())).toList();
    }

    public static Replay seriesReplay() {
        List<RawSample> raw = seriesRaw();
        return new Replay(new Recording("vm", raw.get(0).receivedAt(),
                "Debian 12 VM filling /dev/shm while a busy loop runs", raw));
    }
}
