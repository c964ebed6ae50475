package io.bedside.model.disk;

import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Severity;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.probe.ProbeFiles;
import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.probe.ProbeOutputParser;
import io.bedside.model.probe.SourceStatus;
import io.bedside.model.sample.Sample;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real probe on this machine, in a mount namespace of its own (unshare -m, root): small tmpfs
 * file systems at hostile paths (space, newline, tab, backslash, CR, ESC, a forged marker), one
 * filled by a writer whose file is then deleted while open, one whose inodes are used up. The
 * namespace and its mounts end with the test's shell; the directories are removed after.
 */
class DiskProbeOnThisMachineTest {
    private static final String FULL = "full log\\dir";
    private static final String INODES = "few\ninodes";
    private static final String EVIL = "x\r\u001b[2J@@bedside:probe:section statfs ok\tz";

    @BeforeAll
    static void rootAndUnshare() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "[ \"$(id -u)\" = 0 ] && unshare -m --propagation private true").start();
        Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0,
                "needs root and unshare -m to mount tmpfs in a namespace of its own");
    }

    private static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Runs the probe (twice: full, then light) inside the staged namespace; returns both outputs. */
    private static List<String> probe(Path dir) throws Exception {
        String d = dir.toString();
        String full = d + "/" + FULL;
        String ino = d + "/" + INODES;
        String evil = d + "/" + EVIL;
        String setup = "set -e; mkdir -p " + q(full) + " " + q(ino) + " " + q(evil) + "\n"
                + "mount -t tmpfs -o size=4m bedside-disk-test " + q(full) + "\n"
                + "mount -t tmpfs -o size=4m,nr_inodes=40 bedside-disk-test " + q(ino) + "\n"
                + "mount -t tmpfs -o size=1m bedside-disk-test " + q(evil) + "\n"
                + "mount --bind " + q(full) + " " + q(evil) + "\n"  // a bind mount of the full one, at the hostile path
                + "set +e; i=0; while [ $i -lt 60 ]; do true > " + q(ino) + "/f$i 2>/dev/null || break; i=$((i + 1)); done\n"
                + "( exec 3>" + q(full + "/app.log") + "; head -c 8000000 /dev/zero >&3 2>/dev/null || true; rm " + q(full + "/app.log")
                + "; exec sleep 60 ) &\nw=$!\n"
                + "n=0; while [ -e " + q(full + "/app.log") + " ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done\nset +e\n";
        Process p = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c",
                setup + "sh -s; printf '\\n@@split@@\\n'; BS_LIGHT=1 sh -c \"$(cat " + q(d + "/probe.sh") + ")\"; kill $w").start();
        Files.writeString(dir.resolve("probe.sh"), ProbeFiles.script());
        p.getOutputStream().write(ProbeFiles.script().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        int at = out.indexOf("\n@@split@@\n");
        assertTrue(at > 0, "both probes ran: " + err);
        return List.of(out.substring(0, at + 1), out.substring(at + "\n@@split@@\n".length()));
    }

    @Test
    void stagedDisksAreFoundThroughTheRealProbe() throws Exception {
        Path dir = Files.createTempDirectory("bedside-disk-test");
        try {
            List<String> outs = probe(dir);
            String d = dir.toString();
            ProbeOutput raw = ProbeOutputParser.parse(outs.get(0));
            assertTrue(raw.complete());
            assertEquals(List.of(), raw.problems(), "no marker forged by a mount point");
            Instant t0 = Instant.parse("2026-12-06T10:00:00Z");
            Sample full = Playbooks.parser().parse("this machine", t0, outs.get(0), 5);
            DiskSnapshot s = DiskSnapshot.of(full);
            assertTrue(s.mounts().isPresent() && s.statfs().isPresent() && s.deleted().isPresent(), s.toString());
            List<String> points = s.fileSystems().stream().map(FileSystem::mountPoint).toList();
            assertTrue(points.contains(d + "/" + FULL), points.toString());
            assertTrue(points.contains(d + "/" + INODES), points.toString());
            FileSystem f = s.fileSystems().stream().filter(x -> x.mountPoint().equals(d + "/" + FULL)).findFirst().orElseThrow();
            assertEquals(4L << 20, f.stat().orElseThrow().sizeBytes());
            assertTrue(f.mounts().stream().anyMatch(m -> m.mountPoint().equals(d + "/" + EVIL)),
                    "the bind mount at the hostile path is the same file system: " + f.mounts());
            assertFalse(s.fileSystems().stream().anyMatch(x -> DiskSnapshot.pseudo(x.fstype())), "no pseudo file system");

            List<Finding> findings = new java.util.ArrayList<>();
            Playbooks.allRules().forEach(r -> findings.addAll(r.evaluate(full, List.of(full))));
            assertEquals(List.of(), full.problems().stream().filter(x -> DiskSnapshot.SECTIONS.contains(x.source())).toList());
            Finding diskFull = findings.stream().filter(x -> x.id().equals(DiskRules.FULL)
                    && x.subjects().get(0).get("mount").equals(d + "/" + FULL)).findFirst().orElseThrow(() -> new AssertionError(findings.toString()));
            assertEquals(Severity.CRITICAL, diskFull.severity());
            assertEquals(0L, diskFull.subjects().get(0).get("avail_bytes"));
            Finding inodes = findings.stream().filter(x -> x.id().equals(DiskRules.INODES)
                    && x.subjects().get(0).get("mount").equals(d + "/" + INODES)).findFirst().orElseThrow(() -> new AssertionError(findings.toString()));
            assertEquals(d + "/" + INODES, inodes.subjects().get(0).get("mount"));
            assertEquals(0L, inodes.subjects().get(0).get("inodes_free"));
            assertEquals(Severity.CRITICAL, inodes.severity());
            Finding held = findings.stream().filter(x -> x.id().equals(DiskRules.DELETED_OPEN)).findFirst().orElseThrow();
            Map<String, Object> file = held.subjects().get(0);
            assertEquals(d + "/" + FULL + "/app.log", file.get("path"));
            assertEquals(d + "/" + FULL, file.get("mount"));
            assertTrue((Long) file.get("size_bytes") > 3_000_000L, file.toString());
            assertEquals("disk.deleted.truncate", held.fixes().get(0).fixId());
            assertEquals(String.valueOf(file.get("pid")), held.fixes().get(0).params().get("pid"));

            // a light sample carries all three (statfs's fork is over a light sample's budget)
            ProbeOutput light = ProbeOutputParser.parse(outs.get(1));
            assertEquals(SourceStatus.SKIPPED, light.section(DiskSnapshot.MOUNTINFO).orElseThrow().status());
            assertEquals(SourceStatus.SKIPPED, light.section(DiskSnapshot.DELETED).orElseThrow().status());
            assertEquals(SourceStatus.SKIPPED, light.section(DiskSnapshot.STATFS).orElseThrow().status());
            Sample next = Playbooks.parser().parse("this machine", t0.plusSeconds(2), outs.get(1), 5, full);
            assertEquals(List.of(), next.problems().stream().filter(x -> DiskSnapshot.SECTIONS.contains(x.source())).toList());
            assertEquals(points, DiskSnapshot.of(next).fileSystems().stream().map(FileSystem::mountPoint).toList());
            assertTrue(DiskSnapshot.of(next).fileSystems().stream().filter(x -> x.mountPoint().equals(d + "/" + FULL))
                    .findFirst().orElseThrow().stat().isPresent(), "statfs carried with its mountinfo");
        } finally {
            try (Stream<Path> w = Files.walk(dir)) {
                w.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
            }
        }
    }
}
