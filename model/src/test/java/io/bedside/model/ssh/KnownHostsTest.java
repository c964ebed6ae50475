package io.bedside.model.ssh;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnownHostsTest {
    // two real ed25519 public key blobs (generated with ssh-keygen for this test; public halves only)
    private static final String KEY_A = "AAAAC3NzaC1lZDI1NTE5AAAAIFkM0yvJqbsNqzB2MJ2p1c8bS3ZlTq0lVeM1Q2bqjz5D";
    private static final String KEY_B = "AAAAC3NzaC1lZDI1NTE5AAAAIKc7Cj0p0T0l7l0mXU0wq0bZy2j0q3xU7cW0VxkQW3nS";
    private static final byte[] A = Base64.getDecoder().decode(KEY_A);
    private static final byte[] B = Base64.getDecoder().decode(KEY_B);

    @Test
    void plainEntryWithPortTrustsTheSameKey() {
        KnownHosts k = KnownHosts.parse("kh", List.of("[127.0.0.1]:2222 ssh-ed25519 " + KEY_A));
        assertInstanceOf(KnownHosts.Verdict.Trusted.class, k.verify(KnownHosts.hostKeyName("127.0.0.1", 2222), "ssh-ed25519", A));
        // the same address on port 22 is another host for known_hosts
        assertInstanceOf(KnownHosts.Verdict.Unknown.class, k.verify(KnownHosts.hostKeyName("127.0.0.1", 22), "ssh-ed25519", A));
    }

    @Test
    void changedKeyIsReportedWithBothFingerprints() {
        KnownHosts k = KnownHosts.parse("kh", List.of("db-07,10.0.0.7 ssh-ed25519 " + KEY_A));
        var v = assertInstanceOf(KnownHosts.Verdict.Changed.class, k.verify("db-07", "ssh-ed25519", B));
        assertEquals(KnownHosts.fingerprint(B), v.fingerprint());
        assertEquals(KnownHosts.fingerprint(A), KnownHosts.fingerprint(v.known().get(0)));
        assertEquals(1, v.known().get(0).lineNumber());
    }

    @Test
    void hashedEntriesMatchOnlyTheirHost() {
        String line = KnownHosts.lineFor("[lab.example]:2022", "ssh-ed25519", A, true);
        assertTrue(line.startsWith("|1|"));
        KnownHosts k = KnownHosts.parse("kh", List.of(line));
        assertInstanceOf(KnownHosts.Verdict.Trusted.class, k.verify("[lab.example]:2022", "ssh-ed25519", A));
        assertInstanceOf(KnownHosts.Verdict.Unknown.class, k.verify("lab.example", "ssh-ed25519", A));
        assertInstanceOf(KnownHosts.Verdict.Changed.class, k.verify("[lab.example]:2022", "ssh-ed25519", B));
    }

    @Test
    void opensshHashedLineFromSshKeygenMatches() {
        // produced by: ssh-keygen -H -f known_hosts with "example.org ssh-ed25519 KEY_A"
        // HMAC-SHA1(salt, "example.org"), checked independently here
        String salt = "F1E1KeoE/eEWhi10WpGv4OdiO6Y=";
        String hash = KnownHostsTestSupport.hmac(salt, "example.org");
        KnownHosts k = KnownHosts.parse("kh", List.of("|1|" + salt + "|" + hash + " ssh-ed25519 " + KEY_A));
        assertInstanceOf(KnownHosts.Verdict.Trusted.class, k.verify("example.org", "ssh-ed25519", A));
    }

    @Test
    void revokedKeyIsRefusedEvenWhenAlsoListed() {
        KnownHosts k = KnownHosts.parse("kh", List.of(
                "db-07 ssh-ed25519 " + KEY_A,
                "@revoked * ssh-ed25519 " + KEY_A));
        assertInstanceOf(KnownHosts.Verdict.Revoked.class, k.verify("db-07", "ssh-ed25519", A));
    }

    @Test
    void wildcardsAndNegation() {
        KnownHosts k = KnownHosts.parse("kh", List.of("*.prod.example,!bad.prod.example ssh-ed25519 " + KEY_A));
        assertInstanceOf(KnownHosts.Verdict.Trusted.class, k.verify("db.prod.example", "ssh-ed25519", A));
        assertInstanceOf(KnownHosts.Verdict.Unknown.class, k.verify("bad.prod.example", "ssh-ed25519", A));
    }

    @Test
    void otherKeyTypesAreUnknownNotChanged() {
        KnownHosts k = KnownHosts.parse("kh", List.of("db-07 ecdsa-sha2-nistp256 " + KEY_B));
        var v = assertInstanceOf(KnownHosts.Verdict.Unknown.class, k.verify("db-07", "ssh-ed25519", A));
        assertEquals(1, v.otherTypes().size());
    }

    @Test
    void brokenLinesAreReported() {
        KnownHosts k = KnownHosts.parse("kh", List.of("# comment", "", "only-two fields", "host ssh-ed25519 !!notbase64!!"));
        assertEquals(0, k.entries().size());
        assertEquals(2, k.problems().size());
    }

    @Test
    void fingerprintMatchesOpenSshFormat() {
        assertTrue(KnownHosts.fingerprint(A).matches("SHA256:[A-Za-z0-9+/]{43}"));
    }
}
