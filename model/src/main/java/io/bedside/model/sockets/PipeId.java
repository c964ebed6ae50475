package io.bedside.model.sockets;

/** A pipe: anonymous ({@code pipe:[INODE]}) or named (a FIFO, by the path its holders opened). */
public sealed interface PipeId {

    /** {@code pipe:[726930]} or the FIFO's path. */
    String text();

    /** What the finding's {@code pipe} subject carries: the inode (a number) or the FIFO's path. */
    Object subject();

    /** {@code anonymous} or {@code fifo}. */
    String kind();

    record Anonymous(long inode) implements PipeId {
        @Override
        public String text() {
            return "pipe:[" + inode + "]";
        }

        @Override
        public Object subject() {
            return inode;
        }

        @Override
        public String kind() {
            return "anonymous";
        }
    }

    record Fifo(String path) implements PipeId {
        @Override
        public String text() {
            return path;
        }

        @Override
        public Object subject() {
            return path;
        }

        @Override
        public String kind() {
            return "fifo";
        }
    }
}
