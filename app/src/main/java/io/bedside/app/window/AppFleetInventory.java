package io.bedside.app.window;

import io.bedside.app.ProbeScript;
import io.bedside.app.Sources;
import io.bedside.app.ssh.SshConnector;
import io.bedside.app.sweep.HostResult;
import io.bedside.app.sweep.Inventory;
import io.bedside.app.sweep.Sweep;
import io.bedside.app.sweep.Target;
import io.bedside.app.transport.SshTransport;
import io.bedside.model.port.Prompter;
import io.bedside.model.session.SamplingSession;
import io.bedside.model.ssh.SshOptions;
import io.bedside.ui.fleet.FleetHost;
import io.bedside.ui.fleet.FleetInventory;
import io.bedside.ui.fleet.FleetResult;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The fleet view's inventory: the hosts {@link Inventory} read, swept by the same {@link Sweep}
 * as {@code bedside sweep} (the operator's ssh_config, agent and keys, nothing asked, the default
 * parallelism and a 30 s timeout per host), and a session on any one of them with its inventory's
 * port, user, jump hosts and ssh options, asking about host keys as the connect screen does.
 */
final class AppFleetInventory implements FleetInventory {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path file;
    private final SshConnector connector;
    private final SshOptions common;
    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final List<FleetHost> hosts;

    private AppFleetInventory(Path file, Inventory inventory, SshConnector connector, SshOptions common) {
        this.file = file;
        this.connector = connector;
        this.common = common;
        for (Target t : inventory.targets()) {
            targets.putIfAbsent(t.name(), t);
        }
        this.hosts = targets.values().stream().map(t -> new FleetHost(t.name(), address(t))).toList();
    }

    /**
     * Reads {@code file} as {@code bedside sweep} does; an ssh_config's aliases mean what that file
     * says unless the window was started with its own -F.
     *
     * @throws IOException with one sentence
     */
    static AppFleetInventory read(Path file, SshConnector connector, SshOptions options) throws IOException {
        Inventory inv = Inventory.read(file);
        return new AppFleetInventory(file, inv, connector, inv.sshOptions(file, options));
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public List<FleetHost> hosts() {
        return hosts;
    }

    @Override
    public Sweeping sweep(boolean sudo, Consumer<FleetResult> onResult, Runnable onDone) {
        Sweep sweep = new Sweep(connector, common, sudo, Sweep.defaultParallel(), TIMEOUT);
        List<Target> list = List.copyOf(targets.values());
        boolean[] cancelled = {false};
        Thread t = new Thread(() -> {
            try {
                sweep.run(list, r -> {
                    synchronized (cancelled) {
                        if (!cancelled[0]) {
                            onResult.accept(result(r));
                        }
                    }
                });
            } catch (InterruptedException e) {
                return;
            }
            synchronized (cancelled) {
                if (!cancelled[0]) {
                    onDone.run();
                }
            }
        }, "bedside-fleet-" + file.getFileName());
        t.setDaemon(true);
        t.start();
        return () -> {
            synchronized (cancelled) {
                cancelled[0] = true;
            }
            // the sweep's pool is shut down, and its threads interrupted, as run() ends
            t.interrupt();
        };
    }

    @Override
    public SamplingSession open(FleetHost host, boolean sudo, Prompter prompter) {
        Target t = targets.get(host.name());
        if (t == null) {
            throw new IllegalArgumentException("The inventory " + file + " has no host " + host.name() + ".");
        }
        Sources sources = new Sources(connector, options(t), SshTransport.DEFAULT_CAP);
        ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "bedside-sampler-" + t.name());
            th.setDaemon(true);
            return th;
        });
        SamplingSession s = new SamplingSession(t.name(), sources.factory(t.address(), prompter), ProbeScript.text(), exec,
                Clock.systemUTC(), true);
        s.setPrivileged(sudo);
        return s;
    }

    private FleetResult result(HostResult r) {
        Target t = r.target();
        return new FleetResult(new FleetHost(t.name(), address(t)), r.status(), r.findings(), r.error(), r.millis());
    }

    /** The target's own port, user and jump hosts over the window's (as {@link Sweep} combines them). */
    private SshOptions options(Target t) {
        Map<String, String> o = new LinkedHashMap<>(common.options());
        o.putAll(t.options());
        return new SshOptions(common.configFile(), t.port().isPresent() ? t.port() : common.port(),
                t.user().or(common::user), common.identities(), t.jump().or(common::jump), o);
    }

    /** How the host is reached, for the table: {@code user@address:port via jump}. */
    static String address(Target t) {
        StringBuilder b = new StringBuilder();
        t.user().ifPresent(u -> b.append(u).append('@'));
        b.append(t.address());
        t.port().ifPresent(p -> b.append(':').append(p));
        t.jump().ifPresent(j -> b.append(" via ").append(j));
        return b.toString();
    }
}
