package io.bedside.ui.sockets;

import java.util.List;

/**
 * The evidence of one {@code proc.blocked-on-pipe} subject, drawn as a chain of boxes: sockets ->
 * process -> threads blocked writing -> fd N -> pipe -> the processes holding its read end.
 *
 * @param pid   the blocked process
 * @param links the boxes, left to right
 */
public record PipeChain(int pid, List<Link> links) {
    public PipeChain {
        links = List.copyOf(links);
    }

    /** What a box stands for; its style follows it. */
    public enum Kind { SOCKETS, PROCESS, THREADS, FD, PIPE, READER, UNKNOWN }

    /**
     * @param kind   what the box stands for
     * @param title  its first line, e.g. {@code fd 2}
     * @param detail its second line, e.g. {@code stderr}; may be empty
     */
    public record Link(Kind kind, String title, String detail) {
        public String text() {
            return shown(s -> s);
        }

        /**
         * Its two lines as a medium shows them: title and detail each through {@code show} (they hold
         * host text, such as a process name), the line break between them Bedside's own.
         */
        public String shown(java.util.function.UnaryOperator<String> show) {
            return detail.isEmpty() ? show.apply(title) : show.apply(title) + "\n" + show.apply(detail);
        }
    }

    /** The chain as one line, for tests and the clipboard: {@code a -> b -> c}. */
    public String text() {
        return String.join(" -> ", links.stream().map(l -> l.text().replace('\n', ' ')).toList());
    }
}
