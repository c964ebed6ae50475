package io.bedside.ui.connect;

import io.bedside.model.port.Prompter;
import io.bedside.model.recording.Replay;
import io.bedside.model.session.SamplingSession;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the connect screen needs from the rest of Bedside: hosts to offer, sessions and replays to
 * open. The window's {@code Workbench} is one; the connect screen names nothing of the window.
 * Called off the FX thread (they may block), except {@link #version()}.
 */
public interface Connector {
    /** Host aliases from ssh_config ({@code Host} lines without wildcards). */
    List<String> sshAliases();

    /** Hosts connected to recently, newest first. */
    List<String> recentHosts();

    /**
     * Whether administrative access (sudo) was last switched on for {@code hostText}: the window
     * then opens the host with it on. Only the host is remembered, never a password.
     */
    default boolean sudoRemembered(String hostText) {
        return false;
    }

    /**
     * Remembers that administrative access is on (or off) for {@code hostText}.
     *
     * @throws IOException with one sentence for the operator as its message
     */
    default void rememberSudo(String hostText, boolean on) throws IOException {
    }

    /** Demo recordings that ship with Bedside. */
    List<BundledRecording> bundledRecordings();

    /**
     * A session for what the operator typed: an alias, host, user@host or user@host:port. It is
     * not started; the window adds its listeners and calls {@link SamplingSession#start()}.
     *
     * @param prompter asks about unknown host keys and secrets while connecting (from a background thread)
     * @throws IllegalArgumentException when the text is not a host; its message is one sentence for the operator
     */
    SamplingSession openHost(String hostText, Prompter prompter) throws IllegalArgumentException;

    /** A session on the machine Bedside runs on; not started. */
    SamplingSession openThisMachine();

    /** @throws IOException with one sentence for the operator as its message */
    Replay openRecording(Path file) throws IOException;

    /** @throws IOException with one sentence for the operator as its message */
    Replay openBundled(String id) throws IOException;

    /** Bedside's version, for the title and the About text. */
    String version();
}
