package io.bedside.app.cli;

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
        char[] s = c.readPassword("%s ", prompt);
        return Optional.ofNullable(s);
    }
}
