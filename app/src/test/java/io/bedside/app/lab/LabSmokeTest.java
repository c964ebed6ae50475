package io.bedside.app.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab itself, proved with the system OpenSSH client against the real sshd hosts that
 * {@code lab/bedside-lab up --jump} starts: no mocks.
 */
@WithLab(jump = true)
class LabSmokeTest {

  private static final Duration T = Duration.ofSeconds(30);
  private static final Pattern IPCS_ROW = Pattern.compile("^(0x[0-9a-f]{8})\\s+(\\d+)\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)\\s*$");

  @Test
  void loginByAliasPrintsTheLabHostname(Lab lab) {
    assertEquals("lab-" + lab.name(), lab.alias());
    Lab.Result r = lab.ssh(T, "-i", lab.identity().toString(), lab.alias(), "hostname; id -un; echo $SSH_CONNECTION");
    assertTrue(r.ok(), r::describe);
    List<String> lines = r.stdout().lines().toList();
    assertEquals("lab-" + lab.name(), lines.get(0));
    assertEquals(lab.user(), lines.get(1));
    assertEquals("bl-" + lab.name(), lab.user(), "each lab has its own user");
    assertTrue(lines.get(2).endsWith(" 127.0.0.1 " + lab.port()), lines.get(2));

    // the fingerprint in lab.json is the key the client verified against known_hosts
    Lab.Result fp = Lab.run(List.of("ssh-keygen", "-lf", lab.hostKeyPub().toString()), Map.of(), T);
    assertTrue(fp.ok(), fp::describe);
    assertEquals(lab.hostKeyFingerprint(), fp.stdout().split(" ")[1]);
    assertTrue(lab.hostKeyFingerprint().startsWith("SHA256:"));
  }

