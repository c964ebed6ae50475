package io.bedside.model.sockets;

import java.util.LinkedHashMap;
import java.util.Map;

/** The playbook's parsed part of a sample as plain data, for {@code snapshot --json}. */
final class SocketData {
    private SocketData() {
    }

    static Map<String, Object> of(SocketSnapshot snapshot) {
        Map<String, Object> out = new LinkedHashMap<>();
        return out;
    }
}
