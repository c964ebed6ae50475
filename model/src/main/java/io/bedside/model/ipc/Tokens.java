package io.bedside.model.ipc;

import java.util.ArrayList;
import java.util.List;

/**
 * Regex-free splitting and digit checks: a sample can carry 32,000 semaphore arrays, and
 * {@code String.split("\\s+")} and {@code String.matches} compile a pattern on every call.
 */
final class Tokens {
    private Tokens() {
    }

    /** The fields of a line separated by runs of blanks (space, tab); leading and trailing blanks ignored. */
    static String[] fields(String line) {
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
        return out.toArray(String[]::new);
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0x0b;
    }

    /** 1 to maxLength ASCII digits. */
    static boolean digits(String s, int maxLength) {
        return ofClass(s, maxLength, '0', '9');
    }

    /** 1 to maxLength octal digits. */
    static boolean octal(String s, int maxLength) {
        return ofClass(s, maxLength, '0', '7');
    }

    private static boolean ofClass(String s, int maxLength, char lo, char hi) {
        int n = s.length();
        if (n == 0 || n > maxLength) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < lo || c > hi) {
                return false;
            }
        }
        return true;
    }
}
