package io.bedside.app.lab;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A running lab host, as described by the {@code lab.json} that {@code lab/bedside-lab up}
 * writes. The main host listens on {@code host:port} (127.0.0.1) in its own IPC, UTS and mount
 * namespaces; with {@code --jump} the hosts edge, mid and tgt sit in network namespaces behind
 * it, tgt reachable only through edge and mid.
 *
 * @param name lab name, e.g. {@code labsmoke}
 * @param dir state directory
 * @param host always 127.0.0.1
 * @param port sshd port of the main host
 * @param user this lab's own login user ({@code bl-NAME}, passwordless sudo); no other lab uses it
 * @param sudoers this lab's own sudoers file ({@code /etc/sudoers.d/bedside-lab-NAME}), read for
 *     {@code user} only: a test that needs another sudo rule rewrites this one ({@link #writeSudoers})
 * @param password that user's password
 * @param alias ssh_config alias of the main host, {@code lab-NAME}
 * @param hostname the main host's hostname, {@code lab-NAME}
 * @param sshConfig ssh_config with the lab's aliases
 * @param knownHosts plain known_hosts with every lab host key
 * @param knownHostsHashed the same, hashed ({@code ssh-keygen -H})
 * @param identity ed25519 user key without passphrase
 * @param identityPassphraseFile ed25519 user key in OpenSSH format, protected by
 *     {@code identityPassphrase}
 * @param identityPassphrase passphrase of {@code identityPassphraseFile}
 * @param identityRsaPem RSA user key in PEM format, no passphrase
 * @param hostKeyFingerprint SHA256 fingerprint of the main host's key
 * @param hostKeyPub the main host's public key file
 * @param sshdPid pid of the main host's listening sshd
 * @param nsPid a pid inside the main host's namespaces (for nsenter)
 * @param script the {@code bedside-lab} script that started the lab
 * @param subnet the /28 of the jump network, null without jump hosts
 * @param jump the jump hosts, null without them
 * @param fleet the fleet hosts of {@code @WithLab(fleet = N)}, in order (empty without them)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Lab(
    String name,
    Path dir,
    String host,
    int port,
    String user,
    Path sudoers,
    String password,
    String alias,
    String hostname,
    Path sshConfig,
    Path knownHosts,
    Path knownHostsHashed,
    Path identity,
    Path identityPassphraseFile,
    String identityPassphrase,
    Path identityRsaPem,
    String hostKeyFingerprint,
    Path hostKeyPub,
    long sshdPid,
    long nsPid,
    Path script,
    String subnet,
    Jump jump,
    List<FleetHost> fleet) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);

  /** The three jump hosts: client -> edge -> mid -> tgt. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Jump(JumpHost edge, JumpHost mid, JumpHost tgt) {}

  /** One jump host; it listens on {@code address:port} inside network namespace {@code netns}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record JumpHost(
      String alias,
      String address,
      int port,
      String hostname,
      String fingerprint,
      Path hostKeyPub,
      String netns,
      long sshdPid,
      long nsPid) {}

  /**
   * One fleet host ({@code bedside-lab up --fleet N}): its own sshd on {@code 127.0.0.1:port}, its
   * own host key and IPC, UTS and mount namespaces, the lab's user and keys.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FleetHost(
      String tag,
      String alias,
      int port,
      String hostname,
      String fingerprint,
      Path hostKeyPub,
      long sshdPid,
      long nsPid) {}

  /** What a finished (or timed out) command did. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr, boolean timedOut) {

    public boolean ok() {
      return !timedOut && exitCode == 0;
    }

    /** For assertion messages. */
    public String describe() {
      return String.join(" ", command)
          + (timedOut ? " timed out" : " exited " + exitCode)
          + "\nstdout: " + stdout + "\nstderr: " + stderr;
    }
  }

  /** Reads a lab.json. */
  public static Lab read(Path labJson) {
    try {
      return JSON.readValue(labJson.toFile(), Lab.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + labJson, e);
    }
  }

  public Lab {
    fleet = fleet == null ? List.of() : List.copyOf(fleet);
  }

  public boolean hasJump() {
    return jump != null;
  }

  /** The jump host called {@code edge}, {@code mid} or {@code tgt}. */
  public JumpHost jumpHost(String tag) {
    if (jump == null) {
      throw new IllegalStateException("lab " + name + " has no jump hosts; use @WithLab(jump = true)");
    }
    return switch (tag) {
      case "edge" -> jump.edge();
      case "mid" -> jump.mid();
      case "tgt" -> jump.tgt();
      default -> throw new IllegalArgumentException("no jump host " + tag + "; edge, mid or tgt");
    };
  }

  // ------------------------------------------------------------- failure helpers

  /** SIGSTOP every per-connection sshd of the main host; the listener still accepts. */
  public void stall() {
    stall("main");
  }

  /** SIGSTOP every per-connection sshd of {@code main}, {@code edge}, {@code mid} or {@code tgt}. */
  public void stall(String hostTag) {
    script("stall", name, "--host", hostTag);
  }

  /** SIGCONT everything the lab's sshds started, on every host of the lab. */
  public void resume() {
    script("resume", name);
  }

  /** SIGKILL every per-connection sshd of the main host: clients see the connection drop. */
  public void killSessions() {
    killSessions("main");
  }

  public void killSessions(String hostTag) {
    script("kill-sessions", name, "--host", hostTag);
  }

  /** Takes the root<->edge link down (edge's end), cutting the way to every jump host. */
  public void linkDown() {
    script("link", name, "down");
  }

  public void linkUp() {
    script("link", name, "up");
  }

  // --------------------------------------------------------------------- sudo

  /**
   * Replaces this lab's own sudoers file with {@code rules} (checked by {@code visudo} first, put
   * in place atomically) and forgets the user's cached sudo credentials ({@code sudo -K}), so the
   * next sudo follows the new rules from a clean start. Only this lab's user is affected.
   */
  public void writeSudoers(String rules) {
    Path tmp = sudoers.resolveSibling("." + sudoers.getFileName() + ".tmp"); // a '.' in the name: sudo skips it
    try {
      Files.writeString(tmp, rules.endsWith("\n") ? rules : rules + "\n", StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("r--r-----"));
      checked(run(List.of("visudo", "-cqf", tmp.toString()), Map.of(), SCRIPT_TIMEOUT));
      Files.move(tmp, sudoers, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + sudoers, e);
    } finally {
      deleteQuietly(tmp);
    }
    forgetSudoCredentials();
  }

  /** The lab's rule as {@code up} wrote it: {@code USER ALL=(ALL:ALL) NOPASSWD: ALL}. */
  public void restoreSudoers() {
    writeSudoers(user + " ALL=(ALL:ALL) NOPASSWD: ALL\n");
  }

  /** {@code sudo -K} as the lab user: no cached sudo timestamp is left, of any kind. */
  public void forgetSudoCredentials() {
    checked(run(List.of("runuser", "-u", user, "--", "sudo", "-K"), Map.of(), SCRIPT_TIMEOUT));
  }

  // ------------------------------------------------------------------ commands

  /**
   * Runs {@code shellCmd} with sh as root inside the main host's IPC, UTS and mount namespaces
   * ({@code nsenter -t nsPid -i -u -m}) and returns its stdout; fails unless it exits 0.
   */
  public String exec(String shellCmd) {
    return checked(run(List.of("nsenter", "-t", Long.toString(nsPid), "-i", "-u", "-m", "--", "sh", "-c", shellCmd),
        Map.of(), SCRIPT_TIMEOUT));
  }

  /** Like {@link #exec(String)} on jump host {@code edge}, {@code mid} or {@code tgt} (with its netns). */
  public String exec(String hostTag, String shellCmd) {
    if ("main".equals(hostTag)) {
      return exec(shellCmd);
    }
    JumpHost h = jumpHost(hostTag);
    return checked(run(List.of("nsenter", "-t", Long.toString(h.nsPid()), "-i", "-u", "-m", "-n", "--", "sh", "-c", shellCmd),
        Map.of(), SCRIPT_TIMEOUT));
  }

  /** {@code ssh -F sshConfig ARGS...} for the system ssh client; add {@code -o BatchMode=yes} yourself. */
  public List<String> sshCommand(String... args) {
    List<String> cmd = new ArrayList<>(List.of("ssh", "-F", sshConfig.toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Runs {@code ssh -F sshConfig -o BatchMode=yes ARGS...} with stdin from /dev/null. */
  public Result ssh(Duration timeout, String... args) {
    List<String> cmd = sshCommand("-o", "BatchMode=yes");
    cmd.addAll(List.of(args));
    return run(cmd, Map.of(), timeout);
  }

  private void script(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(script.toString());
    cmd.addAll(List.of(args));
    checked(run(cmd, Map.of(), SCRIPT_TIMEOUT));
  }

  private static String checked(Result r) {
    if (!r.ok()) {
      throw new IllegalStateException(r.describe());
    }
    return r.stdout();
  }

  /**
   * Runs a command with stdin from /dev/null, stdout and stderr captured through files (no pipe
   * can fill up), extra environment {@code env}; kills it after {@code timeout}.
   */
  public static Result run(List<String> command, Map<String, String> env, Duration timeout) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("bedside-lab-", ".out");
      err = Files.createTempFile("bedside-lab-", ".err");
      ProcessBuilder pb = new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
      return new Result(List.copyOf(command), done ? p.exitValue() : -1,
          Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8), !done);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // a temp file left behind is harmless
      }
    }
  }
}
