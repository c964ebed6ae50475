package io.bedside.ui.support;

import io.bedside.model.port.HostTransport;
import io.bedside.model.port.ProbeResult;
import io.bedside.model.port.TransportException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real transport to this machine for the UI tests: runs the probe with {@code sh -s}, feeding
 * the script on stdin and draining stdout and stderr while it runs.
 */
public final class LocalShellTransport implements HostTransport {
    private volatile boolean open = true;
    private final int runs;
    private final java.util.List<String> shell;
    private int ran;

    public LocalShellTransport() {
        this(Integer.MAX_VALUE);
    }

    /** A connection that drops after {@code runs} probe runs, as a real one does when the host goes away. */
    public LocalShellTransport(int runs) {
        this(runs, java.util.List.of("sh", "-s"));
    }

    /**
     * A transport whose scripts run through {@code shell} (which reads the script on stdin), e.g.
     * {@code nsenter -t PID --ipc sh -s} to see only a test's own IPC namespace.
     */
    public LocalShellTransport(int runs, java.util.List<String> shell) {
        this.runs = runs;
        this.shell = java.util.List.copyOf(shell);
    }

    @Override
    public String describe() {
        return "This machine";
    }

    @Override
    public synchronized ProbeResult run(String script, boolean privileged, Duration timeout) throws TransportException {
        if (!open) {
            throw new TransportException(TransportException.Kind.DISCONNECTED, "The local shell is closed.");
        }
        if (ran++ >= runs) {
            open = false;
            throw new TransportException(TransportException.Kind.DISCONNECTED, "The connection to the host dropped.");
        }
        long start = System.nanoTime();
        try {
            Process p = new ProcessBuilder(shell).start();
            CompletableFuture<byte[]> out = drain(p.getInputStream());
            CompletableFuture<byte[]> err = drain(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                in.write(script.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new TransportException(TransportException.Kind.DISCONNECTED, "The probe did not finish in time.");
            }
            String stdout = new String(out.join(), StandardCharsets.UTF_8);
            String stderr = new String(err.join(), StandardCharsets.UTF_8);
            return new ProbeResult(stdout, stderr, p.exitValue(), (System.nanoTime() - start) / 1_000_000, false);
        } catch (IOException e) {
            throw new TransportException(TransportException.Kind.OTHER, "Could not run sh: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(TransportException.Kind.CANCELLED, "Interrupted.", e);
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                s.transferTo(b);
                return b.toByteArray();
            } catch (IOException e) {
                return new byte[0];
            }
        });
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
