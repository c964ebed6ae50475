package io.bedside.model.disk;

/**
 * What statfs(2) said of one mounted file system (probe section {@code statfs}).
 *
 * @param mountId the mount it was asked through
 * @param bsize   the fundamental block size ({@code f_frsize}), in bytes
 * @param blocks  the blocks of data ({@code f_blocks})
 * @param bfree   free blocks ({@code f_bfree}), root's reserve included
 * @param bavail  blocks free to users other than root ({@code f_bavail})
 * @param files   inodes ({@code f_files}); 0 when the file system has no fixed number (btrfs)
 * @param ffree   free inodes ({@code f_ffree})
 */
public record FsStat(int mountId, long bsize, long blocks, long bfree, long bavail, long files, long ffree) {

    public long sizeBytes() {
        return mul(blocks, bsize);
    }

    public long availBytes() {
        return mul(bavail, bsize);
    }

    public long usedBytes() {
        return mul(Math.max(0, blocks - bfree), bsize);
    }

    /**
     * Used percent as df prints it: used / (used + available to users), rounded up; root's reserve
     * counts as neither. 0 for a file system without blocks.
     */
    public int usedPercent() {
        long used = Math.max(0, blocks - bfree);
        long total = used + bavail;
        if (total <= 0) {
            return 0;
        }
        return (int) Math.min(100, (used * 100 + total - 1) / total);
    }

    /** Whether the file system counts inodes at all. */
    public boolean hasInodes() {
        return files > 0;
    }

    /** Inodes used, percent, rounded up (as df -i). */
    public int inodesUsedPercent() {
        if (files <= 0) {
            return 0;
        }
        long used = Math.max(0, files - ffree);
        return (int) Math.min(100, (used * 100 + files - 1) / files);
    }

    private static long mul(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
