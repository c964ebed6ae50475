package io.bedside.model.sockets;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The probe passes ss's cgroup field through escaped but trusts that it ends at the line's end: ss
 * prints cgroup paths raw, so a cgroup named with a newline would add a line of its own choosing to
 * the socket section. The kernel refuses such names (mkdir and rename both fail with EINVAL, to
 * keep /proc/PID/cgroup one line per hierarchy). This holds the machine's kernel to that, on every
 * cgroup file system mounted here, and shows that other control characters do pass (they are what
 * the probe's escaping is for). Needs root and a mounted cgroup file system.
 */
class CgroupNamesOnThisMachineTest {

    @Test
    void noCgroupFileSystemTakesANewlineInAName() throws IOException {
        List<Path> mounts = cgroupMounts();
        assumeTrue(!mounts.isEmpty(), "needs a mounted cgroup file system");
        Path probe = mounts.get(0).resolve("bedside-probe-" + UUID.randomUUID());
        try {
            Files.createDirectory(probe);
        } catch (IOException e) {
            assumeTrue(false, "needs the right to create cgroups (root): " + e.getMessage());
        } finally {
            Files.deleteIfExists(probe);
        }
        for (Path m : mounts) {
            String id = UUID.randomUUID().toString().substring(0, 8);
            Path withNewline = m.resolve("bedside-" + id + "\nESTAB 0 0 10.9.9.9:1 10.8.8.8:2 ino:4242 cgroup:");
            boolean made;
            try {
                Files.createDirectory(withNewline);
                made = true;
            } catch (IOException e) {
                made = false;
            } finally {
                Files.deleteIfExists(withNewline);
            }
            assertFalse(made, m + " took a cgroup name holding a newline");

            // rename: v1 hierarchies allow it, v2 refuses every rename; either way no newline gets in
            Path plain = m.resolve("bedside-" + id);
            Path renamed = m.resolve("bedside-" + id + "\nx");
            Files.createDirectory(plain);
            try {
                Files.move(plain, renamed);
                Files.deleteIfExists(renamed);
                throw new AssertionError(m + " renamed a cgroup to a name holding a newline");
            } catch (IOException expected) {
                // refused
            } finally {
                Files.deleteIfExists(plain);
            }

            // a tab, an ESC and a carriage return are accepted: they are why ss's field is escaped
            Path odd = m.resolve("bedside-" + id + "\t\u001b[31m\r");
            Files.createDirectory(odd);
            try {
                assertEquals(true, Files.isDirectory(odd), "a cgroup named with a tab, ESC and CR exists");
            } finally {
                Files.deleteIfExists(odd);
            }
        }
    }

    /** Mount points of cgroup and cgroup2 file systems, from /proc/self/mounts. */
    private static List<Path> cgroupMounts() throws IOException {
        Path mounts = Path.of("/proc/self/mounts");
        List<Path> out = new ArrayList<>();
        if (!Files.isReadable(mounts)) {
            return out;
        }
        for (String l : Files.readAllLines(mounts)) {
            String[] f = l.split(" ");
            if (f.length > 3 && (f[2].equals("cgroup") || f[2].equals("cgroup2")) && !f[1].contains("\\")) {
                out.add(Path.of(f[1]));
            }
        }
        return out;
    }
}
