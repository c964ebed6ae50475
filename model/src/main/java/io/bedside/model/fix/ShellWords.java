package io.bedside.model.fix;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one way Bedside turns words into a command line for a POSIX shell on a host. Every value
 * that is not a literal of Bedside's own (a path, a unit name, a signal name, a file's content)
 * goes through {@link #quote} or {@link #command}, so the argv the host's program receives is
 * exactly the one intended, whatever bytes the value holds: quotes, backslashes, {@code $},
 * backquotes, globs, newlines, {@code \r}, ESC, a leading {@code -} (an option only when the
 * command reads it so; hence the {@code --} before operands in the plans) or bytes that are not
 * UTF-8 (carried as U+DC80..U+DCFF, see {@link #bytes}).
 *
 * <p>Single-quote style: a word of only {@code [A-Za-z0-9_@%+=:,./-]} is left bare, so previews
 * read as an engineer would type them ({@code kill -s TERM 5025}); anything else is put in single
 * quotes, where sh (dash, bash, busybox ash, ksh) takes every byte literally, and each {@code '}
 * becomes {@code '\''}. The first word of a command is quoted also when it holds {@code =} (bare,
 * it would be an assignment) or is a reserved word ({@code if}, {@code !} ...). NUL cannot be in
 * an argument of any program, so a word holding it is refused.
 */
public final class ShellWords {
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
    private static final Set<String> RESERVED = Set.of("!", "{", "}", "case", "do", "done", "elif", "else", "esac", "fi",
            "for", "if", "in", "then", "until", "while", "function", "select", "time", "[[", "]]");

    private ShellWords() {
    }

    /**
     * One word for sh: bare when it holds only characters the shell never treats specially
     * ({@code [A-Za-z0-9_@%+=:,./-]}), else single-quoted.
     *
     * @throws IllegalArgumentException when the word holds NUL, which no argument can carry
     */
    public static String quote(String word) {
        if (word.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("A command argument cannot hold a NUL byte.");
        }
        if (BARE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** A simple command: every word quoted as needed, joined by spaces. */
    public static String command(String... argv) {
        return command(List.of(argv));
    }

    /** A simple command: every word quoted as needed, joined by spaces. */
    public static String command(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("A command needs at least its name.");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < argv.size(); i++) {
            String w = argv.get(i);
            if (i > 0) {
                out.append(' ');
            }
            out.append(i == 0 && (w.indexOf('=') >= 0 || RESERVED.contains(w)) ? forceQuote(w) : quote(w));
        }
        return out.toString();
    }

    private static String forceQuote(String word) {
        quote(word);
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /**
     * The bytes of a command line for the host: UTF-8, except that U+DC80..U+DCFF (a lone low
     * surrogate, the way a decoder keeps a byte that was not UTF-8) becomes the byte 0x80..0xFF
     * itself, so a name read from the host as invalid UTF-8 reaches it again as the same bytes.
     * Any other lone surrogate is refused.
     *
     * @throws IllegalArgumentException for a lone surrogate outside U+DC80..U+DCFF
     */
    public static byte[] bytes(String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(command.length() + 16);
        int i = 0;
        while (i < command.length()) {
            char c = command.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < command.length() && Character.isLowSurrogate(command.charAt(i + 1))) {
                out.writeBytes(command.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
                i += 2;
                continue;
            }
            if (c >= '\uDC80' && c <= '\uDCFF') {
                out.write(c - 0xDC00);
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("The command holds a lone surrogate U+" + Integer.toHexString(c).toUpperCase()
                        + " that stands for no byte.");
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
            i++;
        }
        return out.toByteArray();
    }
}
