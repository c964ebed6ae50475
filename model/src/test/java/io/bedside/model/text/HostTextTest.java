package io.bedside.model.text;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostTextTest {
    /** A process name as a hostile user sets it: colour escape, carriage return, bidi override, a byte that is not UTF-8. */
    static final String HOSTILE = "\u001b[31mred\rok\u202eexe.txt\udcff";

    @Test
    void hostileNameIsShownEscaped() {
        assertEquals("\\x1b[31mred\\x0dok\\u202eexe.txt\\xff", HostText.terminal(HOSTILE));
        assertEquals(HostText.terminal(HOSTILE), HostText.window(HOSTILE));
        assertEquals("a\\x09b\\x0ac\\x00d\\x7f", HostText.terminal("a\tb\nc\u0000d\u007f"));
        assertEquals("\\u0085 \\u009b", HostText.terminal("\u0085 \u009b"), "C1 controls, distinct from bytes 85 and 9b");
        assertEquals("\\x85 \\x9b", HostText.terminal("\udc85 \udc9b"), "bytes that were not UTF-8");
        assertEquals("\\u200b\\u200d\\ufeff\\u2066\\u2069\\u061c\\u2028", HostText.terminal("\u200b\u200d\ufeff\u2066\u2069\u061c\u2028"));
        assertEquals("\\U000e0041", HostText.terminal(new String(Character.toChars(0xe0041))), "a tag character");
        assertEquals("\\ud800x", HostText.terminal("\ud800x"), "a lone high surrogate");
    }

    @Test
    void ordinaryTextIsUntouched() {
        for (String s : List.of("sshd: root@pts/0", "python3 /srv/app/worker.py --queue=high", "进程 名字", "café 😀",
                "grep -E a\\.b|c\\d", "/home/u/My\\ Docs", "")) {
            assertEquals(s, HostText.terminal(s));
        }
    }

    @Test
    void backslashesAreDoubledOnlyWhereTheyCouldReadAsAnEscape() {
        assertEquals("\\\\x1b", HostText.terminal("\\x1b"), "a literal backslash-x1b differs from ESC");
        assertEquals("\\\\\\x1b", HostText.terminal("\\\u001b"));
        assertEquals("C:\\\\", HostText.terminal("C:\\"));
        assertEquals("a\\\\\\n", HostText.terminal("a\\\\n"));
        assertEquals("awk '{printf \"%s\\n\", $1}' \\d \\x4 \\u20", HostText.terminal("awk '{printf \"%s\\n\", $1}' \\d \\x4 \\u20"),
                "backslashes of commands and regexes stay as they are");
        assertEquals("\u001b", HostText.decode("\\x1b"));
        assertEquals("\\x1b", HostText.decode("\\\\x1b"));
        assertEquals("\\d \\q \\x1 \\U00110000", HostText.decode("\\d \\q \\x1 \\U00110000"), "no escape: kept as it is");
    }

    @Test
    void markdownEscapesItsSyntaxAndTheVisibleForm() {
        assertEquals("\\\\x1b\\[31m \\*x\\* \\`z\\` a\\|b \\<script\\> \\&amp; \\&#x202e; \\[a\\](http://x)",
                HostText.markdown("\u001b[31m *x* `z` a|b <script> &amp; &#x202e; [a](http://x)"));
        // identifiers and values stay as written, for the report's redaction and secret masking after it
        assertEquals("DB_PASSWORD=s3cret svc_app@db-07.example:/var/lib/x_y %20 ~ $HOME #1 !",
                HostText.markdown("DB_PASSWORD=s3cret svc_app@db-07.example:/var/lib/x_y %20 ~ $HOME #1 !"));
        assertEquals("``a`b\\|c``", HostText.markdownTableCode("a`b|c"));
        assertEquals("`` `x ``", HostText.markdownTableCode("`x"));
        assertEquals("`\\x0d\\x1b`", HostText.markdownTableCode("\r\u001b"));
        assertEquals("````\nfoo ``` bar\n\\x1b[2J\n````\n", HostText.markdownFence(List.of("foo ``` bar", "\u001b[2J")));
    }

    @Test
    void preformattedLinesKeepTheirTabSeparators() {
        assertEquals("11313\tS\t\\x1b[31m\\x0d", HostText.preformatted("11313\tS\t\u001b[31m\r"));
        assertEquals("a\t&lt;\\x1b", HostText.htmlPreformatted("a\t<\u001b"));
        assertEquals("```\na\tb\n```\n", HostText.markdownFence(List.of("a\tb")));
    }

    @Test
    void htmlUsesEntitiesForItsOwnSyntax() {
        assertEquals("&lt;b onclick=&quot;x&quot;&gt;&#39;&amp;\\x1b\\u202e", HostText.html("<b onclick=\"x\">'&\u001b\u202e"));
        assertEquals(HostText.html("a\"b"), HostText.htmlAttribute("a\"b"));
    }

    @Test
    void jsonEscapesWhatCannotBeWrittenOrShownRaw() {
        for (char c : new char[]{0, '\n', 0x1b, 0x7f, 0x85, 0x202e, 0x200b, 0x2028, 0xdcff, 0xd83d, 0xfeff}) {
            assertTrue(HostText.jsonMustEscape(c), Integer.toHexString(c));
        }
        for (char c : new char[]{'a', '\\', '"', 0xe9, 0x8fdb, 0x20ac}) {
            assertFalse(HostText.jsonMustEscape(c), Integer.toHexString(c));
        }
    }

    /** Property: for random hostile strings, no medium holds a character it must not, and the visible form decodes back. */
    @Test
    void randomStringsAreSafeInEveryMediumAndDecodeBack() {
        Random rnd = new Random(20261206L);
        for (int round = 0; round < 20_000; round++) {
            String s = randomHostString(rnd);
            String v = HostText.visible(s);
            assertEquals(s, HostText.decode(v), () -> "round trip of " + codes(s));
            assertEquals(s, HostText.decode(HostText.preformatted(s)), () -> "round trip of the preformatted " + codes(s));
            HostText.preformatted(s).codePoints().forEach(cp -> assertFalse(cp != '\t' && HostText.escaped(cp)));
            for (String out : List.of(HostText.terminal(s), HostText.window(s), HostText.html(s), HostText.htmlAttribute(s),
                    HostText.markdown(s), HostText.markdownTableCode(s))) {
                out.codePoints().forEach(cp -> assertFalse(HostText.escaped(cp), () -> "U+" + Integer.toHexString(cp)
                        + " left in the output for " + codes(s)));
            }
            assertEquals(s, HostText.decode(markdownUnescape(HostText.markdown(s))), () -> "markdown of " + codes(s));
            assertEquals(s, HostText.decode(htmlUnescape(HostText.html(s))), () -> "html of " + codes(s));
            String html = HostText.html(s);
            assertFalse(html.contains("<") || html.contains(">") || html.contains("\"") || html.contains("'"), html);
            String md = HostText.markdown(s);
            for (int i = 0; i < md.length(); i++) {
                if ("`*[]<>|&".indexOf(md.charAt(i)) >= 0) {
                    assertEquals('\\', md.charAt(i - 1), md);
                }
            }
        }
    }

    /** What CommonMark does to backslash escapes of ASCII punctuation. */
    private static String markdownUnescape(String md) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < md.length(); i++) {
            char c = md.charAt(i);
            if (c == '\\' && i + 1 < md.length() && isAsciiPunct(md.charAt(i + 1))) {
                b.append(md.charAt(++i));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isAsciiPunct(char c) {
        return c < 128 && "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".indexOf(c) >= 0;
    }

    private static String htmlUnescape(String h) {
        return h.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    static String randomHostString(Random rnd) {
        int len = rnd.nextInt(12);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) {
            switch (rnd.nextInt(9)) {
                case 0 -> b.append((char) rnd.nextInt(0x20));
                case 1 -> b.append((char) (0x7f + rnd.nextInt(0x21)));
                case 2 -> b.append((char) (0xdc80 + rnd.nextInt(0x80)));
                case 3 -> b.append(pick(rnd, "\\xuUrnt01bF9 \\"));
                case 4 -> b.append(pick(rnd, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u200e\u200f\ufeff\u2028\u2029\u061c\u00ad"));
                case 5 -> b.append((char) (0xd800 + rnd.nextInt(0x800)));
                case 6 -> b.appendCodePoint(0x1f600 + rnd.nextInt(0x40));
                case 7 -> b.append(pick(rnd, "`*_[]<>|&~$#!\"' ab1"));
                default -> b.append((char) (0x20 + rnd.nextInt(0x3000)));
            }
        }
        return b.toString();
    }

    private static char pick(Random rnd, String from) {
        return from.charAt(rnd.nextInt(from.length()));
    }

    private static String codes(String s) {
        List<String> out = new ArrayList<>();
        s.chars().forEach(c -> out.add(Integer.toHexString(c)));
        return out.toString();
    }
}
