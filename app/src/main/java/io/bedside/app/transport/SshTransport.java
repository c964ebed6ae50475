package io.bedside.app.transport;

import io.bedside.app.ssh.SshConnector;
import io.bedside.model.port.HostTransport;
import io.bedside.model.port.ProbeResult;
import io.bedside.model.port.Prompter;
import io.bedside.model.port.TransportException;
import io.bedside.model.port.TransportException.Kind;
import net.schmizz.sshj.connection.channel.direct.Session;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The probe over SSH: one exec channel per sample on a connection that stays open (no new
 * handshake per sample). The script goes to {@code sh -s} on stdin; stdout and stderr are drained
 * while it runs, up to a size cap.
 */
public final class SshTransport implements HostTransport {
    /** Output kept per run: ample for 100,000 sockets, small enough to never exhaust memory. */
    public static final long DEFAULT_CAP = 64L * 1024 * 1024;

    private final SshConnector.Chain chain;
    private final String name;
    private final Prompter prompter;
    private final long cap;
    private final SudoSecret sudo = new SudoSecret();

    public SshTransport(SshConnector.Chain chain, String name, Prompter prompter, long cap) {
        this.chain = chain;
        this.name = name;
        this.prompter = prompter;
        this.cap = cap;
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public boolean isOpen() {
        var c = chain.target();
        return c.isConnected() && c.getTransport().isRunning();
    }

    @Override
    public ProbeResult run(String script, boolean privileged, Duration timeout) throws TransportException {
        if (!isOpen()) {
            throw new TransportException(Kind.DISCONNECTED, "The connection to " + name + " is closed.");
        }
        Optional<char[]> password = Optional.empty();
        String command = "LC_ALL=C sh -s";
        if (privileged) {
            password = sudo.passwordFor(this, prompter, name);
            command = password.isPresent() ? "sudo -S -p '' -- sh -s" : "sudo -n -- sh -s";
        }
        try {
            return exec(command, allOrNothing(script), password, timeout);
        } finally {
            password.ifPresent(p -> Arrays.fill(p, '\0'));
        }
    }

    /**
     * Wraps a script in a function that is called on its last line: sh runs nothing until it has
     * read the whole function, so a script cut short in transit (a channel that closes while its
     * stdin is being written) runs not at all, never in part.
     */
    public static String allOrNothing(String script) {
        return "bs_all_or_nothing() {\n" + script + "\n}\nbs_all_or_nothing\n";
    }

    /** Runs a command with the given stdin; used for the probe and for the sudo check. */
    ProbeResult exec(String command, String stdin, Optional<char[]> passwordLine, Duration timeout) throws TransportException {
        long start = System.nanoTime();
        Session session = null;
        try {
            session = chain.target().startSession();
            Session.Command cmd = session.exec(command);
            final Session s = session;
            Runnable kill = () -> {
                try {
                    s.close();
                } catch (IOException e) {
                    // already closing
                }
            };
            OutputDrain out = new OutputDrain(cmd.getInputStream(), cap, "bedside-stdout", kill);
            OutputDrain err = new OutputDrain(cmd.getErrorStream(), 1024 * 1024, "bedside-stderr", () -> {
            });
            try (OutputStream in = cmd.getOutputStream()) {
                if (passwordLine.isPresent()) {
                    java.nio.ByteBuffer bb = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(passwordLine.get()));
                    byte[] pw = new byte[bb.remaining()];
                    bb.get(pw);
                    in.write(pw);
                    in.write('\n');
                    Arrays.fill(pw, (byte) 0);
                    if (bb.hasArray()) {
                        Arrays.fill(bb.array(), (byte) 0);
                    }
                }
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            boolean done = out.await(timeout.toMillis()) && err.await(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (!done) {
                kill.run();
                if (!isOpen()) {
                    throw new TransportException(Kind.DISCONNECTED, name + " stopped answering.");
                }
                throw new TransportException(Kind.OTHER, "The probe on " + name + " did not finish within "
                        + timeout.toSeconds() + " s.");
            }
            if (out.failure() != null && !out.truncated()) {
                throw new TransportException(Kind.DISCONNECTED, "The connection to " + name + " dropped while sampling.");
            }
            cmd.join(5, TimeUnit.SECONDS);
            Integer status = cmd.getExitStatus();
            long rtt = (System.nanoTime() - start) / 1_000_000;
            return new ProbeResult(out.text(), err.text(), status == null ? -1 : status, rtt, out.truncated());
        } catch (net.schmizz.sshj.connection.ConnectionException | net.schmizz.sshj.transport.TransportException e) {
            throw new TransportException(Kind.DISCONNECTED, "The connection to " + name + " dropped: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ".", e);
        } catch (IOException e) {
            throw new TransportException(Kind.DISCONNECTED, "The connection to " + name + " failed: " + e.getMessage() + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(Kind.CANCELLED, "Sampling " + name + " was cancelled.");
        } finally {
            if (session != null) {
                try {
                    session.close();
                } catch (IOException e) {
                    // closing
                }
            }
        }
    }

    @Override
    public void close() {
        sudo.forget();
        chain.close();
    }
}
