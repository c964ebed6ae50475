package io.bedside.app.ssh;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.app.ProbeScript;
import io.bedside.app.Sources;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.WithLab;
import io.bedside.app.transport.SshTransport;
import io.bedside.model.port.HostTransport;
import io.bedside.model.port.ProbeResult;
import io.bedside.model.port.Prompter;
import io.bedside.model.port.TransportException;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import io.bedside.model.ssh.SshOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Attaching through a real OpenSSH sshd in the lab: aliases, jumps, keys, agents, host keys. */
@WithLab(jump = true)
class SshLabTest {
    private static final Duration T = Duration.ofSeconds(30);

    private static Sources sources(SshOptions o) {
        return new Sources(new SshConnector(SshResolver.system()), o, SshTransport.DEFAULT_CAP);
    }

    private static SshOptions config(Lab lab) {
        return new SshOptions(Optional.of(lab.sshConfig().toString()), OptionalInt.empty(), Optional.empty(),
                List.of(), Optional.empty(), Map.of());
    }

    /** Connects to the main host by address with no ssh_config at all, only the given options. */
    private static SshOptions bare(Lab lab, Map<String, String> opts, List<String> ids) {
        return new SshOptions(Optional.of("/dev/null"), OptionalInt.empty(), Optional.empty(), ids, Optional.empty(), opts);
    }

    private static String target(Lab lab) {
        return lab.user() + "@127.0.0.1:" + lab.port();
    }

    private static Sample sample(HostTransport t, boolean sudo) throws TransportException {
        ProbeResult r = t.run(ProbeScript.text(), sudo, T);
        return Playbooks.parser().parse(t.describe(), Instant.now(), r.stdout(), r.roundTripMillis());
    }

    private static Prompter secrets(String secret, AtomicInteger asked) {
        return new Prompter() {
            @Override
            public boolean acceptUnknownHostKey(String host, String keyType, String fingerprint) {
                return false;
            }

            @Override
            public Optional<char[]> askSecret(String prompt) {
                asked.incrementAndGet();
                return Optional.of(secret.toCharArray());
            }
        };
    }

    @Test
    void attachesByAliasFromAnSshConfigFile(Lab lab) throws Exception {
        try (HostTransport t = sources(config(lab)).open(lab.alias(), Prompter.REFUSE_ALL)) {
            Sample s = sample(t, false);
            assertEquals(lab.hostname(), s.facts().get().orElseThrow().hostname());
            assertEquals(lab.user(), s.facts().get().orElseThrow().user().orElseThrow());
            assertTrue(s.output().complete());
            assertTrue(s.problems().isEmpty(), s.problems().toString());
            // a second sample on the same connection: no new handshake
            Sample again = sample(t, false);
            assertTrue(again.output().complete());
        }
    }

    @Test
    void reachesTheTargetThroughATwoHopProxyJump(Lab lab) throws Exception {
        try (HostTransport t = sources(config(lab)).open(lab.jump().tgt().alias(), Prompter.REFUSE_ALL)) {
            assertEquals(lab.jump().tgt().hostname(), sample(t, false).facts().get().orElseThrow().hostname());
        }
        // the same chain given on the command line, as with ssh -J
        SshOptions viaFlag = new SshOptions(Optional.of(lab.sshConfig().toString()), OptionalInt.empty(), Optional.empty(),
                List.of(lab.identity().toString()), Optional.of(lab.jump().edge().alias() + "," + lab.jump().mid().alias()),
                Map.of("UserKnownHostsFile", lab.knownHosts().toString()));
        try (HostTransport t = sources(viaFlag).open(lab.user() + "@" + lab.jump().tgt().address() + ":" + lab.jump().tgt().port(),
                Prompter.REFUSE_ALL)) {
            assertEquals(lab.jump().tgt().hostname(), sample(t, false).facts().get().orElseThrow().hostname());
        }
    }

