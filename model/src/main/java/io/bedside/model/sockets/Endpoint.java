package io.bedside.model.sockets;

import java.nio.ByteOrder;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One end of a socket: address, port and the device it is bound to.
 *
 * @param address the address as text without brackets: {@code 127.0.0.1}, {@code ::ffff:127.0.0.1},
 *                {@code ::}, {@code 0.0.0.0}, or {@code *} (any, as older ss prints it)
 * @param port    the port; empty for ss's {@code *} and /proc's port 0 (not bound or not connected)
 * @param device  the interface a socket is bound to, as ss prints it after {@code %}
 */
public record Endpoint(String address, OptionalInt port, Optional<String> device) {

    /** {@code 127.0.0.1:80}, {@code [::1]:80}, {@code 0.0.0.0:*}, {@code 127.0.0.53%lo:53}. */
    public String text() {
        String a = address.indexOf(':') >= 0 ? "[" + address + "]" : address;
        return a + device.map(d -> "%" + d).orElse("") + ":" + (port.isPresent() ? Integer.toString(port.getAsInt()) : "*");
    }

    public boolean ipv6() {
        return address.indexOf(':') >= 0;
    }

    /**
     * Parses an ss address column: {@code 127.0.0.1:28130}, {@code 0.0.0.0:*}, {@code *:22},
     * {@code [::ffff:127.0.0.1]:53056}, {@code [::]:22}, {@code [fe80::1]%eth0:123},
     * {@code 127.0.0.53%lo:53}, and the unbracketed IPv6 of iproute2 before 4.x: {@code :::22},
     * {@code ::ffff:127.0.0.1:53056}.
     *
     * @throws IllegalArgumentException when it is none of these (e.g. a service name: ss without -n)
     */
    public static Endpoint parseSs(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("'" + s + "' is not ADDRESS:PORT");
        }
        String host = s.substring(0, colon);
        String p = s.substring(colon + 1);
        OptionalInt port;
        if (p.equals("*")) {
            port = OptionalInt.empty();
        } else if (Fields.digits(p, 5) && Integer.parseInt(p) <= 65535) {
            int v = Integer.parseInt(p);
            port = port(v);
        } else {
            throw new IllegalArgumentException("port '" + p + "' in '" + s + "' is not a number");
        }
        Optional<String> device = Optional.empty();
        String addr;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + s + "' has '[' without ']'");
            }
            addr = host.substring(1, close);
            String rest = host.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith("%") || rest.length() == 1) {
                    throw new IllegalArgumentException("'" + rest + "' after the address in '" + s + "'");
                }
                device = Optional.of(rest.substring(1));
            }
            int pct = addr.indexOf('%');
            if (pct > 0) {
                device = Optional.of(addr.substring(pct + 1));
                addr = addr.substring(0, pct);
            }
        } else {
            int pct = host.indexOf('%');
            if (pct > 0) {
                device = Optional.of(host.substring(pct + 1));
                host = host.substring(0, pct);
            }
            addr = host;
        }
        if (!addr.equals("*") && !address(addr)) {
            throw new IllegalArgumentException("'" + addr + "' in '" + s + "' is not an IP address");
        }
        return new Endpoint(addr, port, device);
    }

    /** One OptionalInt per port number, made the first time it is asked for: a big host's 200,000 sockets share at most 65,535. */
    private static final OptionalInt[] PORTS = new OptionalInt[65536];

    /** The port {@code v} (1 to 65535); 0 is none: empty. */
    static OptionalInt port(int v) {
        if (v == 0) {
            return OptionalInt.empty();
        }
        OptionalInt p = PORTS[v];
        if (p == null) {
            // a race makes two equal objects, which is harmless
            p = OptionalInt.of(v);
            PORTS[v] = p;
        }
        return p;
    }

    private static boolean address(String a) {
        if (a.isEmpty() || a.length() > 45) {
            return false;
        }
        boolean colon = false;
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (c == ':') {
                colon = true;
            } else if (c != '.' && Character.digit(c, 16) < 0) {
                return false;
            }
        }
        // an IPv4 address has only digits and dots
        if (!colon) {
            for (int i = 0; i < a.length(); i++) {
                char c = a.charAt(i);
                if (c != '.' && (c < '0' || c > '9')) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Decodes a /proc/net/{tcp,udp}[6] address column: {@code 0100007F:6DE2} or
     * {@code 0000000000000000FFFF00000100007F:CF40}. The kernel prints each 32-bit word of the
     * address (one for IPv4, four for IPv6) with {@code %08X} as the host reads it from memory, so
     * on a little-endian host (x86, arm64, ppc64le) the bytes of each word come out reversed; on a
     * big-endian host (s390x, ppc64) they do not. The port is printed in host order already.
     *
     * @throws IllegalArgumentException when it is not 8 or 32 hex digits, a colon and 4 hex digits
     */
    public static Endpoint parseProcHex(String s, ByteOrder order) {
        int colon = s.indexOf(':');
        if (colon < 0 || s.length() - colon - 1 != 4 || !Fields.hex(s.substring(colon + 1), 4)) {
            throw new IllegalArgumentException("'" + s + "' is not HEXADDRESS:HEXPORT");
        }
        String hex = s.substring(0, colon);
        if ((hex.length() != 8 && hex.length() != 32) || !Fields.hex(hex, 32)) {
            throw new IllegalArgumentException("address '" + hex + "' is not 8 or 32 hex digits");
        }
        byte[] bytes = new byte[hex.length() / 2];
        for (int w = 0; w < hex.length() / 8; w++) {
            long word = Long.parseLong(hex.substring(w * 8, w * 8 + 8), 16);
            for (int b = 0; b < 4; b++) {
                int shift = order == ByteOrder.LITTLE_ENDIAN ? 8 * b : 8 * (3 - b);
                bytes[w * 4 + b] = (byte) (word >>> shift);
            }
        }
        int port = Integer.parseInt(s.substring(colon + 1), 16);
        return new Endpoint(bytes.length == 4 ? ipv4(bytes, 0) : ipv6(bytes), port(port),
                Optional.empty());
    }

    private static String ipv4(byte[] b, int off) {
        return (b[off] & 0xff) + "." + (b[off + 1] & 0xff) + "." + (b[off + 2] & 0xff) + "." + (b[off + 3] & 0xff);
    }

    /** RFC 5952 text: lower case, the longest run of two or more zero groups as {@code ::}, IPv4-mapped as {@code ::ffff:a.b.c.d}. */
    static String ipv6(byte[] b) {
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= b[i] == 0;
        }
        if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return "::ffff:" + ipv4(b, 12);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }
}
