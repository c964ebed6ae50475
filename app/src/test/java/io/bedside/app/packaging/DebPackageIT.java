package io.bedside.app.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bedside.app.Main;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.WithLab;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native Linux package, end to end on this machine: {@code packaging/build.sh deb} builds the
 * .deb (jdeps, jlink, jpackage), apt installs it, the installed {@code /usr/bin/bedside} runs
 * headless (no DISPLAY, a clean HOME, a PATH without any JDK) against a real lab sshd, and
 * {@code dpkg -r} takes it all away again.
 *
 * <p>It changes the machine (installs and removes the package {@code bedside}), so it needs Linux,
 * root, dpkg and apt-get, and a JDK with jlink and jpackage (found by build.sh), and it refuses to
 * touch a machine where bedside is already installed. Without one of those it is skipped with the
 * reason, unless {@code BEDSIDE_LAB=required}: then it fails with it (CI).
 */
@WithLab
class DebPackageIT {

  private static final int EXIT_MISSING_PREREQUISITE = 4;
  private static final Path INSTALL_DIR = Path.of("/opt/bedside");
  private static final Path LAUNCHER = INSTALL_DIR.resolve("bin/bedside");
  private static final Path ON_PATH = Path.of("/usr/bin/bedside");
  private static final Path DESKTOP_ENTRY = INSTALL_DIR.resolve("lib/bedside-bedside.desktop");
  private static final Path ICON = INSTALL_DIR.resolve("lib/bedside.png");
  private static final Duration BUILD = Duration.ofMinutes(10);
  private static final Duration APT = Duration.ofMinutes(5);
  private static final Duration RUN = Duration.ofMinutes(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void theDebInstallsRunsHeadlessAgainstALabHostAndUninstallsCleanly(Lab lab, @TempDir Path tmp) throws IOException {
    prerequisites();
    Path root = lab.script().toAbsolutePath().getParent().getParent();
    Path out = root.resolve("app/target/packaging-it");

    // ------------------------------------------------------------------ build
    // into app/target, not packaging/target: a test must not replace what someone built by hand.
    // gzip instead of dpkg-deb's default xz only for speed (xz takes 1-2 min of this machine's 2
    // cores for 135 MB); the package's contents and scripts are the same.
    Instant started = Instant.now();
    Lab.Result build = Lab.run(List.of(root.resolve("packaging/build.sh").toString(), "deb"),
        Map.of("BEDSIDE_PACKAGING_OUT", out.toString(), "DPKG_DEB_COMPRESSOR_TYPE", "gzip"), BUILD);
    if (!build.timedOut() && build.exitCode() == EXIT_MISSING_PREREQUISITE) {
      cannotRun(lastLine(build.stderr()));
    }
    assertTrue(build.ok(), build::describe);
    log("built in " + Duration.between(started, Instant.now()).toSeconds() + " s");
    String modules = build.stdout().lines().filter(l -> l.startsWith("modules: ")).findFirst()
        .orElseGet(() -> fail("build.sh printed no jdeps module list\n" + build.describe()));
    assertTrue(modules.contains("java.base") && modules.contains("jdk.unsupported"), modules);

    Path deb;
    try (Stream<Path> files = Files.list(out)) {
      List<Path> debs = files.filter(p -> p.getFileName().toString().matches("bedside_.+\\.deb")).toList();
      assertEquals(1, debs.size(), () -> "one .deb in " + out + ": " + debs);
      deb = debs.get(0);
    }
    log(deb.getFileName() + ": " + Files.size(deb) / 1024 + " KiB");
    assertEquals("bedside", check(List.of("dpkg-deb", "-f", deb.toString(), "Package")).strip());
    assertEquals(Main.VERSION, check(List.of("dpkg-deb", "-f", deb.toString(), "Version")).strip(),
        "the package's version is the one the app reports");
    String contents = check(List.of("dpkg-deb", "-c", deb.toString()));
    for (String entry : List.of("./opt/bedside/bin/bedside", "./opt/bedside/lib/app/bedside-app.jar",
        "./opt/bedside/lib/app/libglassgtk3.so", "./opt/bedside/lib/runtime/lib/server/libjvm.so",
        "./opt/bedside/lib/runtime/lib/server/classes.jsa", "./opt/bedside/lib/bedside.png")) {
      assertTrue(contents.lines().anyMatch(l -> l.endsWith(" " + entry)), () -> entry + " is not in the .deb:\n" + contents);
    }
    assertFalse(contents.contains("./opt/bedside/lib/runtime/include/"), "jlink --no-header-files");
    assertFalse(contents.contains("./opt/bedside/lib/runtime/bin/javac"), "a runtime, not a JDK");

    // ------------------------------------------------------------------ install
    boolean installed = false;
    try {
      Lab.Result apt = Lab.run(List.of("apt-get", "install", "-y", "--no-install-recommends",
              "-o", "DPkg::Lock::Timeout=120", deb.toAbsolutePath().toString()),
          Map.of("DEBIAN_FRONTEND", "noninteractive"), APT);
      installed = true;
      assertTrue(apt.ok(), apt::describe);
      assertEquals("install ok installed", status());
      assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " is not executable");
      assertTrue(Files.isSymbolicLink(ON_PATH), ON_PATH + " is not a symbolic link");
      assertEquals(LAUNCHER, Files.readSymbolicLink(ON_PATH));

      String entry = Files.readString(DESKTOP_ENTRY);
      assertTrue(entry.lines().anyMatch("Categories=System;Monitor;"::equals), entry);
      assertTrue(entry.lines().anyMatch(("Exec=" + LAUNCHER)::equals), entry);
      assertTrue(entry.lines().anyMatch(("Icon=" + ICON)::equals), entry);
      assertEquals(List.of(256, 256), pngSize(ICON), "the icon is a 256x256 PNG");

      // ---------------------------------------------------------------- run, headless
      Path home = Files.createDirectories(tmp.resolve("home"));
      Lab.Result version = runInstalled(home, List.of("--version"));
      assertTrue(version.ok(), version::describe);
      assertEquals("bedside " + Main.VERSION, version.stdout().strip());

      // the hostname as the host itself reports it, read over SSH through the installed runtime
      Lab.Result snapshot = runInstalled(home,
          List.of("snapshot", "-F", lab.sshConfig().toString(), lab.alias(), "--json"));
      assertEquals(0, snapshot.exitCode(), snapshot::describe);
      JsonNode sample = JSON.readTree(snapshot.stdout());
      assertEquals(lab.hostname(), sample.at("/host/hostname").asText(), snapshot::describe);
      assertEquals(lab.user(), sample.at("/host/user").asText(), snapshot::describe);
      assertTrue(sample.at("/probe/complete").asBoolean(), snapshot::describe);

      // The lab host has its own IPC namespace but shares memory, processes and the kernel log
      // with this machine, so what a diagnosis finds (say OOM kills left by other tests) is the
      // machine's: the exit status must be the one its findings call for, 0 when none warns.
      Lab.Result diagnose = runInstalled(home,
          List.of("diagnose", "-F", lab.sshConfig().toString(), lab.alias(), "--json"));
      JsonNode report = JSON.readTree(diagnose.stdout());
      assertEquals(lab.hostname(), report.path("host").asText(), diagnose::describe);
      assertEquals(lab.alias(), report.path("source").asText(), diagnose::describe);
      assertTrue(report.path("findings").isArray(), diagnose::describe);
      assertEquals(expectedStatus(report), diagnose.exitCode(), diagnose::describe);
      if (diagnose.exitCode() != 0) {
        log("the lab host's diagnosis is not clean, from this machine's state: " + ids(report));
      }
      Instant sampledAt = Instant.parse(report.path("sampledAt").asText());
      assertTrue(Duration.between(sampledAt, Instant.now()).abs().compareTo(Duration.ofMinutes(5)) < 0,
          "sampled just now: " + sampledAt);

      // the lab's alias is also its hostname; through an alias of our own, the hostname in the
      // report can only have come from the host
      Path config = tmp.resolve("ssh_config");
      Files.writeString(config, String.join("\n",
          "Host packaged-app-target",
          "  HostName " + lab.host(),
          "  Port " + lab.port(),
          "  User " + lab.user(),
          "  IdentityFile " + lab.identity(),
          "  IdentitiesOnly yes",
          "  UserKnownHostsFile " + lab.knownHosts(),
          "  GlobalKnownHostsFile /dev/null",
          "  StrictHostKeyChecking yes",
          ""));
      Lab.Result viaOwnAlias = runInstalled(home,
          List.of("diagnose", "-F", config.toString(), "packaged-app-target", "--json"));
      JsonNode own = JSON.readTree(viaOwnAlias.stdout());
      assertEquals(lab.hostname(), own.path("host").asText(), viaOwnAlias::describe);
      assertEquals("packaged-app-target", own.path("source").asText(), viaOwnAlias::describe);
      assertEquals(expectedStatus(own), viaOwnAlias.exitCode(), viaOwnAlias::describe);

      // the plain form, as a monitoring check prints it: the word goes with the exit status
      Lab.Result plain = runInstalled(home, List.of("diagnose", "-F", lab.sshConfig().toString(), lab.alias()));
      String word = switch (plain.exitCode()) {
        case 0 -> "OK";
        case 1 -> "WARNING";
        case 2 -> "CRITICAL";
        default -> fail("diagnose could not diagnose: " + plain.describe());
      };
      assertTrue(plain.stdout().startsWith("BEDSIDE " + word + " - " + lab.hostname() + ": "), plain::describe);

      // ---------------------------------------------------------------- remove
      Lab.Result remove = Lab.run(List.of("dpkg", "-r", "bedside"), Map.of(), APT);
      installed = false;
      assertTrue(remove.ok(), remove::describe);
      assertFalse(Files.exists(INSTALL_DIR, LinkOption.NOFOLLOW_LINKS), INSTALL_DIR + " is still there");
      assertFalse(Files.exists(ON_PATH, LinkOption.NOFOLLOW_LINKS), ON_PATH + " is still there");
      assertFalse(Files.exists(Path.of("/usr/share/applications/bedside-bedside.desktop"), LinkOption.NOFOLLOW_LINKS),
          "the desktop entry is still there");
      assertFalse(status().startsWith("install ok"), "dpkg still has bedside installed: " + status());
    } finally {
      if (installed) {
        Lab.Result cleanup = Lab.run(List.of("dpkg", "-r", "bedside"), Map.of(), APT);
        if (!cleanup.ok()) {
          System.err.println("[DebPackageIT] could not remove bedside after a failure: " + cleanup.describe());
        }
      }
      // dpkg -r leaves the package in state "config-files"; leave the machine as it was
      Lab.run(List.of("dpkg", "-P", "bedside"), Map.of(), APT);
      // the staged jars and runtime (250 MB); the .deb stays for a look
      Lab.run(List.of("rm", "-rf", out.resolve("stage").toString()), Map.of(), RUN);
    }
  }