    @Test
    void usesAKeyHeldByARealSshAgent(Lab lab, @TempDir Path tmp) throws Exception {
        Path sock = tmp.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", sock.toString()).redirectErrorStream(true).start();
        try {
            for (int i = 0; i < 50 && !Files.exists(sock); i++) {
                Thread.sleep(100);
            }
            ProcessBuilder add = new ProcessBuilder("ssh-add", lab.identity().toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", sock.toString());
            Process p = add.start();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
            // no identity file anywhere: only the agent can authenticate (passwords are refused)
            SshOptions o = bare(lab, Map.of("UserKnownHostsFile", lab.knownHosts().toString(),
                    "IdentityAgent", sock.toString(), "IdentityFile", "/nonexistent/key"), List.of());
            try (HostTransport t = sources(o).open(target(lab), Prompter.REFUSE_ALL)) {
                assertEquals(lab.hostname(), sample(t, false).facts().get().orElseThrow().hostname());
            }
        } finally {
            agent.destroy();
        }
    }

    @Test
    void asksForAKeyPassphraseAndFailsCleanlyOnAWrongOne(Lab lab) throws Exception {
        SshOptions o = bare(lab, Map.of("UserKnownHostsFile", lab.knownHosts().toString(), "IdentityAgent", "none",
                "PasswordAuthentication", "no"), List.of(lab.identityPassphraseFile().toString()));
        AtomicInteger asked = new AtomicInteger();
        try (HostTransport t = sources(o).open(target(lab), secrets(lab.identityPassphrase(), asked))) {
            assertEquals(lab.hostname(), sample(t, false).facts().get().orElseThrow().hostname());
        }
        assertTrue(asked.get() >= 1, "the passphrase was asked");
        TransportException e = assertThrows(TransportException.class,
                () -> sources(o).open(target(lab), secrets("wrong-passphrase", new AtomicInteger())).close());
        assertEquals(TransportException.Kind.AUTH, e.kind());
        assertTrue(e.getMessage().startsWith("Authentication as " + lab.user()), e.getMessage());
    }

    @Test
    void fallsBackToKeyboardInteractiveOrPasswordWithoutKeys(Lab lab) throws Exception {
        SshOptions o = bare(lab, Map.of("UserKnownHostsFile", lab.knownHosts().toString(), "IdentityAgent", "none",
                "IdentityFile", "/nonexistent/key"), List.of());
        AtomicInteger asked = new AtomicInteger();
        try (HostTransport t = sources(o).open(target(lab), secrets(lab.password(), asked))) {
            assertEquals(lab.hostname(), sample(t, false).facts().get().orElseThrow().hostname());
        }
        assertEquals(1, asked.get(), "the password was asked once");
        TransportException e = assertThrows(TransportException.class,
                () -> sources(o).open(target(lab), secrets("not-the-password", new AtomicInteger())).close());
        assertEquals(TransportException.Kind.AUTH, e.kind());
    }

    @Test
    void readsAnRsaKeyInPemFormat(Lab lab) throws Exception {
        SshOptions o = bare(lab, Map.of("UserKnownHostsFile", lab.knownHosts().toString(), "IdentityAgent", "none"),
                List.of(lab.identityRsaPem().toString()));
        try (HostTransport t = sources(o).open(target(lab), Prompter.REFUSE_ALL)) {
            assertEquals(lab.hostname(), sample(t, false).facts().get().orElseThrow().hostname());
        }
    }

    @Test
    void unknownHostKeyIsRefusedHeadlessWithItsFingerprintAndAcceptedInTheWindow(Lab lab, @TempDir Path tmp) throws Exception {
        Path kh = tmp.resolve("known_hosts");
        SshOptions o = bare(lab, Map.of("UserKnownHostsFile", kh.toString(), "GlobalKnownHostsFile", "/dev/null",
                "StrictHostKeyChecking", "ask"), List.of(lab.identity().toString()));
        TransportException e = assertThrows(TransportException.class, () -> sources(o).open(target(lab), Prompter.REFUSE_ALL).close());
        assertEquals(TransportException.Kind.HOST_KEY, e.kind());
        assertTrue(e.getMessage().contains(lab.hostKeyFingerprint()), e.getMessage());
        assertFalse(Files.exists(kh), "nothing written when refused");

        AcceptingPrompter accept = new AcceptingPrompter();
        try (HostTransport t = sources(o).open(target(lab), accept)) {
            assertEquals(lab.hostname(), sample(t, false).facts().get().orElseThrow().hostname());
        }
        assertEquals(List.of(lab.hostKeyFingerprint()), accept.shown);
        assertTrue(Files.readString(kh).contains("[127.0.0.1]:" + lab.port()) || Files.readString(kh).startsWith("|1|"));
        // now known: no question the second time
        AcceptingPrompter second = new AcceptingPrompter();
        sources(o).open(target(lab), second).close();
        assertTrue(second.shown.isEmpty());
    }

    @Test
    void acceptNewTakesAnUnknownKeyHeadless(Lab lab, @TempDir Path tmp) throws Exception {
        Path kh = tmp.resolve("known_hosts");
        SshOptions o = bare(lab, Map.of("UserKnownHostsFile", kh.toString(), "GlobalKnownHostsFile", "/dev/null",
                "StrictHostKeyChecking", "accept-new"), List.of(lab.identity().toString()));
        sources(o).open(target(lab), Prompter.REFUSE_ALL).close();
        assertTrue(Files.size(kh) > 0);
    }

    @Test
    void changedHostKeyIsRefusedAndKnownHostsIsUntouched(Lab lab, @TempDir Path tmp) throws Exception {
        Path kh = tmp.resolve("known_hosts");
        // a different, real ed25519 key claims to be this host
        Path other = tmp.resolve("other");
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString()).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        String pub = Files.readString(tmp.resolve("other.pub")).trim();
        Files.writeString(kh, "[127.0.0.1]:" + lab.port() + " " + pub.substring(0, pub.lastIndexOf(' ')) + "\n");
        byte[] before = Files.readAllBytes(kh);
        SshOptions o = bare(lab, Map.of("UserKnownHostsFile", kh.toString(), "GlobalKnownHostsFile", "/dev/null",
                "StrictHostKeyChecking", "no"), List.of(lab.identity().toString()));
        TransportException e = assertThrows(TransportException.class, () -> sources(o).open(target(lab), new AcceptingPrompter()).close());
        assertEquals(TransportException.Kind.HOST_KEY, e.kind());
        assertTrue(e.getMessage().contains("CHANGED"), e.getMessage());
        assertTrue(e.getMessage().contains(lab.hostKeyFingerprint()), e.getMessage());
        String[] otherFp = new String(new ProcessBuilder("ssh-keygen", "-lf", tmp.resolve("other.pub").toString()).start()
                .getInputStream().readAllBytes()).split(" ");
        assertTrue(e.getMessage().contains(otherFp[1]), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(kh));
    }

