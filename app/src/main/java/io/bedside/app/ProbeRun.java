package io.bedside.app;

import io.bedside.model.port.HostTransport;
import io.bedside.model.port.ProbeResult;
import io.bedside.model.port.TransportException;
import io.bedside.model.probe.ProbeBoundary;

import java.time.Duration;

/** One run of the probe on an open connection, as every headless command and the sweep run it. */
public final class ProbeRun {
    /** How long one probe run may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ProbeRun() {
    }

    /**
     * One probe run. The probe only reads, so a channel that fails while the connection stays
     * open is retried once; nothing that changes the host is ever retried.
     */
    public static ProbeResult once(HostTransport t, boolean sudo, Duration timeout) throws TransportException {
        try {
            return bounded(t, sudo, timeout);
        } catch (TransportException e) {
            if (e.kind() != TransportException.Kind.DISCONNECTED || !t.isOpen()) {
                throw e;
            }
            return bounded(t, sudo, timeout);
        }
    }

    /** One probe run with a fresh boundary token; output that does not carry it is refused. */
    private static ProbeResult bounded(HostTransport t, boolean sudo, Duration timeout) throws TransportException {
        ProbeBoundary b = ProbeBoundary.fresh();
        ProbeResult r = t.run(b.wrap(ProbeScript.text()), sudo, timeout);
        if (!r.stdout().isBlank() && !b.carriedBy(r.stdout())) {
            throw new TransportException(TransportException.Kind.OTHER, "The probe output on " + t.describe()
                    + " does not carry this run's boundary token, so none of it was used.");
        }
        return r;
    }
}
