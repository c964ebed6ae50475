package io.bedside.model.disk;

import io.bedside.model.probe.ParseProblem;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiskParsersTest {
    private static final Path FIX = Path.of("src/test/resources/fixtures/disk");

    private static List<Mount> mounts(String file) throws IOException {
        List<ParseProblem> problems = new ArrayList<>();
        List<Mount> ms = MountinfoParser.parse(Files.readAllLines(FIX.resolve(file)), problems).orElseThrow();
        assertEquals(List.of(), problems, file);
        return ms;
    }

    @Test
    void everyFixtureParsesWhole() throws IOException {
        assertEquals(21, mounts("mountinfo-container-kernel6.txt").size());
        List<Mount> snaps = mounts("mountinfo-ubuntu-snaps-excerpt.txt");
        assertEquals("squashfs", snaps.get(0).fstype());
        assertTrue(snaps.get(0).readOnly());
        assertEquals("7:1", snaps.get(0).device());
        List<Mount> btrfs = mounts("mountinfo-ubuntu2110-btrfs-excerpt.txt");
        Mount root = btrfs.stream().filter(m -> m.mountPoint().equals("/")).findFirst().orElseThrow();
        assertEquals("btrfs", root.fstype());
        assertEquals("/Ubuntu21.10", root.root());
        assertEquals("/dev/nvme0n1p6", root.source());
        Mount overlay = mounts("mountinfo-docker-container-excerpt.txt").get(0);
        assertEquals("overlay", overlay.fstype());
        assertEquals("0:143", overlay.device());
    }

    @Test
    void theKernelsOctalEscapesAreUndoneAndOtherBytesKept() {
        Mount m = MountinfoParser.parseLine("66 45 0:39 / /tmp/a\\040b\\012c\\011d\\134e\r\u001b[2J rw - tmpfs x\\040y rw");
        assertEquals("/tmp/a b\nc\td\\e\r\u001b[2J", m.mountPoint());
        assertEquals("x y", m.source());
        assertEquals("\\9", MountinfoParser.decode("\\9"), "not three octal digits: kept");
        assertEquals("a\\04", MountinfoParser.decode("a\\04"), "cut short: kept");
    }

    @Test
    void optionalFieldsAndBadLines() {
        List<ParseProblem> problems = new ArrayList<>();
        List<Mount> ms = MountinfoParser.parse(List.of(
                "211 31 7:1 / /snap/core/9804 ro,nodev,relatime shared:114 master:2 - squashfs /dev/loop1 ro",
                "212 31 7:2 / /x rw",                        // cut
                "x 31 7:2 / /x rw - ext4 /dev/sda rw",        // not a number
                "213 31 72 / /x rw - ext4 /dev/sda rw",       // no colon
                "214 31 8:1 / /data rw,relatime - - /dev/sdb1 rw",   // a type called "-"? kept as the separator's neighbour
                ""), problems).orElseThrow();
        assertEquals(2, ms.size(), ms.toString());
        assertEquals("squashfs", ms.get(0).fstype());
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(MountinfoParser.parse(List.of("garbage"), new ArrayList<>()).isEmpty(), "nothing parsed: no reading");
    }

    private static Map<Integer, String> points(Object... idAndPath) {
        Map<Integer, String> m = new HashMap<>();
        for (int i = 0; i < idAndPath.length; i += 2) {
            m.put((Integer) idAndPath[i], (String) idAndPath[i + 1]);
        }
        return m;
    }

    @Test
    void statfsRecordsAreMatchedToTheMountPointsInOrderEvenAcrossNewlines() {
        // what stat -f printed on the build machine; 46 could not be read and has no record
        List<String> lines = List.of("@ids 45 46 66 68 69 70",
                "@ 4096 66053021 59912072 20456779 16777216 16292433 /",
                "@ 4096 256 256 256 3085468 3085467 /tmp/dk/a b",
                "@ 4096 512 512 512 50 49 /tmp/dk/n",
                "l",
                "@ 4096 768 768 768 3085468 3085467 /tmp/dk/bs\\x",
                "@ 4096 1024 1024 1024 3085468 3085467 /tmp/dk/t\tab");
        List<ParseProblem> problems = new ArrayList<>();
        Map<Integer, FsStat> st = StatfsParser.parse(lines, points(45, "/", 46, "/mnt/ro", 66, "/tmp/dk/a b", 68, "/tmp/dk/n\nl",
                69, "/tmp/dk/bs\\x", 70, "/tmp/dk/t\tab"), problems).orElseThrow();
        assertEquals(List.of(), problems);
        assertEquals(List.of(45, 66, 68, 69, 70), List.copyOf(st.keySet()));
        assertEquals(50, st.get(68).files());
        assertEquals(20456779L * 4096, st.get(45).availBytes());
        assertEquals(1024, st.get(70).blocks());
    }

    @Test
    void aForgedMountPointCannotTakeAnotherMountsNumbers() {
        // mount 2's point is crafted to look like the end of mount 1's record plus a record of its own
        String evil = "/a\n@ 4096 100 0 0 10 0 /b";
        List<String> lines = List.of("@ids 1 2", "@ 4096 100 100 100 10 10 " + evil.replace("\n", "\n").split("\n")[0],
                "@ 4096 100 0 0 10 0 /b");
        // stat could not read /a (mount 1) and printed mount 2's record only: "@ 4096 100 100 100 10 10 /a" + "\n@ 4096 100 0 0 10 0 /b"
        List<ParseProblem> problems = new ArrayList<>();
        Map<Integer, FsStat> st = StatfsParser.parse(lines, points(1, "/a", 2, evil), problems).orElseThrow();
        // the record that starts with /a is taken for /a (exactly its text), and the rest is mount 2's... only if it matches exactly
        assertEquals(100, st.get(1).bfree(), "the first record names /a exactly");
        assertFalse(st.containsKey(2), "what follows is not '@ N... " + evil + "'");
        assertEquals(1, problems.size(), "the left-over line is reported");
    }

    @Test
    void statfsOddities() {
        List<ParseProblem> problems = new ArrayList<>();
        assertTrue(StatfsParser.parse(List.of("@ 4096 1 1 1 1 1 /"), Map.of(), problems).isEmpty(), "no @ids line");
        problems.clear();
        Map<Integer, FsStat> st = StatfsParser.parse(List.of("@ids 7", "@ 4096 10 5 5 0 18446744073709551615 /x"),
                points(7, "/x"), problems).orElseThrow();
        assertEquals(Long.MAX_VALUE, st.get(7).ffree(), "a u64 past long is kept as the largest, not wrapped negative");
        assertFalse(st.get(7).hasInodes());
        problems.clear();
        st = StatfsParser.parse(List.of("@ids 7 8", "@ 4096 10 5 5 0 0 /x"), points(7, "/x"), problems).orElseThrow();
        assertEquals(List.of(7), List.copyOf(st.keySet()), "a mount not in this mountinfo is left out");
        st = StatfsParser.parse(List.of("@ids 7", "@ 4096 10 5 -5 0 0 /x"), points(7, "/x"), problems).orElseThrow();
        assertTrue(st.isEmpty(), "a negative count is not a record");
    }

    @Test
    void deletedFilesAndDeviceNumbers() {
        List<ParseProblem> problems = new ArrayList<>();
        List<DeletedFile> d = DeletedFilesParser.parse(List.of("16829 3 300000 592 512 2401420 65024 0",
                "1 2 3", "a b c d e f g h", "5 1 10 8 512 7 " + (((259L & 0xfff) << 8) | (70000L & 0xff) | ((70000L & ~0xffL) << 12)) + " 0"),
                problems).orElseThrow();
        assertEquals(2, d.size());
        assertEquals(2, problems.size());
        assertEquals("254:0", d.get(0).device(), "65024 = 0xfe00");
        assertEquals(592L * 512, d.get(0).heldBytes());
        assertEquals("259:70000", d.get(1).device(), "a minor above 255 (glibc's split encoding)");
        assertEquals(List.of(), DeletedFilesParser.parse(List.of(), problems).orElseThrow());
    }

    /** The probe's case lists and the model's sets name the same file system types. */
    @Test
    void theProbeAndTheModelLeaveOutTheSameFileSystems() throws IOException {
        String sh = Files.readString(Path.of("src/main/resources/io/bedside/model/disk/probe-disk.sh"));
        java.util.Set<String> pseudo = new java.util.TreeSet<>();
        java.util.Set<String> remote = new java.util.TreeSet<>();
        for (String line : sh.lines().map(String::trim).toList()) {
            if (line.matches("[a-z0-9_.*|]+\\) continue;;")) {
                List<String> types = List.of(line.substring(0, line.indexOf(')')).split("\\|"));
                (types.contains("nfs") || types.contains("fuse.*") ? remote : pseudo).addAll(types);
            }
        }
        remote.remove("fuse.*");
        assertEquals(new java.util.TreeSet<>(DiskSnapshot.PSEUDO), pseudo);
        assertEquals(new java.util.TreeSet<>(DiskSnapshot.REMOTE), remote);
    }
}
