package io.bedside.app.window;

import io.bedside.ui.connect.BundledRecording;
import io.bedside.app.Main;
import io.bedside.app.Sources;
import io.bedside.app.recording.BundledRecordings;
import io.bedside.app.recording.RecordingFiles;
import io.bedside.app.settings.RecentHosts;
import io.bedside.app.ssh.SshResolver;
import io.bedside.model.port.Prompter;
import io.bedside.model.recording.Replay;
import io.bedside.model.session.SamplingSession;
import io.bedside.model.ssh.HostSpec;
import io.bedside.ui.main.Workbench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The window's view of Bedside: ssh_config, transports, recordings and settings. */
public final class AppWorkbench implements Workbench {
    private final Sources sources;
    private final SshResolver resolver;
    private final RecentHosts recent;
    private final io.bedside.app.settings.SudoHosts sudoHosts;

    public AppWorkbench(Sources sources, SshResolver resolver, RecentHosts recent) {
        this.sources = sources;
        this.resolver = resolver;
        this.recent = recent;
        // a workbench that only opens recordings is made without settings
        this.sudoHosts = recent == null ? null : io.bedside.app.settings.SudoHosts.beside(recent);
    }

    @Override
    public List<io.bedside.ui.main.AreaContribution<?>> areas() {
        return io.bedside.ui.areas.WindowAreas.all();
    }

    @Override
    public List<String> sshAliases() {
        return resolver.aliases(sources.options().configFile());
    }

    @Override
    public List<String> recentHosts() {
        return recent.list();
    }

    @Override
    public boolean sudoRemembered(String hostText) {
        return sudoHosts != null && sudoHosts.contains(hostText);
    }

    @Override
    public void rememberSudo(String hostText, boolean on) throws java.io.IOException {
        if (sudoHosts != null) {
            sudoHosts.set(hostText, on);
        }
    }

    @Override
    public List<BundledRecording> bundledRecordings() {
        return BundledRecordings.list().stream()
                .map(d -> new BundledRecording(d.id(), d.title(), d.description())).toList();
    }

    @Override
    public SamplingSession openHost(String hostText, Prompter prompter) {
        HostSpec.parse(hostText);
        recent.add(hostText.trim());
        return sources.session(hostText.trim(), prompter);
    }

    @Override
    public io.bedside.ui.fleet.FleetInventory openInventory(Path file) throws IOException {
        return AppFleetInventory.read(file, new io.bedside.app.ssh.SshConnector(resolver), sources.options());
    }

    @Override
    public SamplingSession openThisMachine() {
        return sources.session(Sources.LOCAL, Prompter.REFUSE_ALL);
    }

    @Override
    public Replay openRecording(Path file) throws IOException {
        // a day's recording does not fit in the heap: its samples are read from the file at each position
        io.bedside.model.recording.Recording r = RecordingFiles.openStored(file);
        return new Replay(r, ((io.bedside.model.recording.StoredSamples) r.samples()).store());
    }

    @Override
    public Replay openBundled(String id) throws IOException {
        return new Replay(BundledRecordings.open(id));
    }

    @Override
    public Workbench.Recorder startRecording(SamplingSession session, Path file) throws IOException {
        io.bedside.app.recording.Recorder r = new io.bedside.app.recording.Recorder(session, file, "Recorded from " + session.source());
        return new Workbench.Recorder() {
            @Override
            public void stop() {
                r.stop();
            }

            @Override
            public int samples() {
                return r.samples();
            }

            @Override
            public Path file() {
                return r.file();
            }
        };
    }

    @Override
    public java.util.Optional<io.bedside.ui.fix.FixService> fixes(SamplingSession session) {
        return java.util.Optional.of(new AppFixService(session, java.time.Clock.systemUTC()));
    }

    /** How the desktop opens a document (the JavaFX application's host services); none: say so. */
    private volatile java.util.function.Consumer<String> documents;

    /** Lets {@link #showDocument} open files, through the running application's host services. */
    public AppWorkbench openingDocumentsWith(java.util.function.Consumer<String> opener) {
        this.documents = opener;
        return this;
    }

    @Override
    public void showDocument(Path file) throws IOException {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IOException(file + " is gone; write the report again.");
        }
        java.util.function.Consumer<String> d = documents;
        if (d == null) {
            throw new IOException("This window cannot open files; open " + file + " yourself.");
        }
        try {
            d.accept(file.toUri().toString());
        } catch (RuntimeException e) {
            throw new IOException("The desktop could not open " + file + "; open it yourself.", e);
        }
    }

    @Override
    public Path exportReport(io.bedside.model.recording.Recording recording, Path dir, boolean redact) throws IOException {
        if (recording.samples().isEmpty()) {
            throw new IOException("There is no sample to report yet; wait for the first one.");
        }
        java.time.Instant from = recording.samples().get(0).receivedAt();
        java.time.Instant to = recording.samples().get(recording.samples().size() - 1).receivedAt().plusSeconds(1);
        // the writer's IOException is one sentence already
        return new io.bedside.app.report.ReportWriter(Main.VERSION, java.time.Clock.systemUTC()).write(recording,
                io.bedside.app.report.ReportWriter.localFixes(recording, io.bedside.app.fix.SessionFiles.root(), from, to),
                dir, redact);
    }

    @Override
    public String version() {
        return Main.VERSION;
    }
}
