package io.bedside.model.port;

import java.time.Duration;

/**
 * The one way to a host: an open connection on which the probe runs, one round trip per sample.
 * Implementations: SSH (sshj), this machine (a local shell), a recording (replay).
 */
public interface HostTransport extends AutoCloseable {

    /** A short name for the operator, e.g. {@code deploy@db-07} or {@code This machine}. */
    String describe();

    /**
     * Runs a POSIX sh script on the host and returns its output, draining stdout and stderr
     * while it runs and capping their size.
     *
     * @param script    the script, fed to {@code sh -s}
     * @param privileged run through sudo (administrative access)
     * @param timeout   give up after this long
     */
    ProbeResult run(String script, boolean privileged, Duration timeout) throws TransportException;

    /** Whether the connection is still open. */
    boolean isOpen();

    @Override
    void close();
}