  // ------------------------------------------------------------------ helpers

  private static void prerequisites() {
    String os = System.getProperty("os.name", "");
    if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
      cannotRun("a .deb is built and installed only on Linux; this is " + os);
    }
    String uid = uid();
    if (!"0".equals(uid)) {
      cannotRun("installing a package needs root; this is uid " + uid);
    }
    for (String tool : List.of("dpkg", "dpkg-deb", "apt-get")) {
      if (!onPath(tool)) {
        cannotRun(tool + " is not installed (the test installs the .deb with apt-get and removes it with dpkg)");
      }
    }
    String status = status();
    if (status.startsWith("install ok") || Files.exists(INSTALL_DIR, LinkOption.NOFOLLOW_LINKS)) {
      cannotRun("bedside is already installed here (" + (status.isEmpty() ? INSTALL_DIR : status)
          + "); the test would replace it and then remove it: 'dpkg -r bedside' first");
    }
  }

  /** Runs the installed app as a user would from a terminal with no display and no JDK around. */
  private static Lab.Result runInstalled(Path home, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(ON_PATH.toString());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    for (String name : List.of("DISPLAY", "WAYLAND_DISPLAY", "JAVA_HOME", "JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS",
        "CLASSPATH", "SSH_AUTH_SOCK", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")) {
      env.remove(name);
    }
    env.put("HOME", home.toString());
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    Instant start = Instant.now();
    Lab.Result r = run(pb, command);
    log(String.join(" ", command) + " -> " + r.exitCode() + " in " + Duration.between(start, Instant.now()).toMillis() + " ms");
    return r;
  }

  private static Lab.Result run(ProcessBuilder pb, List<String> command) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("bedside-it-", ".out");
      err = Files.createTempFile("bedside-it-", ".err");
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      Process p = pb.start();
      boolean done = p.waitFor(RUN.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
      return new Lab.Result(List.copyOf(command), done ? p.exitValue() : -1,
          Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8), !done);
    } catch (IOException e) {
      return fail("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted running " + command, e);
    } finally {
      for (Path p : new Path[] {out, err}) {
        if (p != null) {
          try {
            Files.deleteIfExists(p);
          } catch (IOException ignored) {
            // a temp file left behind is harmless
          }
        }
      }
    }
  }

  /** The monitoring-plugin status a diagnosis calls for: its worst finding (info 0, warning 1, critical 2). */
  private static int expectedStatus(JsonNode report) {
    int status = 0;
    for (JsonNode f : report.path("findings")) {
      status = Math.max(status, switch (f.path("severity").asText()) {
        case "critical" -> 2;
        case "warning" -> 1;
        default -> 0;
      });
    }
    return status;
  }

  private static String ids(JsonNode report) {
    List<String> ids = new ArrayList<>();
    report.path("findings").forEach(f -> ids.add(f.path("severity").asText() + " " + f.path("id").asText()));
    return String.join(", ", ids);
  }

  /** Runs a command that must succeed; returns its stdout. */
  private static String check(List<String> command) {
    Lab.Result r = Lab.run(command, Map.of(), RUN);
    assertTrue(r.ok(), r::describe);
    return r.stdout();
  }

  /** dpkg's status of bedside, e.g. {@code install ok installed}; empty when dpkg does not know it. */
  private static String status() {
    Lab.Result r = Lab.run(List.of("dpkg-query", "-W", "-f=${Status}", "bedside"), Map.of(), RUN);
    return r.ok() ? r.stdout().strip() : "";
  }

  /** Width and height from a PNG's IHDR chunk. */
  private static List<Integer> pngSize(Path png) throws IOException {
    byte[] head = new byte[24];
    try (InputStream in = Files.newInputStream(png)) {
      assertEquals(24, in.readNBytes(head, 0, 24), png + " is too short for a PNG");
    }
    assertEquals("\u0089PNG", new String(head, 0, 4, StandardCharsets.ISO_8859_1), png + " is not a PNG");
    assertEquals("IHDR", new String(head, 12, 4, StandardCharsets.US_ASCII), png + " has no IHDR first");
    ByteBuffer b = ByteBuffer.wrap(head);
    return List.of(b.getInt(16), b.getInt(20));
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static String uid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.substring(4).trim().split("\\s+")[1];
        }
      }
    } catch (IOException | RuntimeException e) {
      return "unknown (" + e.getMessage() + ")";
    }
    return "unknown";
  }

  /** Skips with the reason, or fails with it when BEDSIDE_LAB=required (CI). Never returns. */
  private static void cannotRun(String reason) {
    if ("required".equalsIgnoreCase(System.getenv("BEDSIDE_LAB"))) {
      Assertions.fail("the package test cannot run: " + reason + " (BEDSIDE_LAB=required)");
    }
    System.err.println("[DebPackageIT] skipped: " + reason);
    Assumptions.abort("the package test cannot run: " + reason);
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\\R");
    return lines.length == 0 ? "" : lines[lines.length - 1].strip();
  }

  private static void log(String line) {
    System.out.println("[DebPackageIT] " + line);
  }
}
