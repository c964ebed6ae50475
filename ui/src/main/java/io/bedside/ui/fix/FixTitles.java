package io.bedside.ui.fix;

import io.bedside.model.ipc.IpcFixPlans;
import io.bedside.model.memory.MemoryFixPlans;

import java.util.Map;

/** What a fix is called on its button, by fix id; an unknown id is shown as itself. */
public final class FixTitles {
    private static final Map<String, String> BUTTONS = Map.of(
            IpcFixPlans.SEM_REMOVE_ORPHANS, "Remove orphaned arrays…",
            IpcFixPlans.SHM_REMOVE_ORPHANS, "Remove orphaned segments…",
            IpcFixPlans.SEM_RAISE_LIMIT, "Raise kernel.sem…",
            IpcFixPlans.SHM_RAISE_LIMIT, "Raise shared memory limits…",
            MemoryFixPlans.PROTECT, "Protect…");

    private static final Map<String, String> TITLES = Map.of(
            IpcFixPlans.SEM_REMOVE_ORPHANS, "Remove orphaned semaphore arrays",
            IpcFixPlans.SHM_REMOVE_ORPHANS, "Remove orphaned shared memory segments",
            IpcFixPlans.SEM_RAISE_LIMIT, "Raise the semaphore limits (kernel.sem)",
            IpcFixPlans.SHM_RAISE_LIMIT, "Raise the shared memory limits",
            MemoryFixPlans.PROTECT, "Protect a process from the OOM killer (oom_score_adj)");

    private FixTitles() {
    }

    /** The text of the button that opens the wizard for {@code fixId}. */
    public static String button(String fixId) {
        return BUTTONS.getOrDefault(fixId, "Fix: " + fixId + "…");
    }

    /** What the fix does, before its plan (which has its own title) is made. */
    public static String title(String fixId) {
        return TITLES.getOrDefault(fixId, fixId);
    }
}