  @Test
  void everyFixtureCredentialLogsIn(Lab lab, @TempDir Path tmp) throws IOException {
    Path askpass = tmp.resolve("askpass.sh");
    Files.writeString(askpass, "#!/bin/sh\nprintf '%s\\n' \"$BEDSIDE_ASKPASS\"\n");
    Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
    List<String> direct = List.of("ssh", "-F", "/dev/null", "-p", Integer.toString(lab.port()),
        "-o", "UserKnownHostsFile=" + lab.knownHostsHashed(), "-o", "StrictHostKeyChecking=yes",
        "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=10");
    String target = lab.user() + "@" + lab.host();

    // RSA key in PEM format, host checked against the hashed known_hosts
    assertTrue(Files.readString(lab.identityRsaPem()).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
    Lab.Result pem = Lab.run(concat(direct, "-o", "BatchMode=yes", "-i", lab.identityRsaPem().toString(),
        target, "echo pem-ok"), Map.of(), T);
    assertTrue(pem.ok(), pem::describe);
    assertEquals("pem-ok", pem.stdout().strip());

    // OpenSSH-format key behind a passphrase, the passphrase given by SSH_ASKPASS
    assertTrue(Files.readString(lab.identityPassphraseFile()).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----"));
    Lab.Result pass = Lab.run(concat(direct, "-o", "PreferredAuthentications=publickey",
            "-i", lab.identityPassphraseFile().toString(), target, "echo passphrase-ok"),
        askpassEnv(askpass, lab.identityPassphrase()), T);
    assertTrue(pass.ok(), pass::describe);
    assertEquals("passphrase-ok", pass.stdout().strip());

    // password authentication through PAM
    Lab.Result pw = Lab.run(concat(direct, "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password",
        "-o", "NumberOfPasswordPrompts=1", target, "echo password-ok"), askpassEnv(askpass, lab.password()), T);
    assertTrue(pw.ok(), pw::describe);
    assertEquals("password-ok", pw.stdout().strip());

    // and a wrong password is refused: the password check is real
    Lab.Result wrong = Lab.run(concat(direct, "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password",
        "-o", "NumberOfPasswordPrompts=1", target, "true"), askpassEnv(askpass, "not-" + lab.password()), T);
    assertEquals(255, wrong.exitCode(), wrong::describe);
    assertTrue(wrong.stderr().contains("Permission denied"), wrong::describe);
  }

  /**
   * Labs share no mutable state: a second lab gets its own user and sudoers file, a rule written
   * for it changes nothing for this lab, and its down removes its user and file and nothing else.
   */
  @Test
  void eachLabHasItsOwnUserAndSudoRule(Lab lab) throws IOException {
    assertEquals(Path.of("/etc/sudoers.d/bedside-lab-" + lab.name()), lab.sudoers());
    assertEquals(List.of(lab.user() + " ALL=(ALL:ALL) NOPASSWD: ALL"),
        Files.readAllLines(lab.sudoers()).stream().filter(l -> !l.startsWith("#")).toList());
    String other = lab.name() + "-b";
    Lab.Result up = Lab.run(List.of(lab.script().toString(), "up", other), Map.of(), Duration.ofMinutes(3));
    assertTrue(up.ok(), up::describe);
    try {
      Lab b = Lab.read(Path.of(up.stdout().trim()));
      assertEquals("bl-" + other, b.user());
      assertFalse(b.user().equals(lab.user()));
      assertFalse(b.password().equals(lab.password()), "each user has its own password");
      // the other lab's user may not log in here (this lab's key and host, only the user differs)
      Lab.Result foreign = lab.ssh(T, "-l", b.user(), lab.alias(), "true");
      assertFalse(foreign.ok(), foreign::describe);
      assertTrue(foreign.stderr().contains("Permission denied"), foreign::describe);
      // and its sudo rule is not this lab's
      b.writeSudoers("Defaults:" + b.user() + " timestamp_timeout=0\n" + b.user() + " ALL=(ALL:ALL) ALL\n");
      Lab.Result mine = lab.ssh(T, lab.alias(), "sudo -n id -u");
      assertTrue(mine.ok(), mine::describe);
      assertEquals("0", mine.stdout().trim());
      Lab.Result theirs = b.ssh(T, b.alias(), "sudo -n id -u");
      assertFalse(theirs.ok(), "the other lab's new rule wants a password: " + theirs.describe());
    } finally {
      Lab.Result down = Lab.run(List.of(lab.script().toString(), "down", other), Map.of(), Duration.ofMinutes(1));
      assertTrue(down.ok(), down::describe);
    }
    assertFalse(Files.exists(Path.of("/etc/sudoers.d/bedside-lab-" + other)), "down removes the lab's sudoers file");
    Lab.Result gone = Lab.run(List.of("getent", "passwd", "bl-" + other), Map.of(), T);
    assertEquals(2, gone.exitCode(), "down removes the lab's user: " + gone.describe());
    assertTrue(Files.exists(lab.sudoers()), "this lab's sudoers file stays");
    Lab.Result still = lab.ssh(T, lab.alias(), "sudo -n id -u");
    assertTrue(still.ok(), still::describe);
  }

  @Test
  void theLabHasItsOwnIpcNamespace(Lab lab) {
    Lab.Result before = lab.ssh(T, lab.alias(), "ipcs -s");
    assertTrue(before.ok(), before::describe);
    assertEquals(List.of(), rows(before.stdout()), "a fresh lab has no semaphore arrays");

    Lab.Result made = lab.ssh(T, lab.alias(), "sudo -n ipcmk -S 3");
    assertTrue(made.ok(), made::describe);
    Matcher id = Pattern.compile("Semaphore id: (\\d+)").matcher(made.stdout());
    assertTrue(id.find(), made::describe);
    String semid = id.group(1);

    Lab.Result after = lab.ssh(T, lab.alias(), "ipcs -s");
    assertTrue(after.ok(), after::describe);
    List<String[]> labRows = rows(after.stdout());
    assertEquals(1, labRows.size(), after::stdout);
    String[] row = labRows.get(0);
    assertEquals(semid, row[1]);
    assertEquals("root", row[2], "made through sudo");
    assertEquals("3", row[4]);
    String key = row[0];

    // nsenter into the lab sees the same array; the machine itself does not
    assertTrue(lab.exec("ipcs -s").contains(key));
    Lab.Result machine = Lab.run(List.of("ipcs", "-s"), Map.of(), T);
    assertTrue(machine.ok(), machine::describe);
    assertTrue(rows(machine.stdout()).stream().noneMatch(r -> r[0].equals(key)),
        () -> "the machine's ipcs -s shows the lab's array " + key + ":\n" + machine.stdout());

    // kernel.sem is per namespace too: lowering it in the lab leaves the machine alone
    String machineSem = Lab.run(List.of("cat", "/proc/sys/kernel/sem"), Map.of(), T).stdout().strip();
    lab.exec("sysctl -q -w kernel.sem='250 32000 32 8'");
    Lab.Result sem = lab.ssh(T, lab.alias(), "cat /proc/sys/kernel/sem");
    assertEquals(List.of("250", "32000", "32", "8"), List.of(sem.stdout().strip().split("\\s+")), sem::describe);
    assertEquals(machineSem, Lab.run(List.of("cat", "/proc/sys/kernel/sem"), Map.of(), T).stdout().strip());

    Lab.Result removed = lab.ssh(T, lab.alias(), "sudo -n ipcrm -s " + semid + " && ipcs -s");
    assertTrue(removed.ok(), removed::describe);
    assertEquals(List.of(), rows(removed.stdout()));
  }

  @Test
  void theTargetIsReachedOnlyThroughTwoJumps(Lab lab) {
    Lab.JumpHost tgt = lab.jumpHost("tgt");
    Lab.JumpHost mid = lab.jumpHost("mid");

    Lab.Result viaJumps = lab.ssh(T, tgt.alias(), "hostname; echo $SSH_CONNECTION");
    assertTrue(viaJumps.ok(), viaJumps::describe);
    List<String> lines = viaJumps.stdout().lines().toList();
    assertEquals("lab-" + lab.name() + "-tgt", lines.get(0));
    // tgt sees the connection coming from mid's side of the mid<->tgt link
    String[] conn = lines.get(1).split(" ");
    assertEquals(tgt.address(), conn[2]);
    assertEquals("22", conn[3]);
    assertEquals(lastOctet(tgt.address()) - 1, lastOctet(conn[0]), lines.get(1));

    Lab.Result midHost = lab.ssh(T, mid.alias(), "hostname");
    assertTrue(midHost.ok(), midHost::describe);
    assertEquals("lab-" + lab.name() + "-mid", midHost.stdout().strip());

    Lab.Result config = Lab.run(lab.sshCommand("-G", tgt.alias()), Map.of(), T);
    assertTrue(config.stdout().contains("proxyjump " + lab.jumpHost("edge").alias() + "," + mid.alias()), config::describe);

    // straight at tgt's address: no route from the machine
    Lab.Result direct = lab.ssh(Duration.ofSeconds(15), "-o", "ConnectTimeout=3", "-o", "ProxyJump=none",
        lab.user() + "@" + tgt.address(), "hostname");
    assertFalse(direct.timedOut(), direct::describe);
    assertEquals(255, direct.exitCode(), direct::describe);
    assertEquals("", direct.stdout());
    // and not from edge either: only mid is next to tgt
    Lab.Result fromEdge = lab.ssh(T, lab.jumpHost("edge").alias(),
        "timeout 3 bash -c 'exec 3<>/dev/tcp/" + tgt.address() + "/22' && echo reached || echo unreachable");
    assertEquals("unreachable", fromEdge.stdout().strip(), fromEdge::describe);
  }

  @Test
  void stallFreezesSessionsAndResumeRestoresThem(Lab lab) throws Exception {
    try (Session echo = Session.start(lab.sshCommand("-o", "BatchMode=yes", lab.alias(),
            "while read l; do echo \"got $l\"; done"));
        Session alive = Session.start(lab.sshCommand("-o", "BatchMode=yes", "-o", "ServerAliveInterval=1",
            "-o", "ServerAliveCountMax=2", lab.alias(), "echo ready; exec sleep 600"))) {
      echo.send("ping1");
      assertEquals("got ping1", echo.next(Duration.ofSeconds(15)));
      assertEquals("ready", alive.next(Duration.ofSeconds(15)));

      lab.stall();
      try {
        echo.send("ping2");
        assertNull(echo.next(Duration.ofSeconds(3)), "a stalled host answered");
        // the client with a 1 s ServerAliveInterval gives up on the silent server
        assertTrue(alive.process.waitFor(20, TimeUnit.SECONDS), "ServerAliveInterval did not end the session");
        assertEquals(255, alive.process.exitValue());
        assertTrue(alive.stderr().contains("Timeout, server"), alive.stderr());
      } finally {
        lab.resume();
      }

      // the same connection carries on where it stopped
      assertEquals("got ping2", echo.next(Duration.ofSeconds(15)));
      echo.send("ping3");
      assertEquals("got ping3", echo.next(Duration.ofSeconds(15)));
      echo.closeInput();
      assertTrue(echo.process.waitFor(15, TimeUnit.SECONDS));
      assertEquals(0, echo.process.exitValue());
    }
    Lab.Result fresh = lab.ssh(T, "-o", "ConnectTimeout=5", lab.alias(), "hostname");
    assertTrue(fresh.ok(), fresh::describe);
  }

  @Test
  void killSessionsDropsTheConnection(Lab lab) throws Exception {
    try (Session s = Session.start(lab.sshCommand("-o", "BatchMode=yes", lab.alias(), "echo ready; exec sleep 600"))) {
      assertEquals("ready", s.next(Duration.ofSeconds(15)));
      lab.killSessions();
      assertTrue(s.process.waitFor(15, TimeUnit.SECONDS), "the session survived kill-sessions");
      assertEquals(255, s.process.exitValue());
    }
    Lab.Result fresh = lab.ssh(T, lab.alias(), "hostname");
    assertTrue(fresh.ok(), fresh::describe);
  }

  @Test
  void linkDownCutsTheWayToTheJumpHosts(Lab lab) {
    String edge = lab.jumpHost("edge").alias();
    lab.linkDown();
    try {
      Lab.Result cut = lab.ssh(Duration.ofSeconds(20), "-o", "ConnectTimeout=2", edge, "hostname");
      assertFalse(cut.timedOut(), cut::describe);
      assertEquals(255, cut.exitCode(), cut::describe);
    } finally {
      lab.linkUp();
    }
    Lab.Result back = lab.ssh(T, "-o", "ConnectTimeout=5", edge, "hostname");
    assertTrue(back.ok(), back::describe);
    assertEquals("lab-" + lab.name() + "-edge", back.stdout().strip());
  }

  // ----------------------------------------------------------------- helpers

  /** Rows of {@code ipcs -s}: key, semid, owner, perms, nsems. */
  private static List<String[]> rows(String ipcs) {
    List<String[]> rows = new ArrayList<>();
    for (String line : ipcs.lines().toList()) {
      Matcher m = IPCS_ROW.matcher(line);
      if (m.matches()) {
        rows.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)});
      }
    }
    return rows;
  }

  private static int lastOctet(String address) {
    return Integer.parseInt(address.substring(address.lastIndexOf('.') + 1));
  }

  private static Map<String, String> askpassEnv(Path askpass, String secret) {
    return Map.of("SSH_ASKPASS", askpass.toString(), "SSH_ASKPASS_REQUIRE", "force", "BEDSIDE_ASKPASS", secret);
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }

  /** A long-running ssh client: lines of stdout arrive in a queue, stderr is collected. */
  private static final class Session implements AutoCloseable {
    final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();
    private final Writer stdin;

    private Session(Process process) {
      this.process = process;
      this.stdin = process.outputWriter(StandardCharsets.UTF_8);
      pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), lines::add);
      pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)),
          l -> stderr.append(l).append('\n'));
    }

    static Session start(List<String> command) throws IOException {
      return new Session(new ProcessBuilder(command).start());
    }

    private static void pump(BufferedReader reader, java.util.function.Consumer<String> sink) {
      Thread t = new Thread(() -> {
        try (reader) {
          for (String l; (l = reader.readLine()) != null; ) {
            sink.accept(l);
          }
        } catch (IOException ignored) {
          // the process ended
        }
      }, "lab-session-reader");
      t.setDaemon(true);
      t.start();
    }

    void send(String line) {
      try {
        stdin.write(line + "\n");
        stdin.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void closeInput() throws IOException {
      stdin.close();
    }

    /** The next stdout line, or null if none came within {@code wait}. */
    String next(Duration wait) throws InterruptedException {
      return lines.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    String stderr() {
      return stderr.toString();
    }

    @Override
    public void close() {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
