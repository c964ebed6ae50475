package io.bedside.model.disk;

import io.bedside.model.probe.ParseProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses the probe section {@code mountinfo}, a copy of {@code /proc/self/mountinfo}
 * (proc(5)): {@code ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS}.
 * Sample:
 * <pre>
 * 66 45 0:39 / /tmp/dk/a\040b rw,relatime - tmpfs x rw,size=1024k
 * </pre>
 * The kernel escapes space, tab, newline and backslash in the path fields as {@code \ooo}; other
 * bytes come raw and stay in the strings (whoever shows them escapes them). A line that does not
 * parse is a problem and left out.
 */
public final class MountinfoParser {
    public static final String SOURCE = "mountinfo";

    private MountinfoParser() {
    }

    public static Optional<List<Mount>> parse(List<String> lines, List<ParseProblem> problems) {
        List<Mount> out = new ArrayList<>();
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            try {
                out.add(parseLine(line));
            } catch (IllegalArgumentException e) {
                problems.add(new ParseProblem(SOURCE, line, "Unrecognized mountinfo line: " + e.getMessage() + "."));
            }
        }
        if (out.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(out));
    }

    static Mount parseLine(String line) {
        String[] f = line.split(" ", -1);
        if (f.length < 9) {
            throw new IllegalArgumentException("too few fields");
        }
        int sep = -1;
        for (int i = 6; i < f.length; i++) {
            if (f[i].equals("-")) {
                sep = i;
                break;
            }
        }
        if (sep < 0 || f.length < sep + 3) {
            throw new IllegalArgumentException("no ' - ' separator before the file system type");
        }
        int id = number(f[0], "mount id");
        int parent = number(f[1], "parent id");
        int colon = f[2].indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + f[2] + "' is not major:minor");
        }
        int major = number(f[2].substring(0, colon), "major");
        int minor = number(f[2].substring(colon + 1), "minor");
        String fstype = decode(f[sep + 1]);
        if (fstype.isEmpty()) {
            throw new IllegalArgumentException("the file system type is empty");
        }
        return new Mount(id, parent, major, minor, decode(f[3]), decode(f[4]), f[5], fstype, decode(f[sep + 2]), line);
    }

    private static int number(String s, String what) {
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(what + " '" + s + "' is not a number");
        }
        return Integer.parseInt(s);
    }

    /**
     * The kernel's escapes undone: {@code \ooo} (three octal digits) is that byte; a backslash
     * followed by anything else stays. Bytes above 0x7f arrive already decoded as text.
     */
    public static String decode(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && octal(s.charAt(i + 1)) && octal(s.charAt(i + 2)) && octal(s.charAt(i + 3))) {
                int v = (s.charAt(i + 1) - '0') * 64 + (s.charAt(i + 2) - '0') * 8 + (s.charAt(i + 3) - '0');
                b.append((char) (v & 0xff));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean octal(char c) {
        return c >= '0' && c <= '7';
    }
}
