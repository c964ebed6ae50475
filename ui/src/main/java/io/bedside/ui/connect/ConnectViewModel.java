package io.bedside.ui.connect;

import io.bedside.model.port.Prompter;
import io.bedside.model.sample.Sample;
import io.bedside.model.recording.Replay;
import io.bedside.model.session.ConnectionState;
import io.bedside.model.session.SamplingSession;
import io.bedside.model.session.SessionListener;
import io.bedside.model.session.SessionStatus;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.fx.TaskRunner;
import io.bedside.ui.connect.Connector;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The connect screen's state and commands: what to connect to (typed, from ssh_config, recent,
 * this machine), the bundled recordings, and one attempt at a time with progress, Cancel and a
 * one-sentence failure. The main view takes over when the first sample has arrived.
 */
public final class ConnectViewModel {

    /** Where the connect screen hands over. Called on the FX thread. */
    public interface Destination {
        /** A started session whose first sample has arrived. */
        void live(SamplingSession session);

        void replay(Replay replay);
    }

    private final Connector workbench;
    private final TaskRunner runner;
    private final Prompter prompter;
    private final Destination destination;

    private final StringProperty hostText = new SimpleStringProperty(this, "hostText", "");
    private final ObservableList<String> aliases = FXCollections.observableArrayList();
    private final ObservableList<String> recentHosts = FXCollections.observableArrayList();
    private final ObservableList<io.bedside.ui.connect.BundledRecording> bundled = FXCollections.observableArrayList();
    private final ObservableList<String> aliasesView = FXCollections.unmodifiableObservableList(aliases);
    private final ObservableList<String> recentView = FXCollections.unmodifiableObservableList(recentHosts);
    private final ObservableList<io.bedside.ui.connect.BundledRecording> bundledView = FXCollections.unmodifiableObservableList(bundled);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final BooleanBinding canConnect;

    private Attempt attempt;

    public ConnectViewModel(Connector workbench, TaskRunner runner, Prompter prompter, Destination destination) {
        this.workbench = workbench;
        this.runner = runner;
        this.prompter = prompter;
        this.destination = destination;
        this.canConnect = Bindings.createBooleanBinding(() -> !busy.get() && !hostText.get().isBlank(), busy, hostText);
    }

    /** Loads the ssh_config aliases, recent hosts and bundled recordings. */
    public void load() {
        FxThread.assertFxThread();
        runner.run(workbench::sshAliases, aliases::setAll, e -> aliases.clear(), () -> { });
        runner.run(workbench::recentHosts, recentHosts::setAll, e -> recentHosts.clear(), () -> { });
        runner.run(workbench::bundledRecordings, bundled::setAll, e -> bundled.clear(), () -> { });
    }

    /** Connects to what is typed in the host field. */
    public void connect() {
        connectTo(hostText.get());
    }

    /** Connects to a host alias, host, user@host or user@host:port. */
    public void connectTo(String host) {
        FxThread.assertFxThread();
        String h = host == null ? "" : host.trim();
        if (busy.get()) {
            return;
        }
        if (h.isEmpty()) {
            error.set("Type a host alias, a host name, user@host or user@host:port.");
            return;
        }
        hostText.set(h);
        begin(h, () -> {
            SamplingSession s = workbench.openHost(h, prompter);
            // administrative access the operator switched on for this host last time is on again
            if (workbench.sudoRemembered(h)) {
                s.setPrivileged(true);
            }
            return s;
        });
    }

    /**
     * Connects with a session opened elsewhere (a host of a fleet inventory, reached with its own
     * port, user, jump hosts and options), with the same progress, host-key prompts and failure
     * sentence as a typed host.
     *
     * @param label what the progress line names, e.g. the host's inventory name
     */
    public void connectUsing(String label, SessionOpener open) {
        FxThread.assertFxThread();
        if (!busy.get()) {
            begin(label, () -> open.open(prompter));
        }
    }

    /** Opens a session, asking through the connect screen's prompter. */
    @FunctionalInterface
    public interface SessionOpener {
        SamplingSession open(Prompter prompter) throws Exception;
    }

    /** Samples the machine Bedside runs on. */
    public void connectThisMachine() {
        FxThread.assertFxThread();
        if (!busy.get()) {
            begin("this machine", workbench::openThisMachine);
        }
    }

