package io.bedside.model.ssh;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * OpenSSH known_hosts, parsed and checked. Handles plain and hashed ({@code |1|salt|hash})
 * host names, {@code [host]:port}, wildcard and negated patterns, and the {@code @revoked}
 * marker. {@code @cert-authority} lines are kept but not used to trust a plain key.
 *
 * <p>Sample lines:
 * <pre>
 * [127.0.0.1]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB...
 * |1|F1E1KeoE/eEWhi10WpGv4OdiO6Y=|3988QV0VE8wmZL7suNrYQLITLCg= ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ...
 * &#64;revoked * ssh-rsa AAAAB3Nza...
 * </pre>
 */
public final class KnownHosts {

    /** One known_hosts entry. */
    public record Entry(String file, int lineNumber, String marker, String hostPatterns, String keyType, String keyBase64) {
        boolean revoked() {
            return "@revoked".equals(marker);
        }

        boolean certAuthority() {
            return "@cert-authority".equals(marker);
        }
    }

    /** The outcome of checking a host key. */
    public sealed interface Verdict {
        /** A matching entry trusts the key. */
        record Trusted(Entry entry) implements Verdict {
        }

        /** Nothing known for this host and key type. */
        record Unknown(String fingerprint, List<Entry> otherTypes) implements Verdict {
        }

        /** A key of the same type is known for this host and differs: refuse, always. */
        record Changed(String fingerprint, List<Entry> known) implements Verdict {
        }

        /** The key is marked {@code @revoked}: refuse, always. */
        record Revoked(String fingerprint, Entry entry) implements Verdict {
        }
    }

    private final List<Entry> entries;
    private final List<String> problems;

    private KnownHosts(List<Entry> entries, List<String> problems) {
        this.entries = List.copyOf(entries);
        this.problems = List.copyOf(problems);
    }

    /** Parses the lines of one known_hosts file; lines that do not parse are reported, not dropped silently. */
    public static KnownHosts parse(String file, List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String l = raw.trim();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split("\\s+");
            int i = 0;
            String marker = "";
            if (f[0].startsWith("@")) {
                marker = f[0];
                i = 1;
            }
            if (f.length < i + 3) {
                problems.add(file + ":" + n + ": unrecognized known_hosts line");
                continue;
            }
            try {
                Base64.getDecoder().decode(f[i + 2]);
            } catch (IllegalArgumentException e) {
                problems.add(file + ":" + n + ": the key is not valid base64");
                continue;
            }
            entries.add(new Entry(file, n, marker, f[i], f[i + 1], f[i + 2]));
        }
        return new KnownHosts(entries, problems);
    }

    /** Joins several files (user files first, then global ones), as OpenSSH consults them. */
    public static KnownHosts join(List<KnownHosts> parts) {
        List<Entry> e = new ArrayList<>();
        List<String> p = new ArrayList<>();
        for (KnownHosts k : parts) {
            e.addAll(k.entries);
            p.addAll(k.problems);
        }
        return new KnownHosts(e, p);
    }

    public List<Entry> entries() {
        return entries;
    }

    public List<String> problems() {
        return problems;
    }

    /**
     * Checks a host key.
     *
     * @param hostName the name as known_hosts spells it ({@link #hostKeyName})
     * @param keyType  e.g. {@code ssh-ed25519}
     * @param keyBlob  the key in SSH wire format
     */
    public Verdict verify(String hostName, String keyType, byte[] keyBlob) {
        String b64 = Base64.getEncoder().encodeToString(keyBlob);
        String fp = fingerprint(keyBlob);
        for (Entry e : entries) {
            if (e.revoked() && e.keyBase64().equals(b64) && hostMatches(e.hostPatterns(), hostName)) {
                return new Verdict.Revoked(fp, e);
            }
        }
        List<Entry> sameType = new ArrayList<>();
        List<Entry> otherType = new ArrayList<>();
        for (Entry e : entries) {
            if (e.revoked() || e.certAuthority() || !hostMatches(e.hostPatterns(), hostName)) {
                continue;
            }
            if (e.keyType().equals(keyType)) {
                if (e.keyBase64().equals(b64)) {
                    return new Verdict.Trusted(e);
                }
                sameType.add(e);
            } else {
                otherType.add(e);
            }
        }
        if (!sameType.isEmpty()) {
            return new Verdict.Changed(fp, sameType);
        }
        return new Verdict.Unknown(fp, otherType);
    }

    /** The known_hosts spelling of a host: {@code host} on port 22, else {@code [host]:port}. */
    public static String hostKeyName(String host, int port) {
        return port == 22 ? host.toLowerCase(Locale.ROOT) : "[" + host.toLowerCase(Locale.ROOT) + "]:" + port;
    }

    /** OpenSSH's SHA256 fingerprint: {@code SHA256:} and unpadded base64 of the key blob's digest. */
    public static String fingerprint(byte[] keyBlob) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(keyBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fingerprint of an entry's key. */
    public static String fingerprint(Entry e) {
        return fingerprint(Base64.getDecoder().decode(e.keyBase64()));
    }

    /** A line to append for a newly accepted key, hashed when the config says HashKnownHosts. */
    public static String lineFor(String hostName, String keyType, byte[] keyBlob, boolean hashed) {
        String host = hostName;
        if (hashed) {
            byte[] salt = new byte[20];
            new SecureRandom().nextBytes(salt);
            host = "|1|" + Base64.getEncoder().encodeToString(salt) + "|"
                    + Base64.getEncoder().encodeToString(hmac(salt, hostName));
        }
        return host + " " + keyType + " " + Base64.getEncoder().encodeToString(keyBlob);
    }

    static boolean hostMatches(String patterns, String hostName) {
        String name = hostName.toLowerCase(Locale.ROOT);
        if (patterns.startsWith("|1|")) {
            String[] p = patterns.split("\\|");
            if (p.length != 4) {
                return false;
            }
            try {
                byte[] salt = Base64.getDecoder().decode(p[2]);
                byte[] want = Base64.getDecoder().decode(p[3]);
                return MessageDigest.isEqual(want, hmac(salt, name));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        boolean matched = false;
        for (String pat : patterns.split(",")) {
            boolean negate = pat.startsWith("!");
            String p = (negate ? pat.substring(1) : pat).toLowerCase(Locale.ROOT);
            if (globMatches(p, name)) {
                if (negate) {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
    }

    private static byte[] hmac(byte[] salt, String host) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return mac.doFinal(host.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** OpenSSH pattern matching: {@code *} any run, {@code ?} one character. */
    static boolean globMatches(String pattern, String s) {
        return glob(pattern.toCharArray(), 0, s.toCharArray(), 0);
    }

    private static boolean glob(char[] p, int pi, char[] s, int si) {
        while (pi < p.length) {
            char c = p[pi];
            if (c == '*') {
                for (int k = si; k <= s.length; k++) {
                    if (glob(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length || (c != '?' && c != s[si])) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length;
    }

    @Override
    public String toString() {
        return "KnownHosts" + Arrays.asList(entries.size(), problems.size());
    }
}
