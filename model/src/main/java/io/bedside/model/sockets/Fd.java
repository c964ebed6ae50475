package io.bedside.model.sockets;

import java.util.Optional;

/**
 * One open fd of a process (probe section {@code proc-fds}). Sample:
 * <pre>
 * 5025 2 l-wx------ p pipe:[726930]
 * </pre>
 *
 * @param pid    the process
 * @param fd     the fd number
 * @param mode   the fd link's permissions, which the kernel sets from the open mode:
 *               {@code lr-x------} read, {@code l-wx------} write, {@code lrwx------} both
 * @param type   what it refers to: {@code p} pipe or FIFO, {@code s} socket, {@code f} file,
 *               {@code d} directory, {@code c}/{@code b} device, {@code ?} not known
 * @param target the link
 * @param line   the raw line
 */
public record Fd(int pid, int fd, String mode, char type, FdTarget target, String line) {

    /** Open for reading (O_RDONLY or O_RDWR). */
    public boolean reads() {
        return mode.length() > 1 && mode.charAt(1) == 'r';
    }

    /** Open for writing (O_WRONLY or O_RDWR). */
    public boolean writes() {
        return mode.length() > 2 && mode.charAt(2) == 'w';
    }

    /** The socket's inode, for {@code socket:[INODE]}. */
    public Optional<Long> socketInode() {
        return target instanceof FdTarget.Socket s ? Optional.of(s.inode()) : Optional.empty();
    }

    /**
     * The pipe this fd is an end of: an anonymous pipe, or a path of type {@code p} (a FIFO). A
     * path of unknown type ({@code ?}, the busybox way) is not taken for a FIFO here.
     */
    public Optional<PipeId> pipe() {
        if (target instanceof FdTarget.Pipe p) {
            return Optional.of(new PipeId.Anonymous(p.inode()));
        }
        if (target instanceof FdTarget.Path p && type == 'p') {
            return Optional.of(new PipeId.Fifo(p.path()));
        }
        return Optional.empty();
    }

    /** {@code r}, {@code w}, {@code rw} or {@code -}. */
    public String access() {
        return reads() && writes() ? "rw" : reads() ? "r" : writes() ? "w" : "-";
    }
}
