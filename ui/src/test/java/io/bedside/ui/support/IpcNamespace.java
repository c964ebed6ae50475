package io.bedside.ui.support;

import io.bedside.model.port.HostTransport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private System V IPC namespace on this machine for one test: every IPC object the test makes
 * (with ipcmk or {@code helper.pl}), every probe and every fix command runs inside it, and it all
 * vanishes when the namespace's holder process ends. Its kernel.sem, shmmni and msgmni are its own,
 * so a test can fill SEMMNI and raise it without touching the machine's. Needs root and unshare.
 */
public final class IpcNamespace implements AutoCloseable {
    private final Process holder;
    private final List<Process> helpers = new ArrayList<>();
    private final Path helperScript;

    private IpcNamespace(Process holder, Path helperScript) {
        this.holder = holder;
        this.helperScript = helperScript;
    }

    /** Whether this machine can make one (root, unshare, nsenter, perl). */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("sh", "-c", "[ \"$(id -u)\" = 0 ] && command -v unshare && command -v nsenter"
                    + " && command -v ipcmk && perl -MIPC::SysV -e 1 && unshare --ipc true").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static IpcNamespace create() throws Exception {
        Process p = new ProcessBuilder("unshare", "--ipc", "sleep", "3600").redirectErrorStream(true).start();
        // unshare(2) happens before exec: wait until the holder's namespace differs from ours
        String ours = Files.readSymbolicLink(Path.of("/proc/self/ns/ipc")).toString();
        long end = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                String theirs = Files.readSymbolicLink(Path.of("/proc/" + p.pid() + "/ns/ipc")).toString();
                if (!theirs.equals(ours) && Files.readString(Path.of("/proc/" + p.pid() + "/comm")).trim().equals("sleep")) {
                    break;
                }
            } catch (IOException e) {
                // not there yet
            }
            if (System.currentTimeMillis() > end) {
                p.destroyForcibly();
                throw new IllegalStateException("unshare --ipc did not start");
            }
            Thread.sleep(20);
        }
        Path helper = Files.createTempFile("bedside-ipc-helper", ".pl");
        Files.writeString(helper, Fixtures.resource("/io/bedside/ui/fixtures/ipc/capture/helper.pl"));
        return new IpcNamespace(p, helper);
    }

    /** The command that runs a script (on stdin) inside the namespace. */
    public List<String> shell() {
        return List.of("nsenter", "-t", Long.toString(holder.pid()), "--ipc", "sh", "-s");
    }

    /** A transport into the namespace, for sessions and fixes. */
    public HostTransport transport() {
        return new LocalShellTransport(Integer.MAX_VALUE, shell());
    }

    /** Runs a shell script inside the namespace and returns its output; fails on a non-zero exit. */
    public String sh(String script) throws Exception {
        Process p = new ProcessBuilder(shell()).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(("set -e\n" + script + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("in the IPC namespace, '" + script + "' failed: " + out);
        }
        return out;
    }

    /** Runs {@code helper.pl MODE ARGS} inside the namespace to its end (leak, touch, shmleak). */
    public void helper(String... args) throws Exception {
        sh("perl " + helperScript + " " + String.join(" ", args));
    }

    /** Starts {@code helper.pl MODE ARGS} in the background (user, hold) and waits until it is ready. */
    public void startHelper(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "-t", Long.toString(holder.pid()), "--ipc", "perl",
                helperScript.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        helpers.add(p);
        byte[] ready = new byte[6];
        int n = p.getInputStream().readNBytes(ready, 0, 6);
        if (n < 5 || !new String(ready, 0, n, StandardCharsets.UTF_8).startsWith("ready")) {
            throw new IllegalStateException("helper.pl " + String.join(" ", args) + " did not start");
        }
    }

    /** The namespace's /proc/sysvipc table (sem, shm or msg) rows, without the header. */
    public List<String> rows(String table) throws Exception {
        List<String> lines = sh("cat /proc/sysvipc/" + table).lines().toList();
        return lines.subList(1, lines.size());
    }

    @Override
    public void close() {
        for (Process p : helpers) {
            p.destroy();
        }
        holder.destroy();
        try {
            holder.waitFor(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
            Files.deleteIfExists(helperScript);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // a temp file left behind
        }
    }
}
