package io.bedside.app.sweep;

import io.bedside.app.ProbeRun;
import io.bedside.app.Sources;
import io.bedside.app.monitoring.OneSample;
import io.bedside.app.ssh.SshConnector;
import io.bedside.app.transport.SshTransport;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.port.HostTransport;
import io.bedside.model.port.ProbeResult;
import io.bedside.model.port.Prompter;
import io.bedside.model.port.TransportException;
import io.bedside.model.sample.Sample;
import io.bedside.model.ssh.SshOptions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A fleet sweep from the laptop: every target attached exactly as {@code bedside HOST} would
 * (the operator's ssh_config, known_hosts on every hop, agent and keys), one probe each, through
 * every playbook's rules; at most {@code parallel} hosts at once, each given up after
 * {@code timeout}. Nothing is asked: an unknown or changed host key, a password the key cannot
 * replace, a host that is down are that host's UNKNOWN result with the reason, never a prompt and
 * never dropped. Results reach {@code onResult} as they arrive (on the sweep's threads).
 */
public final class Sweep {
    private final SshConnector connector;
    private final SshOptions common;
    private final boolean sudo;
    private final int parallel;
    private final Duration timeout;

    /**
     * @param common the command line's ssh options (-F, -i, -o...), under each target's own
     */
    public Sweep(SshConnector connector, SshOptions common, boolean sudo, int parallel, Duration timeout) {
        if (parallel < 1) {
            throw new IllegalArgumentException("--parallel must be at least 1.");
        }
        this.connector = connector;
        this.common = common;
        this.sudo = sudo;
        this.parallel = parallel;
        this.timeout = timeout;
    }

    /** The default parallelism: SSH waits far more than it computes, so several hosts per core. */
    public static int defaultParallel() {
        return Math.min(64, 16 * Runtime.getRuntime().availableProcessors());
    }

    /** Runs the sweep; the results in the targets' order. */
    public List<HostResult> run(List<Target> targets, Consumer<HostResult> onResult) throws InterruptedException {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, Math.max(1, targets.size())), r -> {
            Thread t = new Thread(r, "bedside-sweep-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bedside-sweep-timeout");
            t.setDaemon(true);
            return t;
        });
        Map<Target, Future<HostResult>> futures = new LinkedHashMap<>();
        try {
            for (Target t : targets) {
                futures.put(t, pool.submit(() -> {
                    HostResult r = one(t, watchdog);
                    onResult.accept(r);
                    return r;
                }));
            }
            List<HostResult> out = new ArrayList<>();
            for (Map.Entry<Target, Future<HostResult>> e : futures.entrySet()) {
                try {
                    out.add(e.getValue().get());
                } catch (java.util.concurrent.ExecutionException ex) {
                    HostResult r = new HostResult(e.getKey(), 3, List.of(), Optional.empty(),
                            Optional.of("Bedside failed on this host: " + ex.getCause()), 0);
                    onResult.accept(r);
                    out.add(r);
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
            watchdog.shutdownNow();
        }
    }

    private HostResult one(Target t, ScheduledExecutorService watchdog) {
        long t0 = System.nanoTime();
        HostTransport[] open = new HostTransport[1];
        boolean[] late = new boolean[1];
        // the per-host timeout closes the connection, which ends a probe or a handshake that hangs
        var timer = watchdog.schedule(() -> {
            synchronized (open) {
                late[0] = true;
                if (open[0] != null) {
                    open[0].close();
                }
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            Sources sources = new Sources(connector, options(t), SshTransport.DEFAULT_CAP);
            HostTransport tr = sources.open(t.address(), Prompter.REFUSE_ALL);
            synchronized (open) {
                open[0] = tr;
                if (late[0]) {
                    tr.close();
                }
            }
            try (tr) {
                ProbeResult r = ProbeRun.once(tr, sudo, timeout);
                if (r.stdout().isBlank()) {
                    String why = r.stderr().lines().filter(l -> !l.isBlank()).findFirst().orElse("exit status " + r.exitStatus());
                    return failed(t, t0, "the probe printed nothing: " + why.trim() + ".");
                }
                Sample s = Playbooks.parser().parse(t.name(), Instant.now(), r.stdout(), r.roundTripMillis());
                OneSample judged = OneSample.of(s);
                return new HostResult(t, judged.status(), judged.findings(), Optional.of(s), judged.note(), millis(t0));
            }
        } catch (TransportException e) {
            synchronized (open) {
                if (late[0]) {
                    return failed(t, t0, "no complete answer within " + seconds(timeout) + " (--timeout).");
                }
            }
            return failed(t, t0, e.getMessage());
        } catch (RuntimeException e) {
            return failed(t, t0, late[0] ? "no complete answer within " + seconds(timeout) + " (--timeout)."
                    : "Bedside failed on this host: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } finally {
            timer.cancel(false);
        }
    }

    private SshOptions options(Target t) {
        Map<String, String> o = new LinkedHashMap<>(common.options());
        o.putAll(t.options());
        return new SshOptions(common.configFile(), t.port().isPresent() ? t.port() : common.port(),
                t.user().or(common::user), common.identities(), t.jump().or(common::jump), o);
    }

    private static HostResult failed(Target t, long t0, String why) {
        return new HostResult(t, 3, List.of(), Optional.empty(), Optional.of(why), millis(t0));
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
