package io.bedside.model.findings;

import io.bedside.model.ipc.IpcRules;
import io.bedside.model.memory.MemoryRules;
import io.bedside.model.sockets.SocketRules;

import java.util.List;

/**
 * Every findings rule Bedside knows, by playbook. The IPC, memory and socket playbooks add
 * theirs here; the window and {@code diagnose} both run this list.
 */
public final class Playbooks {
    private Playbooks() {
    }

    public static List<Rule> allRules() {
        return List.of(new IpcRules(), new MemoryRules(), new SocketRules());
    }
}
