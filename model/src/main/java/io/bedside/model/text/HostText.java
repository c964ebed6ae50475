package io.bedside.model.text;

/**
 * Text that came from the host (process names, command lines, paths, kernel log lines, cgroup
 * paths, unit names, users, host names), made safe for the medium that shows it. One function per
 * medium: {@link #terminal}, {@link #window}, {@link #markdown} (with {@link #markdownTableCode}
 * and {@link #markdownFence}), {@link #html} / {@link #htmlAttribute}, and
 * {@link #jsonMustEscape} for JSON writers.
 *
 * <p>A host string may hold any character: control characters, escape sequences, bidirectional
 * overrides, zero-width characters, and bytes that were not valid UTF-8, carried as lone
 * surrogates U+DC80..U+DCFF (byte {@code b} is char {@code 0xDC00 + b}, "surrogateescape"). Every
 * medium starts from the same <em>visible form</em>, in which nothing can move the cursor, change
 * colours, reorder text or hide:
 * <ul>
 *   <li>{@code \xHH} for the C0 controls and DEL (HH below 80: {@code \x1b} is ESC, {@code \x0d}
 *       a carriage return, {@code \x0a} a newline, {@code \x09} a TAB), and for a byte that was
 *       not valid UTF-8 (HH 80 to ff: {@code \xff});</li>
 *   <li><code>&#92;uHHHH</code> for C1 controls (U+0080..U+009F), format characters (bidi embeddings,
 *       overrides, isolates and marks, zero-width space/joiners, word joiner, BOM, soft hyphen:
 *       Unicode category Cf), the line and paragraph separators, noncharacters U+FFFE/U+FFFF and
 *       any other lone surrogate; {@code \UHHHHHHHH} for such characters above U+FFFF (tags).</li>
 * </ul>
 * A backslash of the original is doubled only where it could be read as the start of one of these
 * escapes: before {@code x} and two hex digits, {@code u} and four, {@code U} and eight, before a
 * backslash, before a character that is itself escaped, and at the end of the text. So command
 * lines such as {@code grep 'a\.b'} or {@code awk '{printf "%s\n", $1}'} and paths such as
 * {@code My\ Docs} read exactly as they are (which is why a newline is {@code \x0a}, not
 * {@code \n}), and the visible form still decodes back to the exact original ({@link #decode}).
 */
