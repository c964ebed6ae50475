package io.bedside.model.disk;

import java.util.Arrays;

/**
 * One line of {@code /proc/self/mountinfo}. Sample (a container's root and a bind mount of the
 * host's disk):
 * <pre>
 * 45 44 254:0 / / rw,relatime - ext4 /dev/vda rw,discard
 * 65 45 254:0 /run/netns /run/netns rw,relatime - ext4 /dev/vda rw,discard
 * </pre>
 *
 * @param id         the mount id
 * @param parent     the parent's mount id
 * @param major      the device's major number ({@code st_dev} of files on it)
 * @param minor      the device's minor number
 * @param root       the directory of the file system this mount shows (not {@code /} for a bind mount), decoded
 * @param mountPoint where it is mounted, decoded (the kernel's {@code \040} is a space again); host text
 * @param options    the per-mount options ({@code rw,relatime})
 * @param fstype     the file system type ({@code ext4}, {@code tmpfs}, {@code fuse.sshfs})
 * @param source     the device or source ({@code /dev/vda}, {@code tmpfs}), decoded; host text
 * @param line       the raw line
 */
public record Mount(int id, int parent, int major, int minor, String root, String mountPoint, String options,
                    String fstype, String source, String line) {

    /** {@code major:minor}, as mountinfo prints it. */
    public String device() {
        return major + ":" + minor;
    }

    /** Mounted read-only (this mount's own option). */
    public boolean readOnly() {
        return Arrays.asList(options.split(",")).contains("ro");
    }
}
