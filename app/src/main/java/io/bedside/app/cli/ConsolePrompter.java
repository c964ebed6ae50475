package io.bedside.app.cli;

import io.bedside.model.text.HostText;
import io.bedside.model.port.Prompter;

import java.io.Console;
import java.util.Optional;

/**
 * Headless prompting: unknown host keys are refused (the refusal names the fingerprint); secrets
 * are read from the terminal without echo when there is one, and never asked otherwise.
 */
public final class ConsolePrompter implements Prompter {
    @Override
    public boolean acceptUnknownHostKey(String host, String keyType, String fingerprint) {
        return false;
    }

    @Override
    public Optional<char[]> askSecret(String prompt) {
        Console c = System.console();
        if (c == null) {
            return Optional.empty();
        }
        // a keyboard-interactive prompt is the server's text: shown with its control characters visible
        char[] s = c.readPassword("%s ", HostText.terminal(prompt));
        return Optional.ofNullable(s);
    }
}