public final class HostText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private HostText() {
    }

    // ---- media ----

    /** A line (or part of one) for the terminal: stdout/stderr of the headless commands. */
    public static String terminal(String s) {
        return visible(s);
    }

    /**
     * Plugin output for Icinga 2 and Nagios ({@code diagnose --format nagios}): the visible form
     * with {@code |}, which starts performance data there, as {@code \x7c}: a process name
     * holding {@code |} cannot forge a metric.
     */
    public static String plugin(String s) {
        return visible(s).replace("|", "\\x7c");
    }

    /**
     * An OpenMetrics (Prometheus) label value, between double quotes: the visible form (no newline
     * left) with {@code \} and {@code "} escaped, so a name cannot end the value and add labels.
     */
    public static String metricLabel(String s) {
        return visible(s).replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Text for the window: labels, table cells, tooltips, chart labels, PNG stamps. */
    public static String window(String s) {
        return visible(s);
    }

    /**
     * HTML text content: the visible form with {@code & < > " '} as entities (so it is also safe
     * inside a quoted attribute).
     */
    public static String html(String s) {
        return htmlEntities(visible(s));
    }

    /** An HTML attribute value (quoted with {@code "} or {@code '}): the same as {@link #html}. */
    public static String htmlAttribute(String s) {
        return html(s);
    }

    /**
     * Markdown inline text (paragraphs, list items, table cells): the visible form with
     * backslash escapes for the characters with which host text could change the document's
     * structure or smuggle characters in (CommonMark and GitHub/GitLab flavours): {@code \} (escapes),
     * {@code `} (code), {@code |} (table cells), {@code < >} (raw HTML, autolinks), {@code [ ]}
     * (links, images), {@code &} (entities such as {@code &#x202e;}) and {@code *} (emphasis). A
     * renderer shows the visible form. Characters of identifiers and values ({@code _ - . = % @ : /})
     * are left as they are: intraword {@code _} is not emphasis, and the report's later passes
     * (redaction of names, masking of {@code NAME_PASSWORD=value}) must see them as written.
     */
    public static String markdown(String s) {
        String v = visible(s);
        StringBuilder b = new StringBuilder(v.length() + 8);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (MARKDOWN_SYNTAX.indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    private static final String MARKDOWN_SYNTAX = "\\`*[]<>|&";

    /**
     * A code span, delimiters included, for a Markdown table cell: backslash escapes do not work
     * inside code, so the span is fenced with one backtick more than the longest run inside it,
     * and {@code |} is written {@code \|} (GitHub's table rule, which applies inside code too).
     */
    public static String markdownTableCode(String s) {
        String v = visible(s);
        if (v.isEmpty()) {
            return "";
        }
        String fence = "`".repeat(longestRun(v, '`') + 1);
        String pad = v.startsWith("`") || v.endsWith("`") || v.startsWith(" ") && v.endsWith(" ") ? " " : "";
        return fence + pad + v.replace("|", "\\|") + pad + fence;
    }

    /**
     * A fenced code block holding these lines, each {@link #preformatted}: the fence is longer than
     * any run of backticks in the body, so no line can close it early.
     */
    public static String markdownFence(Iterable<String> lines) {
        StringBuilder body = new StringBuilder();
        for (String l : lines) {
            body.append(preformatted(l)).append('\n');
        }
        String fence = "`".repeat(Math.max(3, longestRun(body, '`') + 1));
        return fence + "\n" + body + fence + "\n";
    }

    /**
     * Whether a JSON writer must write this char as a {@code \}{@code uHHHH} escape: controls, C1,
     * format characters, line/paragraph separators, noncharacters and every surrogate (a lone one
     * cannot be encoded as UTF-8; a pair is written as two escapes, which decode to the same char).
     * JSON keeps the exact text; the escape keeps the file valid UTF-8 and the raw JSON
     * harmless on a terminal.
     */
    public static boolean jsonMustEscape(char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || Character.isSurrogate(c)
                || c == 0xfffe || c == 0xffff || special(c);
    }

    // ---- the visible form ----

    /** The visible form (see the class comment); {@code null} becomes "". */
    public static String visible(String s) {
        return visible(s, false);
    }

    /**
     * One line of a preformatted block (evidence: raw probe lines in a {@code <pre>}, a fenced code
     * block or a monospaced text area): the visible form, but a TAB stays a TAB. In probe output a
     * raw TAB only ever separates fields (host text carries its own TABs escaped on the wire), and in
     * a block of its own a TAB can move nothing but the rest of its line.
     */
    public static String preformatted(String s) {
        return visible(s, true);
    }

    /** {@link #preformatted} for HTML, inside {@code <pre>}. */
    public static String htmlPreformatted(String s) {
        return htmlEntities(preformatted(s));
    }

    private static String visible(String s, boolean keepTabs) {
        if (s == null) {
            return "";
        }
        int n = s.length();
        int i = 0;
        while (i < n && (!needsWork(s.charAt(i)) || keepTabs && s.charAt(i) == '\t')) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n + 16).append(s, 0, i);
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\') {
                b.append(backslashDoubled(s, i + 1) ? "\\\\" : "\\");
                i++;
                continue;
            }
            int cp = s.codePointAt(i);
            int len = Character.charCount(cp);
            if (cp == '\t' && keepTabs) {
                b.append('\t');
            } else if (cp < 0x20 || cp == 0x7f) {
                hex(b.append("\\x"), cp, 2);
            } else if (cp >= 0xdc80 && cp <= 0xdcff) {
                hex(b.append("\\x"), cp - 0xdc00, 2);
            } else if (escaped(cp)) {
                if (cp > 0xffff) {
                    hex(b.append("\\U"), cp, 8);
                } else {
                    hex(b.append("\\u"), cp, 4);
                }
            } else {
                b.appendCodePoint(cp);
            }
            i += len;
        }
        return b.toString();
    }

    /**
     * The original text of a visible form: {@code decode(visible(s)).equals(s)} for every string.
     * A backslash that starts no escape stands for itself.
     */
    public static String decode(String v) {
        StringBuilder b = new StringBuilder(v.length());
        int i = 0;
        int n = v.length();
        while (i < n) {
            char c = v.charAt(i);
            if (c != '\\' || i + 1 >= n) {
                b.append(c);
                i++;
                continue;
            }
            char e = v.charAt(i + 1);
            int digits = switch (e) {
                case 'x' -> 2;
                case 'u' -> 4;
                case 'U' -> 8;
                default -> 0;
            };
            if (e == '\\') {
                b.append('\\');
                i += 2;
            } else if (digits > 0 && i + 2 + digits <= n && isHex(v, i + 2, digits)
                    && Long.parseLong(v.substring(i + 2, i + 2 + digits), 16) <= Character.MAX_CODE_POINT) {
                int cp = Integer.parseInt(v.substring(i + 2, i + 2 + digits), 16);
                if (e == 'x' && cp >= 0x80) {
                    b.append((char) (0xdc00 + cp));
                } else {
                    b.appendCodePoint(cp);
                }
                i += 2 + digits;
            } else {
                b.append('\\');
                i++;
            }
        }
        return b.toString();
    }

    /** Whether the visible form writes this code point as an escape (controls, bidi, zero-width...). */
    public static boolean escaped(int cp) {
        if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f)) {
            return true;
        }
        if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
            return true; // only reached for a lone surrogate: a pair arrives as one code point
        }
        return cp == 0xfffe || cp == 0xffff || special(cp);
    }

    private static boolean special(int cp) {
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static boolean needsWork(char c) {
        return c == '\\' || c < 0x20 || c >= 0x7f && (c <= 0x9f || Character.isSurrogate(c) || c == 0xfffe || c == 0xffff
                || special(c));
    }

    private static boolean backslashDoubled(String s, int next) {
        if (next >= s.length()) {
            return true;
        }
        char c = s.charAt(next);
        if (c == '\\') {
            return true;
        }
        int digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
        if (digits > 0 && next + 1 + digits <= s.length() && isHex(s, next + 1, digits)) {
            return true;
        }
        return escaped(s.codePointAt(next));
    }

    private static void hex(StringBuilder b, int v, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            b.append(HEX[(v >>> shift) & 0xf]);
        }
    }

    private static boolean isHex(String s, int from, int count) {
        for (int k = from; k < from + count; k++) {
            if (Character.digit(s.charAt(k), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String htmlEntities(String v) {
        StringBuilder b = null;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r != null && b == null) {
                b = new StringBuilder(v.length() + 16).append(v, 0, i);
            }
            if (b != null) {
                if (r != null) {
                    b.append(r);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? v : b.toString();
    }

    private static int longestRun(CharSequence s, char c) {
        int best = 0;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            run = s.charAt(i) == c ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }
}
