package io.bedside.model.sockets;

/**
 * What an fd's link in /proc/PID/fd names: {@code socket:[724610]}, {@code pipe:[726930]}, a path,
 * or another kernel object ({@code anon_inode:[eventfd]}, {@code net:[4026531840]}).
 */
public sealed interface FdTarget {

    /** The text of the link, as the kernel printed it. */
    String text();

    /** {@code socket:[INODE]}. */
    record Socket(long inode) implements FdTarget {
        @Override
        public String text() {
            return "socket:[" + inode + "]";
        }
    }

    /** {@code pipe:[INODE]}: an anonymous pipe. */
    record Pipe(long inode) implements FdTarget {
        @Override
        public String text() {
            return "pipe:[" + inode + "]";
        }
    }

    /**
     * A path: a file, a directory, a device or a named pipe (FIFO); the fd's type says which.
     *
     * @param path    the path without the kernel's {@code " (deleted)"}
     * @param deleted whether the kernel said the file was deleted
     */
    record Path(String path, boolean deleted) implements FdTarget {
        @Override
        public String text() {
            return deleted ? path + " (deleted)" : path;
        }
    }

    /** Anything else: {@code anon_inode:[eventfd]}, {@code anon_inode:inotify}, {@code net:[...]}. */
    record Other(String text) implements FdTarget {
    }

    /**
     * Reads a link's text.
     *
     * @throws IllegalArgumentException when it is empty, or {@code socket:[...]} / {@code pipe:[...]} without a number
     */
    static FdTarget parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the fd's target is empty");
        }
        if (text.startsWith("socket:[") || text.startsWith("pipe:[")) {
            int open = text.indexOf('[');
            if (!text.endsWith("]")) {
                throw new IllegalArgumentException("'" + text + "' does not end in ']'");
            }
            long inode = Fields.number(text.substring(open + 1, text.length() - 1), "inode");
            return text.startsWith("socket:") ? new Socket(inode) : new Pipe(inode);
        }
        if (text.startsWith("/")) {
            String suffix = " (deleted)";
            return text.endsWith(suffix) && text.length() > suffix.length()
                    ? new Path(text.substring(0, text.length() - suffix.length()), true)
                    : new Path(text, false);
        }
        return new Other(text);
    }
}
