package io.bedside.app;

import io.bedside.app.recording.RecordingFiles;
import io.bedside.app.ssh.SshConnector;
import io.bedside.app.ssh.SshResolver;
import io.bedside.app.transport.LocalTransport;
import io.bedside.app.transport.SshTransport;
import io.bedside.model.port.HostTransport;
import io.bedside.model.port.Prompter;
import io.bedside.model.port.TransportException;
import io.bedside.model.recording.Replay;
import io.bedside.model.session.SamplingSession;
import io.bedside.model.session.TransportFactory;
import io.bedside.model.ssh.EffectiveSshConfig;
import io.bedside.model.ssh.SshOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Turns what the operator typed (SOURCE) into something to sample: an SSH host (alias, host,
 * user@host, user@host:port), {@code local} for this machine, or a recording file.
 */
public final class Sources {
    /** The SOURCE word for this machine, sampled without SSH. */
    public static final String LOCAL = "local";

    private final SshConnector connector;
    private final SshOptions options;
    private final long cap;

    public Sources(SshConnector connector, SshOptions options, long cap) {
        this.connector = connector;
        this.options = options;
        this.cap = cap;
    }

    public static Sources system(SshOptions options) {
        return new Sources(new SshConnector(SshResolver.system()), options, SshTransport.DEFAULT_CAP);
    }

    public SshOptions options() {
        return options;
    }

    /**
     * Whether SOURCE names a recording file rather than a host, by its form alone: a path (a host
     * name never holds a '/') or a name ending in .jsonl, .jsonl.gz or .gz. Whether it exists is not
     * asked, so a mistyped file name is reported as a missing recording, not as a host that does not
     * resolve, and a file that happens to bear a host's name never shadows the host.
     */
    public static boolean isRecording(String source) {
        return source.endsWith(".jsonl") || source.endsWith(".jsonl.gz") || source.endsWith(".gz") || source.contains("/");
    }

    public Replay replay(String file) throws IOException {
        return new Replay(RecordingFiles.read(Path.of(file)));
    }

    /** Opens a live connection to SOURCE (a host or {@code local}). */
    public HostTransport open(String source, Prompter prompter) throws TransportException {
        if (LOCAL.equals(source)) {
            return new LocalTransport(cap);
        }
        SshConnector.Chain chain;
        try {
            chain = connector.connect(source, options, prompter);
        } catch (IllegalArgumentException e) {
            throw new TransportException(TransportException.Kind.UNREACHABLE, e.getMessage(), e);
        }
        EffectiveSshConfig c = chain.config();
        String name = c.user() + "@" + c.alias();
        return new SshTransport(chain, name, prompter, cap);
    }

    /** Validates host text before connecting: one sentence when it cannot be a host. */
    public EffectiveSshConfig resolve(String source) {
        return connector.resolve(source, options);
    }

    public TransportFactory factory(String source, Prompter prompter) {
        return () -> open(source, prompter);
    }

    /** A live session for SOURCE on its own scheduler thread, which ends when the session is closed. */
    public SamplingSession session(String source, Prompter prompter) {
        ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bedside-sampler-" + source);
            t.setDaemon(true);
            return t;
        });
        return new SamplingSession(LOCAL.equals(source) ? "This machine" : source, factory(source, prompter),
                ProbeScript.text(), exec, Clock.systemUTC(), true);
    }
}
