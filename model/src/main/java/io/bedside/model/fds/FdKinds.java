package io.bedside.model.fds;

import io.bedside.model.sockets.Fd;
import io.bedside.model.sockets.FdTarget;
import io.bedside.model.sockets.ProcessFds;

import java.util.Map;
import java.util.TreeMap;

/**
 * What kind of thing an fd is, in the words of {@code ls -l /proc/PID/fd}: {@code socket},
 * {@code pipe}, {@code fifo}, {@code anon_inode:[eventfd]} (the kernel's own name of an anonymous
 * inode, bracketed or not), {@code file}, {@code deleted file}, {@code directory}, {@code device},
 * or the prefix of another kernel object ({@code net}, {@code mnt}). Host paths never become a
 * kind, so a hostile file name cannot forge one.
 */
public final class FdKinds {
    private FdKinds() {
    }

    public static String of(Fd f) {
        FdTarget t = f.target();
        if (t instanceof FdTarget.Socket) {
            return "socket";
        }
        if (t instanceof FdTarget.Pipe) {
            return "pipe";
        }
        if (t instanceof FdTarget.Path p) {
            if (p.deleted()) {
                return "deleted file";
            }
            return switch (f.type()) {
                case 'p' -> "fifo";
                case 'd' -> "directory";
                case 'c', 'b' -> "device";
                case 's' -> "socket";
                default -> "file";
            };
        }
        String text = t.text();
        if (text.startsWith("anon_inode:")) {
            String name = text.substring("anon_inode:".length());
            // [eventfd], inotify, [eventpoll], [timerfd], [pidfd]: the kernel's own words, kept if plain
            return name.matches("\\[?[a-z0-9_.-]{1,32}]?") ? "anon_inode:" + name : "anon_inode";
        }
        int colon = text.indexOf(':');
        String prefix = colon > 0 ? text.substring(0, colon) : "";
        return prefix.matches("[a-z0-9_-]{1,16}") ? prefix : "other";
    }

    /** How many fds of each kind the process holds, by kind name. */
    public static Map<String, Integer> count(ProcessFds p) {
        Map<String, Integer> m = new TreeMap<>();
        for (Fd f : p.fds()) {
            m.merge(of(f), 1, Integer::sum);
        }
        return m;
    }
}
