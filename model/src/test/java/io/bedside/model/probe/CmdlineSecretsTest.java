package io.bedside.model.probe;

import io.bedside.model.sample.Sample;
import io.bedside.model.memory.MemorySnapshot;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.memory.ProcessMemory;
import io.bedside.model.memory.ProcessMemoryTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real probe on this machine's own processes (no SSH, nothing mocked): processes that sleep
 * with secrets on their command lines ({@code --password X}, {@code --token=X}, {@code mysql -pX},
 * {@code https://u:X@host}, {@code redis-cli -a X}, {@code sshpass -p X}, {@code curl -u u:X},
 * {@code sh -c "mysql -pX ..."}) are started, probe.sh runs through {@code sh -s} with the script
 * on stdin as Bedside sends it, and the whole raw output must not hold one of the secrets, while
 * the parsed procs-mem rows show each process's command line with the option names kept, the
 * values as {@code ***} and the ordinary arguments unchanged. Every awk (mawk, BusyBox awk, gawk
 * when installed) under every shell (sh, bash, BusyBox ash) in turn: a shell function named
 * {@code awk} in front of the script runs the one under test and leaves a mark, which proves it
 * was the one used.
 * The sleepers are perl ({@code -esleep(300)} keeps the other arguments in argv as they are);
 * {@code bash -c 'exec -a NAME perl ...'} gives one the argv[0] of mysql, redis-cli, sshpass, curl
 * or sh. Skipped where there is no /proc, perl, bash or the probe.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CmdlineSecretsTest {
    private static final Path PROBE = ProbeFiles.PROBE;
    private static final String SLEEP = "-esleep(300)";

    private final List<Process> started = new ArrayList<>();
    private Path dir;

    @AfterEach
    void stop() throws IOException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : started) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (dir != null) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    static Stream<Arguments> awksAndShells() {
        List<Arguments> all = new ArrayList<>();
        for (String awk : List.of("mawk", "busybox", "gawk")) {
            for (String shell : List.of("sh", "bash", "busybox")) {
                all.add(Arguments.of(awk, shell));
            }
        }
        return all.stream();
    }

    private static Optional<Path> onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("awksAndShells")
    void secretsOnCommandLinesNeverLeaveTheHost(String awk, String shell) throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc");
        assumeTrue(Files.isRegularFile(PROBE), "needs the probe");
        Optional<Path> awkBin = onPath(awk);
        Optional<Path> shellBin = onPath(shell);
        assumeTrue(awkBin.isPresent(), awk + " is not installed");
        assumeTrue(shellBin.isPresent(), shell + " is not installed");
        assumeTrue(onPath("perl").isPresent() && onPath("bash").isPresent(), "needs perl and bash");

        // a nonce in every secret: no other process on this machine can hold the same string
        String n = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
        String pw = "S3cretPw" + n, tok = "T0ken" + n, key = "K3y" + n, java = "J4va" + n, client = "Cl1ent" + n,
                upper = "Upp3r" + n, url = "UrlPw" + n, env = "EnvT0k" + n, mysql = "MyS3cret" + n, redis = "R3dis" + n,
                sshpass = "SshP4ss" + n, curl = "CurlPw" + n, bearer = "B3arer" + n, query = "QT0k" + n,
                inline1 = "Inl1ne" + n, inline2 = "InTwo" + n, pwopt = "PwOpt" + n, auth = "AuthU" + n, ldap = "Ld4p" + n,
                smb = "Smb" + n, htp = "Htp" + n, plink = "Pl1nk" + n, hdr = "Hdr" + n, gh = "ghp_" + n + "abcdefghijklmnopqrstuvwxyz",
                envtok = "EnvEq" + n;
        List<String> secrets = List.of(pw, tok, key, java, client, upper, url, env, mysql, redis, sshpass, curl, bearer,
                query, inline1, inline2, pwopt, auth, ldap, smb, htp, plink, hdr, gh, envtok);

        // pid -> the command line the probe must report
        Map<Long, String> expected = new LinkedHashMap<>();
        expected.put(perl("perl", "--", "ordinary-arg", "-p8080", "--password", pw, "--token=" + tok, "--api-key", key,
                        "--key-file=/etc/x.pem", "--tokenizer=x", "--name=value"),
                "perl " + SLEEP + " -- ordinary-arg -p8080 --password *** --token=*** --api-key ***"
                        + " --key-file=/etc/x.pem --tokenizer=x --name=value");
        expected.put(perl("perl", "--", "-Dspring.datasource.password=" + java, "--client-secret=" + client,
                        "--PASSWORD=" + upper, "https://u:" + url + "@db.example:5432/x", "GITHUB_TOKEN=" + env,
                        "--max-tokens", "512", "--password-file=/etc/pw"),
                "perl " + SLEEP + " -- -Dspring.datasource.password=*** --client-secret=*** --PASSWORD=***"
                        + " https://u:***@db.example:5432/x GITHUB_TOKEN=*** --max-tokens 512 --password-file=/etc/pw");
        expected.put(perl("mysql", "--", "-uroot", "-p" + mysql, "-P", "3306", "mydb"),
                "mysql " + SLEEP + " -- -uroot -p*** -P 3306 mydb");
        expected.put(perl("redis-cli", "--", "-h", "localhost", "-a", redis, "ping"),
                "redis-cli " + SLEEP + " -- -h localhost -a *** ping");
        expected.put(perl("/usr/bin/sshpass", "--", "-p", sshpass, "ssh", "-p", "22", "host"),
                "/usr/bin/sshpass " + SLEEP + " -- -p *** ssh -p 22 host");
        expected.put(perl("curl", "--", "-u", "admin:" + curl, "-H", "Authorization: Bearer " + bearer,
                        "https://h.example/x?token=" + query + "&page=2"),
                "curl " + SLEEP + " -- -u admin:*** -H Authorization: Bearer *** https://h.example/x?token=***&page=2");
        expected.put(perl("sh", "--", "-c", "mysql -uroot -p" + inline1 + " db; app --password " + inline2 + " other"),
                "sh " + SLEEP + " -- -c mysql -uroot -p*** db; app --password *** other");
        // the misses of issue 10, item 8
        expected.put(perl("perl", "--", "--pw=" + pwopt, "--auth=admin:" + auth, "--env=CI_JOB_TOKEN=" + envtok,
                        "--header=Authorization: Bearer " + hdr, "https://" + gh + "@github.com/o/r.git"),
                "perl " + SLEEP + " -- --pw=*** --auth=*** --env=CI_JOB_TOKEN=*** --header=Authorization: Bearer ***"
                        + " https://***@github.com/o/r.git");
        expected.put(perl("ldapsearch", "--", "-x", "-D", "cn=admin,dc=example,dc=com", "-w", ldap, "-b", "dc=example,dc=com"),
                "ldapsearch " + SLEEP + " -- -x -D cn=admin,dc=example,dc=com -w *** -b dc=example,dc=com");
        expected.put(perl("smbclient", "--", "//srv/share", "-U", "alice%" + smb), "smbclient " + SLEEP + " -- //srv/share -U alice%***");
        expected.put(perl("htpasswd", "--", "-b", "/etc/nginx/.htpasswd", "admin", htp),
                "htpasswd " + SLEEP + " -- -b /etc/nginx/.htpasswd admin ***");
        expected.put(perl("plink", "--", "-ssh", "-pw", plink, "root@host"), "plink " + SLEEP + " -- -ssh -pw *** root@host");
        for (Map.Entry<Long, String> e : expected.entrySet()) {
            awaitExec(e.getKey(), e.getValue().substring(0, e.getValue().indexOf(' ')));
        }

        // the probe puts the system directories first in PATH, so the awk under test comes in as a
        // shell function (which wins over PATH) on a line in front of the script, the way Bedside
        // puts the kernel-log cursor there; it leaves a mark to prove it was used
        dir = Files.createTempDirectory("bedside-cmdline-");
        Path mark = dir.resolve("awk-used");
        String run = "'" + awkBin.get() + "'" + (awk.equals("busybox") ? " awk" : "");
        String prefix = "awk() { echo x >> '" + mark + "'; " + run + " \"$@\"; }\n";
        String raw = probe(shell.equals("busybox") ? List.of(shellBin.get().toString(), "sh", "-s")
                : List.of(shellBin.get().toString(), "-s"), prefix);
        assertTrue(Files.exists(mark) && Files.size(mark) > 0, "the probe ran " + awk + " through the function");
        assertTrue(raw.matches("(?s).*\n@@bedside:[0-9a-f-]+:section procs-mem ok.*"), "procs-mem was read");

        for (String s : secrets) {
            assertFalse(raw.contains(s), "secret " + s + " is in the raw probe output");
        }
        Sample sample = Playbooks.parser().parse("this machine", Instant.now(), raw, 0);
        ProcessMemoryTable table = MemorySnapshot.of(sample).processes().get()
                .orElseThrow(() -> new AssertionError("no procs-mem table: " + MemorySnapshot.of(sample).processes().describeAbsence()));
        for (Map.Entry<Long, String> e : expected.entrySet()) {
            ProcessMemory row = table.processes().stream().filter(p -> p.pid() == e.getKey()).findFirst()
                    .orElseThrow(() -> new AssertionError("pid " + e.getKey() + " is not in procs-mem"));
            assertEquals(e.getValue(), row.cmdline(), "pid " + e.getKey());
            assertTrue(row.cmdline().length() <= 256);
        }
    }

    /** Starts perl sleeping with argv[0] = name and the given arguments after its -e; returns its pid. */
    private long perl(String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "exec -a \"$0\" perl \"$@\"", name, SLEEP));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        started.add(p);
        return p.pid();
    }

    /** Waits until bash has become perl (its cmdline starts with the new argv[0] and holds the -e). */
    private static void awaitExec(long pid, String argv0) throws Exception {
        Path f = Path.of("/proc/" + pid + "/cmdline");
        for (int i = 0; i < 200; i++) {
            String c = Files.exists(f) ? new String(Files.readAllBytes(f), StandardCharsets.UTF_8) : "";
            if (c.startsWith(argv0 + "\0" + SLEEP + "\0")) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("pid " + pid + " did not become " + argv0);
    }

    private static String probe(List<String> shell, String prefix) throws IOException, InterruptedException {
        String text = prefix + ProbeFiles.script();
        Process p = new ProcessBuilder(shell).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return out;
    }
}
