package io.bedside.app.recording;

import io.bedside.model.session.RawSample;
import io.bedside.model.session.SamplingSession;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** Appends every sample of a live session to a recording file until stopped. */
public final class Recorder implements SamplingSession.RawSampleListener, AutoCloseable {
    private final SamplingSession session;
    private final Path file;
    private final Writer writer;
    private final AtomicInteger count = new AtomicInteger();
    private volatile IOException failure;

    public Recorder(SamplingSession session, Path file, String description) throws IOException {
        this.session = session;
        this.file = file;
        this.writer = RecordingFiles.open(file);
        writer.write(RecordingFiles.headerLine(session.source(), Instant.now(), description));
        writer.flush();
        session.addRawListener(this);
    }

    @Override
    public synchronized void onRawSample(RawSample raw) {
        try {
            writer.write(RecordingFiles.sampleLine(raw));
            writer.flush();
            count.incrementAndGet();
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
        session.removeRawListener(this);
        try {
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