    /** Opens a bundled demo recording. */
    public void openBundled(String id) {
        FxThread.assertFxThread();
        openReplay("Opening the recording…", () -> workbench.openBundled(id));
    }

    /** Opens a recording file. */
    public void openRecording(Path file) {
        FxThread.assertFxThread();
        openReplay("Opening " + file.getFileName() + "…", () -> workbench.openRecording(file));
    }

    /** Stops the attempt in progress; the session, if any, is closed in the background. */
    public void cancel() {
        FxThread.assertFxThread();
        if (attempt != null) {
            attempt.abandon();
            attempt = null;
        }
        busy.set(false);
        progress.set("");
    }

    private void openReplay(String what, Callable<Replay> open) {
        if (busy.get()) {
            return;
        }
        Attempt a = start(what);
        runner.run(open, replay -> {
            if (attempt == a) {
                finish();
                destination.replay(replay);
            }
        }, e -> a.fail(e), () -> { });
    }

    private void begin(String what, Callable<SamplingSession> open) {
        Attempt a = start("Connecting to " + what + "…");
        runner.run(open, a::opened, a::fail, () -> { });
    }

    private Attempt start(String what) {
        error.set("");
        busy.set(true);
        progress.set(what);
        attempt = new Attempt();
        return attempt;
    }

    private void finish() {
        attempt = null;
        busy.set(false);
        progress.set("");
    }

    /** One try at connecting; stale callbacks of an abandoned try are ignored. */
    private final class Attempt implements SessionListener {
        private SamplingSession session;
        private volatile boolean abandoned;

        void opened(SamplingSession s) {
            if (abandoned || attempt != this) {
                closeQuietly(s);
                return;
            }
            session = s;
            s.addListener(this);
            try {
                s.start();
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        @Override
        public void onSample(Sample sample) {
            FxThread.run(() -> {
                if (attempt != this || abandoned) {
                    return;
                }
                session.removeListener(this);
                finish();
                destination.live(session);
            });
        }

        @Override
        public void onStatus(SessionStatus status) {
            FxThread.run(() -> {
                if (attempt != this || abandoned) {
                    return;
                }
                ConnectionState st = status.state();
                if (st == ConnectionState.CONNECTING) {
                    progress.set("Connecting to " + status.source() + "…");
                } else if ((st == ConnectionState.RECONNECTING || st == ConnectionState.FAILED)
                        && status.lastSampleAt().isEmpty()) {
                    // the first attempt failed: say why and stop, rather than retry a typo forever
                    fail(status.message().map(ConnectViewModel::withoutRetry)
                            .orElse("Could not connect to " + status.source() + "."));
                }
            });
        }

        void fail(Throwable e) {
            fail(sentence(e));
        }

        void fail(String message) {
            if (attempt != this) {
                return;
            }
            abandon();
            finish();
            error.set(message);
        }

        void abandon() {
            abandoned = true;
            if (session != null) {
                session.removeListener(this);
                closeQuietly(session);
                session = null;
            }
        }
    }

    private void closeQuietly(SamplingSession s) {
        runner.run(() -> {
            s.close();
            return null;
        }, e -> { });
    }

    /** The session appends "Retrying in N s." to its message; the connect screen does not retry. */
    static String withoutRetry(String message) {
        return message.replaceAll("\\s*Retrying in \\d+ s\\.\\s*$", "");
    }

    /** One sentence for the operator, never a stack trace. */
    static String sentence(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return "Could not open it: " + e.getClass().getSimpleName() + ".";
        }
        m = m.strip();
        int nl = m.indexOf('\n');
        if (nl > 0) {
            m = m.substring(0, nl).strip();
        }
        return m;
    }

    public StringProperty hostTextProperty() { return hostText; }
    public ObservableList<String> aliases() { return aliasesView; }
    public ObservableList<String> recentHosts() { return recentView; }
    public ObservableList<io.bedside.ui.connect.BundledRecording> bundledRecordings() { return bundledView; }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    public ReadOnlyStringProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public BooleanBinding canConnectBinding() { return canConnect; }
    public String version() { return workbench.version(); }
}
