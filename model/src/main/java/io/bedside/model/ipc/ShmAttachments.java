package io.bedside.model.ipc;

import java.util.List;
import java.util.Optional;

/**
 * Every System V shared memory mapping the probe found in /proc/PID/maps.
 *
 * @param attachments     one per mapping
 * @param unreadablePids  processes whose maps could not be read even as root (their mappings are unknown)
 * @param unreadableLine  the raw {@code unreadable=} line, when there was one
 */
public record ShmAttachments(List<ShmAttachment> attachments, List<Integer> unreadablePids,
                             Optional<String> unreadableLine) {
    public ShmAttachments {
        attachments = List.copyOf(attachments);
        unreadablePids = List.copyOf(unreadablePids);
    }

    /** The processes mapping this segment. */
    public List<ShmAttachment> of(ShmSegment segment) {
        return attachments.stream().filter(a -> a.maps(segment)).toList();
    }
}
