package io.bedside.model.port;

import java.util.Optional;

/**
 * Asks the operator while connecting. The window shows dialogs; headless commands refuse
 * (unknown host keys) or read the terminal. Called from a background thread; may block.
 * Secrets are returned as char arrays that the caller wipes after use and never stores.
 */
public interface Prompter {

    /**
     * An unknown host key: ask whether to trust it (and append it to known_hosts).
     *
     * @param host        the host as known_hosts names it
     * @param keyType     e.g. {@code ssh-ed25519}
     * @param fingerprint {@code SHA256:...}
     */
    boolean acceptUnknownHostKey(String host, String keyType, String fingerprint);

    /**
     * Asks for a secret: a key passphrase, a password or a keyboard-interactive answer.
     *
     * @return the secret, or empty when the operator cancelled
     */
    Optional<char[]> askSecret(String prompt);

    /** A prompter that accepts nothing and asks nothing: for headless use without a terminal. */
    Prompter REFUSE_ALL = new Prompter() {
        @Override
        public boolean acceptUnknownHostKey(String host, String keyType, String fingerprint) {
            return false;
        }

        @Override
        public Optional<char[]> askSecret(String prompt) {
            return Optional.empty();
        }
    };
}
