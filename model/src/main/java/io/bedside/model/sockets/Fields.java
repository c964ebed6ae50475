package io.bedside.model.sockets;

import java.util.ArrayList;
import java.util.List;

/**
 * Regex-free splitting and number checks: a sample can carry 100,000 sockets and fds, and
 * {@code String.split("\\s+")} compiles a pattern on every call.
 */
final class Fields {
    private Fields() {
    }

    /** The fields of a line separated by runs of blanks; leading and trailing blanks ignored. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>(16);
        int n = line.length();
        int i = 0;
        while (i < n) {
            while (i < n && blank(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !blank(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(line.substring(start, i));
            }
        }
        return out;
    }

    /**
     * The first {@code count} fields separated by single spaces, then the rest of the line after
     * the next space (which may be empty or contain spaces), as the probe's awk prints them.
     * Null when the line has fewer than {@code count} spaces.
     */
    static String[] leading(String line, int count) {
        String[] out = new String[count + 1];
        int pos = 0;
        for (int k = 0; k < count; k++) {
            int sp = line.indexOf(' ', pos);
            if (sp < 0) {
                return null;
            }
            out[k] = line.substring(pos, sp);
            pos = sp + 1;
        }
        out[count] = line.substring(pos);
        return out;
    }

    static boolean blank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0x0b;
    }

    /** 1 to maxLength ASCII digits. */
    static boolean digits(String s, int maxLength) {
        int n = s.length();
        if (n == 0 || n > maxLength) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** 1 to maxLength hex digits (either case). */
    static boolean hex(String s, int maxLength) {
        int n = s.length();
        if (n == 0 || n > maxLength) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** A non-negative decimal that fits a long. */
    static long number(String s, String what) {
        if (!digits(s, 19)) {
            throw new IllegalArgumentException(what + " '" + s + "' is not a number");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + s + "' is out of range");
        }
    }

    /**
     * As {@link #number(String, String)}, of {@code line}'s characters from {@code a} to {@code e}:
     * read in place, a string made only when it fails (a big host's parsers read 100,000 lines).
     */
    static long number(String line, int a, int e, String what) {
        if (e - a < 1 || e - a > 18) {
            return number(line.substring(a, e), what);
        }
        long v = 0;
        for (int k = a; k < e; k++) {
            char c = line.charAt(k);
            if (c < '0' || c > '9') {
                return number(line.substring(a, e), what);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** As {@link #id(String, String)}, of {@code line}'s characters from {@code a} to {@code e}, read in place. */
    static int id(String line, int a, int e, String what) {
        long v = number(line, a, e, what);
        return v > Integer.MAX_VALUE ? id(line.substring(a, e), what) : (int) v;
    }

    /** A non-negative decimal that fits an int (a pid, tid or fd). */
    static int id(String s, String what) {
        long v = number(s, what);
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " '" + s + "' is out of range");
        }
        return (int) v;
    }
}
