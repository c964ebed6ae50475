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
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                b.append(c);
                continue;
            }
            char n = s.charAt(i + 1);
            switch (n) {
                case '\\' -> b.append('\\');
                case 't' -> b.append('\t');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 'f' -> b.append('\f');
                case 'v' -> b.append('\u000b');
                case 'a' -> b.append('\u0007');
                case 'e' -> b.append('\u001b');
                case '"' -> b.append('"');
                default -> {
                    if (i + 3 < s.length() && octal(n) && octal(s.charAt(i + 2)) && octal(s.charAt(i + 3))) {
                        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                        i += 3;
                    } else {
                        b.append(c);
                    }
                    continue;
                }
            }
            i++;
        }
        return b.toString();
    }

    private static boolean octal(char c) {
        return c >= '0' && c <= '7';
    }
}
