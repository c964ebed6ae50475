package io.bedside.app.recording;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.app.fix.FixJournal;
import io.bedside.app.fix.SessionFiles;
import io.bedside.model.fix.AppliedFix;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import io.bedside.model.probe.RawSample;
import io.bedside.model.session.SamplingSession;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Appends every sample of a live session to a recording file until stopped. On stop it adds the
 * fixes run on the host from this machine while it recorded (from the window or from
 * {@code bedside fix} in another terminal), found in the sessions' fix journals.
 * <p>
 * A crash loses at most the sample being written: each sample is flushed through the compressor
 * (a gzip sync flush) to the operating system as it arrives, so a recorder killed with SIGKILL
 * leaves a file that {@link RecordingFiles} reads up to the cut (and says so). Ctrl-C or SIGTERM
 * closes the file properly, through a shutdown hook.
 */
public final class Recorder implements SamplingSession.RawSampleListener, AutoCloseable {
    private final SamplingSession session;
    private final Path file;
    private final Writer writer;
    private final AtomicInteger count = new AtomicInteger();
    private volatile IOException failure;
    private final Instant started = Instant.now();
    private final Path sessionsRoot;
    private volatile RawSample last;
    private boolean stopped;
    private final Thread onExit = new Thread(this::stop, "bedside-recorder-close");

    public Recorder(SamplingSession session, Path file, String description) throws IOException {
        this(session, file, description, SessionFiles.root());
    }

    /** @param sessionsRoot where the fix journals are ({@link SessionFiles#root()}) */
    public Recorder(SamplingSession session, Path file, String description, Path sessionsRoot) throws IOException {
        this.sessionsRoot = sessionsRoot;
        this.session = session;
        this.file = file;
        this.writer = RecordingFiles.create(file);
        writer.write(RecordingFiles.headerLine(session.source(), Instant.now(), description));
        writer.flush();
        session.addRawListener(this);
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    @Override
    public synchronized void onRawSample(RawSample raw) {
        if (stopped) {
            return;
        }
        try {
            writer.write(RecordingFiles.sampleLine(raw));
            writer.flush();
            count.incrementAndGet();
            last = raw;
        } catch (IOException e) {
            failure = e;
        }
    }

    public int samples() {
        return count.get();
    }

    public Path file() {
        return file;
    }

    public IOException failure() {
        return failure;
    }

    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        session.removeRawListener(this);
        if (Thread.currentThread() != onExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs (or ran) this stop itself
            }
        }
        try {
            RawSample l = last;
            if (l != null) {
                Sample s = Playbooks.parser().parse(session.source(), l.receivedAt(), l.output(), l.roundTripMillis());
                String hostname = s.facts().get().map(f -> f.hostname()).orElse(null);
                if (hostname != null) {
                    for (AppliedFix f : FixJournal.find(sessionsRoot, hostname, started, Instant.now())) {
                        writer.write(RecordingFiles.fixLine(f));
                    }
                }
            }
            writer.close();
        } catch (IOException e) {
            failure = e;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
