package io.bedside.model.disk;

/**
 * An fd of a deleted regular file (probe section {@code fd-deleted}, from {@code stat -L} of
 * /proc/PID/fd/FD). Sample:
 * <pre>
 * 16829 3 300000 592 512 2401420 65024 0
 * </pre>
 *
 * @param pid       the process holding it
 * @param fd        the fd
 * @param size      its size ({@code st_size}), bytes
 * @param blocks    its allocated blocks ({@code st_blocks}) in units of {@code blockUnit}
 * @param blockUnit the unit of blocks (stat's %B, 512)
 * @param inode     its inode
 * @param dev       {@code st_dev} as a number (glibc's encoding of major and minor)
 * @param links     its hard links (0: no name is left)
 */
public record DeletedFile(int pid, int fd, long size, long blocks, long blockUnit, long inode, long dev, long links) {

    /** The bytes it holds on disk (allocated blocks; a sparse file holds less than its size). */
    public long heldBytes() {
        try {
            return Math.multiplyExact(blocks, blockUnit);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The major number of {@link #dev()} (glibc's gnu_dev_major). */
    public int major() {
        return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
    }

    /** The minor number of {@link #dev()} (glibc's gnu_dev_minor). */
    public int minor() {
        return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
    }

    /** {@code major:minor}, as mountinfo prints it. */
    public String device() {
        return major() + ":" + minor();
    }
}
