package io.bedside.model.sockets;

import java.util.Optional;

/**
 * A socket's state, as the kernel numbers it in /proc/net/tcp ({@code st}, hex) and as ss names it.
 * UDP sockets use two of them: {@link #CLOSE} (ss: UNCONN) and {@link #ESTABLISHED} (connected).
 */
public enum SocketState {
    ESTABLISHED(0x01, "ESTAB"),
    SYN_SENT(0x02, "SYN-SENT"),
    SYN_RECV(0x03, "SYN-RECV"),
    FIN_WAIT1(0x04, "FIN-WAIT-1"),
    FIN_WAIT2(0x05, "FIN-WAIT-2"),
    TIME_WAIT(0x06, "TIME-WAIT"),
    CLOSE(0x07, "UNCONN"),
    CLOSE_WAIT(0x08, "CLOSE-WAIT"),
    LAST_ACK(0x09, "LAST-ACK"),
    LISTEN(0x0A, "LISTEN"),
    CLOSING(0x0B, "CLOSING"),
    NEW_SYN_RECV(0x0C, "NEW-SYN-RECV"),
    BOUND_INACTIVE(0x0D, "BOUND-INACTIVE");

    private final int code;
    private final String ssName;

    SocketState(int code, String ssName) {
        this.code = code;
        this.ssName = ssName;
    }

    /** The kernel's number (TCP_ESTABLISHED = 1 ...). */
    public int code() {
        return code;
    }

    /** The name ss prints, e.g. {@code CLOSE-WAIT}. */
    public String ssName() {
        return ssName;
    }

    /** The kernel's name, e.g. {@code CLOSE_WAIT}. */
    public String kernelName() {
        return name();
    }

    /** The state for /proc/net/tcp's {@code st} column (two hex digits, e.g. {@code 08}). */
    public static Optional<SocketState> fromProcHex(String hex) {
        if (!Fields.hex(hex, 2)) {
            return Optional.empty();
        }
        int c = Integer.parseInt(hex, 16);
        for (SocketState s : values()) {
            if (s.code == c) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The state for an ss state name ({@code CLOSE-WAIT}); the kernel's own names are taken too. */
    public static Optional<SocketState> fromSsName(String name) {
        for (SocketState s : values()) {
            if (s.ssName.equals(name) || s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
