package io.bedside.app.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a stream to its end on its own thread, keeping at most {@code cap} bytes. A command whose
 * output is not read stalls (sshj's {@code join()} hangs on a few MB of unread output), so both
 * stdout and stderr are always drained while the command runs.
 */
public final class OutputDrain implements Runnable {
    private final InputStream in;
    private final long cap;
    private final Runnable onCapExceeded;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long total;
    private volatile boolean truncated;
    private volatile IOException failure;
    private final Thread thread;

    public OutputDrain(InputStream in, long cap, String name, Runnable onCapExceeded) {
        this.in = in;
        this.cap = cap;
        this.onCapExceeded = onCapExceeded;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public void run() {
        byte[] buf = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
                long room = cap - kept.size();
                if (room > 0) {
                    kept.write(buf, 0, (int) Math.min(room, n));
                }
                if (total > cap && !truncated) {
                    truncated = true;
                    onCapExceeded.run();
                }
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    /** Waits for the end of the stream. */
    public boolean await(long millis) throws InterruptedException {
        thread.join(Math.max(1, millis));
        return !thread.isAlive();
    }

    public String text() {
        synchronized (kept) {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }

    public long totalBytes() {
        return total;
    }

    public boolean truncated() {
        return truncated;
    }

    public IOException failure() {
        return failure;
    }
}
