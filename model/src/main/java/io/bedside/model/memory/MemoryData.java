package io.bedside.model.memory;

import java.util.LinkedHashMap;
import java.util.Map;

/** The playbook's parsed part of a sample as plain data, for {@code snapshot --json}. */
final class MemoryData {
    private MemoryData() {
    }

    static Map<String, Object> of(MemorySnapshot snapshot) {
        Map<String, Object> out = new LinkedHashMap<>();
        return out;
    }
}