    @Test
    void hashedKnownHostsEntriesAreTrusted(Lab lab) throws Exception {
        assertTrue(Files.readString(lab.knownHostsHashed()).startsWith("|1|"));
        SshOptions o = bare(lab, Map.of("UserKnownHostsFile", lab.knownHostsHashed().toString(),
                "GlobalKnownHostsFile", "/dev/null", "StrictHostKeyChecking", "yes"), List.of(lab.identity().toString()));
        try (HostTransport t = sources(o).open(target(lab), Prompter.REFUSE_ALL)) {
            assertEquals(lab.hostname(), sample(t, false).facts().get().orElseThrow().hostname());
        }
    }

    @Test
    void hostThatIsDownIsOneSentence(Lab lab) {
        SshOptions o = bare(lab, Map.of("ConnectTimeout", "3"), List.of());
        TransportException e = assertThrows(TransportException.class, () -> sources(o).open("nobody@127.0.0.1:1", Prompter.REFUSE_ALL).close());
        assertEquals(TransportException.Kind.UNREACHABLE, e.kind());
        assertEquals("Could not connect to 127.0.0.1:1: the connection was refused.", e.getMessage());
    }

    @Test
    void administrativeAccessRunsTheProbeThroughSudo(Lab lab) throws Exception {
        try (HostTransport t = sources(config(lab)).open(lab.alias(), Prompter.REFUSE_ALL)) {
            assertEquals(0, sample(t, true).facts().get().orElseThrow().uid().getAsInt());
            assertFalse(sample(t, false).facts().get().orElseThrow().isRoot());
        }
    }

    @Test
    void fiftyMegabytesOfOutputDoNotHang(Lab lab) throws Exception {
        try (HostTransport t = sources(config(lab)).open(lab.alias(), Prompter.REFUSE_ALL)) {
            ProbeResult r = t.run("head -c 50000000 /dev/zero | tr '\\000' x; echo done >&2", false, Duration.ofSeconds(120));
            assertEquals(50_000_000, r.stdout().length());
            assertFalse(r.truncated());
            assertEquals("done\n", r.stderr());
            assertEquals(0, r.exitStatus());
        }
        // over the cap: cut, reported, and the connection still works
        Sources small = new Sources(new SshConnector(SshResolver.system()), config(lab), 8L * 1024 * 1024);
        try (HostTransport t = small.open(lab.alias(), Prompter.REFUSE_ALL)) {
            ProbeResult r = t.run("head -c 50000000 /dev/zero | tr '\\000' y", false, Duration.ofSeconds(120));
            assertTrue(r.truncated());
            assertEquals(8L * 1024 * 1024, r.stdout().length());
            assertTrue(sample(t, false).output().complete());
        }
    }

    /** The window's prompter stand-in: accepts and remembers what it was shown. */
    static final class AcceptingPrompter implements Prompter {
        final List<String> shown = new ArrayList<>();

        @Override
        public boolean acceptUnknownHostKey(String host, String keyType, String fingerprint) {
            shown.add(fingerprint);
            return true;
        }

        @Override
        public Optional<char[]> askSecret(String prompt) {
            return Optional.empty();
        }
    }

}
