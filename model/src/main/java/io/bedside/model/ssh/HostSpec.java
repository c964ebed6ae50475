package io.bedside.model.ssh;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the operator typed to name a host: an ssh_config alias, {@code host}, {@code user@host},
 * {@code user@host:port} or {@code [v6addr]:port}. Resolution into a real address happens
 * the OpenSSH way, through {@link EffectiveSshConfig}.
 */
public record HostSpec(Optional<String> user, String host, OptionalInt port) {

    /**
     * Parses a host argument.
     *
     * @throws IllegalArgumentException with one sentence when it is not a host name
     */
    public static HostSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("No host was given.");
        }
        String s = text.trim();
        if (s.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'" + s + "' is not a host name: it contains a space.");
        }
        Optional<String> user = Optional.empty();
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            if (at == 0) {
                throw new IllegalArgumentException("'" + s + "' has an empty user name before '@'.");
            }
            user = Optional.of(s.substring(0, at));
            s = s.substring(at + 1);
        }
        OptionalInt port = OptionalInt.empty();
        String host = s;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' has '[' without ']'.");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (rest.startsWith(":")) {
                port = OptionalInt.of(parsePort(rest.substring(1), text));
            } else if (!rest.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' has text after ']' that is not ':port'.");
            }
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            int c = s.indexOf(':');
            host = s.substring(0, c);
            port = OptionalInt.of(parsePort(s.substring(c + 1), text));
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no host name.");
        }
        return new HostSpec(user, host, port);
    }

    private static int parsePort(String p, String text) {
        try {
            int port = Integer.parseInt(p);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has an invalid port '" + p + "' (1-65535).");
        }
    }

    @Override
    public String toString() {
        return user.map(u -> u + "@").orElse("") + (host.contains(":") ? "[" + host + "]" : host)
                + (port.isPresent() ? ":" + port.getAsInt() : "");
    }
}
