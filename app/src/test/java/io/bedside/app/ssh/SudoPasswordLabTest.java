package io.bedside.app.ssh;

import io.bedside.app.ProbeScript;
import io.bedside.app.Sources;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.WithLab;
import io.bedside.app.transport.SshTransport;
import io.bedside.model.port.HostTransport;
import io.bedside.model.port.ProbeResult;
import io.bedside.model.port.Prompter;
import io.bedside.model.port.TransportException;
import io.bedside.model.probe.SampleParser;
import io.bedside.model.ssh.SshOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Administrative access for a user whose sudo wants a password: asked once, kept in memory for
 * the session, fed to sudo on stdin; a wrong one is one sentence. For this test the lab user's
 * sudo rule asks for the password every time (timestamp_timeout=0); the rule is restored after.
 */
@WithLab
class SudoPasswordLabTest {
    private static final Path SUDOERS = Path.of("/etc/sudoers.d/bedside-lab");
    private static String saved;
    private static String user;

    private static void sh(String cmd) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, cmd + ": " + out);
    }

    @BeforeAll
    static void sudoWantsThePassword() throws Exception {
        saved = Files.readString(SUDOERS);
        user = saved.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst()
                .orElseThrow().split("\\s+")[0];
        Path tmp = Path.of("/etc/sudoers.d/.bedside-lab-test");
        Files.writeString(tmp, "Defaults:" + user + " timestamp_timeout=0\n" + user + " ALL=(ALL) ALL\n");
        sh("chmod 0440 " + tmp + " && visudo -cf " + tmp + " && mv " + tmp + " " + SUDOERS);
    }

    @AfterAll
    static void restore() throws Exception {
        Path tmp = Path.of("/etc/sudoers.d/.bedside-lab-test");
        Files.writeString(tmp, saved);
        sh("chmod 0440 " + tmp + " && visudo -cf " + tmp + " && mv " + tmp + " " + SUDOERS);
    }

    private static HostTransport open(Lab lab, Prompter p) throws TransportException {
        SshOptions o = new SshOptions(Optional.of("/dev/null"), OptionalInt.empty(), Optional.empty(),
                List.of(lab.identity().toString()), Optional.empty(),
                Map.of("UserKnownHostsFile", lab.knownHosts().toString(), "IdentityAgent", "none"));
        return new Sources(new SshConnector(SshResolver.system()), o, SshTransport.DEFAULT_CAP)
                .open(lab.user() + "@127.0.0.1:" + lab.port(), p);
    }

    private static Prompter answering(String secret, AtomicInteger asked) {
        return new Prompter() {
            @Override
            public boolean acceptUnknownHostKey(String host, String keyType, String fingerprint) {
                return false;
            }

            @Override
            public Optional<char[]> askSecret(String prompt) {
                asked.incrementAndGet();
                assertTrue(prompt.startsWith("sudo password on "), prompt);
                return Optional.of(secret.toCharArray());
            }
        };
    }

    @Test
    void thePasswordIsAskedOnceAndKeptForTheSession(Lab lab) throws Exception {
        AtomicInteger asked = new AtomicInteger();
        try (HostTransport t = open(lab, answering(lab.password(), asked))) {
            for (int i = 0; i < 3; i++) {
                ProbeResult r = t.run(ProbeScript.text(), true, Duration.ofSeconds(60));
                var s = SampleParser.parse("x", Instant.now(), r.stdout(), r.roundTripMillis());
                assertEquals(0, s.facts().get().orElseThrow().uid().getAsInt(), r.stderr());
                assertTrue(s.output().complete());
            }
            ProbeResult plain = t.run("id -un", false, Duration.ofSeconds(10));
            assertEquals(lab.user(), plain.stdout().trim());
        }
        assertEquals(1, asked.get(), "asked once for three privileged samples");
    }

    @Test
    void aWrongPasswordIsOneSentenceAndNothingRuns(Lab lab) throws Exception {
        try (HostTransport t = open(lab, answering("wrong", new AtomicInteger()))) {
            TransportException e = assertThrows(TransportException.class, () -> t.run("id -u", true, Duration.ofSeconds(30)));
            assertEquals(TransportException.Kind.PRIVILEGE, e.kind());
            assertEquals("sudo on " + lab.user() + "@127.0.0.1 refused the password or this user.", e.getMessage());
        }
        try (HostTransport t = open(lab, Prompter.REFUSE_ALL)) {
            TransportException e = assertThrows(TransportException.class, () -> t.run("id -u", true, Duration.ofSeconds(30)));
            assertTrue(e.getMessage().endsWith("needs a sudo password, and none was given."), e.getMessage());
        }
    }
}
