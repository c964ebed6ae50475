package io.bedside.app.cli;

import io.bedside.app.ProbeRun;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.app.Sources;
import io.bedside.model.port.HostTransport;
import io.bedside.model.port.ProbeResult;
import io.bedside.model.port.Prompter;
import io.bedside.model.port.TransportException;
import io.bedside.app.recording.RecordingFiles;
import io.bedside.model.probe.ProbeOutputParser;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import io.bedside.model.probe.SourceStatus;
import io.bedside.model.recording.RecordedSamples;
import io.bedside.model.probe.RawSample;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the headless commands share: where hosts and recordings come from, the prompter, the two
 * streams, the exit statuses and the probe. Exit statuses follow the monitoring-plugin convention:
 * 0 OK, 1 warning, 2 critical, 3 unknown.
 */
final class CommandContext {
    static final int OK = 0;
    static final int UNKNOWN = 3;
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);

    final Sources sources;
    final Prompter prompter;
    final PrintStream out;
    final PrintStream err;

    CommandContext(Sources sources, Prompter prompter, PrintStream out, PrintStream err) {
        this.sources = sources;
        this.prompter = prompter;
        this.out = out;
        this.err = err;
    }

    /** One sample of SOURCE: a host (one connection, one probe) or the last sample of a recording. */
    Sample sampleOnce(String source, boolean sudo) throws TransportException, IOException {
        if (Sources.isRecording(source)) {
            RecordedSamples rec = RecordingFiles.open(Path.of(source));
            LastSample last = new LastSample(rec.source());
            RecordedSamples.Pass pass = rec.forEach(last::add);
            pass.cut().ifPresent(err::println);
            return last.get();
        }
        try (HostTransport t = sources.open(source, prompter)) {
            ProbeResult r = probe(t, sudo);
            if (r.stdout().isBlank()) {
                String why = r.stderr().lines().filter(l -> !l.isBlank()).findFirst().orElse("exit status " + r.exitStatus());
                throw new TransportException(TransportException.Kind.OTHER,
                        "The probe printed nothing on " + t.describe() + ": " + why.trim() + ".");
            }
            return Playbooks.parser().parse(localName(source, t), Instant.now(), r.stdout(), r.roundTripMillis());
        }
    }

    /** One probe run (see {@link ProbeRun#once}). */
    static ProbeResult probe(HostTransport t, boolean sudo) throws TransportException {
        return ProbeRun.once(t, sudo, PROBE_TIMEOUT);
    }

    /**
     * The last sample of a recording read one sample at a time. A light sample takes what it skipped
     * from the samples before it, back to the last full one; only those are parsed whole, at the end
     * (the others only as far as their framing), so a day's recording costs neither a day of parsing
     * nor its memory.
     */
    static final class LastSample {
        /** Past this many light samples in a row, they are parsed into one to keep memory bounded. */
        private static final int MAX_PENDING = 64;
        private final String source;
        private final List<RawSample> pending = new ArrayList<>();
        private Sample base;

        LastSample(String source) {
            this.source = source;
        }

        void add(RawSample r) {
            if (ProbeOutputParser.parse(r.output()).standsAlone()) {
                base = null;
                pending.clear();
            }
            pending.add(r);
            if (pending.size() > MAX_PENDING) {
                settle();
            }
        }

        private void settle() {
            for (RawSample r : pending) {
                base = Playbooks.parser().parse(source, r.receivedAt(), r.output(), r.roundTripMillis(), base);
            }
            pending.clear();
        }

        Sample get() {
            settle();
            return base;
        }
    }

    /**
     * The one sentence for a heap that ran out, with the way to more of it: the {@code bedside}
     * launcher sets the heap (-Xmx), 1 GiB unless BEDSIDE_HEAP says otherwise.
     */
    static String outOfMemory(String command, String source) {
        long mib = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        return "Bedside ran out of memory in " + command + " of " + source + " (heap " + mib
                + " MiB); run it again with a larger heap, for example BEDSIDE_HEAP=4g ./bedside " + command + " ...";
    }

    static String requireSource(Args a, String cmd) {
        if (a.positional().size() < 2) {
            throw new IllegalArgumentException(cmd + " needs a SOURCE: a host, 'local' or a recording file.");
        }
        return a.positional().get(1);
    }

    /** The name a sample carries: the host text, or "This machine". */
    static String localName(String source, HostTransport t) {
        return Sources.LOCAL.equals(source) ? t.describe() : source;
    }
}
