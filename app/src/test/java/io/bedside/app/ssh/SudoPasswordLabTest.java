package io.bedside.app.ssh;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.app.ProbeScript;
import io.bedside.app.Sources;
import io.bedside.app.cli.Args;
import io.bedside.app.cli.HeadlessCommands;
import io.bedside.app.fix.SessionFiles;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.LabCli;
import io.bedside.app.lab.WithLab;
import io.bedside.app.transport.SshTransport;
import io.bedside.model.port.HostTransport;
import io.bedside.model.port.ProbeResult;
import io.bedside.model.port.Prompter;
import io.bedside.model.port.TransportException;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import io.bedside.model.ssh.SshOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Administrative access through sudo under the three kinds of rule a real host has, on a real
 * sshd and a real sudo: NOPASSWD; a password every time ({@code timestamp_timeout=0}); a password
 * with {@code Defaults timestamp_type=global}, where a fresh timestamp makes sudo not ask at all.
 * The password is sent only when sudo asks (its prompt, random per run, on stderr), the script
 * only once the root shell has started: so the password can never run as a root command. The
 * password is a canary, a random string searched for in the host's process list (sampled with
 * {@code ps -eo args} while the probes run), in every probe's stdout and stderr, in what the
 * headless commands print and in every file they write (recordings, fix journal, audit log,
 * evidence, reports). Each rule goes into this lab's own sudoers file (no other lab reads it).
 */
@WithLab
class SudoPasswordLabTest {
    private static final String CANARY = "bsCanary" + HexFormat.of().formatHex(SecureRandom.getSeed(10));

    @BeforeAll
    static void theCanaryIsThePassword(Lab lab) {
        lab.exec("printf '%s:%s\\n' " + lab.user() + " " + CANARY + " | chpasswd");
    }

    @AfterAll
    static void restore(Lab lab) {
        lab.restoreSudoers();
    }

    private static void nopasswd(Lab lab) {
        lab.writeSudoers(lab.user() + " ALL=(ALL:ALL) NOPASSWD: ALL");
    }

    private static void passwordEveryTime(Lab lab) {
        lab.writeSudoers("Defaults:" + lab.user() + " timestamp_timeout=0\n" + lab.user() + " ALL=(ALL:ALL) ALL");
    }

    private static void passwordGlobalTimestamp(Lab lab) {
        lab.writeSudoers("Defaults:" + lab.user() + " timestamp_type=global\n" + lab.user() + " ALL=(ALL:ALL) ALL");
    }

    private static SshOptions options(Lab lab) {
        return new SshOptions(Optional.of("/dev/null"), OptionalInt.empty(), Optional.empty(),
                List.of(lab.identity().toString()), Optional.empty(),
                Map.of("UserKnownHostsFile", lab.knownHosts().toString(), "IdentityAgent", "none"));
    }

