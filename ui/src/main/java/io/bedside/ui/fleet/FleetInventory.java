package io.bedside.ui.fleet;

import io.bedside.model.port.Prompter;
import io.bedside.model.session.SamplingSession;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * An inventory that was read: its hosts, a sweep over them, and a session on any one of them,
 * each reached exactly as the inventory says (its address, port, user, jump hosts, ssh options).
 */
public interface FleetInventory {
    Path file();

    /** The hosts, in the inventory's order. */
    List<FleetHost> hosts();

    /**
     * Starts a sweep of every host and returns at once. {@code onResult} receives each host's
     * result as it arrives and {@code onDone} runs once at the end, both on the sweep's threads;
     * after {@link Sweeping#cancel()} neither is called any more.
     *
     * @param sudo with administrative access (sudo -n; a password is never asked)
     */
    Sweeping sweep(boolean sudo, Consumer<FleetResult> onResult, Runnable onDone);

    /**
     * A session on one host of this inventory, not started: the window adds its listeners and
     * starts it, as for a host typed on the connect screen.
     *
     * @param prompter asks about an unknown host key or a passphrase, as on the connect screen
     * @throws IllegalArgumentException with one sentence when the host is not in this inventory
     */
    SamplingSession open(FleetHost host, boolean sudo, Prompter prompter);

    /** A sweep in progress. */
    interface Sweeping {
        /** Stops the sweep: no more results; hosts not answered yet stay without one. */
        void cancel();
    }
}
