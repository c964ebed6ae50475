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
        if (!privileged) {
            return exec("LC_ALL=C sh -s", allOrNothing(script), timeout);
        }
        Optional<char[]> password = sudo.passwordFor(this, prompter, name);
        if (password.isEmpty()) {
            return exec("sudo -n -- sh -s", allOrNothing(script), timeout);
        }
        try {
            return execWithPassword(allOrNothing(script), password.get(), false, timeout);
        } catch (TransportException e) {
            if (e.kind() == Kind.PRIVILEGE) {
                sudo.forget();
            }
            throw e;
        } finally {
            Arrays.fill(password.get(), '\0');
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
    ProbeResult exec(String command, String stdin, Duration timeout) throws TransportException {
        return exec(command, stdin, null, null, timeout);
    }

    /**
     * Runs {@code stdin} as root through a sudo that may ask for the password: the password is
     * sent only when sudo asks, the script only once the root shell has started (see
     * {@link SudoHandshake}). With {@code checkPassword} a cached sudo timestamp is ignored, so
     * the password is really checked. A second prompt (a wrong password) or a sudo that refuses
     * the user ends the run with one sentence; nothing of the script has been sent then.
     */
    ProbeResult execWithPassword(String stdin, char[] password, boolean checkPassword, Duration timeout)
            throws TransportException {
        SudoHandshake.Tokens tokens = SudoHandshake.Tokens.random();
        return exec(SudoHandshake.command(tokens, checkPassword), stdin, tokens, password, timeout);
    }

    private ProbeResult exec(String command, String stdin, SudoHandshake.Tokens tokens, char[] password, Duration timeout)
            throws TransportException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
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
            OutputDrain err;
            OutputStream in = cmd.getOutputStream();
            try {
                if (tokens != null) {
                    handshake(new SudoHandshake(cmd.getErrorStream(), tokens, "bedside-sudo"), in, password, kill, deadline, timeout);
                }
                err = new OutputDrain(cmd.getErrorStream(), 1024 * 1024, "bedside-stderr", () -> {
                });
                writeStdin(cmd, in, stdin.getBytes(StandardCharsets.UTF_8));
            } finally {
                closeStdin(cmd, in);
            }
            boolean done = out.await(millisLeft(deadline)) && err.await(millisLeft(deadline));
            if (!done) {
                kill.run();
                throw timedOut(timeout);
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

    /**
     * Waits for sudo's first words: its prompt (answered once with the password) or the root
     * shell's ready line (the script may go). Returns when the script may go; otherwise ends the
     * channel and throws one sentence.
     */
    private void handshake(SudoHandshake h, OutputStream in, char[] password, Runnable kill, long deadline, Duration timeout)
            throws IOException, InterruptedException, TransportException {
        boolean answered = false;
        while (true) {
            SudoHandshake.Event e = h.next(millisLeft(deadline));
            if (e == null) {
                kill.run();
                throw timedOut(timeout);
            }
            switch (e) {
                case READY -> {
                    return;
                }
                case PROMPT -> {
                    if (answered) {
                        kill.run();
                        throw new TransportException(Kind.PRIVILEGE, "sudo on " + name + " refused the password.");
                    }
                    writePassword(in, password);
                    answered = true;
                }
                case END -> {
                    kill.run();
                    if (!isOpen()) {
                        throw new TransportException(Kind.DISCONNECTED, "The connection to " + name + " dropped while sudo started.");
                    }
                    String why = h.reason();
                    throw new TransportException(Kind.PRIVILEGE, "sudo on " + name + " refused this user"
                            + (why.isEmpty() ? "" : " (" + why + ")") + ".");
                }
            }
        }
    }

    /**
     * Sends a command its stdin. A command that ends before it has read it (`sudo -n -k true` on a
     * fast host, a shell that exits at once) closes its channel, and sshj then refuses the write with
     * "Stream closed": that is not a dropped connection but a pipe whose reader has gone, and the
     * command's output and exit status still say what happened. A broken connection stays an error.
     */
    private void writeStdin(Session.Command cmd, OutputStream in, byte[] data) throws IOException {
        try {
            if (data.length > 0) {
                in.write(data);
            }
            in.flush();
        } catch (net.schmizz.sshj.connection.ConnectionException e) {
            if (!isOpen()) {
                // the connection itself dropped; a closed channel on an open connection is the
                // command having ended (sshj may not have marked the channel closed yet)
                throw e;
            }
        }
    }

    /**
     * Sends end-of-file on stdin. A command that already ended (it answered without reading all of
     * its stdin) has a closed channel: that is its answer, not a dropped connection.
     */
    private void closeStdin(Session.Command cmd, OutputStream in) throws IOException {
        try {
            in.close();
        } catch (net.schmizz.sshj.connection.ConnectionException e) {
            if (!isOpen()) {
                // the connection itself dropped; a closed channel on an open connection is the
                // command having ended (sshj may not have marked the channel closed yet)
                throw e;
            }
        }
    }

    private static void writePassword(OutputStream in, char[] password) throws IOException {
        java.nio.ByteBuffer bb = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
        byte[] pw = new byte[bb.remaining() + 1];
        bb.get(pw, 0, pw.length - 1);
        pw[pw.length - 1] = '\n';
        try {
            in.write(pw);
            in.flush();
        } finally {
            Arrays.fill(pw, (byte) 0);
            if (bb.hasArray()) {
                Arrays.fill(bb.array(), (byte) 0);
            }
        }
    }

    private static long millisLeft(long deadline) {
        return Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    }

    private TransportException timedOut(Duration timeout) {
        if (!isOpen()) {
            return new TransportException(Kind.DISCONNECTED, name + " stopped answering.");
        }
        return new TransportException(Kind.OTHER, "The probe on " + name + " did not finish within "
                + timeout.toSeconds() + " s.");
    }

    @Override
    public void close() {
        sudo.forget();
        chain.close();
    }
}