    private static HostTransport open(Lab lab, Prompter p) throws TransportException {
        return new Sources(new SshConnector(SshResolver.system()), options(lab), SshTransport.DEFAULT_CAP)
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

    /** Whether sudo would run now without asking (the user's timestamp, or the rule). */
    private static boolean sudoWouldNotAsk(Lab lab) {
        return lab.ssh(Duration.ofSeconds(30), lab.alias(), "sudo -n true").ok();
    }

    /** {@code ps -eo args} on the machine (the lab shares its pid namespace) in a loop, keeping lines that hold the canary. */
    private static final class PsWatch implements AutoCloseable {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final AtomicInteger rounds = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread = new Thread(this::loop, "ps-watch");

        PsWatch() {
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            while (!stop.get()) {
                try {
                    Process p = new ProcessBuilder("ps", "-eo", "args").redirectErrorStream(true).start();
                    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    p.waitFor();
                    text.lines().filter(l -> l.contains(CANARY)).forEach(seen::add);
                    rounds.incrementAndGet();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(10_000);
        }
    }

    /** Three privileged probes in one session: each ran as root, and the canary is nowhere in what came back. */
    private static void threeRootSamples(Lab lab, HostTransport t, Runnable between) throws Exception {
        try (PsWatch ps = new PsWatch()) {
            for (int i = 0; i < 3; i++) {
                ProbeResult r = t.run(ProbeScript.text(), true, Duration.ofSeconds(60));
                Sample s = Playbooks.parser().parse("x", Instant.now(), r.stdout(), r.roundTripMillis());
                assertEquals(0, s.facts().get().orElseThrow().uid().getAsInt(), r.stderr());
                System.out.println("round trip " + r.roundTripMillis() + " ms");
                assertTrue(s.output().complete(), r.stderr());
                assertFalse(r.stdout().contains(CANARY), "the password is in the probe's stdout");
                assertFalse(r.stderr().contains(CANARY), "the password is in the probe's stderr: " + r.stderr());
                assertFalse(r.stderr().contains("bedside-sudo"), "sudo's prompt is kept in stderr: " + r.stderr());
                assertFalse(r.stderr().contains("bedside-root"), "the start line is kept in stderr: " + r.stderr());
                between.run();
            }
            ProbeResult plain = t.run("id -un", false, Duration.ofSeconds(10));
            assertEquals(lab.user(), plain.stdout().trim());
            ps.close();
            assertTrue(ps.rounds.get() > 0, "ps ran");
            assertEquals(List.of(), ps.seen, "the password showed in the host's process list");
        }
    }

    @Test
    void aNopasswdRuleNeverAsks(Lab lab) throws Exception {
        nopasswd(lab);
        System.out.println("NOPASSWD:");
        AtomicInteger asked = new AtomicInteger();
        try (HostTransport t = open(lab, answering(CANARY, asked))) {
            threeRootSamples(lab, t, () -> { });
        }
        assertEquals(0, asked.get(), "NOPASSWD: sudo -n, no password asked");
    }

    @Test
    void aPasswordEveryTimeIsAskedOnceAndSentOnlyWhenSudoAsks(Lab lab) throws Exception {
        passwordEveryTime(lab);
        System.out.println("password every time:");
        AtomicInteger asked = new AtomicInteger();
        try (HostTransport t = open(lab, answering(CANARY, asked))) {
            threeRootSamples(lab, t, () -> assertFalse(sudoWouldNotAsk(lab), "timestamp_timeout=0: sudo asks every time"));
        }
        assertEquals(1, asked.get(), "asked once for three privileged samples");
    }

    /**
     * {@code timestamp_type=global}: after the first sample sudo does not ask any more; the old
     * way (password line, then the script, on one stdin) ran the password as a root command
     * there. Also the headless commands: a recording, a fix (its journal and audit log) and a
     * report, each file searched for the canary.
     */
    @Test
    void aGlobalTimestampThatMakesSudoNotAskNeverRunsThePassword(Lab lab, @TempDir Path tmp) throws Exception {
        passwordGlobalTimestamp(lab);
        System.out.println("global timestamp:");
        AtomicInteger asked = new AtomicInteger();
        try (HostTransport t = open(lab, answering(CANARY, asked))) {
            threeRootSamples(lab, t, () -> assertTrue(sudoWouldNotAsk(lab), "the global timestamp is fresh: sudo does not ask"));
        }
        assertEquals(1, asked.get());

        Instant since = Instant.now().minusSeconds(2);
        lab.forgetSudoCredentials();
        Path recording = tmp.resolve("sudo.jsonl.gz");
        Path report = tmp.resolve("report");
        String printed;
        String made = LabCli.incident(lab, "sem-exhaustion.sh", "--semmni", "12");
        try {
            printed = headless(lab, "record", "--sudo", "--for", "15s", "--interval", "2s", "-o", recording.toString())
                    + headless(lab, "fix", lab.alias(), "ipc.sem.remove-orphans", "--sudo", "--yes")
                    + headless(lab, "report", recording.toString(), "-o", report.toString());
        } finally {
            LabCli.incident(lab, "sem-exhaustion.sh", "--reset");
            lab.exec("ipcs -s | awk '$2 ~ /^[0-9]+$/ {print $2}' | xargs -r -n1 ipcrm -s");
        }
        assertFalse(printed.contains(CANARY), printed);
        assertTrue(printed.contains("Verification: PASSED"), made + "\n" + printed);
        List<Path> written = new ArrayList<>(filesUnder(tmp, Instant.EPOCH));
        written.addAll(filesUnder(SessionFiles.root(), since));
        for (String name : List.of("sudo.jsonl.gz", "audit.jsonl", "fixes.jsonl", "report.html", "report.md", "evidence.json")) {
            assertTrue(written.stream().anyMatch(p -> p.getFileName().toString().equals(name)), name + " not in " + written);
        }
        for (Path f : written) {
            assertFalse(contents(f).contains(CANARY), "the password is in " + f);
        }
    }

    /** Runs one headless command against the lab with administrative access answered by the canary; what it printed. */
    private static String headless(Lab lab, String command, String... rest) {
        List<String> argv = new ArrayList<>(List.of(command));
        if (!command.equals("report")) {
            argv.addAll(List.of("-F", lab.sshConfig().toString()));
            if (!command.equals("fix")) {
                argv.add(lab.alias());
            }
        }
        argv.addAll(List.of(rest));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Args a = Args.parse(argv);
        HeadlessCommands h = new HeadlessCommands(Sources.system(a.ssh()), answering(CANARY, new AtomicInteger()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        int status = switch (command) {
            case "record" -> h.record(a);
            case "fix" -> h.fix(a);
            case "report" -> h.report(a);
            default -> throw new IllegalArgumentException(command);
        };
        String both = out.toString(StandardCharsets.UTF_8) + "\n" + err.toString(StandardCharsets.UTF_8);
        assertTrue(status == 0 || command.equals("fix") && status <= 2, String.join(" ", argv) + " exited " + status + ":\n" + both);
        return both;
    }

    private static List<Path> filesUnder(Path root, Instant since) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                try {
                    return Files.getLastModifiedTime(p).compareTo(FileTime.from(since)) >= 0;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }

    /** A file's text, gzip members decompressed (a recording). */
    private static String contents(Path f) throws IOException {
        byte[] raw = Files.readAllBytes(f);
        if (raw.length > 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return new String(raw, StandardCharsets.UTF_8);
    }

    /** A wrong password: one sentence, and the script never ran (it would have left a file as root). */
    @Test
    void aWrongPasswordIsOneSentenceAndTheScriptNeverRuns(Lab lab) throws Exception {
        String mark = "/tmp/bedside-sudo-ran-" + HexFormat.of().formatHex(SecureRandom.getSeed(6));
        String script = "touch " + mark;
        try {
            wrongPasswords(lab, mark, script);
        } finally {
            lab.exec("rm -f " + mark);
        }
    }

    private static void wrongPasswords(Lab lab, String mark, String script) throws Exception {
        // a fresh global timestamp (the right password, typed in another terminal) does not let a
        // wrong one through: the check ignores cached credentials
        passwordGlobalTimestamp(lab);
        Lab.Result fresh = Lab.run(List.of("sh", "-c", "printf '%s\\n' \"$PW\" | runuser -u " + lab.user()
                + " -- sudo -S -p '' true"), Map.of("PW", CANARY), Duration.ofSeconds(30));
        assertTrue(fresh.ok(), fresh::describe);
        assertTrue(sudoWouldNotAsk(lab), "the global timestamp is fresh");
        try (HostTransport t = open(lab, answering("wrong-" + CANARY, new AtomicInteger()))) {
            TransportException e = assertThrows(TransportException.class, () -> t.run(script, true, Duration.ofSeconds(30)));
            assertEquals("sudo on " + lab.user() + "@127.0.0.1 refused the password.", e.getMessage());
        }
        assertEquals("absent\n", lab.exec("test -e " + mark + " && echo present || echo absent"), "the script ran");

        for (Runnable rule : List.<Runnable>of(() -> passwordEveryTime(lab), () -> passwordGlobalTimestamp(lab))) {
            rule.run();
            AtomicInteger asked = new AtomicInteger();
            try (HostTransport t = open(lab, answering("wrong-" + CANARY, asked))) {
                TransportException e = assertThrows(TransportException.class, () -> t.run(script, true, Duration.ofSeconds(30)));
                assertEquals(TransportException.Kind.PRIVILEGE, e.kind());
                assertEquals("sudo on " + lab.user() + "@127.0.0.1 refused the password.", e.getMessage());
            }
            assertEquals(1, asked.get());
            assertEquals("absent\n", lab.exec("test -e " + mark + " && echo present || echo absent"), "the script ran");
        }

        try (HostTransport t = open(lab, Prompter.REFUSE_ALL)) {
            passwordEveryTime(lab);
            TransportException e = assertThrows(TransportException.class, () -> t.run(script, true, Duration.ofSeconds(30)));
            assertTrue(e.getMessage().endsWith("needs a sudo password, and none was given."), e.getMessage());
        }
    }

    /** A user whose rule allows no shell: sudo says so, in one sentence, and nothing runs. */
    @Test
    void aRuleThatRefusesTheShellIsOneSentence(Lab lab) throws Exception {
        lab.writeSudoers("Defaults:" + lab.user() + " timestamp_timeout=0\n" + lab.user() + " ALL=(ALL:ALL) /usr/bin/id");
        try (HostTransport t = open(lab, answering(CANARY, new AtomicInteger()))) {
            TransportException e = assertThrows(TransportException.class, () -> t.run("id -u", true, Duration.ofSeconds(30)));
            assertEquals(TransportException.Kind.PRIVILEGE, e.kind());
            assertTrue(e.getMessage().startsWith("sudo on " + lab.user() + "@127.0.0.1 refused this user"), e.getMessage());
            assertFalse(e.getMessage().contains(CANARY), e.getMessage());
            assertFalse(e.getMessage().contains("bedside-root"), e.getMessage());
            System.out.println("refusal: " + e.getMessage());
            assertEquals(1, e.getMessage().split("\n").length, e.getMessage());
        }
    }
}
