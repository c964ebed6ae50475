package io.bedside.model.disk;

import java.util.List;
import java.util.Optional;

/**
 * One file system as the operator sees it: a device (major:minor) with the mounts that show it
 * (bind mounts of the same device are one file system) and what statfs said of it.
 *
 * @param mounts   its visible mounts in mountinfo order; the first is the one statfs was asked through
 * @param stat     what statfs said; empty when it was not asked ({@link #skipped()}) or could not answer
 * @param skipped  why it was not asked (a network or FUSE file system, whose server could hang the
 *                 sample); empty when it was
 * @param readOnly every mount of it is read-only: it cannot fill up
 */
public record FileSystem(List<Mount> mounts, Optional<FsStat> stat, Optional<String> skipped, boolean readOnly) {
    public FileSystem {
        mounts = List.copyOf(mounts);
        if (mounts.isEmpty()) {
            throw new IllegalArgumentException("a file system without a mount");
        }
    }

    public Mount primary() {
        return mounts.get(0);
    }

    /** Where it is mounted (the first visible mount). */
    public String mountPoint() {
        return primary().mountPoint();
    }

    public String device() {
        return primary().device();
    }

    public String fstype() {
        return primary().fstype();
    }

    public String source() {
        return primary().source();
    }

    /** A key that names it across samples: its device and mount point. */
    public String key() {
        return device() + " " + mountPoint();
    }
}
