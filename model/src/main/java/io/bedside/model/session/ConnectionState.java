package io.bedside.model.session;

/** Where a live session stands, as the status bar shows it. */
public enum ConnectionState {
    CONNECTING("Connecting"),
    LIVE("Live"),
    PAUSED("Paused"),
    RECONNECTING("Reconnecting"),
    FAILED("Disconnected"),
    REPLAY("Replay"),
    CLOSED("Closed");

    private final String label;

    ConnectionState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
