package io.bedside.app.window;

import io.bedside.app.fix.FixExecutor;
import io.bedside.app.fix.SessionFiles;
import io.bedside.model.playbooks.FixCatalog;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixReport;
import io.bedside.model.fix.StepResult;
import io.bedside.model.port.HostTransport;
import io.bedside.model.port.ProbeResult;
import io.bedside.model.port.TransportException;
import io.bedside.model.sample.Sample;
import io.bedside.model.session.SamplingSession;
import io.bedside.ui.fix.FixService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The window's fixes for one live session: plans from the sample on screen, runs on the session's
 * open connection, with sudo when administrative access is on, and an audit log per session.
 */
final class AppFixService implements FixService {
    private final SamplingSession session;
    private final Clock clock;
    private SessionFiles files;
    private OptionalLong loginUid;
    private String loginUser = "?";

    AppFixService(SamplingSession session, Clock clock) {
        this.session = session;
        this.clock = clock;
    }

    @Override
    public String hostName() {
        List<Sample> h = session.history();
        return h.isEmpty() ? session.source()
                : h.get(h.size() - 1).facts().get().map(f -> f.hostname()).orElse(session.source());
    }

    @Override
    public boolean administrativeAccess() {
        return session.isPrivileged() || identity().isPresent() && identity().getAsLong() == 0;
    }

    @Override
    public FixPlan plan(String fixId, Sample sample, Map<String, String> params) {
        return FixCatalog.plan(fixId, sample, params, identity());
    }

    @Override
    public FixReport run(FixPlan plan, boolean dryRun, boolean includeOptional, Consumer<StepResult> progress)
            throws TransportException {
        OptionalLong uid = identity();
        boolean root = uid.isPresent() && uid.getAsLong() == 0;
        return executor().run(plan, dryRun, session.isPrivileged(), root, includeOptional, progress);
    }

    @Override
    public FixReport rollback(FixPlan plan, Consumer<StepResult> progress) throws TransportException {
        OptionalLong uid = identity();
        boolean root = uid.isPresent() && uid.getAsLong() == 0;
        return executor().rollback(plan, session.isPrivileged(), root, progress);
    }

    @Override
    public synchronized Path auditLog() {
        return files().auditLog();
    }

    private synchronized FixExecutor executor() throws TransportException {
        return new FixExecutor(transport(), files(), clock, loginUser, hostName());
    }

    private HostTransport transport() throws TransportException {
        return session.transport().orElseThrow(() -> new TransportException(TransportException.Kind.DISCONNECTED,
                "The connection to " + session.source() + " is down; wait for it to reconnect, then try again."));
    }

    private synchronized SessionFiles files() {
        if (files == null) {
            try {
                files = SessionFiles.create(hostName(), Instant.now(clock));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** The uid we log in as, asked once without sudo: it decides which steps need root. */
    private synchronized OptionalLong identity() {
        if (loginUid == null) {
            try {
                ProbeResult r = transport().run("id -u; id -un", false, Duration.ofSeconds(15));
                List<String> l = r.stdout().lines().toList();
                loginUid = OptionalLong.of(Long.parseLong(l.get(0).trim()));
                loginUser = l.size() > 1 ? l.get(1).trim() : "?";
            } catch (TransportException | RuntimeException e) {
                return OptionalLong.empty();
            }
        }
        return loginUid;
    }
}
