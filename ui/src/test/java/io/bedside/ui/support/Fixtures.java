package io.bedside.ui.support;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import io.bedside.model.recording.Recording;
import io.bedside.model.recording.Replay;
import io.bedside.model.probe.RawSample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** The lab's OOM kills (memory cgroups), probe as root through dmesg: the first, full read (9 kills). */
    public static final String MEM_FIRST = "memory/probe-lab-oom-root-dmesg-first.txt";
    /** The next sample: nothing new in the kernel log since the first's cursor. */
    public static final String MEM_NOTHING_NEW = "memory/probe-lab-oom-root-dmesg-nothing-new.txt";
    /** The sample after: only the new kill of 'bad) name x' (pid 12040). */
    public static final String MEM_NEXT = "memory/probe-lab-oom-root-dmesg-next.txt";
    /** The same lab host seen by a user who may not read the kernel log (dmesg_restrict=1). */
    public static final String MEM_USER = "memory/probe-lab-oom-user.txt";
    /** The kernel log through journalctl, read from the start: the same 10 kills again. */
    public static final String MEM_JOURNAL_FIRST = "memory/probe-journal-first.txt";
    /** The next journal read: the new kill of 'java (worker)' (pid 12442). */
    public static final String MEM_JOURNAL_NEXT = "memory/probe-journal-next.txt";

    private Fixtures() {
    }

    /**
     * A capture by its name under fixtures/: the window's own (src/test/resources/io/bedside/ui/fixtures),
     * or else the model's (model/src/test/resources/fixtures), the one home of the captures both read.
     */
    public static String text(String name) {
        String own = "/io/bedside/ui/fixtures/" + name;
        if (Fixtures.class.getResource(own) != null) {
            return resource(own);
        }
        Path shared = MODEL_FIXTURES.resolve(name);
        try {
            return Files.readString(shared, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Missing test fixture " + name + " (neither " + own + " nor " + shared + ")", e);
        }
    }

    /** The model's captures, from the ui module's folder (the tests' working directory). */
    private static final Path MODEL_FIXTURES = Path.of("..", "model", "src", "test", "resources", "fixtures");

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

    /** The real probe script, as the app ships it: assembled with its secret-masking rules. */
    public static String probeScript() {
        return io.bedside.model.playbooks.Playbooks.probeScript(
                resource("/io/bedside/probe/secret-rules.txt"));
    }

    /** A captured probe output as a sample that arrived 40 ms after the probe started on the host. */
    public static Sample hostSample(String name) {
        return Playbooks.parser().parse("lab-memdev", hostStart(text(name)).plusMillis(40), text(name), 40);
    }

    /** When the probe started on the host: the header's epoch_ns. */
    public static Instant hostStart(String probeOutput) {
        String head = probeOutput.lines().findFirst().orElse("");
        int i = head.indexOf("epoch_ns=");
        if (i < 0) {
            throw new IllegalArgumentException("no epoch_ns in " + head);
        }
        String digits = head.substring(i + "epoch_ns=".length()).split("\\s")[0];
        return Instant.ofEpochSecond(0, Long.parseLong(digits));
    }

    /** Captured probe outputs as a recording, each arriving 40 ms after its probe started on the host. */
    public static Replay hostReplay(String source, String title, String... names) {
        List<RawSample> raw = new ArrayList<>();
        for (String n : names) {
            String out = text(n);
            raw.add(new RawSample(hostStart(out).plusMillis(40), 40, out, ""));
        }
        return new Replay(new Recording(source, raw.get(0).receivedAt(), title, raw));
    }

    public static Sample sample(String name, Instant at) {
        return Playbooks.parser().parse("vm", at, text(name), 12);
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
                .map(r -> Playbooks.parser().parse("lab-ipc", r.receivedAt(), r.output(), r.roundTripMillis())).toList();
    }

    public static Replay ipcSeriesReplay() {
        List<RawSample> raw = seriesRaw(IPC_SERIES);
        return new Replay(new Recording("lab-ipc", raw.get(0).receivedAt(),
                "Debian 12: semaphore arrays leaking until SEMMNI is full", raw));
    }

    public static List<Sample> series() {
        return seriesRaw().stream().map(r -> Playbooks.parser().parse("vm", r.receivedAt(), r.output(), r.roundTripMillis())).toList();
    }

    public static Replay seriesReplay() {
        List<RawSample> raw = seriesRaw();
        return new Replay(new Recording("vm", raw.get(0).receivedAt(),
                "Debian 12 VM filling /dev/shm while a busy loop runs", raw));
    }
}
