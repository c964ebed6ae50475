package io.bedside.ui.ipc;

/**
 * One group of an IPC table: an owner or a key, with how many objects fall in it.
 *
 * @param group    the owner ({@code 0 (root)}) or key ({@code 0x00000000 (IPC_PRIVATE)})
 * @param objects  rows in the group
 * @param orphaned of them, how many no live process uses
 * @param weight   what they add up to (semaphores, bytes, queued bytes)
 * @param detail   {@code weight} as text, e.g. {@code 24 semaphores}
 */
public record GroupRow(String group, int objects, int orphaned, long weight, String detail) {
}
