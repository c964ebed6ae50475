package io.bedside.ui.main;

import io.bedside.ui.connect.Connector;
import io.bedside.model.port.Prompter;
import io.bedside.model.recording.Replay;
import io.bedside.model.session.SamplingSession;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the window needs from the rest of Bedside: the port the app implements (ssh_config,
 * transports, recordings, settings). The window calls every method except {@link #version()}
 * through its {@link io.bedside.ui.fx.TaskRunner}, off the FX thread, so they may block.
 */
public interface Workbench extends Connector {

    /**
     * The playbooks' areas the window shows after its overview, in the registry's order
     * (io.bedside.ui.areas.WindowAreas#all() in the app): the window names none of them.
     */
    List<AreaContribution<?>> areas();

    /** Starts writing every raw sample of the session to {@code file}. */
    Recorder startRecording(SamplingSession session, Path file) throws IOException;

    /**
     * Where the fix wizards of a live session reach its host: over the session's open connection,
     * with sudo when administrative access is on, saving evidence and an audit log. Empty for
     * replays and when fixes are not available.
     *
     * <p>A default, so that implementations that do not offer fixes yet still compile; the app's
     * workbench overrides it.
     */
    default java.util.Optional<io.bedside.ui.fix.FixService> fixes(io.bedside.model.session.SamplingSession session) {
        return java.util.Optional.empty();
    }

    /**
     * Writes the incident report of {@code recording} into {@code dir}: report.html, report.md and
     * evidence.json, with the fixes applied to its host during the recording and their audit log.
     * With {@code redact}, host names, addresses and user names are replaced throughout.
     *
     * @return the folder written
     * @throws IOException with one sentence for the operator as its message
     */
    default Path exportReport(io.bedside.model.recording.Recording recording, Path dir, boolean redact) throws IOException {
        throw new IOException("Reports cannot be written from this window.");
    }

    /**
     * Opens a file the window wrote (a report) in the desktop's viewer for it, a browser for HTML.
     *
     * @throws IOException with one sentence for the operator as its message
     */
    default void showDocument(Path file) throws IOException {
        throw new IOException("This window cannot open files; open " + file + " yourself.");
    }

    /**
     * Reads an inventory for the fleet view (ssh_config, Ansible INI or YAML, a list of host
     * names); its sweep and its hosts' sessions reach each host as {@code bedside sweep} does.
     *
     * @throws IOException with one sentence for the operator as its message
     */
    default io.bedside.ui.fleet.FleetInventory openInventory(Path file) throws IOException {
        throw new IOException("This window cannot sweep a fleet.");
    }

    /** A recording in progress. */
    interface Recorder {
        /** Stops recording and closes the file. */
        void stop();

        /** Samples written so far. */
        int samples();

        Path file();
    }
}
