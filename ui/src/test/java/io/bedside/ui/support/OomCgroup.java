package io.bedside.ui.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A memory cgroup of its own on this machine for one test, as {@code lab/incidents/oom-kill.sh}
 * makes one in a lab host: a small limit and no swap, so that only a process in it runs out of
 * memory and the kernel's OOM killer takes it for real (a report in the kernel log, vmstat
 * oom_kill up), never the machine. Also a process that holds some memory in it, optionally in a
 * cgroup of the name=systemd hierarchy named like a service ({@code bedside-ui-demo.service}), so
 * that it has a systemd unit as the probe sees it. Everything is removed on {@link #close()}: the
 * processes it started (by pid), then its cgroups. Needs root and perl; cgroup v1 memory
 * controller or v2 with memory enabled.
 */
public final class OomCgroup implements AutoCloseable {
    private static final Path V1 = Path.of("/sys/fs/cgroup/memory");
    private static final Path V2 = Path.of("/sys/fs/cgroup/unified");
    private static final Path SYSTEMD = Path.of("/sys/fs/cgroup/systemd");
    /** The victim: becomes perl named NAME, then allocates 1 MB a step until the kernel kills it. */
    private static final String ALLOCATE = "$0 = $ARGV[0]; my @hold; while (1) { push @hold, \"x\" x (1 << 20);"
            + " select(undef, undef, undef, 0.005) }";
    /** The holder: becomes perl named NAME, takes MB megabytes, says ready, then sleeps. */
    private static final String HOLD = "$0 = $ARGV[0]; my @hold; push @hold, \"x\" x (1 << 20) for 1 .. $ARGV[1];"
            + " $| = 1; print \"ready\\n\"; sleep 3600";

    private final Path cgroup;
    private final int version;
    private final List<Path> systemdDirs = new ArrayList<>();
    private final List<Process> started = new ArrayList<>();

    private OomCgroup(Path cgroup, int version) {
        this.cgroup = cgroup;
        this.version = version;
    }

    /** Whether this machine can make one: root, perl, and a memory controller to limit. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("sh", "-c", "[ \"$(id -u)\" = 0 ] && command -v perl").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return false;
            }
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return Files.exists(V1.resolve("memory.limit_in_bytes")) || v2Memory();
    }

    private static boolean v2Memory() {
        try {
            return Files.readString(V2.resolve("cgroup.controllers")).contains("memory");
        } catch (IOException e) {
            return false;
        }
    }

    /** A cgroup {@code bedside-ui-NAME-PID} limited to {@code limitMb} MB without swap. */
    public static OomCgroup create(String name, int limitMb) throws IOException {
        long limit = limitMb * 1024L * 1024L;
        String dir = "bedside-ui-" + name + "-" + ProcessHandle.current().pid();
        if (Files.exists(V1.resolve("memory.limit_in_bytes"))) {
            Path cg = V1.resolve(dir);
            Files.createDirectory(cg);
            Files.writeString(cg.resolve("memory.limit_in_bytes"), Long.toString(limit));
            if (Files.exists(cg.resolve("memory.memsw.limit_in_bytes"))) {
                Files.writeString(cg.resolve("memory.memsw.limit_in_bytes"), Long.toString(limit));
            }
            return new OomCgroup(cg, 1);
        }
        Path cg = V2.resolve(dir);
        Files.createDirectory(cg);
        Files.writeString(cg.resolve("memory.max"), Long.toString(limit));
        if (Files.exists(cg.resolve("memory.swap.max"))) {
            Files.writeString(cg.resolve("memory.swap.max"), "0");
        }
        return new OomCgroup(cg, 2);
    }

    /** The cgroup as the probe prints it, e.g. {@code v1:/bedside-ui-oom-4711}. */
    public String ref() {
        return "v" + version + ":/" + cgroup.getFileName();
    }

    /**
     * Starts a process named {@code comm} that holds {@code mb} MB in the cgroup and sleeps; with
     * {@code unit}, also in the name=systemd cgroup {@code /bedside-ui-PID.slice/UNIT}, so it
     * belongs to that service as far as the probe can tell (cgroup v1 hosts name it there).
     *
     * @return its pid
     */
    public long startHolder(String comm, int mb, String unit) throws Exception {
        String join = "echo $$ > " + cgroup.resolve("cgroup.procs");
        if (unit != null && Files.isDirectory(SYSTEMD) && Files.exists(SYSTEMD.resolve("cgroup.procs"))) {
            Path slice = SYSTEMD.resolve("bedside-ui-" + ProcessHandle.current().pid() + ".slice");
            Path service = slice.resolve(unit);
            Files.createDirectories(service);
            systemdDirs.add(service);
            systemdDirs.add(slice);
            join += " && echo $$ > " + service.resolve("cgroup.procs");
        }
        Process p = new ProcessBuilder("sh", "-c", join + " && exec perl -e '" + HOLD + "' \"$0\" \"$1\"", comm,
                Integer.toString(mb)).redirectErrorStream(true).start();
        started.add(p);
        byte[] ready = new byte[6];
        int n = p.getInputStream().readNBytes(ready, 0, 6);
        if (n < 5 || !new String(ready, 0, n, StandardCharsets.UTF_8).startsWith("ready")) {
            throw new IllegalStateException("the holder " + comm + " did not start");
        }
        return p.pid();
    }

    /**
     * Starts a process named {@code comm} in the cgroup that allocates until the kernel's OOM
     * killer kills it, and waits for that (SIGKILL, exit status 137).
     *
     * @return its pid
     */
    public long oomKill(String comm) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "echo $$ > " + cgroup.resolve("cgroup.procs")
                + " && exec perl -e '" + ALLOCATE + "' \"$0\"", comm).redirectErrorStream(true).start();
        started.add(p);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(comm + " was not killed within 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 137) {
            throw new IllegalStateException(comm + " ended with status " + p.exitValue() + ", not by SIGKILL: " + out);
        }
        return p.pid();
    }

    /**
     * Whether root may lower an oom_score_adj here: that needs CAP_SYS_RESOURCE, which some
     * sandboxes (this build machine's VM among them) leave out of the bounding set.
     */
    public static boolean canLowerOomScoreAdj() {
        try {
            Process p = new ProcessBuilder("sh", "-c", "echo -1 > /proc/self/oom_score_adj").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Reads a file of /proc, e.g. {@code /proc/PID/oom_score_adj}, trimmed. */
    public static String proc(long pid, String file) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid), file)).trim();
    }

    @Override
    public void close() {
        for (Process p : started) {
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Path d : List.of(cgroup)) {
            removeDir(d);
        }
        systemdDirs.forEach(OomCgroup::removeDir);
    }

    private static void removeDir(Path d) {
        for (int i = 0; i < 25 && Files.exists(d); i++) {
            try {
                Files.delete(d);   // rmdir of a cgroup: it must have no processes left
            } catch (IOException e) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
