package io.bedside.model.memory;

/**
 * Undoes the escaping the kernel applies to a process name in /proc/PID/status ({@code Name:}
 * is printed with {@code \t}, {@code \n}, {@code \\} and octal {@code \ooo} escapes, so it never
 * holds a TAB or a newline) and that the probe applies to cgroup paths ({@code \\}, {@code \t}).
 * A backslash that starts no known escape is kept as it is.
 */
final class KernelEscapes {
    private KernelEscapes() {
    }

    static String unescape(String s) {
        return io.bedside.model.probe.WireText.decode(s);
    }
}
