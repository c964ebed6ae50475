package io.bedside.ui.support;

import io.bedside.ui.connect.BundledRecording;
import io.bedside.model.port.Prompter;
import io.bedside.model.port.TransportException;
import io.bedside.model.recording.Replay;
import io.bedside.model.session.SamplingSession;
import io.bedside.ui.main.Workbench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Our own port, implemented for tests: fixed aliases and recordings, and real sessions on this
 * machine through {@link LocalShellTransport} running the real probe. The host "unreachable.test"
 * fails to connect the way an SSH transport reports it.
 */
public final class TestWorkbench implements Workbench {
    public static final String UNREACHABLE = "unreachable.test";
    public static final String UNREACHABLE_MESSAGE = "Could not connect to unreachable.test port 22: connection refused.";
    /** Connects only after a long wait, so the operator can cancel. */
    public static final String SLOW = "slow.test";
    /** Gives two samples, then the connection drops and cannot be made again. */
    public static final String FLAKY = "flaky.test";
    /** This machine seen by an ordinary user (nobody), and as root with sudo. */
    public static final String USER_HOST = "user.test";
    /** A host whose sudo refuses this user. */
    public static final String NO_SUDO = "nosudo.test";
    public static final String NO_SUDO_MESSAGE = "sudo on nosudo.test refused this user (not in sudoers).";
    public final AtomicInteger recordedSamples = new AtomicInteger();
    /** Every exportReport call, in order. */
    public final List<ReportCall> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** What exportReport throws; null: it "writes" the report (makes the folder) and returns it. */
    public volatile IOException reportFailure;
    private final Duration interval;
    private volatile io.bedside.model.session.TransportFactory thisMachine = LocalShellTransport::new;
    private volatile io.bedside.ui.fix.FixService fixes;

    public TestWorkbench(Duration interval) {
        this.interval = interval;
    }

    @Override
    public List<io.bedside.ui.main.AreaContribution<?>> areas() {
        return io.bedside.ui.areas.WindowAreas.all();
    }

    @Override
    public List<String> sshAliases() {
        return List.of("db-07", "web-prod-1", "bastion");
    }

    @Override
    public List<String> recentHosts() {
        return List.of("deploy@db-07:2222");
    }

    @Override
    public List<BundledRecording> bundledRecordings() {
        return List.of(new BundledRecording("shm-growth", "Shared memory filling up",
                "A Debian 12 VM whose /dev/shm grows by 150 MiB every 2 s while a busy loop runs."));
    }

