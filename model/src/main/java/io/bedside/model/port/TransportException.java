package io.bedside.model.port;

/**
 * A failure to reach or talk to a host, with one sentence for the operator as its message.
 */
public class TransportException extends Exception {
    private final Kind kind;

    public enum Kind {
        /** Could not connect: refused, unreachable, name not resolved, timed out. */
        UNREACHABLE,
        /** The host key was not trusted: unknown, changed or revoked. */
        HOST_KEY,
        /** Authentication failed. */
        AUTH,
        /** The connection dropped or stopped answering. */
        DISCONNECTED,
        /** Administrative access is needed and not available. */
        PRIVILEGE,
        /** Anything else. */
        OTHER,
        /** The operator cancelled. */
        CANCELLED
    }

    public TransportException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public TransportException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
