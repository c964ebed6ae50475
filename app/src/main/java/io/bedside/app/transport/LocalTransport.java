package io.bedside.app.transport;

import io.bedside.model.port.HostTransport;
import io.bedside.model.port.ProbeResult;
import io.bedside.model.port.TransportException;
import io.bedside.model.port.TransportException.Kind;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** "This machine": the same probe through a local {@code sh -s}, without SSH. */
public final class LocalTransport implements HostTransport {
    private final long cap;
    private volatile boolean open = true;

    public LocalTransport(long cap) {
        this.cap = cap;
    }

    @Override
    public String describe() {
        return "This machine";
    }

    @Override
    public ProbeResult run(String script, boolean privileged, Duration timeout) throws TransportException {
        List<String> cmd = privileged && !"root".equals(System.getProperty("user.name"))
                ? List.of("sudo", "-n", "--", "sh", "-s") : List.of("sh", "-s");
        long start = System.nanoTime();
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("LC_ALL", "C");
            p = pb.start();
        } catch (IOException e) {
            throw new TransportException(Kind.OTHER, "Could not start a local shell: " + e.getMessage() + ".", e);
        }
        Process proc = p;
        OutputDrain out = new OutputDrain(p.getInputStream(), cap, "bedside-local-stdout", proc::destroyForcibly);
        OutputDrain err = new OutputDrain(p.getErrorStream(), 1024 * 1024, "bedside-local-stderr", () -> {
        });
        try (OutputStream in = p.getOutputStream()) {
            in.write(SshTransport.allOrNothing(script).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the shell exited early; its output says why
        }
        try {
            if (!out.await(timeout.toMillis()) || !err.await(1000)) {
                p.destroyForcibly();
                throw new TransportException(Kind.OTHER, "The probe did not finish within " + timeout.toSeconds() + " s.");
            }
            int status = p.waitFor();
            if (privileged && status != 0 && err.text().contains("sudo")) {
                throw new TransportException(Kind.PRIVILEGE, "Administrative access on this machine needs passwordless sudo (sudo -n failed).");
            }
            return new ProbeResult(out.text(), err.text(), status, (System.nanoTime() - start) / 1_000_000, out.truncated());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TransportException(Kind.CANCELLED, "Sampling was cancelled.");
        }
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