    @Override
    public SamplingSession openHost(String hostText, Prompter prompter) {
        if (hostText.contains(" ") || hostText.startsWith("@")) {
            throw new IllegalArgumentException("'" + hostText + "' is not a host: use an alias, host, user@host or user@host:port.");
        }
        if (hostText.equals(UNREACHABLE)) {
            return session(hostText, () -> {
                throw new TransportException(TransportException.Kind.UNREACHABLE, UNREACHABLE_MESSAGE);
            });
        }
        if (hostText.equals(SLOW)) {
            return session(hostText, () -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TransportException(TransportException.Kind.CANCELLED, "Cancelled.");
                }
                return new LocalShellTransport();
            });
        }
        if (hostText.equals(NO_SUDO)) {
            // a host whose sudo refuses this user: the probe runs, but never with sudo
            return session(hostText, () -> {
                LocalShellTransport shell = new LocalShellTransport();
                return new io.bedside.model.port.HostTransport() {
                    @Override
                    public String describe() {
                        return NO_SUDO;
                    }

                    @Override
                    public io.bedside.model.port.ProbeResult run(String script, boolean privileged, Duration timeout)
                            throws TransportException {
                        if (privileged) {
                            throw new TransportException(TransportException.Kind.PRIVILEGE, NO_SUDO_MESSAGE);
                        }
                        return shell.run(script, false, timeout);
                    }

                    @Override
                    public boolean isOpen() {
                        return shell.isOpen();
                    }

                    @Override
                    public void close() {
                        shell.close();
                    }
                };
            });
        }
        if (hostText.equals(USER_HOST)) {
            // the probe runs as nobody, and as root with sudo: the sources only root may read are missing until then
            return session(hostText, () -> {
                LocalShellTransport asNobody = new LocalShellTransport(Integer.MAX_VALUE,
                        List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sh", "-s"));
                LocalShellTransport asRoot = new LocalShellTransport();
                return new io.bedside.model.port.HostTransport() {
                    @Override
                    public String describe() {
                        return USER_HOST;
                    }

                    @Override
                    public io.bedside.model.port.ProbeResult run(String script, boolean privileged, Duration timeout)
                            throws TransportException {
                        return (privileged ? asRoot : asNobody).run(script, false, timeout);
                    }

                    @Override
                    public boolean isOpen() {
                        return asNobody.isOpen() && asRoot.isOpen();
                    }

                    @Override
                    public void close() {
                        asNobody.close();
                        asRoot.close();
                    }
                };
            });
        }
        if (hostText.equals(FLAKY)) {
            AtomicInteger opened = new AtomicInteger();
            return session(hostText, () -> {
                if (opened.incrementAndGet() > 1) {
                    throw new TransportException(TransportException.Kind.UNREACHABLE,
                            "Could not connect to flaky.test port 22: no route to host.");
                }
                return new LocalShellTransport(2);
            });
        }
        return session(hostText, LocalShellTransport::new);
    }

    /** The hosts administrative access was switched on for, as the app's settings keep them. */
    public final java.util.Set<String> sudoHosts = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public boolean sudoRemembered(String hostText) {
        return sudoHosts.contains(hostText);
    }

    @Override
    public void rememberSudo(String hostText, boolean on) {
        if (on) {
            sudoHosts.add(hostText);
        } else {
            sudoHosts.remove(hostText);
        }
    }

    @Override
    public SamplingSession openThisMachine() {
        return session("This machine", thisMachine);
    }

    /** "This machine" through another transport, e.g. into a test's own IPC namespace. */
    public TestWorkbench thisMachine(io.bedside.model.session.TransportFactory factory) {
        this.thisMachine = factory;
        return this;
    }

    /** The fix service live sessions get; none (the default) means fixes are not available. */
    public TestWorkbench offerFixes(io.bedside.ui.fix.FixService service) {
        this.fixes = service;
        return this;
    }

    @Override
    public java.util.Optional<io.bedside.ui.fix.FixService> fixes(SamplingSession session) {
        return java.util.Optional.ofNullable(fixes);
    }

    private SamplingSession session(String source, io.bedside.model.session.TransportFactory factory) {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "test-session-" + source);
            t.setDaemon(true);
            return t;
        });
        SamplingSession s = new SamplingSession(source, factory, Fixtures.probeScript(), ex, Clock.systemUTC());
        s.setInterval(interval);
        return s;
    }

    /** Every file showDocument was asked to open. */
    public final List<Path> documents = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void showDocument(Path file) {
        documents.add(file);
    }

    @Override
    public Replay openRecording(Path file) throws IOException {
        throw new IOException(file.getFileName() + " is not a Bedside recording.");
    }

    @Override
    public Replay openBundled(String id) throws IOException {
        if (!id.equals("shm-growth")) {
            throw new IOException("No bundled recording is called " + id + ".");
        }
        return Fixtures.seriesReplay();
    }

    @Override
    public Recorder startRecording(SamplingSession session, Path file) {
        SamplingSession.RawSampleListener l = raw -> recordedSamples.incrementAndGet();
        session.addRawListener(l);
        return new Recorder() {
            @Override
            public void stop() {
                session.removeRawListener(l);
            }

            @Override
            public int samples() {
                return recordedSamples.get();
            }

            @Override
            public Path file() {
                return file;
            }
        };
    }

    /** What the window asked exportReport for, and on which thread. */
    public record ReportCall(io.bedside.model.recording.Recording recording, Path dir, boolean redact, String thread) {
    }

    @Override
    public Path exportReport(io.bedside.model.recording.Recording recording, Path dir, boolean redact) throws IOException {
        reports.add(new ReportCall(recording, dir, redact, Thread.currentThread().getName()));
        if (reportFailure != null) {
            throw reportFailure;
        }
        java.nio.file.Files.createDirectories(dir);
        return dir;
    }

    @Override
    public String version() {
        return "0.1.0-test";
    }
}
