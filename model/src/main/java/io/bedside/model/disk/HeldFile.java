package io.bedside.model.disk;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A deleted file a process holds open, with what the fd walk says of it.
 *
 * @param file      what stat said of it
 * @param comm      the holder's name (host text); empty when the fd walk did not name it
 * @param path      the path it had (without the kernel's " (deleted)"; host text); empty when unknown
 * @param startTime the holder's start time (clock ticks after boot), when known
 * @param unit      the holder's systemd service, when it runs in one
 * @param fs        the file system it is on
 */
public record HeldFile(DeletedFile file, String comm, String path, OptionalLong startTime, Optional<String> unit,
                       FileSystem fs) {
}
