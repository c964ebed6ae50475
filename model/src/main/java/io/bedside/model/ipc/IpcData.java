package io.bedside.model.ipc;

import java.util.LinkedHashMap;
import java.util.Map;

/** The playbook's parsed part of a sample as plain data, for {@code snapshot --json}. */
final class IpcData {
    private IpcData() {
    }

    static Map<String, Object> of(IpcSnapshot snapshot) {
        Map<String, Object> out = new LinkedHashMap<>();
        return out;
    }
}
