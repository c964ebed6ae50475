package io.bedside.model.probe;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Host text as the probe puts it on the wire, and back to the exact bytes the host holds.
 *
 * <p>Every value that comes from the host and that anyone on it can choose (a process name, a
 * command line, a path, a kernel log line, a cgroup path) is printed by the probe with every byte
 * outside printable ASCII (0x20-0x7e) and the backslash escaped: {@code \\} for a backslash,
 * {@code \xHH} for any other byte. No byte of such a value can then end a line, shift a field or
 * pose as a marker. Where a value sits between space-separated fields, the space is escaped too.
 *
 * <p>{@link #decode} also takes the escapes the kernel itself uses ({@code \n}, {@code \t},
 * {@code \r}, {@code \f}, {@code \v}, {@code \a}, {@code \e}, {@code \"}, {@code \\} and octal
 * {@code \ooo} in /proc/PID/status and /proc/mounts), so output of
 * older probes decodes the same way. The bytes are then read as UTF-8; a byte that is not part of
 * valid UTF-8 becomes the lone surrogate U+DC00+byte (U+DC80..U+DCFF), so the exact bytes survive
 * in a Java string and every medium can show them (as {@code \xff}, say) instead of a
 * replacement character. Example: {@code a\x1b[31mb\xff} decodes to "a", ESC, "[31mb", U+DCFF.
 */
public final class WireText {
    private WireText() {
    }

    /** The exact host text behind one escaped value; a backslash that starts no escape is kept. */
    public static String decode(String wire) {
        if (wire == null || wire.isEmpty()) {
            return wire;
        }
        boolean plain = true;
        for (int i = 0; i < wire.length() && plain; i++) {
            char c = wire.charAt(i);
            plain = c != '\\' && c < 0x80;
        }
        if (plain) {
            return wire;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(wire.length());
        for (int i = 0; i < wire.length(); i++) {
            char c = wire.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < wire.length() && Character.isLowSurrogate(wire.charAt(i + 1))) {
                bytes.writeBytes(wire.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
                i++;
                continue;
            }
            if (c != '\\' || i + 1 >= wire.length()) {
                putChar(bytes, c);
                continue;
            }
            char n = wire.charAt(i + 1);
            int b = switch (n) {
                case '\\' -> '\\';
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                case 'f' -> '\f';
                case 'v' -> 0x0b;
                case 'a' -> 0x07;
                case 'e' -> 0x1b;
                case '"' -> '"';
                default -> -1;
            };
            if (b >= 0) {
                bytes.write(b);
                i++;
            } else if (n == 'x' && i + 3 < wire.length() && hex(wire.charAt(i + 2)) >= 0 && hex(wire.charAt(i + 3)) >= 0) {
                bytes.write(hex(wire.charAt(i + 2)) * 16 + hex(wire.charAt(i + 3)));
                i += 3;
            } else if (i + 3 < wire.length() && octal(n) && octal(wire.charAt(i + 2)) && octal(wire.charAt(i + 3))
                    && n <= '3') {
                bytes.write(Integer.parseInt(wire.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                bytes.write('\\');
            }
        }
        return utf8(bytes.toByteArray());
    }

    /**
     * The bytes of a decoded string, as the host holds them: UTF-8, with U+DC80..U+DCFF standing
     * for the raw bytes 0x80..0xff that were not valid UTF-8.
     */
    public static byte[] bytes(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        StringBuilder run = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0xDC80 && c <= 0xDCFF && !(i > 0 && Character.isHighSurrogate(text.charAt(i - 1)))) {
                out.writeBytes(run.toString().getBytes(StandardCharsets.UTF_8));
                run.setLength(0);
                out.write(c - 0xDC00);
            } else {
                run.append(c);
            }
        }
        out.writeBytes(run.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Bytes read as UTF-8; each byte that is not part of valid UTF-8 becomes U+DC00+byte. */
    public static String utf8(byte[] b) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b);
        CharBuffer out = CharBuffer.allocate(b.length + 16);
        while (true) {
            CoderResult r = d.decode(in, out, true);
            if (r.isUnderflow()) {
                d.flush(out);
                break;
            }
            if (r.isOverflow()) {
                CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2 + 16);
                out.flip();
                bigger.put(out);
                out = bigger;
                continue;
            }
            for (int k = 0; k < r.length(); k++) {
                if (!out.hasRemaining()) {
                    CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2 + 16);
                    out.flip();
                    bigger.put(out);
                    out = bigger;
                }
                out.put((char) (0xDC00 + (in.get() & 0xff)));
            }
        }
        out.flip();
        return out.toString();
    }

    private static void putChar(ByteArrayOutputStream bytes, char c) {
        if (c < 0x80) {
            bytes.write(c);
        } else {
            // a non-ASCII character on the wire (an older probe printed raw bytes, read as UTF-8)
            bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static boolean octal(char c) {
        return c >= '0' && c <= '7';
    }
}
