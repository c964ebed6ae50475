package io.bedside.model.ipc;

import java.util.List;
import java.util.Optional;

/**
 * Every System V shared memory mapping the probe found in /proc/PID/maps.
 *
 * @param attachments     one per mapping
 * @param unreadablePids  processes whose maps could not be read even as root (their mappings are unknown)
 * @param unreadableLine  the raw {@code unreadable=} line, when there was one
 * @param namespace       the IPC namespace these mappings count in: the probe's own (the inode of
 *                        its /proc/self/ns/ipc link), when the probe said
 * @param elsewhere       mappings of processes in another IPC namespace: a segment id is unique
 *                        only inside its namespace, so these never count against this host's
 *                        segments (a container's segment 0 is not the host's segment 0)
 */
public record ShmAttachments(List<ShmAttachment> attachments, List<Integer> unreadablePids,
                             Optional<String> unreadableLine, java.util.OptionalLong namespace,
                             List<ShmAttachment> elsewhere) {
    public ShmAttachments {
        attachments = List.copyOf(attachments);
        unreadablePids = List.copyOf(unreadablePids);
        elsewhere = List.copyOf(elsewhere);
    }

    public ShmAttachments(List<ShmAttachment> attachments, List<Integer> unreadablePids, Optional<String> unreadableLine) {
        this(attachments, unreadablePids, unreadableLine, java.util.OptionalLong.empty(), List.of());
    }

    /** "IPC namespace 4026531839 (the probe's own)": which namespace these mappings cover. */
    public String namespaceText() {
        return namespace.isPresent() ? "IPC namespace " + namespace.getAsLong() + " (the probe's own)"
                : "the probe's IPC namespace";
    }

    /** The processes mapping this segment. */
    public List<ShmAttachment> of(ShmSegment segment) {
        return attachments.stream().filter(a -> a.maps(segment)).toList();
    }
}
