package io.bedside.ui.ipc;

import java.util.Locale;

/**
 * One row of an IPC table, as the window shows it: every value is text ready to show, and the
 * raw value beside it for sorting. Built off the FX thread by {@link IpcRows}; immutable, so an
 * unchanged object is an equal row and the table keeps it.
 */
public sealed interface IpcRow permits SemRow, ShmRow, MsgRow {

    /** The id ({@code semid}, {@code shmid}, {@code msqid}). */
    int id();

    /** The key as ipcs prints it, {@code 0x6104e88b}. */
    String keyHex();

    long uid();

    /** The owner: {@code 0 (root)}, or the bare uid when its name is not known. */
    String owner();

    /** {@code orphaned}, {@code in use}, ...; empty for message queues, which have no verdict. */
    String verdict();

    /** Why the verdict is what it is, in words; empty for message queues. */
    String reason();

    /** Whether no live process uses it (a removal fix may offer it). */
    boolean orphaned();

    /** What a group by owner or by key adds up: semaphores, bytes or queued bytes. */
    long weight();

    /** The raw /proc/sysvipc line. */
    String line();

    /** The group this row falls in. */
    default String group(GroupBy by) {
        return switch (by) {
            case OWNER -> owner();
            case KEY -> keyHex().equals("0x00000000") ? "0x00000000 (IPC_PRIVATE)" : keyHex();
            case NONE -> "";
        };
    }

    /**
     * Whether the filter text matches the key (with or without {@code 0x}), the id, the owner or
     * the verdict; case does not matter and every word of the filter must match.
     */
    default boolean matches(String filter) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        String key = keyHex().toLowerCase(Locale.ROOT);
        String owner = owner().toLowerCase(Locale.ROOT);
        String verdict = verdict().toLowerCase(Locale.ROOT);
        String id = Integer.toString(id());
        for (String word : filter.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            boolean hit = key.contains(word) || key.substring(2).contains(word) || id.contains(word)
                    || owner.contains(word) || (!verdict.isEmpty() && verdict.contains(word));
            if (!hit) {
                return false;
            }
        }
        return true;
    }
}
